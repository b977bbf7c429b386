"""Governance rules with the figures of the source documents."""

import datetime as dt

import pytest

from governance import services
from governance.enums import (
    AttendanceStatus,
    CommitteeKind,
    DecisionOutcome,
    MeetingStatus,
    ReportStatus,
)
from governance.models import ActionPlan, AnnualReport, Decision, Meeting
from governance.selectors import due_items
from governance.services import GovernanceError
from governance.signals import action_plan_transmitted, annual_report_validated
from partnerships.enums import PartyRole, RenewalPolicy, Role
from tests.governance.factories import (
    ActionPlanFactory,
    AnnualReportFactory,
    AttendanceFactory,
    CommitteeFactory,
    CommitteeMemberFactory,
    MeetingFactory,
)
from tests.partnerships.factories import (
    ConventionFactory,
    ConventionPartyFactory,
    OrganisationFactory,
    UserFactory,
    convention_between,
    member,
)

pytestmark = pytest.mark.django_db
D = dt.date


@pytest.fixture
def admin():
    return UserFactory(is_superuser=True, is_staff=True)


def commission_permanente_of_20_march_2023(*, proxies: bool = True):
    """seed 001: 39 present, 3 excused, 2 attending without a vote, 3 excused without one;
    with `proxies`, each excused member gave their proxy to a present member."""
    meeting = MeetingFactory(
        committee__convention=None,
        committee__kind=CommitteeKind.STANDING_COMMISSION,
        held_on=D(2023, 3, 20),
        held=True,
    )
    present = AttendanceFactory.create_batch(39, meeting=meeting, status=AttendanceStatus.PRESENT)
    for holder in present[:3]:
        AttendanceFactory(
            meeting=meeting,
            status=AttendanceStatus.EXCUSED,
            proxy_holder=holder if proxies else None,
        )
    for status, count in [
        (AttendanceStatus.NON_VOTING, 2),
        (AttendanceStatus.EXCUSED_NON_VOTING, 3),
    ]:
        AttendanceFactory.create_batch(count, meeting=meeting, status=status)
    return meeting


def deliberation_2023_121(meeting, admin, votes_for=42):
    return services.decision_record(
        meeting=meeting,
        by=admin,
        subject="authorise_signing",
        number="2023-121",
        title="Convention pluriannuelle d'objectifs et de moyens avec la FAS",
        votes_for=votes_for,
        votes_against=0,
        abstentions=0,
    )


# ------------------------------------------------------------------------------ decisions
def test_deliberation_2023_121_adopted_by_42_votes_when_the_excused_gave_their_proxy(admin):
    # seed 001: 39 present, 3 excused — "Pour : 42 voix … Contre : 0 voix Abstention : 0 voix
    # (Adopté)": the 3 excused members voted through the present members holding their proxy.
    meeting = commission_permanente_of_20_march_2023(proxies=True)
    decision = deliberation_2023_121(meeting, admin)
    assert decision.outcome == DecisionOutcome.ADOPTED
    assert services.meeting_voters(meeting) == 42


def test_deliberation_2023_121_refused_when_the_excused_gave_no_proxy(admin):
    # seed 001: without proxies, only the 39 present members vote: 42 votes cannot be cast.
    meeting = commission_permanente_of_20_march_2023(proxies=False)
    with pytest.raises(GovernanceError, match="42 voix exprimées pour 39 votants"):
        deliberation_2023_121(meeting, admin)
    assert not Decision.objects.exists()
    assert services.meeting_voters(meeting) == 39
    # The 39 present members alone adopt it.
    assert deliberation_2023_121(meeting, admin, votes_for=39).outcome == DecisionOutcome.ADOPTED


def test_more_votes_than_voting_members_is_refused(admin):
    meeting = commission_permanente_of_20_march_2023()
    with pytest.raises(GovernanceError, match="43 voix exprimées pour 42 votants"):
        services.decision_record(
            meeting=meeting,
            by=admin,
            subject="authorise_signing",
            title="Vote",
            votes_for=43,
            votes_against=0,
            abstentions=0,
        )
    assert not Decision.objects.exists()


