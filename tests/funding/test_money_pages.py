"""The department's daily money work in pages, not the admin (issue 13): budget lines, grants
and their yearly amounts, envelopes and allocations, calls, co-funding plans. Each form calls
a service; bad input answers 400 with a French message naming the field, and nothing changes."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from funding import services
from funding.forms import BudgetLineForm, ContributionForm, EnvelopeForm, GrantYearForm
from funding.models import (
    ApplicationDocument,
    BudgetLine,
    CallForApplications,
    CoFundingContribution,
    CoFundingPlan,
    Grant,
    GrantYear,
    MeasureAllocation,
    MeasureEnvelope,
    RequiredDocument,
    SelectionCriterion,
)
from partnerships.enums import OrganisationKind, Role
from tests.funding.factories import CoFundingPlanFactory
from tests.partnerships.factories import PASSWORD, member

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
# What the database would say: never shown to a person.
DATABASE_WORDS = ("contrainte", "constraint", "_positive", "_coherent", "IntegrityError")


def log_in(client, user):
    assert client.login(email=user.email, password=PASSWORD)
    return client


def text(response) -> str:
    body = response.content.decode().replace("\xa0", " ").replace("\u202f", " ")
    return body.replace("&#x27;", "'").replace("&quot;", '"')


def refused(response, field: str | None = None) -> str:
    """A refusal: 400, the form's message for `field` (or the whole form), no database word."""
    assert response.status_code == 400
    body = text(response)
    for word in DATABASE_WORDS:
        assert word not in body
    form = response.context["form"]
    messages = form.errors.get(field or "__all__", [])
    assert messages, form.errors
    return " ".join(messages).replace("\xa0", " ")


@pytest.fixture
def paid(fas_grant, agent):
    """seed 001 art. 4.2: 2023's 14 000 + 6 000, the 14 000 paid."""
    services.instalments_generate(grant=fas_grant, by=agent)
    services.grant_notify(grant=fas_grant, on=dt.date(2023, 4, 19), by=agent)
    first = fas_grant.instalments.get(year=2023, position=1)
    services.instalment_pay(
        instalment=first,
        version=first.version,
        paid_on=dt.date(2023, 5, 10),
        mandate_reference="MAND-2023-1",
        by=agent,
    )
    return fas_grant


# --------------------------------------------------------------------------- budget lines
def test_staff_create_the_seed_budget_line_from_the_list(client, agent, department):
    log_in(client, agent)
    listing = client.get(reverse("funding:budget_line_list"))
    assert "Nouvelle ligne budgétaire" in text(listing)
    response = client.post(
        reverse("funding:budget_line_create"),
        {
            "funder": department.pk,
            "year": 2023,
            "operation_code": "C02-585F01",
            "imputation": "6568/93428",
            "label": "Partenariats transversaux",
            "commitment_authorisation": "375000",
        },
    )
    assert response.status_code == 302
    line = BudgetLine.objects.get()
    assert (line.funder, line.commitment_authorisation) == (department, Decimal("375000.00"))
    assert line.history.first().history_user == agent
    assert "Modifier" in text(client.get(reverse("funding:budget_line_list")))


def test_a_negative_ae_is_refused_naming_the_field(client, agent, department):
    response = log_in(client, agent).post(
        reverse("funding:budget_line_create"),
        {
            "funder": department.pk,
            "year": 2023,
            "operation_code": "C02-585F01",
            "imputation": "6568/93428",
            "label": "Partenariats transversaux",
            "commitment_authorisation": "-1",
        },
    )
    message = refused(response, "commitment_authorisation")
    assert message == "L'autorisation d'engagement (AE) ne peut pas être négative."
    assert 'value="C02-585F01"' in text(response)  # the input is kept
    assert not BudgetLine.objects.exists()


