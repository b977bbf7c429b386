"""The money pages: perimeter and refused actions (404), bad input, constant queries."""

import datetime as dt
import itertools
from decimal import Decimal

import pytest
from django.urls import reverse

from funding import services
from funding.enums import InstalmentStatus, ReimbursementReason
from funding.models import Instalment, ReimbursementClaim
from partnerships.enums import Role
from tests.funding.factories import (
    BudgetLineFactory,
    CallFactory,
    CoFundingPlanFactory,
    ContributionFactory,
    EnvelopeFactory,
    GrantFactory,
    GrantYearFactory,
    InstalmentFactory,
)
from tests.partnerships.factories import PASSWORD, member

pytestmark = pytest.mark.django_db


def log_in(client, user):
    assert client.login(email=user.email, password=PASSWORD)
    return client


@pytest.fixture
def scheduled(fas_grant, agent):
    services.instalments_generate(grant=fas_grant, by=agent)
    services.grant_notify(grant=fas_grant, on=dt.date(2023, 4, 19), by=agent)
    return fas_grant


@pytest.fixture
def outsider(client):
    """Department staff of another Département: nothing of the FAS grant is theirs."""
    return log_in(client, member(Role.DEPARTMENT_STAFF))


def text(response) -> str:
    return response.content.decode().replace("\xa0", " ").replace("\u202f", " ")


def test_dashboard_shows_the_seed_figures(client, agent, scheduled):
    response = log_in(client, agent).get(reverse("funding:dashboard"), {"year": 2023})
    assert response.status_code == 200
    body = text(response)
    assert "20 000,00 €" in body  # scheduled for 2023
    assert "14 000,00 €" in body  # due: the first 70 %
    assert 'id="donnees-financements"' in body
    assert "chart.umd.min.js" in body


def test_dashboard_of_another_department_shows_nothing(outsider, scheduled):
    body = text(outsider.get(reverse("funding:dashboard")))
    assert "14 000,00 €" not in body
    assert "Aucun versement dans votre périmètre" in body


@pytest.mark.parametrize(
    "name", ["instalment_detail", "grant_detail", "envelope_detail", "application_detail"]
)
def test_detail_pages_of_another_organisation_are_404(outsider, scheduled, name):
    from tests.funding.factories import ApplicationFactory

    objects = {
        "instalment_detail": scheduled.instalments.first(),
        "grant_detail": scheduled,
        "envelope_detail": EnvelopeFactory(),
        "application_detail": ApplicationFactory(),
    }
    response = outsider.get(reverse(f"funding:{name}", args=[objects[name].pk]))
    assert response.status_code == 404


def test_payment_through_the_page(client, agent, scheduled):
    instalment = scheduled.instalments.get(year=2023, position=1)
    response = log_in(client, agent).post(
        reverse("funding:instalment_pay", args=[instalment.pk]),
        {"version": instalment.version, "paid_on": "2023-05-10", "mandate_reference": "M-1"},
    )
    assert response.status_code == 302
    instalment.refresh_from_db()
    assert (instalment.status, instalment.mandate_reference) == (InstalmentStatus.PAID, "M-1")


def test_payment_without_mandate_is_refused_and_nothing_changes(client, agent, scheduled):
    instalment = scheduled.instalments.get(year=2023, position=1)
    response = log_in(client, agent).post(
        reverse("funding:instalment_pay", args=[instalment.pk]),
        {"version": instalment.version, "paid_on": "10/05/2023", "mandate_reference": ""},
    )
    assert response.status_code == 400
    assert "Ce champ est obligatoire" in text(response)
    assert Instalment.objects.get(pk=instalment.pk).status == InstalmentStatus.DUE


def test_stale_payment_page_shows_the_conflict(client, agent, scheduled):
    instalment = scheduled.instalments.get(year=2023, position=1)
    stale = instalment.version
    log_in(client, agent)
    url = reverse("funding:instalment_pay", args=[instalment.pk])
    client.post(url, {"version": stale, "paid_on": "2023-05-10", "mandate_reference": "M-1"})
    response = client.post(
        url, {"version": stale, "paid_on": "2023-05-11", "mandate_reference": "M-2"}
    )
    assert response.status_code == 400
    assert "modifié par quelqu'un d'autre" in text(response).replace("&#x27;", "'")
    assert Instalment.objects.get(pk=instalment.pk).mandate_reference == "M-1"