def test_proxy_goes_from_an_excused_member_to_one_present_member_holding_one(admin):
    # seed 001 (CGCT L.3121-14-1): one proxy per holder, given to a present member.
    meeting = MeetingFactory(committee__kind=CommitteeKind.STANDING_COMMISSION, held=True)
    leroy = services.attendance_record(
        meeting=meeting, by=admin, full_name="Jean-Claude LEROY", status=AttendanceStatus.PRESENT
    )
    services.attendance_record(
        meeting=meeting,
        by=admin,
        full_name="Sébastien CHOCHOIS",
        status=AttendanceStatus.EXCUSED,
        proxy_holder=leroy,
    )
    with pytest.raises(GovernanceError, match="détient déjà un pouvoir"):
        services.attendance_record(
            meeting=meeting,
            by=admin,
            full_name="Pierre GEORGET",
            status=AttendanceStatus.EXCUSED,
            proxy_holder=leroy,
        )
    excused = services.attendance_record(
        meeting=meeting, by=admin, full_name="Bruno COUSEIN", status=AttendanceStatus.EXCUSED
    )
    with pytest.raises(GovernanceError, match="n'est pas présent avec voix délibérative"):
        services.proxy_give(attendance=excused, by=admin, holder=excused)
    non_voting = services.attendance_record(
        meeting=meeting,
        by=admin,
        full_name="Emmanuelle LEVEUGLE",
        status=AttendanceStatus.NON_VOTING,
    )
    with pytest.raises(GovernanceError, match="n'est pas présent avec voix délibérative"):
        services.proxy_give(attendance=excused, by=admin, holder=non_voting)
    with pytest.raises(GovernanceError, match="Seul un membre excusé"):
        services.attendance_record(
            meeting=meeting,
            by=admin,
            full_name="Daniel MACIEJASZ",
            status=AttendanceStatus.PRESENT,
            proxy_holder=non_voting,
        )
    other_meeting = MeetingFactory(held=True)
    stranger = AttendanceFactory(meeting=other_meeting)
    with pytest.raises(GovernanceError, match="même réunion"):
        services.proxy_give(attendance=excused, by=admin, holder=stranger)
    excused.refresh_from_db()
    assert excused.proxy_holder is None
    assert services.meeting_voters(meeting) == 2  # LEROY and CHOCHOIS's proxy


def test_a_member_without_a_vote_never_votes(admin):
    # seed 001: "Assistant également sans voix délibérative"
    meeting = MeetingFactory(committee__kind=CommitteeKind.STANDING_COMMISSION, held=True)
    CommitteeMemberFactory(
        committee=meeting.committee, full_name="Emmanuelle LEVEUGLE", voting=False
    )
    with pytest.raises(GovernanceError, match="sans voix délibérative"):
        services.attendance_record(
            meeting=meeting,
            by=admin,
            full_name="Emmanuelle LEVEUGLE",
            status=AttendanceStatus.PRESENT,
        )
    services.attendance_record(
        meeting=meeting,
        by=admin,
        full_name="Emmanuelle LEVEUGLE",
        status=AttendanceStatus.NON_VOTING,
    )
    assert services.meeting_voters(meeting) == 0


def test_the_commission_permanente_votes_only_with_its_quorum(admin):
    # seed 001 cites CGCT L.3121-14: the absolute majority of the members present; proxies
    # do not make the quorum.
    meeting = MeetingFactory(committee__kind=CommitteeKind.STANDING_COMMISSION, held=True)
    with pytest.raises(GovernanceError, match="Enregistrez les présences"):
        deliberation_2023_121(meeting, admin, votes_for=1)
    present = AttendanceFactory.create_batch(2, meeting=meeting, status=AttendanceStatus.PRESENT)
    for holder in present:
        AttendanceFactory(meeting=meeting, status=AttendanceStatus.EXCUSED, proxy_holder=holder)
    AttendanceFactory(meeting=meeting, status=AttendanceStatus.EXCUSED)
    with pytest.raises(GovernanceError, match="Quorum non atteint : 2 membres présents sur 5"):
        deliberation_2023_121(meeting, admin, votes_for=4)
    AttendanceFactory.create_batch(2, meeting=meeting, status=AttendanceStatus.PRESENT)
    # 4 present out of 7: the quorum; 4 present + 2 proxies: 6 votes.
    assert deliberation_2023_121(meeting, admin, votes_for=6).outcome == DecisionOutcome.ADOPTED


