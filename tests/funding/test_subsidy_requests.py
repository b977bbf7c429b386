"""seed 002 §VI: « Des conventions financières fixeront chaque année le montant des
subventions départementales après réception des demandes annuelles. Cette convention s'inscrit
dans le plan de financement présenté par l'UDCCAS du Nord et accepté par le Département.
Celui-ci est donc tenu informé, le cas échéant, de l'issue des demandes présentées aux autres
financeurs portant sur les mêmes axes. » The partner asks, the Département decides, the
acceptance opens the year's financial convention and its grant."""

import datetime as dt
from decimal import Decimal
from types import SimpleNamespace

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone

from funding import services
from funding.enums import OtherFunderAnswer, SubsidyRequestStatus
from funding.errors import FundingError
from funding.models import Grant, OtherFunderRequest, SubsidyRequest
from partnerships.enums import ConventionKind, ConventionStatus, PartyRole, Role
from partnerships.models import Convention
from tests.partnerships.factories import (
    PASSWORD,
    ConventionFactory,
    ConventionPartyFactory,
    OrganisationFactory,
    member,
)

pytestmark = pytest.mark.django_db
D = dt.date


@pytest.fixture
def nord():
    """seed 002: the framework convention 2019-2021 Département du Nord × UDCCAS du Nord."""
    department = OrganisationFactory(department=True, name="Département du Nord")
    union = OrganisationFactory(name="UDCCAS du Nord")
    framework = ConventionFactory(
        reference="CD59-UDCCAS-2019-2021",
        kind=ConventionKind.FRAMEWORK,
        start_date=D(2019, 1, 1),
        end_date=D(2021, 12, 31),
        signed_on=D(2019, 1, 1),
        notice_months=3,
    )
    ConventionPartyFactory(convention=framework, organisation=department, role=PartyRole.FUNDER)
    ConventionPartyFactory(convention=framework, organisation=union, role=PartyRole.BENEFICIARY)
    return SimpleNamespace(
        department=department,
        union=union,
        framework=framework,
        staff=member(Role.DEPARTMENT_STAFF, department),
        director=member(Role.DIRECTOR, union),
    )


def submit(nord, **changes):
    fields = {
        "framework": nord.framework,
        "applicant": nord.union,
        "year": 2020,
        "purpose": "Animation du réseau des CCAS, plan d'actions 2020",
        "amount_requested": Decimal("30000"),
        "budget_total": Decimal("50000"),
        "by": nord.director,
        "other_funders": [("CAF du Nord", Decimal("10000"))],
    }
    fields.update(changes)
    return services.subsidy_request_submit(**fields)


def test_the_partner_sends_its_annual_request_with_the_other_funders(nord):
    request = submit(nord)
    assert request.funder == nord.department
    assert request.status == SubsidyRequestStatus.SUBMITTED
    (caf,) = request.other_funders.all()
    assert (caf.funder_name, caf.amount_requested, caf.answer) == (
        "CAF du Nord",
        Decimal("10000.00"),
        OtherFunderAnswer.PENDING,
    )


def test_one_request_a_year_within_the_framework_and_its_budget(nord):
    submit(nord)
    with pytest.raises(FundingError, match="déjà reçue"):
        submit(nord)
    with pytest.raises(FundingError, match="court de 2019 à 2021 : pas de demande pour 2022"):
        submit(nord, year=2022)
    with pytest.raises(FundingError, match="ne peut être inférieur au montant demandé"):
        submit(nord, year=2021, budget_total=Decimal("20000"))
    # the Département's staff do not ask for the partner
    with pytest.raises(PermissionDenied):
        submit(nord, year=2021, by=nord.staff)
    assert SubsidyRequest.objects.count() == 1