def test_beneficiary_director_reads_the_grant_but_cannot_pay(client, scheduled, fas):
    director = member(Role.DIRECTOR, organisation=fas)
    log_in(client, director)
    instalment = scheduled.instalments.get(year=2023, position=1)
    assert client.get(reverse("funding:grant_detail", args=[scheduled.pk])).status_code == 200
    response = client.post(
        reverse("funding:instalment_pay", args=[instalment.pk]),
        {"version": instalment.version, "paid_on": "2023-05-10", "mandate_reference": "M-9"},
    )
    assert response.status_code == 404
    assert Instalment.objects.get(pk=instalment.pk).status == InstalmentStatus.DUE


def test_wrong_iban_through_the_page_keeps_the_old_one(client, agent, scheduled):
    response = log_in(client, agent).post(
        reverse("funding:grant_bank_details", args=[scheduled.pk]),
        {"iban": "FR76 1627 5006 0008 0002 5263 076", "bic": "CEPAFRPP627", "account_holder": "X"},
    )
    assert response.status_code == 400
    assert "IBAN n" in text(response)
    scheduled.refresh_from_db()
    assert scheduled.iban == "FR7616275006000800025263075"


def test_reimbursement_beyond_what_was_paid_is_refused_on_the_page(client, agent, scheduled):
    response = log_in(client, agent).post(
        reverse("funding:grant_claim", args=[scheduled.pk]),
        {
            "amount": "100",
            "reason": ReimbursementReason.NOT_CARRIED_OUT,
            "claimed_on": "2024-06-01",
        },
    )
    assert response.status_code == 400
    assert "déjà réclamé" in text(response)
    assert not ReimbursementClaim.objects.exists()


def test_generate_button_builds_the_schedule_once(client, agent, fas_grant):
    log_in(client, agent)
    url = reverse("funding:grant_generate", args=[fas_grant.pk])
    client.post(url)
    client.post(url)
    assert fas_grant.instalments.count() == 6
    assert client.get(url).status_code == 405  # GET never writes


# A year of its own for each budget line (one line per funder and year).
_LINE_YEARS = itertools.count(2001)


def grants_for(funder, n):
    for _ in range(n):
        grant = GrantFactory(funder=funder)
        GrantYearFactory(grant=grant, amount=Decimal("1000.00"))
        InstalmentFactory(grant=grant, due=True, due_on=dt.date(2023, 4, 1))
        CoFundingPlanFactory(convention=grant.convention)
        ContributionFactory(plan=grant.convention.cofunding_plans.get(), funder=funder)
        BudgetLineFactory(funder=funder, year=next(_LINE_YEARS))
        CallFactory(publisher=funder)


@pytest.mark.parametrize(
    "name",
    [
        "dashboard",
        "instalment_list",
        "grant_list",
        "budget_line_list",
        "cofunding_list",
        "envelope_list",
        "call_list",
    ],
)
def test_list_queries_do_not_grow_with_rows(client, agent, department, count_queries, name):
    log_in(client, agent)
    url = reverse(f"funding:{name}")
    grants_for(department, 2)
    EnvelopeFactory(manager=department)
    client.get(url)  # warm the session and caches
    first, _sql = count_queries(lambda: client.get(url))
    grants_for(department, 4)
    EnvelopeFactory(manager=department)
    second, sql = count_queries(lambda: client.get(url))
    assert first == second, "\n".join(sql)
    assert client.get(url).status_code == 200