def test_lowering_the_ae_under_the_grants_is_refused_on_the_page(
    client, agent, fas_grant, budget_line
):
    response = log_in(client, agent).post(
        reverse("funding:budget_line_edit", args=[budget_line.pk]),
        {
            "year": 2023,
            "operation_code": "C02-585F01",
            "imputation": "6568/93428",
            "label": "Partenariats transversaux",
            "commitment_authorisation": "50000",
        },
    )
    assert "totalisent 60 000,00 €" in refused(response)
    budget_line.refresh_from_db()
    assert budget_line.commitment_authorisation == Decimal("375000.00")


def test_the_beneficiary_neither_sees_the_buttons_nor_reaches_the_forms(client, world, budget_line):
    log_in(client, world.users.fas_director)
    assert "Nouvelle ligne budgétaire" not in text(client.get(reverse("funding:budget_line_list")))
    assert client.get(reverse("funding:budget_line_create")).status_code == 404
    edit = reverse("funding:budget_line_edit", args=[budget_line.pk])
    assert client.get(edit).status_code == 404


# ------------------------------------------------------------------------------- grants
def grant_form(cpom, department, fas, line, amount="20000"):
    return {
        "convention": cpom.pk,
        "funder": department.pk,
        "beneficiary": fas.pk,
        "budget_line": line.pk,
        "first_year": 2023,
        "years": 3,
        "yearly_amount": amount,
    }


def test_staff_create_the_fas_grant_with_its_three_years(
    client, agent, cpom, department, fas, budget_line
):
    # seed 001 art. 4.1: 20 000 € a year for 2023, 2024 and 2025
    log_in(client, agent)
    assert "Nouvelle participation" in text(client.get(reverse("funding:grant_list")))
    response = client.post(
        reverse("funding:grant_create"), grant_form(cpom, department, fas, budget_line)
    )
    grant = Grant.objects.get()
    assert response["Location"] == reverse("funding:grant_detail", args=[grant.pk])
    assert dict(grant.years.values_list("year", "amount")) == {
        2023: Decimal("20000.00"),
        2024: Decimal("20000.00"),
        2025: Decimal("20000.00"),
    }


def test_a_negative_yearly_amount_is_refused_before_the_database(
    client, agent, cpom, department, fas, budget_line
):
    response = log_in(client, agent).post(
        reverse("funding:grant_create"), grant_form(cpom, department, fas, budget_line, "-20000")
    )
    assert refused(response, "yearly_amount") == "Le montant annuel doit être positif."
    assert not Grant.objects.exists()


def test_a_500000_euro_grant_beyond_the_balance_is_refused_with_the_figures(
    client, agent, fas_grant, cpom, department, fas, budget_line
):
    # seed 001 rapport n° 56: AE 375 000 €, proposition 60 000 €, solde 315 000 €
    data = grant_form(cpom, department, fas, budget_line, "500000")
    data["years"] = 1
    message = refused(log_in(client, agent).post(reverse("funding:grant_create"), data))
    assert "AE 375 000,00 €, déjà proposé 60 000,00 €" in message
    assert "315 000,00 € de solde : 500 000,00 €" in message
    assert Grant.objects.count() == 1


def test_a_year_cut_to_2_euros_after_14000_paid_is_refused_on_the_page(client, agent, paid):
    url = reverse("funding:grant_year_edit", args=[paid.pk, 2023])
    log_in(client, agent)
    assert "Actuellement 20 000,00 €" in text(client.get(url))
    response = client.post(url, {"amount": "2"})
    assert "14 000,00 € ont déjà été versés au titre de 2023" in refused(response)
    assert GrantYear.objects.get(grant=paid, year=2023).amount == Decimal("20000.00")


def test_a_year_with_nothing_paid_is_changed_and_its_schedule_follows(client, agent, paid):
    response = log_in(client, agent).post(
        reverse("funding:grant_year_edit", args=[paid.pk, 2024]), {"amount": "10000"}
    )
    assert response.status_code == 302
    assert list(
        paid.instalments.filter(year=2024).order_by("position").values_list("amount", flat=True)
    ) == [Decimal("7000.00"), Decimal("3000.00")]


