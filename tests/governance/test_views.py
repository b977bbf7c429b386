"""Governance screens: perimeter (404 outside), rights, constant queries, bad input."""

import datetime as dt
from types import SimpleNamespace

import pytest
from django.urls import reverse

from governance.enums import MeetingStatus, ReportStatus
from governance.models import AnnualReport, Decision, Meeting
from partnerships.enums import PartyRole
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
    AmendmentFactory,
    ConventionFactory,
    ConventionPartyFactory,
)

pytestmark = pytest.mark.django_db
D = dt.date


@pytest.fixture
def seed(world):
    """The steering of a CPOM between the Département and the FAS on the shared world: a
    committee, a meeting, a decision each structure must agree to, a submitted report."""
    convention = ConventionFactory(
        reference="2023-121", signed_on=D(2023, 4, 28), annual_report_months=6
    )
    department, fas = world.orgs.department, world.orgs.fas
    ConventionPartyFactory(convention=convention, organisation=department, role=PartyRole.FUNDER)
    ConventionPartyFactory(convention=convention, organisation=fas, role=PartyRole.BENEFICIARY)
    committee = CommitteeFactory(convention=convention, organisation=department)
    CommitteeMemberFactory(committee=committee, organisation=department)
    CommitteeMemberFactory(committee=committee, organisation=fas)
    meeting = MeetingFactory(committee=committee, held_on=D(2024, 1, 30))
    # seed 000 art. IV: a representative of each structure present (the COPIL's quorum).
    for organisation in (department, fas, fas):
        AttendanceFactory(meeting=meeting, organisation=organisation)
    return SimpleNamespace(
        convention=convention,
        committee=committee,
        meeting=meeting,
        decision=DecisionFactory(meeting=meeting, requires_each_organisation=True),
        plan=ActionPlanFactory(convention=convention),
        report=AnnualReportFactory(
            convention=convention,
            year=2023,
            submitted=True,
            submitted_on=D(2024, 3, 29),
            activity_summary="Rapport d'activités 2023",
        ),
    )


def login(client, user):
    assert client.login(email=user.email, password=PASSWORD)
    return client


@pytest.mark.parametrize(
    ("name", "key"),
    [
        ("committee_detail", "committee"),
        ("member_add", "committee"),
        ("secretary_set", "committee"),
        ("meeting_add", "committee"),
        ("meeting_detail", "meeting"),
        ("meeting_hold", "meeting"),
        ("meeting_cancel", "meeting"),
        ("meeting_minutes", "meeting"),
        ("attendance_add", "meeting"),
        ("decision_add", "meeting"),
        ("agreement_add", "decision"),
        ("deliberation_publish", "decision"),
        ("plan_detail", "plan"),
        ("plan_transmit", "plan"),
        ("report_detail", "report"),
        ("report_edit", "report"),
        ("report_submit", "report"),
        ("report_validate", "report"),
    ],
)
def test_another_organisation_gets_404(client, world, seed, name, key):
    login(client, world.users.outsider_director)
    url = reverse(f"governance:{name}", args=[getattr(seed, key).pk])
    assert client.get(url).status_code == 404
    assert client.post(url, {}).status_code == 404


def test_beneficiary_may_not_validate_its_own_report(client, world, seed):
    # seed 001 art. 4.2, art. 6: the FAS reports, the Département validates
    login(client, world.users.fas_director)
    url = reverse("governance:report_validate", args=[seed.report.pk])
    assert client.get(url).status_code == 404


def test_funder_validates_the_report_in_session(client, world, seed):
    # seed 001 art. 4.2, art. 5: the report is validated by the steering committee where the
    # Département sits, in a meeting after its transmission.
    meeting = MeetingFactory(committee=seed.committee, held_on=D(2024, 4, 15))
    login(client, world.users.staff)
    url = reverse("governance:report_validate", args=[seed.report.pk])
    page = client.get(url).content.decode()
    assert "15/04/2024" in page and "30/01/2024" not in page  # before the transmission
    response = client.post(url, {"meeting": meeting.pk, "title": "Validation du bilan 2023"})
    assert response.status_code == 302
    report = AnnualReport.objects.get()
    assert (report.status, report.validated_on) == (ReportStatus.VALIDATED, D(2024, 4, 15))
    assert report.validated_by.meeting == meeting


