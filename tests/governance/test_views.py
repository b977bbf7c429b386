"""Governance screens: perimeter (404 outside), rights, constant queries, bad input."""

import datetime as dt

import pytest
from django.urls import reverse

from governance.enums import MeetingStatus, ReportStatus
from governance.models import AnnualReport, Decision, Meeting
from partnerships.enums import PartyRole, Role
from tests.governance.factories import (
    ActionPlanFactory,
    AnnualReportFactory,
    AttendanceFactory,
    CommitteeFactory,
    CommitteeMemberFactory,
    DecisionFactory,
    MeetingFactory,
)
from tests.partnerships.factories import (
    PASSWORD,
    ConventionFactory,
    ConventionPartyFactory,
    OrganisationFactory,
    convention_between,
    member,
)

pytestmark = pytest.mark.django_db
D = dt.date


@pytest.fixture
def world():
    department = OrganisationFactory(department=True)
    fas = OrganisationFactory(name="Fédération des Acteurs de la Solidarité")
    convention = ConventionFactory(
        reference="2023-121", signed_on=D(2023, 4, 28), annual_report_months=6
    )
    ConventionPartyFactory(convention=convention, organisation=department, role=PartyRole.FUNDER)
    ConventionPartyFactory(convention=convention, organisation=fas, role=PartyRole.BENEFICIARY)
    committee = CommitteeFactory(convention=convention, organisation=department)
    CommitteeMemberFactory(committee=committee, organisation=department)
    CommitteeMemberFactory(committee=committee, organisation=fas)
    meeting = MeetingFactory(committee=committee, held_on=D(2024, 1, 30))
    AttendanceFactory.create_batch(3, meeting=meeting)
    decision = DecisionFactory(meeting=meeting, requires_each_organisation=True)
    report = AnnualReportFactory(
        convention=convention,
        year=2023,
        status=ReportStatus.SUBMITTED,
        submitted_on=D(2024, 3, 29),
        activity_summary="Rapport d'activités 2023",
    )
    outsider = member(Role.DIRECTOR)
    convention_between(outsider.memberships.get().organisation, OrganisationFactory())
    return {
        "convention": convention,
        "committee": committee,
        "meeting": meeting,
        "decision": decision,
        "plan": ActionPlanFactory(convention=convention),
        "report": report,
        "staff": member(Role.DEPARTMENT_STAFF, department),
        "fas_director": member(Role.DIRECTOR, fas),
        "outsider": outsider,
        "department": department,
        "fas": fas,
    }


def login(client, user):
    assert client.login(email=user.email, password=PASSWORD)
    return client


@pytest.mark.parametrize(
    ("name", "key"),
    [
        ("committee_detail", "committee"),
        ("member_add", "committee"),
        ("meeting_add", "committee"),
        ("meeting_detail", "meeting"),
        ("meeting_hold", "meeting"),
        ("meeting_cancel", "meeting"),
        ("meeting_minutes", "meeting"),
        ("attendance_add", "meeting"),
        ("decision_add", "meeting"),
        ("agreement_add", "decision"),
        ("plan_detail", "plan"),
        ("plan_transmit", "plan"),
        ("report_detail", "report"),
        ("report_edit", "report"),
        ("report_submit", "report"),
        ("report_validate", "report"),
    ],
)
def test_another_organisation_gets_404(client, world, name, key):
    login(client, world["outsider"])
    url = reverse(f"governance:{name}", args=[world[key].pk])
    assert client.get(url).status_code == 404
    assert client.post(url, {}).status_code == 404


def test_beneficiary_may_not_validate_its_own_report(client, world):
    # seed 001 art. 4.2, art. 6: the FAS reports, the Département validates
    login(client, world["fas_director"])
    url = reverse("governance:report_validate", args=[world["report"].pk])
    assert client.get(url).status_code == 404