def test_lists_sort_on_allowed_columns_only(client, agent, scheduled):
    log_in(client, agent)
    url = reverse("funding:instalment_list")
    descending = client.get(url, {"tri": "-amount"})
    assert descending.status_code == 200
    amounts = [i.amount for i in descending.context["rows"]]
    assert amounts == sorted(amounts, reverse=True)
    assert client.get(url, {"tri": "grant__iban"}).status_code == 200


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("instalment_pay", {"version": 2, "paid_on": "2023-05-10", "mandate_reference": "X"}),
        ("instalment_cancel", {"version": 2, "reason": "Erreur"}),
        ("grant_generate", {}),
        ("grant_notify", {"notified_on": "2023-04-19"}),
        ("grant_bank_details", {"iban": "FR7630006000011234567890189", "bic": "AGRIFRPP"}),
        ("grant_claim", {"amount": "1", "reason": "partly_met", "claimed_on": "2024-01-01"}),
    ],
)
def test_writes_on_another_departments_money_are_404(outsider, scheduled, name, data):
    target = scheduled.instalments.first() if name.startswith("instalment") else scheduled
    before = list(Instalment.objects.values_list("pk", "status", "version"))
    response = outsider.post(reverse(f"funding:{name}", args=[target.pk]), data)
    assert response.status_code == 404
    assert list(Instalment.objects.values_list("pk", "status", "version")) == before


def test_overdue_instalments_come_first_and_are_marked(client, agent, department):
    """issue 18: the instalment due since 12 February 2024 and still unpaid used to come last,
    after the « Non exigible » rows, and looked like the others."""
    grant = GrantFactory(funder=department)
    undated = InstalmentFactory(grant=grant, year=2025, position=1, scheduled=True)
    coming = InstalmentFactory(
        grant=grant, year=2025, position=2, due=True, due_on=dt.date.today() + dt.timedelta(30)
    )
    paid = InstalmentFactory(grant=grant, year=2023, position=1, paid=True)
    late = InstalmentFactory(
        grant=grant, year=2024, position=1, due=True, due_on=dt.date(2024, 2, 12)
    )
    response = log_in(client, agent).get(reverse("funding:instalment_list"))
    rows = list(response.context["rows"])
    assert rows[0] == late
    assert rows[-1] == undated
    assert rows.index(paid) < rows.index(coming) < rows.index(undated)  # then by date
    body = text(response)
    assert body.count(">En retard</span>") == 1
    late_row = body[body.index("12 février 2024") - 400 : body.index("12 février 2024") + 200]
    assert 'class="mg-late"' in late_row and "En retard" in late_row
    # Sorting by the date column keeps the rule; sorting by amount does not invent one.
    assert (
        list(client.get(reverse("funding:instalment_list"), {"tri": "due_on"}).context["rows"])[0]
        == late
    )


def test_the_instalment_export_sorts_late_first_too(client, agent, department):
    grant = GrantFactory(funder=department)
    InstalmentFactory(grant=grant, year=2025, position=1, scheduled=True)
    InstalmentFactory(grant=grant, year=2024, position=1, due=True, due_on=dt.date(2024, 2, 12))
    response = log_in(client, agent).get(
        reverse("funding:instalment_export"), {"tri": "due_on", "format": "csv"}
    )
    assert response.status_code == 200
    lines = b"".join(response.streaming_content).decode("utf-8-sig").splitlines()
    assert len(lines) == 3
    assert ";2024;" in lines[1] and ";2025;" in lines[2]


def test_the_grant_page_records_the_executory_title_then_the_recovery(client, agent, scheduled):
    # seed 001 art. 4.4: the reversement is called "par voie de titre exécutoire".
    claim = ReimbursementClaim.objects.create(
        grant=scheduled,
        amount=Decimal("4200.00"),
        reason=ReimbursementReason.PARTLY_MET,
        claimed_on=dt.date(2024, 6, 1),
    )
    log_in(client, agent)
    page = reverse("funding:grant_detail", args=[scheduled.pk])
    assert "N° du titre exécutoire" in text(client.get(page))
    # Recovery before the title, then a title without number: French messages, nothing moves.
    for action, data, message in (
        ("recouvrer", {"recovered_on": "2024-09-01"}, "enregistrez le titre avant"),
        ("titre", {"number": "", "issued_on": "2024-07-15"}, "numéro du titre exécutoire"),
    ):
        response = client.post(
            reverse("funding:claim_move", args=[claim.pk, action]), data, follow=True
        )
        assert message in text(response)
        claim.refresh_from_db()
        assert (claim.status, claim.title_number, claim.recovered_on) == ("claimed", "", None)
    response = client.post(
        reverse("funding:claim_move", args=[claim.pk, "titre"]),
        {"number": "T-2024-000512", "issued_on": "2024-07-15"},
        follow=True,
    )
    assert "Titre n° T-2024-000512 du 15 juillet 2024" in text(response)
    client.post(
        reverse("funding:claim_move", args=[claim.pk, "recouvrer"]), {"recovered_on": "2024-09-01"}
    )
    claim.refresh_from_db()
    assert (claim.status, claim.recovered_on) == ("recovered", dt.date(2024, 9, 1))