def test_a_year_is_added_then_removed_from_the_grant_page(client, agent, fas_grant):
    log_in(client, agent)
    page = text(client.get(reverse("funding:grant_detail", args=[fas_grant.pk])))
    assert "Ajouter un exercice" in page and "Modifier l’imputation" in page
    client.post(
        reverse("funding:grant_year_add", args=[fas_grant.pk]), {"year": 2026, "amount": "5000"}
    )
    assert fas_grant.years.filter(year=2026).exists()
    client.post(reverse("funding:grant_year_remove", args=[fas_grant.pk, 2026]))
    assert not fas_grant.years.filter(year=2026).exists()


def test_the_beneficiary_does_not_see_the_funders_budget_line(client, world, paid):
    # issue 13 case 6: available, proposed and balance are the funder's figures.
    log_in(client, world.users.fas_director)
    body = text(client.get(reverse("funding:grant_detail", args=[paid.pk])))
    assert "20 000,00 €" in body  # the grant itself is theirs
    for figure in ("Imputation budgétaire", "C02-585F01", "375 000,00 €", "315 000,00 €"):
        assert figure not in body
    assert "Ajouter un exercice" not in body


def test_the_funders_people_see_the_budget_line(client, world, paid):
    director = member(Role.DIRECTOR, organisation=world.orgs.department)
    for person in (world.users.staff, director):
        client.logout()
        body = text(log_in(client, person).get(reverse("funding:grant_detail", args=[paid.pk])))
        assert "C02-585F01" in body and "315 000,00 €" in body


# ---------------------------------------------------------------------------- envelopes
def envelope_form(world, **changes):
    data = {
        "programme": world.asrl.pk,
        "funder": world.orgs.department.pk,
        "manager": world.orgs.department.pk,
        "label": "ASRL Logement d'abord — Pas-de-Calais",
        "period_start": "2019-09-01",
        "period_end": "2020-12-31",
        "measures": 45,
        "unit_cost": "5000",
    }
    data.update(changes)
    return data


def test_staff_create_the_seed_envelope_and_allocate_artois(client, world, agent):
    # seed 004 §5: 45 measures × 5 000 €, 20 for the Artois
    log_in(client, agent)
    assert "Nouvelle enveloppe" in text(client.get(reverse("funding:envelope_list")))
    client.post(reverse("funding:envelope_create"), envelope_form(world))
    envelope = MeasureEnvelope.objects.get()
    assert envelope.total == Decimal("225000.00")
    response = client.post(
        reverse("funding:allocation_edit", args=[envelope.pk]),
        {"territory": world.territories.artois.pk, "measures": 20},
    )
    assert response.status_code == 302
    assert MeasureAllocation.objects.get().measures == 20


def test_an_envelope_ending_before_it_starts_is_refused_naming_the_field(client, world, agent):
    response = log_in(client, agent).post(
        reverse("funding:envelope_create"),
        envelope_form(world, period_start="2020-12-31", period_end="2019-09-01"),
    )
    assert refused(response, "period_end") == (
        "La fin de période (01/09/2019) précède son début (31/12/2020)."
    )
    assert not MeasureEnvelope.objects.exists()


def test_60_measures_on_a_25_measure_territory_are_refused_on_the_page(client, envelope_seed):
    seed = envelope_seed
    response = log_in(client, seed.agent).post(
        reverse("funding:allocation_edit", args=[seed.envelope.pk]),
        {"territory": seed.lens.pk, "operator": seed.chrs_lens.pk, "measures": 60},
    )
    assert "Lens-Hénin dispose de 25 mesures" in refused(response)
    assert not MeasureAllocation.objects.filter(operator=seed.chrs_lens).exists()


def test_an_operators_director_reads_the_envelope_but_cannot_allocate(client, envelope_seed):
    director = member(Role.DIRECTOR, organisation=envelope_seed.chrs_lens)
    services_allocation = reverse("funding:allocation_edit", args=[envelope_seed.envelope.pk])
    log_in(client, director)
    assert client.get(services_allocation).status_code == 404
    assert client.post(services_allocation, {"territory": envelope_seed.lens.pk, "measures": 1})
    assert MeasureAllocation.objects.filter(territory=envelope_seed.lens).get().measures == 25