def test_a_vote_is_adopted_by_the_majority_of_votes_cast(admin):
    # Abstentions are not votes cast; a tie rejects.
    assert services.outcome_from_votes(3, 2) == DecisionOutcome.ADOPTED
    assert services.outcome_from_votes(2, 2) == DecisionOutcome.REJECTED


def test_votes_are_given_all_three_or_not_at_all(admin):
    meeting = commission_permanente_of_20_march_2023()
    with pytest.raises(GovernanceError, match="pour, contre et les abstentions"):
        services.decision_record(
            meeting=meeting, by=admin, subject="other", title="Vote", votes_for=42
        )


def test_a_decision_needs_a_held_meeting(admin):
    meeting = MeetingFactory(planned=True, held_on=D(2030, 1, 1))
    with pytest.raises(GovernanceError, match="réunion tenue"):
        services.decision_record(
            meeting=meeting, by=admin, subject="other", title="Décision", outcome="adopted"
        )


def steering_committee_soliha_mta():
    """seed 000 art. IV: the COPIL agrees on the basis of the agreement of each structure."""
    soliha = OrganisationFactory(name="SOLiHA Métropole Nord")
    mta = OrganisationFactory(name="Marcq Terre d'Accueil")
    convention = convention_between(
        soliha, mta, start_date=D(2021, 2, 16), end_date=D(2027, 2, 15), signed_on=D(2021, 2, 16)
    )
    committee = CommitteeFactory(
        convention=convention, organisation=soliha, seats_per_organisation=2
    )
    for organisation in (soliha, soliha, mta, mta):
        CommitteeMemberFactory(committee=committee, organisation=organisation)
    meeting = MeetingFactory(committee=committee, held_on=D(2024, 6, 4))
    return committee, meeting, soliha, mta


def test_household_follow_up_needs_the_agreement_of_each_structure(admin):
    _committee, meeting, soliha, mta = steering_committee_soliha_mta()
    decision = services.decision_record(
        meeting=meeting,
        by=admin,
        subject="household_follow_up",
        title="Suivi du ménage SMN-MTA-002",
        requires_each_organisation=True,
    )
    assert decision.outcome == DecisionOutcome.PENDING
    services.agreement_record(
        decision=decision, by=admin, organisation=soliha, agreed=True, on=D(2024, 6, 4)
    )
    decision.refresh_from_db()
    assert decision.outcome == DecisionOutcome.PENDING  # MTA has not answered yet
    services.agreement_record(
        decision=decision, by=admin, organisation=mta, agreed=True, on=D(2024, 6, 10)
    )
    decision.refresh_from_db()
    assert decision.outcome == DecisionOutcome.ADOPTED


def test_one_structure_refusing_rejects_the_decision(admin):
    _committee, meeting, soliha, mta = steering_committee_soliha_mta()
    decision = services.decision_record(
        meeting=meeting,
        by=admin,
        subject="household_follow_up",
        title="Suivi du ménage",
        requires_each_organisation=True,
    )
    services.agreement_record(
        decision=decision, by=admin, organisation=mta, agreed=False, on=D(2024, 6, 4)
    )
    decision.refresh_from_db()
    assert decision.outcome == DecisionOutcome.REJECTED
    with pytest.raises(GovernanceError, match="déjà arrêtée"):
        services.agreement_record(
            decision=decision, by=admin, organisation=soliha, agreed=True, on=D(2024, 6, 5)
        )


def test_a_structure_outside_the_committee_cannot_agree(admin):
    _committee, meeting, *_ = steering_committee_soliha_mta()
    decision = services.decision_record(
        meeting=meeting,
        by=admin,
        subject="household_follow_up",
        title="Suivi",
        requires_each_organisation=True,
    )
    with pytest.raises(GovernanceError, match="n'est pas représentée"):
        services.agreement_record(
            decision=decision,
            by=admin,
            organisation=OrganisationFactory(),
            agreed=True,
            on=D(2024, 6, 4),
        )