def test_another_department_cannot_record_a_title_on_our_claim(outsider, scheduled):
    claim = ReimbursementClaim.objects.create(
        grant=scheduled,
        amount=Decimal("100.00"),
        reason=ReimbursementReason.PARTLY_MET,
        claimed_on=dt.date(2024, 6, 1),
    )
    response = outsider.post(
        reverse("funding:claim_move", args=[claim.pk, "titre"]),
        {"number": "T-1", "issued_on": "2024-07-15"},
    )
    assert response.status_code == 404
    claim.refresh_from_db()
    assert (claim.status, claim.title_number) == ("claimed", "")


def test_the_dashboard_s_filters_read_what_its_filterset_reads(client, world, agent, scheduled):
    # issue 15: the board is read by statements compiled once per user and filters chosen;
    # each choice reads what DashboardFilter's queryset and the reversements of its grants
    # read (the code before), whatever the filters, valid or not.
    from types import SimpleNamespace

    from django.http import QueryDict

    from funding.filters import DashboardFilter
    from funding.selectors import dashboard
    from tests.funding.factories import ReimbursementClaimFactory
    from tests.partnerships.factories import (
        ConventionFactory,
        ConventionPartyFactory,
        OrganisationFactory,
    )

    scheduled.convention.territories.add(world.territories.arras)
    other = ConventionFactory(reference="2024-007")
    ConventionPartyFactory(convention=other, organisation=world.orgs.department)
    caf = OrganisationFactory(name="Caisse d'allocations familiales du Nord")
    second = GrantFactory(convention=other, funder=caf, beneficiary=world.orgs.fas)
    InstalmentFactory(grant=second, year=2024, due=True, amount=Decimal("5000.00"))
    ReimbursementClaimFactory(grant=scheduled, amount=Decimal("1000.00"))
    log_in(client, agent)
    boards = {}
    for params in (
        {},
        {"year": "2023"},
        {"year": "2024"},
        {"funder": str(caf.pk)},
        {"territory": str(world.territories.arras.pk)},
        {"territory": str(world.territories.pas_de_calais.pk), "year": "2024"},
        {"year": "deux mille"},
        {"territory": "999999", "year": "2024"},
    ):
        response = client.get(reverse("funding:dashboard"), params)
        assert response.status_code == 200
        data = QueryDict(mutable=True)
        data.update(params)
        filterset = DashboardFilter(
            data or None,
            queryset=Instalment.objects.visible_to(agent),
            request=SimpleNamespace(user=agent),
        )
        shown = filterset.qs
        claims = ReimbursementClaim.objects.visible_to(agent).filter(
            grant__in=shown.values("grant")
        )
        year = filterset.form.cleaned_data.get("year") if params else None
        if year:
            claims = claims.filter(claimed_on__year=year)
        expected = dashboard(shown, claims)
        assert response.context["board"].rows == expected.rows, params
        boards[tuple(params.items())] = [
            (row.year, row.funder, row.scheduled, row.reclaimed)
            for row in response.context["board"].rows
        ]
    # The filters do filter: each of these boards differs from the whole.
    whole = boards[()]
    assert any(row[1] == caf.name for row in whole)
    for params in (
        (("year", "2023"),),
        (("funder", str(caf.pk)),),
        (("territory", str(world.territories.arras.pk)),),
    ):
        assert boards[params] and boards[params] != whole
    assert boards[(("year", "deux mille"),)] == whole