def test_a_draft_report_has_nothing_to_validate_and_nothing_changes(client, world, seed):
    """Found by the write crawl (issue 13): the page of a draft report answered 500 (a
    meeting "after the transmission" of a report never transmitted)."""
    draft = AnnualReportFactory(convention=seed.convention, year=2024)
    MeetingFactory(committee=seed.committee, held_on=D(2025, 4, 15))
    login(client, world.users.staff)
    url = reverse("governance:report_validate", args=[draft.pk])
    assert "Aucune réunion ne convient encore" in client.get(url).content.decode()
    response = client.post(url, {"meeting": seed.meeting.pk, "title": "Validation"})
    assert response.status_code == 400
    assert AnnualReport.objects.get(pk=draft.pk).status == ReportStatus.DRAFT
    assert Decision.objects.count() == 1


def test_a_meeting_before_the_transmission_cannot_validate_and_nothing_changes(client, world, seed):
    login(client, world.users.staff)
    url = reverse("governance:report_validate", args=[seed.report.pk])
    response = client.post(url, {"meeting": seed.meeting.pk, "title": "Validation"})
    assert response.status_code == 400
    assert "Sélectionnez un choix valide" in response.content.decode()
    assert AnnualReport.objects.get().status == ReportStatus.SUBMITTED
    assert Decision.objects.count() == 1


def test_decision_with_more_votes_than_members_is_refused(client, world, seed):
    login(client, world.users.staff)
    url = reverse("governance:decision_add", args=[seed.meeting.pk])
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
    assert "4 voix exprimées pour 3 votants" in response.content.decode()
    assert Decision.objects.count() == 1


def test_an_excused_member_gives_a_proxy_on_the_attendance_page(client, world, seed):
    # seed 001 (CGCT L.3121-14-1): an excused member's proxy to a present member, one each.
    login(client, world.users.staff)
    url = reverse("governance:attendance_add", args=[seed.meeting.pk])
    holder = seed.meeting.attendances.filter(organisation=world.orgs.fas).first()
    response = client.post(
        url, {"full_name": "Pierre GEORGET", "status": "excused", "proxy_holder": holder.pk}
    )
    assert response.status_code == 302
    assert seed.meeting.attendances.get(full_name="Pierre GEORGET").proxy_holder == holder
    page = client.get(reverse("governance:meeting_detail", args=[seed.meeting.pk]))
    content = page.content.decode()
    assert f"pouvoir à {holder.full_name}" in content
    assert "Votants : 4" in content
    # A present member does not give a proxy: French message, nothing written.
    response = client.post(
        url,
        {
            "full_name": "Bruno COUSEIN",
            "status": "present",
            "proxy_holder": seed.meeting.attendances.get(organisation=world.orgs.department).pk,
        },
    )
    assert response.status_code == 400
    assert "Seul un membre excusé" in response.content.decode()
    assert not seed.meeting.attendances.filter(full_name="Bruno COUSEIN").exists()


def test_staff_records_the_publication_of_a_deliberation(client, world, seed):
    # seed 001: "Envoi au contrôle de légalité le : 19 avril 2023 — Publication …"
    decision = seed.decision
    decision.number, decision.outcome = "2024-007", "adopted"
    decision.save()
    login(client, world.users.staff)
    url = reverse("governance:deliberation_publish", args=[decision.pk])
    bad = client.post(url, {"sent_to_control_on": "2020-01-01", "published_on": "2024-02-01"})
    assert bad.status_code == 400
    assert "suivent la séance du 30/01/2024" in bad.content.decode()
    decision.refresh_from_db()
    assert decision.sent_to_control_on is None
    response = client.post(url, {"sent_to_control_on": "2024-02-01", "published_on": "2024-02-02"})
    assert response.status_code == 302
    page = client.get(reverse("governance:meeting_detail", args=[seed.meeting.pk]))
    assert "Exécutoire" in page.content.decode()


def test_director_answers_for_their_structure(client, world, seed):
    # seed 000 art. IV: agreement of each structure
    login(client, world.users.fas_director)
    url = reverse("governance:agreement_add", args=[seed.decision.pk])
    response = client.post(
        url, {"organisation": world.orgs.fas.pk, "agreed": "1", "on": "2024-02-01"}
    )
    assert response.status_code == 302
    assert seed.decision.agreements.get().organisation == world.orgs.fas