def test_steering_committee_has_two_representatives_per_structure(admin):
    # seed 000 art. IV: "composé de deux représentants de chaque structure"
    committee, _meeting, soliha, _mta = steering_committee_soliha_mta()
    with pytest.raises(GovernanceError, match="déjà ses 2 représentants"):
        services.committee_member_add(
            committee=committee, by=admin, organisation=soliha, full_name="Troisième"
        )
    services.committee_member_add(
        committee=committee, by=admin, organisation=soliha, full_name="Invité", voting=False
    )


# ------------------------------------------------------------------------------- meetings
def test_a_future_meeting_cannot_be_declared_held(admin):
    meeting = MeetingFactory(planned=True, held_on=D(2099, 1, 1))
    with pytest.raises(GovernanceError, match="à venir"):
        services.meeting_hold(meeting=meeting, by=admin)
    assert Meeting.objects.get().status == MeetingStatus.PLANNED


def test_cancelling_a_meeting_needs_a_reason(admin):
    meeting = MeetingFactory(planned=True)
    with pytest.raises(GovernanceError, match="motif"):
        services.meeting_cancel(meeting=meeting, by=admin, reason=" ")
    services.meeting_cancel(meeting=meeting, by=admin, reason="Quorum non atteint")
    assert Meeting.objects.get().status == MeetingStatus.CANCELLED


def test_represented_member_names_the_representative(admin):
    meeting = MeetingFactory()
    with pytest.raises(GovernanceError, match="qui représente"):
        services.attendance_record(
            meeting=meeting, by=admin, full_name="M. HARQUET", status=AttendanceStatus.REPRESENTED
        )


# ------------------------------------------------------------------ plans, reports, signals
def test_report_of_a_year_is_submitted_once_the_year_is_over(admin):
    # seed 001 art. 4.2: the report of the year elapsed
    report = AnnualReportFactory(year=2023, activity_summary="Rapport d'activités 2023")
    with pytest.raises(GovernanceError, match="à partir de 2024"):
        services.annual_report_submit(report=report, by=admin, on=D(2023, 12, 31))
    services.annual_report_submit(report=report, by=admin, on=D(2024, 3, 29))
    assert AnnualReport.objects.get().status == ReportStatus.SUBMITTED


def validate_in_session(report, *, by, on):
    """The report validated by an adopted decision of a meeting of its convention on `on`."""
    meeting = MeetingFactory(committee__convention=report.convention, held_on=on)
    return services.decision_record(
        meeting=meeting,
        by=by,
        subject="validate_report",
        title=f"Validation du bilan {report.year}",
        outcome=DecisionOutcome.ADOPTED,
        report=report,
    )


def test_validation_sends_the_signal_inside_the_transaction(admin):
    # seed 001 art. 4.2: validating the report makes the year's 30 % due
    report = AnnualReportFactory(year=2023, submitted=True, submitted_on=D(2024, 3, 29))
    seen = []

    def receiver(sender, report, on, by, **kwargs):
        seen.append((sender, AnnualReport.objects.get(pk=report.pk).status, on, by))

    annual_report_validated.connect(receiver, dispatch_uid="test-validated")
    try:
        validate_in_session(report, by=admin, on=D(2024, 4, 15))
    finally:
        annual_report_validated.disconnect(dispatch_uid="test-validated")
    assert seen == [(AnnualReport, ReportStatus.VALIDATED, D(2024, 4, 15), admin)]


def test_a_failing_receiver_rolls_the_validation_and_its_decision_back(admin):
    report = AnnualReportFactory(year=2023, submitted=True, submitted_on=D(2024, 3, 29))

    def receiver(**kwargs):
        raise RuntimeError("versement impossible")

    annual_report_validated.connect(receiver, dispatch_uid="test-failing")
    try:
        with pytest.raises(RuntimeError):
            validate_in_session(report, by=admin, on=D(2024, 4, 15))
    finally:
        annual_report_validated.disconnect(dispatch_uid="test-failing")
    assert AnnualReport.objects.get().status == ReportStatus.SUBMITTED
    assert not Decision.objects.exists()