def test_the_accepted_request_opens_the_years_financial_convention_and_grant(nord):
    request = submit(nord)
    decided = services.subsidy_request_decide(
        request=request,
        accept=True,
        amount_granted=Decimal("25000"),
        decided_on=timezone.localdate(),
        by=nord.staff,
    )
    convention = Convention.objects.get(pk=decided.convention_id)
    assert convention.kind == ConventionKind.ANNUAL_FINANCIAL
    assert convention.parent_id == nord.framework.pk
    assert (convention.start_date, convention.end_date) == (D(2020, 1, 1), D(2020, 12, 31))
    assert convention.amount == Decimal("25000.00")
    assert convention.status == ConventionStatus.DRAFT
    roles = {p.organisation_id: p.role for p in convention.parties.all()}
    assert roles == {nord.department.pk: PartyRole.FUNDER, nord.union.pk: PartyRole.BENEFICIARY}
    grant = Grant.objects.with_totals().get(pk=decided.grant_id)
    assert (grant.funder_id, grant.beneficiary_id, grant.total) == (
        nord.department.pk,
        nord.union.pk,
        Decimal("25000.00"),
    )
    assert list(grant.years.values_list("year", flat=True)) == [2020]
    with pytest.raises(FundingError, match="déjà reçu sa décision"):
        services.subsidy_request_decide(
            request=request, accept=False, decided_on=timezone.localdate(), by=nord.staff
        )


def test_a_refusal_is_reasoned_and_opens_nothing(nord):
    request = submit(nord)
    with pytest.raises(FundingError, match="Motivez le refus"):
        services.subsidy_request_decide(
            request=request, accept=False, decided_on=timezone.localdate(), by=nord.staff
        )
    with pytest.raises(FundingError, match="dépasse le montant demandé"):
        services.subsidy_request_decide(
            request=request,
            accept=True,
            amount_granted=Decimal("30000.01"),
            decided_on=timezone.localdate(),
            by=nord.staff,
        )
    services.subsidy_request_decide(
        request=request,
        accept=False,
        reason="Plan d'actions incomplet",
        decided_on=timezone.localdate(),
        by=nord.staff,
    )
    request.refresh_from_db()
    assert request.status == SubsidyRequestStatus.REFUSED
    assert request.convention_id is None and not Grant.objects.exists()


def test_the_partner_informs_the_department_of_the_other_funders_answer(nord):
    # « tenu informé … de l'issue des demandes présentées aux autres financeurs »
    request = submit(nord)
    caf = request.other_funders.get()
    with pytest.raises(FundingError, match="montant accordé"):
        services.other_funder_answer(
            row=caf, answer=OtherFunderAnswer.GRANTED, answered_on=D(2020, 3, 1), by=nord.director
        )
    services.other_funder_answer(
        row=caf,
        answer=OtherFunderAnswer.GRANTED,
        amount_granted=Decimal("8000"),
        answered_on=D(2020, 3, 1),
        by=nord.director,
    )
    caf.refresh_from_db()
    assert (caf.answer, caf.amount_granted) == (OtherFunderAnswer.GRANTED, Decimal("8000.00"))


def login(client, user):
    assert client.login(email=user.email, password=PASSWORD)
    return client


def text(response) -> str:
    return response.content.decode().replace("\xa0", " ").replace("\u202f", " ")


def test_the_pages_partner_submits_department_decides(client, nord):
    login(client, nord.director)
    create = reverse("funding:subsidy_request_create")
    data = {
        "framework": nord.framework.pk,
        "year": 2020,
        "purpose": "Animation du réseau",
        "amount_requested": "30000",
        "budget_total": "50000",
    }
    bad = client.post(create, {**data, "budget_total": "20000"})
    assert bad.status_code == 400 and "ne peut être inférieur" in text(bad)
    assert not SubsidyRequest.objects.exists()
    assert client.post(create, data).status_code == 302
    request = SubsidyRequest.objects.get()
    detail = reverse("funding:subsidy_request_detail", args=[request.pk])
    client.post(
        reverse("funding:other_funder_add", args=[request.pk]),
        {"funder_name": "CAF du Nord", "amount_requested": "10000"},
    )
    caf = OtherFunderRequest.objects.get()
    client.post(
        reverse("funding:other_funder_answer", args=[caf.pk]),
        {f"r{caf.pk}-answer": "refused", f"r{caf.pk}-answered_on": "2020-03-01"},
    )
    assert OtherFunderRequest.objects.get().answer == OtherFunderAnswer.REFUSED
    # the partner cannot decide
    decide = reverse("funding:subsidy_request_decide", args=[request.pk])
    assert client.post(decide, {"accept": "1", "amount_granted": "1"}).status_code == 404
    client.logout()
    login(client, nord.staff)
    page = text(client.get(detail))
    assert "CAF du Nord" in page and "Refusée" in page and "Décision du financeur" in page
    today = timezone.localdate().isoformat()
    done = client.post(decide, {"accept": "1", "amount_granted": "25000", "decided_on": today})
    assert done.status_code == 302
    request.refresh_from_db()
    assert request.status == SubsidyRequestStatus.ACCEPTED and request.grant_id
    assert "CD59-UDCCAS-2019-2021-CF2020" in text(client.get(detail))