# -------------------------------------------------------------------------------- calls
def test_staff_publish_a_call_with_its_documents_and_weighted_criteria(client, world, agent):
    # seed 004 §6: deposit by 6 September at 16:00, six weighted criteria
    log_in(client, agent)
    deadline = (dt.date.today() + dt.timedelta(days=30)).isoformat()
    response = client.post(
        reverse("funding:call_create"),
        {
            "programme": world.asrl.pk,
            "publisher": world.orgs.department.pk,
            "title": "Appel à candidatures ASRL",
            "territories": [world.territories.artois.pk, world.territories.lens.pk],
            "measures_offered": 45,
            "eligible_kinds": [OrganisationKind.CHRS_MANAGER],
            "deadline": f"{deadline}T16:00",
        },
    )
    call = CallForApplications.objects.get()
    assert response["Location"] == reverse("funding:call_detail", args=[call.pk])
    client.post(
        reverse("funding:call_document_add", args=[call.pk]),
        {"label": "Budget prévisionnel"},
    )
    client.post(
        reverse("funding:call_criterion_add", args=[call.pk]),
        {"label": "Le projet de territoire", "weight": 3},
    )
    assert list(call.required_documents.values_list("label", flat=True)) == ["Budget prévisionnel"]
    assert list(call.criteria.values_list("label", "weight")) == [("Le projet de territoire", 3)]
    weightless = client.post(
        reverse("funding:call_criterion_add", args=[call.pk]), {"label": "Moyens", "weight": 0}
    )
    assert weightless.status_code == 400
    assert "La pondération doit être au moins 1." in text(weightless)
    assert SelectionCriterion.objects.count() == 1


def test_a_closed_calls_terms_no_longer_change(client, world, agent):
    call = CallForApplications.objects.create(
        programme=world.asrl,
        publisher=world.orgs.department,
        title="ASRL 2019",
        measures_offered=45,
        eligible_kinds=[OrganisationKind.CHRS_MANAGER],
        deadline=dt.datetime(2019, 9, 6, 14, 0, tzinfo=dt.UTC),
    )
    call.territories.set([world.territories.artois])
    response = log_in(client, agent).post(
        reverse("funding:call_document_add", args=[call.pk]), {"label": "Pièce tardive"}
    )
    assert response.status_code == 400
    assert "Le dépôt est clos depuis le 06/09/2019 à 16h00" in text(response)
    assert not RequiredDocument.objects.exists()


# --------------------------------------------------------------------------- co-funding
def test_staff_keep_a_cofunding_plan_and_its_contributions(client, world, agent):
    # seed 003 §VII: 60 600 € net of VAT
    log_in(client, agent)
    client.post(
        reverse("funding:cofunding_create"),
        {
            "convention": world.conventions.asrl.pk,
            "label": "Médiation sociale",
            "cost": "60600",
        },
    )
    plan = CoFundingPlan.objects.get()
    client.post(
        reverse("funding:contribution_add", args=[plan.pk]),
        {"funder": world.orgs.department.pk, "recipient": world.orgs.chrs.pk, "amount": "60600"},
    )
    page = text(client.get(reverse("funding:cofunding_detail", args=[plan.pk])))
    assert "Équilibré" in page


def test_a_negative_contribution_is_refused_naming_the_field(client, world, agent):
    plan = CoFundingPlanFactory(convention=world.conventions.asrl)
    response = log_in(client, agent).post(
        reverse("funding:contribution_add", args=[plan.pk]),
        {"funder": world.orgs.department.pk, "recipient": world.orgs.chrs.pk, "amount": "-10"},
    )
    assert response.status_code == 400
    form = response.context["contribution_form"]
    assert form.errors["amount"] == ["Le montant de la contribution doit être positif."]
    for word in DATABASE_WORDS:
        assert word not in text(response)
    assert not CoFundingContribution.objects.exists()