def test_funder_validates_the_report(client, world):
    login(client, world["staff"])
    url = reverse("governance:report_validate", args=[world["report"].pk])
    assert client.post(url, {"on": "2024-04-15"}).status_code == 302
    report = AnnualReport.objects.get()
    assert (report.status, report.validated_on) == (ReportStatus.VALIDATED, D(2024, 4, 15))


def test_validation_dated_before_submission_is_refused_and_nothing_changes(client, world):
    login(client, world["staff"])
    url = reverse("governance:report_validate", args=[world["report"].pk])
    response = client.post(url, {"on": "2024-03-01"})
    assert response.status_code == 400
    assert "29/03/2024" in response.content.decode()
    assert AnnualReport.objects.get().status == ReportStatus.SUBMITTED


def test_decision_with_more_votes_than_members_is_refused(client, world):
    login(client, world["staff"])
    url = reverse("governance:decision_add", args=[world["meeting"].pk])
    response = client.post(
        url,
        {
            "subject": "other",
            "title": "Vote",
            "votes_for": "4",
            "votes_against": "0",
            "abstentions": "0",
        },
    )
    assert response.status_code == 400
    assert "4 voix exprimées pour 3 membres" in response.content.decode()
    assert Decision.objects.count() == 1


def test_director_answers_for_their_structure(client, world):
    # seed 000 art. IV: agreement of each structure
    login(client, world["fas_director"])
    url = reverse("governance:agreement_add", args=[world["decision"].pk])
    response = client.post(
        url, {"organisation": world["fas"].pk, "agreed": "1", "on": "2024-02-01"}
    )
    assert response.status_code == 302
    assert world["decision"].agreements.get().organisation == world["fas"]


def test_staff_plans_a_meeting_and_a_bad_date_is_refused(client, world):
    login(client, world["staff"])
    url = reverse("governance:meeting_add", args=[world["committee"].pk])
    before = Meeting.objects.count()
    response = client.post(url, {"held_on": "30/02/2025", "agenda": "Bilan"})
    assert response.status_code == 400
    assert Meeting.objects.count() == before
    response = client.post(url, {"held_on": "2025-02-03", "agenda": "Bilan 2024"})
    assert response.status_code == 302
    assert Meeting.objects.filter(status=MeetingStatus.PLANNED).count() == 1


def test_due_page_lists_the_reports_not_submitted(client, world):
    login(client, world["staff"])
    page = client.get(reverse("governance:due")).content.decode()
    assert "Bilans annuels non transmis" in page
    assert "2023-121" in page


def _grow(world, index):
    convention = world["convention"]
    committee = CommitteeFactory(convention=convention, organisation=world["department"])
    MeetingFactory(committee=committee, held_on=D(2023, 5, 1) + dt.timedelta(days=index))
    year = 2025 + index
    AnnualReportFactory(convention=convention, year=year)
    ActionPlanFactory(convention=convention, period_start=D(year, 1, 1))
    other = ConventionFactory(signed_on=D(2023, 4, 28), annual_report_months=6)
    ConventionPartyFactory(convention=other, organisation=world["department"])
    other.amendments.create(number=1, signed_on=D(2024, 1, 1), summary="x", new_end_date=None)


@pytest.mark.parametrize(
    "name", ["committee_list", "meeting_list", "plan_list", "report_list", "due"]
)
def test_list_queries_do_not_grow_with_rows(client, world, count_queries, name):
    login(client, world["staff"])
    url = reverse(f"governance:{name}")
    _grow(world, 0)
    client.get(url)
    few, _ = count_queries(lambda: client.get(url))
    for index in range(1, 5):
        _grow(world, index)
    many, sql = count_queries(lambda: client.get(url))
    assert many == few, "\n".join(sql)


def test_lists_filter_and_sort(client, world):
    login(client, world["staff"])
    page = client.get(
        reverse("governance:meeting_list"), {"annee": "2024", "tri": "-date", "statut": "held"}
    ).content.decode()
    assert "30 janvier 2024" in page
    page = client.get(reverse("governance:report_list"), {"statut": "draft"}).content.decode()
    assert "Aucun bilan" in page