def test_another_organisation_gets_a_404(client, nord):
    request = submit(nord)
    caf = request.other_funders.get()
    outsider = member(Role.DIRECTOR, OrganisationFactory(name="Opérateur B"))
    login(client, outsider)
    assert (
        client.get(reverse("funding:subsidy_request_detail", args=[request.pk])).status_code == 404
    )
    for url in (
        reverse("funding:other_funder_add", args=[request.pk]),
        reverse("funding:other_funder_answer", args=[caf.pk]),
        reverse("funding:subsidy_request_decide", args=[request.pk]),
    ):
        assert client.post(url, {}).status_code == 404
    assert request.other_funders.count() == 1


def test_the_list_queries_do_not_grow_with_rows(client, nord, django_assert_max_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    submit(nord)
    login(client, nord.staff)
    url = reverse("funding:subsidy_request_list")
    client.get(url)
    with CaptureQueriesContext(connection) as one:
        client.get(url)
    submit(nord, year=2021)
    submit(nord, year=2019)
    with django_assert_max_num_queries(len(one)):
        assert client.get(url).status_code == 200


# -------------------------------------------------------- §VI: the Département kept informed
def test_the_departments_staff_hear_of_another_funders_answer(nord):
    """seed 002 §VI: « Celui-ci [le Département] est donc tenu informé, le cas échéant, de
    l'issue des demandes présentées aux autres financeurs portant sur les mêmes axes. » When
    the UDCCAS du Nord records the answer of the CAF du Nord (10 000 € asked, 8 000 €
    granted), the Département du Nord's staff following the framework convention are told;
    the partner who wrote it, an outsider and the department's director are not."""
    from partnerships.enums import NotificationKind
    from partnerships.models import Notification

    director_of_department = member(Role.DIRECTOR, nord.department)
    outsider = member(Role.DEPARTMENT_STAFF)
    request = submit(nord)
    (caf,) = request.other_funders.all()
    assert not Notification.objects.exists()  # asking is not an answer yet
    services.other_funder_answer(
        row=caf,
        answer=OtherFunderAnswer.GRANTED,
        answered_on=D(2020, 3, 1),
        amount_granted=Decimal("8000"),
        by=nord.director,
    )
    (notice,) = Notification.objects.all()
    assert notice.recipient == nord.staff
    assert notice.kind == NotificationKind.OTHER_FUNDER_ANSWER
    assert notice.title == (
        "Autre financeur : CAF du Nord a accordé la demande 2020 — CD59-UDCCAS-2019-2021"
    )
    assert notice.url == reverse("funding:subsidy_request_detail", args=[request.pk])
    recipients = set(Notification.objects.values_list("recipient", flat=True))
    assert not recipients & {nord.director.pk, outsider.pk, director_of_department.pk}


def test_a_refused_answer_is_told_too_and_a_bad_one_tells_nobody(nord):
    """seed 002 §VI: « l'issue des demandes » — a refusal is an outcome as well; an answer
    without its date stores nothing and tells nobody."""
    from partnerships.models import Notification

    request = submit(nord)
    (caf,) = request.other_funders.all()
    with pytest.raises(FundingError):
        services.other_funder_answer(
            row=caf, answer=OtherFunderAnswer.REFUSED, answered_on=None, by=nord.director
        )
    assert not Notification.objects.exists()
    assert OtherFunderRequest.objects.get().answer == OtherFunderAnswer.PENDING
    services.other_funder_answer(
        row=caf, answer=OtherFunderAnswer.REFUSED, answered_on=D(2020, 3, 1), by=nord.director
    )
    assert Notification.objects.get().title.startswith("Autre financeur : CAF du Nord a refusé")