# ------------------------------------------------------------------ another organisation
@pytest.mark.parametrize(
    "name",
    [
        "budget_line_edit",
        "grant_edit",
        "grant_year_add",
        "envelope_edit",
        "allocation_edit",
        "call_edit",
        "cofunding_detail",
        "cofunding_edit",
    ],
)
def test_staff_of_another_department_get_404(client, name, paid, envelope_seed, world):
    call = CallForApplications.objects.create(
        programme=world.asrl,
        publisher=world.orgs.department,
        title="ASRL",
        measures_offered=45,
        eligible_kinds=[OrganisationKind.CHRS_MANAGER],
        deadline=dt.datetime(2030, 9, 6, 14, 0, tzinfo=dt.UTC),
    )
    objects = {
        "budget_line_edit": paid.budget_line,
        "grant_edit": paid,
        "grant_year_add": paid,
        "envelope_edit": envelope_seed.envelope,
        "allocation_edit": envelope_seed.envelope,
        "call_edit": call,
        "cofunding_detail": CoFundingPlanFactory(convention=world.conventions.asrl),
        "cofunding_edit": CoFundingPlanFactory(convention=world.conventions.asrl),
    }
    log_in(client, member(Role.DEPARTMENT_STAFF))
    url = reverse(f"funding:{name}", args=[objects[name].pk])
    assert client.get(url).status_code == 404
    assert client.post(url, {}).status_code == 404


def test_a_piece_sent_seconds_after_the_deadline_gets_a_clear_message(client, world):
    # issue 13 case 7: the upload form is gone from the page once the deadline has passed;
    # the refusal is said at the top instead of a bare 400.
    call = CallForApplications.objects.create(
        programme=world.asrl,
        publisher=world.orgs.department,
        title="ASRL",
        measures_offered=45,
        eligible_kinds=[OrganisationKind.CHRS_MANAGER],
        deadline=timezone.now() + dt.timedelta(minutes=5),
    )
    call.territories.set([world.territories.artois])
    piece = RequiredDocument.objects.create(call=call, label="Budget prévisionnel")
    world.orgs.chrs.territories.set([world.territories.arras])  # seed 004 §6a
    application = services.application_open(
        call=call, organisation=world.orgs.chrs, by=world.users.director
    )
    CallForApplications.objects.filter(pk=call.pk).update(
        deadline=timezone.now() - dt.timedelta(seconds=5)
    )
    upload = SimpleUploadedFile("budget.pdf", PDF, content_type="application/pdf")
    response = log_in(client, world.users.director).post(
        reverse("funding:application_upload", args=[application.pk]),
        {"required_document": piece.pk, "file": upload},
    )
    assert response.status_code == 400
    body = text(response)
    assert "Rien n’a été enregistré" in body
    assert "La date limite de dépôt (" in body and ") est passée." in body
    assert not ApplicationDocument.objects.exists()


@pytest.mark.parametrize(
    ("form_class", "data", "field", "message"),
    [
        # grant_year_amount_positive
        (GrantYearForm, {"year": 2023, "amount": "-20000"}, "amount", "Le montant annuel"),
        # contribution_positive
        (ContributionForm, {"amount": "-10"}, "amount", "Le montant de la contribution"),
        # envelope_dates_coherent
        (
            EnvelopeForm,
            {"period_start": "2020-12-31", "period_end": "2019-09-01"},
            "period_end",
            "La fin de période",
        ),
        # budget_line_ae_positive
        (
            BudgetLineForm,
            {"commitment_authorisation": "-1"},
            "commitment_authorisation",
            "L'autorisation d'engagement (AE)",
        ),
    ],
)
def test_constraint_messages_are_french_and_name_their_field(
    world, form_class, data, field, message
):
    """Each database constraint a person can reach has its French message on the form first,
    beginning with the name of the field it is about."""
    kwargs = {"user": world.users.staff} if form_class in (ContributionForm, EnvelopeForm) else {}
    form = form_class(data, **kwargs)
    assert not form.is_valid()
    errors = form.errors[field]
    assert errors[0].startswith(message), errors
    for word in (*DATABASE_WORDS, "must", "greater", "Ensure", "valid"):
        assert word not in errors[0]