def test_validation_before_submission_date_is_refused(admin):
    report = AnnualReportFactory(year=2023, submitted=True, submitted_on=D(2024, 3, 29))
    with pytest.raises(GovernanceError, match="29/03/2024"):
        validate_in_session(report, by=admin, on=D(2024, 3, 1))
    assert not Decision.objects.exists()


def test_a_decision_of_the_meeting_validates_the_report_it_names(admin):
    report = AnnualReportFactory(year=2023, submitted=True, submitted_on=D(2024, 1, 10))
    meeting = MeetingFactory(committee__convention=report.convention, held_on=D(2024, 1, 30))
    decision = services.decision_record(
        meeting=meeting,
        by=admin,
        subject="validate_report",
        title="Validation du bilan 2023",
        outcome=DecisionOutcome.ADOPTED,
        report=report,
    )
    report.refresh_from_db()
    assert (report.status, report.validated_on, report.validated_by) == (
        ReportStatus.VALIDATED,
        D(2024, 1, 30),
        decision,
    )


def test_action_plan_transmission_sends_the_signal_once(admin):
    # seed 001 art. 4.2: later years' 70 % on the transmission of the action programme
    plan = ActionPlanFactory()
    seen = []
    action_plan_transmitted.connect(
        lambda sender, plan, on, by, **kw: seen.append((sender, plan.pk, on)),
        dispatch_uid="test-plan",
        weak=False,
    )
    try:
        services.action_plan_transmit(plan=plan, by=admin, on=D(2024, 2, 12))
        with pytest.raises(GovernanceError, match="déjà été transmis le 12/02/2024"):
            services.action_plan_transmit(plan=plan, by=admin, on=D(2024, 2, 13))
    finally:
        action_plan_transmitted.disconnect(dispatch_uid="test-plan")
    assert seen == [(ActionPlan, plan.pk, D(2024, 2, 12))]


def test_monthly_roadmap_starts_on_the_first_of_the_month(admin):
    # seed 003 §IV.2: annual and monthly roadmaps
    convention = ConventionFactory(start_date=D(2019, 1, 1), end_date=D(2019, 12, 31))
    with pytest.raises(GovernanceError, match="01/09/2019"):
        services.action_plan_create(
            convention=convention,
            by=admin,
            period="month",
            period_start=D(2019, 9, 15),
            objectives="Rentrée",
        )
    plan = services.action_plan_create(
        convention=convention,
        by=admin,
        period="month",
        period_start=D(2019, 9, 1),
        objectives="Rentrée",
    )
    assert plan.period_start == D(2019, 9, 1)


# -------------------------------------------------------------------------------- due page
def test_due_lists_missing_meetings_reports_and_deadlines():
    on = D(2021, 11, 1)
    staff = member(Role.DEPARTMENT_STAFF)
    department = staff.memberships.get().organisation
    # seed 002 §VII: three months' notice, ends 31 December 2021 (within 90 days)
    convention = ConventionFactory(
        start_date=D(2019, 1, 1),
        end_date=D(2021, 12, 31),
        signed_on=D(2019, 1, 1),
        renewal_policy=RenewalPolicy.NONE,
        notice_months=3,
        annual_report_months=6,
    )
    ConventionPartyFactory(convention=convention, organisation=department, role=PartyRole.FUNDER)
    ConventionPartyFactory(convention=convention, role=PartyRole.BENEFICIARY)
    committee = CommitteeFactory(convention=convention, organisation=department)
    MeetingFactory(committee=committee, held_on=D(2021, 3, 1))
    AnnualReportFactory(
        convention=convention,
        year=2019,
        validated=True,
        submitted_on=D(2020, 3, 1),
        validation=D(2020, 4, 1),
    )
    items = due_items(staff, on)
    # Twice a year: the second half of 2020 had no meeting; 2019's gaps are older than a year.
    assert [(m.period.start, m.period.end) for m in items.missed_meetings] == [
        (D(2020, 7, 1), D(2020, 12, 31)),
    ]
    assert [(r.year, r.due_on) for r in items.reports] == [(2020, D(2021, 6, 30))]
    assert [(d.kind, d.day) for d in items.deadlines] == [("end", D(2021, 12, 31))]