def test_staff_plans_a_meeting_and_a_bad_date_is_refused(client, world, seed):
    login(client, world.users.staff)
    url = reverse("governance:meeting_add", args=[seed.committee.pk])
    before = Meeting.objects.count()
    response = client.post(url, {"held_on": "30/02/2025", "agenda": "Bilan"})
    assert response.status_code == 400
    assert Meeting.objects.count() == before
    response = client.post(url, {"held_on": "2025-02-03", "agenda": "Bilan 2024"})
    assert response.status_code == 302
    assert Meeting.objects.filter(status=MeetingStatus.PLANNED).count() == 1


def test_due_page_lists_the_reports_not_submitted(client, world, seed):
    login(client, world.users.staff)
    page = client.get(reverse("portal:due")).content.decode()
    assert "Bilans annuels non transmis" in page
    assert "2023-121" in page


def _grow(world, seed, index):
    convention = seed.convention
    committee = CommitteeFactory(convention=convention, organisation=world.orgs.department)
    MeetingFactory(committee=committee, held_on=D(2023, 5, 1) + dt.timedelta(days=index))
    year = 2025 + index
    AnnualReportFactory(convention=convention, year=year)
    ActionPlanFactory(convention=convention, period_start=D(year, 1, 1))
    other = ConventionFactory(signed_on=D(2023, 4, 28), annual_report_months=6)
    ConventionPartyFactory(convention=other, organisation=world.orgs.department)
    AmendmentFactory(
        convention=other, number=1, signed_on=D(2024, 1, 1), summary="x", new_end_date=None
    )


@pytest.mark.parametrize(
    "name",
    [
        "governance:committee_list",
        "governance:meeting_list",
        "governance:plan_list",
        "governance:report_list",
        "portal:due",
    ],
)
def test_list_queries_do_not_grow_with_rows(client, world, seed, count_queries, name):
    login(client, world.users.staff)
    url = reverse(name)
    _grow(world, seed, 0)
    client.get(url)
    few, _ = count_queries(lambda: client.get(url))
    for index in range(1, 5):
        _grow(world, seed, index)
    many, sql = count_queries(lambda: client.get(url))
    assert many == few, "\n".join(sql)


def test_lists_filter_and_sort(client, world, seed):
    login(client, world.users.staff)
    page = client.get(
        reverse("governance:meeting_list"), {"annee": "2024", "tri": "-date", "statut": "held"}
    ).content.decode()
    assert "30 janvier 2024" in page
    page = client.get(reverse("governance:report_list"), {"statut": "draft"}).content.decode()
    assert "Aucun bilan" in page


def test_a_committee_without_a_secretary_shows_a_dash(client, world, seed):
    # Found by the write crawl: the page failed on the undefined name of a missing secretary.
    seed.committee.secretary = None
    seed.committee.save()
    login(client, world.users.staff)
    response = client.get(reverse("governance:committee_detail", args=[seed.committee.pk]))
    assert response.status_code == 200
    assert 'Secrétariat</dt><dd class="col-sm-6">—</dd>' in response.content.decode()


def test_overdue_reports_come_first_and_are_marked(client, world, seed):
    """issue 18: the 2024 report of the CPOM, due 6 months after 31 December (30 June 2025)
    and still in draft, comes first and says « En retard »; this year's draft is not late."""
    this_year = dt.date.today().year
    late = AnnualReportFactory(convention=seed.convention, year=2024)
    current = AnnualReportFactory(convention=seed.convention, year=this_year)
    login(client, world.users.staff)
    response = client.get(reverse("governance:report_list"))
    rows = list(response.context["rows"])
    assert rows[0] == late and rows[0].is_late
    assert rows[1:] == [current, seed.report]  # then the most recent first
    assert not any(row.is_late for row in rows[1:])
    body = response.content.decode()
    assert body.count('<tr class="mg-late">') == 1
    assert 'Brouillon <span class="badge text-bg-danger">En retard</span>' in body


@pytest.mark.parametrize(
    ("today", "late"),
    [(D(2025, 6, 30), False), (D(2025, 7, 1), True)],
)
def test_a_report_is_late_the_day_after_its_deadline(seed, today, late):
    from governance.selectors import report_due_on, reports_with_lateness

    report = AnnualReportFactory(convention=seed.convention, year=2024)
    assert report_due_on(seed.convention, 2024) == D(2025, 6, 30)
    assert (
        reports_with_lateness(AnnualReport.objects.filter(pk=report.pk), today).get().is_late
        is late
    )
