"""The "Échéances" page computes only what it shows (issue 7): the same missed meetings,
reports and deadlines as the full computation it replaced, on the cases that could differ."""

import datetime as dt
import gc

import pytest
from django.urls import reverse

from governance.enums import Frequency, MeetingStatus, ReportStatus
from governance.models import AnnualReport
from governance.schedule import committee_schedule, meeting_periods
from governance.selectors import (
    HORIZON_DAYS,
    LOOKBACK_DAYS,
    committees_for,
    due_items,
    report_due_on,
    with_schedule,
)
from partnerships.enums import PartyRole, RenewalPolicy, Role, TerminationKind
from partnerships.models import Convention
from tests.governance.factories import AnnualReportFactory, CommitteeFactory, MeetingFactory
from tests.partnerships.factories import (
    AmendmentFactory,
    ConventionFactory,
    ConventionPartyFactory,
    TerminationFactory,
    member,
)

pytestmark = pytest.mark.django_db
D = dt.date


# ----------------------------------------------------------- the computation it replaced
def full_schedule(committee, on):
    """Every period of the committee's life and every held meeting, matched by nested loops:
    the algorithm the due page used before (a meeting before the first period counts for
    it, a meeting after the last one for none)."""
    convention = committee.convention
    if convention is None or not convention.signed_on:
        return []
    start = max(convention.start_date, convention.signed_on)
    periods = meeting_periods(committee.frequency, start, convention.end_on(on))
    held = sorted(
        (m for m in committee.meetings.all() if m.status == MeetingStatus.HELD),
        key=lambda m: m.held_on,
    )
    for meeting in held:
        if periods and meeting.held_on < periods[0].start:
            periods[0].meetings.append(meeting)
            continue
        for period in periods:
            if period.start <= meeting.held_on <= period.end:
                period.meetings.append(meeting)
                break
    return periods


def reference(user, on):
    """(missed meetings, reports, deadlines) as the due page computed them before."""
    since = on - dt.timedelta(days=LOOKBACK_DAYS)
    horizon = on + dt.timedelta(days=HORIZON_DAYS)
    committees = with_schedule(committees_for(user).filter(convention__isnull=False))
    missed = [
        (committee.pk, period.start, period.end, period.label)
        for committee in committees
        for period in full_schedule(committee, on)
        if period.state(on) == "missed" and period.end >= since
    ]
    conventions = list(Convention.objects.visible_to(user))
    reports = {
        (r.convention_id, r.year): r
        for r in AnnualReport.objects.visible_to(user).select_related("convention")
    }
    due = []
    for convention in conventions:
        if convention.annual_report_months is None or not convention.signed_on:
            continue
        for year in range(convention.start_date.year, min(convention.end_on(on), on).year + 1):
            report = reports.get((convention.pk, year))
            if report is not None and report.status != ReportStatus.DRAFT:
                continue
            if report_due_on(convention, year) <= horizon:
                due.append((convention.reference, year, report_due_on(convention, year)))
    listed = {(reference, year) for reference, year, _due_on in due}
    for (_pk, year), report in reports.items():
        key = (report.convention.reference, year)
        if report.status == ReportStatus.DRAFT and key not in listed:
            due.append((*key, report_due_on(report.convention, year)))
    deadlines = []
    for convention in conventions:
        if not convention.in_force_on(on):
            continue
        if convention.end_on(on) <= horizon:
            deadlines.append((convention.reference, "end", convention.end_on(on)))
        notice = convention.last_day_to_denounce(on)
        if notice and on <= notice <= horizon and not convention.effective_termination():
            deadlines.append((convention.reference, "notice", notice))
    return (
        sorted(missed, key=lambda m: (m[2], m[0])),
        sorted(due, key=lambda d: (d[2] or dt.date.max, d[0])),
        sorted(deadlines, key=lambda d: (d[2], d[0])),
    )


def shown(items):
    return (
        [
            (m.committee.pk, m.period.start, m.period.end, m.period.label)
            for m in items.missed_meetings
        ],
        [(r.convention.reference, r.year, r.due_on) for r in items.reports],
        [(d.convention.reference, d.kind, d.day) for d in items.deadlines],
    )


def same_as_before(user, on):
    """due_items(user, on), checked against the full computation; its committees' schedules
    (committee pages) checked against the nested loops too."""
    items = due_items(user, on)
    assert shown(items) == reference(user, on)
    for committee in with_schedule(committees_for(user)):
        fast = [(p.start, p.end, p.label, p.meetings) for p in committee_schedule(committee, on)]
        slow = [(p.start, p.end, p.label, p.meetings) for p in full_schedule(committee, on)]
        assert fast == slow
    return items


def missed(items):
    return [(m.period.start, m.period.end) for m in items.missed_meetings]


@pytest.fixture
def staff():
    return member(Role.DEPARTMENT_STAFF)


def convention_of(user, **fields):
    convention = ConventionFactory(**fields)
    department = user.memberships.get().organisation
    ConventionPartyFactory(convention=convention, organisation=department, role=PartyRole.FUNDER)
    return convention


# --------------------------------------------------------------------------------- cases
def test_monthly_committee_starting_mid_month(staff):
    # seed 000 art. IV, seed 003 §VI: a monthly committee; the term starts on 15 June, its
    # first days join July (governance/schedule.py).
    convention = convention_of(
        staff, start_date=D(2023, 6, 15), end_date=D(2025, 6, 14), signed_on=D(2023, 6, 15)
    )
    committee = CommitteeFactory(convention=convention, frequency=Frequency.MONTHLY)
    MeetingFactory(committee=committee, held_on=D(2023, 7, 20))
    MeetingFactory(committee=committee, held_on=D(2023, 9, 5))
    MeetingFactory(committee=committee, held_on=D(2023, 10, 10), planned=True)
    MeetingFactory(committee=committee, held_on=D(2023, 11, 10), cancelled=True)
    MeetingFactory(committee=committee, held_on=D(2024, 1, 15))
    MeetingFactory(committee=committee, held_on=D(2024, 3, 5))
    items = same_as_before(staff, D(2024, 3, 10))
    assert missed(items) == [
        (D(2023, 8, 1), D(2023, 8, 31)),
        (D(2023, 10, 1), D(2023, 10, 31)),
        (D(2023, 11, 1), D(2023, 11, 30)),
        (D(2023, 12, 1), D(2023, 12, 31)),
        (D(2024, 2, 1), D(2024, 2, 29)),
    ]
    assert items.missed_meetings[0].period.label == "08/2023"
    # Without the July meeting, the first period (15 June – 31 July) is missed as well.
    committee.meetings.filter(held_on=D(2023, 7, 20)).delete()
    items = same_as_before(staff, D(2024, 3, 10))
    assert missed(items)[0] == (D(2023, 6, 15), D(2023, 7, 31))


def test_launch_mid_term_and_annual_review(staff):
    # seed 003 §VI: launch, mid-term review and annual review the first year (signed at the
    # end of June 2019), then mid-term and annual review each year.
    convention = convention_of(
        staff, start_date=D(2019, 1, 1), end_date=D(2020, 12, 31), signed_on=D(2019, 6, 28)
    )
    committee = CommitteeFactory(convention=convention, frequency=Frequency.LAUNCH_MIDTERM_YEARLY)
    MeetingFactory(committee=committee, held_on=D(2019, 7, 4))
    MeetingFactory(committee=committee, held_on=D(2019, 11, 5))
    MeetingFactory(committee=committee, held_on=D(2020, 9, 1))
    items = same_as_before(staff, D(2021, 1, 15))
    assert [(m.period.label, m.period.start, m.period.end) for m in items.missed_meetings] == [
        ("Bilan annuel", D(2020, 2, 27), D(2020, 6, 27)),
        ("Bilan annuel", D(2020, 9, 29), D(2020, 12, 31)),
    ]
    # Still in force seen from 2020: the later periods are not over yet.
    same_as_before(staff, D(2020, 7, 1))


def test_meeting_held_before_the_signature_counts_for_the_first_period(staff):
    # seed 000 art. IV: the COPIL meets twice a year; the launch meeting held before the
    # signature counts for the first period (governance/schedule.py), however old it is.
    convention = convention_of(
        staff, start_date=D(2023, 1, 1), end_date=D(2025, 12, 31), signed_on=D(2023, 3, 20)
    )
    committee = CommitteeFactory(convention=convention, frequency=Frequency.TWICE_A_YEAR)
    other = CommitteeFactory(convention=convention, frequency=Frequency.TWICE_A_YEAR)
    launch = MeetingFactory(committee=committee, held_on=D(2022, 11, 10))
    MeetingFactory(committee=committee, held_on=D(2024, 1, 5), planned=True)
    items = same_as_before(staff, D(2024, 1, 10))
    assert [(m.committee.pk, m.period.start, m.period.end) for m in items.missed_meetings] == [
        (other.pk, D(2023, 3, 20), D(2023, 9, 19)),
    ]
    # The same launch, cancelled instead of held.
    launch.delete()
    MeetingFactory(committee=committee, held_on=D(2022, 11, 10), cancelled=True)
    items = same_as_before(staff, D(2024, 1, 10))
    assert {m.committee.pk for m in items.missed_meetings} == {committee.pk, other.pk}


@pytest.mark.parametrize(
    ("on", "expected"),
    [
        # 365 days before 29 June 2024 is 30 June 2023, the last day of the first half.
        (D(2024, 6, 29), [(D(2023, 1, 1), D(2023, 6, 30)), (D(2023, 7, 1), D(2023, 12, 31))]),
        (D(2024, 6, 30), [(D(2023, 7, 1), D(2023, 12, 31))]),
        # A period ending on the eve of the day is missed; ending that day, it is current.
        (D(2024, 7, 1), [(D(2023, 7, 1), D(2023, 12, 31)), (D(2024, 1, 1), D(2024, 6, 30))]),
    ],
)
def test_period_ending_exactly_at_the_lookback_boundary(staff, on, expected):
    # seed 000 art. IV, seed 002 §V: twice a year; the page looks back LOOKBACK_DAYS.
    convention = convention_of(
        staff, start_date=D(2023, 1, 1), end_date=D(2025, 12, 31), signed_on=D(2023, 1, 1)
    )
    CommitteeFactory(convention=convention, frequency=Frequency.TWICE_A_YEAR)
    assert missed(same_as_before(staff, on)) == expected


def test_amendment_extending_the_convention(staff):
    # seed 001 art. 9: an amendment (avenant) moves the end; seed 000 art. IV: twice a year;
    # seed 001 art. 6: a yearly report; seed 002 §VII: the notice before the end.
    convention = convention_of(
        staff,
        start_date=D(2022, 1, 1),
        end_date=D(2023, 12, 31),
        signed_on=D(2022, 1, 1),
        notice_months=2,
        annual_report_months=6,
    )
    AmendmentFactory(
        convention=convention,
        number=1,
        signed_on=D(2023, 10, 1),
        summary="Prolongation",
        new_end_date=D(2024, 12, 31),
    )
    CommitteeFactory(convention=convention, frequency=Frequency.TWICE_A_YEAR)
    AnnualReportFactory(
        convention=convention,
        year=2022,
        validated=True,
        submitted_on=D(2023, 3, 1),
        validation=D(2023, 4, 1),
    )
    AnnualReportFactory(convention=convention, year=2024)  # a draft, due after the horizon
    AnnualReportFactory(
        convention=convention, year=2025, submitted=True, submitted_on=D(2024, 9, 1)
    )
    items = same_as_before(staff, D(2024, 10, 15))
    # The first half of 2024 exists only through the amendment.
    assert missed(items) == [
        (D(2023, 7, 1), D(2023, 12, 31)),
        (D(2024, 1, 1), D(2024, 6, 30)),
    ]
    assert [(r.year, r.due_on, r.report is not None) for r in items.reports] == [
        (2023, D(2024, 6, 30), False),
        (2024, D(2025, 6, 30), True),
    ]
    assert [(d.kind, d.day) for d in items.deadlines] == [
        ("notice", D(2024, 10, 31)),
        ("end", D(2024, 12, 31)),
    ]


def test_terminated_convention(staff):
    # seed 002 §VII, seed 001 art. 9: a denunciation takes effect after its notice; the
    # committee owes no meeting after the eve of that day and no deadline is left.
    convention = convention_of(
        staff,
        start_date=D(2023, 1, 1),
        end_date=D(2025, 12, 31),
        signed_on=D(2023, 1, 1),
        notice_months=3,
        annual_report_months=1,
    )
    TerminationFactory(
        convention=convention,
        kind=TerminationKind.DENUNCIATION,
        notified_on=D(2024, 3, 15),
        notice_months=3,
    )
    committee = CommitteeFactory(convention=convention, frequency=Frequency.MONTHLY)
    for month in range(1, 5):
        MeetingFactory(committee=committee, held_on=D(2024, month, 10))
    MeetingFactory(committee=committee, held_on=D(2024, 7, 10))  # after the end: no period
    items = same_as_before(staff, D(2024, 9, 1))
    assert missed(items) == [
        (D(2023, 9, 1), D(2023, 9, 30)),
        (D(2023, 10, 1), D(2023, 10, 31)),
        (D(2023, 11, 1), D(2023, 11, 30)),
        (D(2023, 12, 1), D(2023, 12, 31)),
        (D(2024, 5, 1), D(2024, 5, 31)),
        (D(2024, 6, 1), D(2024, 6, 14)),
    ]
    # Seen a few days after the end, the short last period is already missed.
    assert missed(same_as_before(staff, D(2024, 6, 20)))[-1] == (D(2024, 6, 1), D(2024, 6, 14))
    # 2024's report is due on 31 January 2025, after the horizon.
    assert [(r.year, r.due_on) for r in items.reports] == [(2023, D(2024, 1, 31))]
    assert items.deadlines == []


def test_tacitly_renewed_convention_keeps_its_periods_and_has_a_new_notice_each_term(staff):
    # seed 001 art. 8, seed 002 §VII: tacit renewal unless denounced with 3 months' notice;
    # seed 001 art. 5: a committee meeting once a year.
    convention = convention_of(
        staff,
        start_date=D(2021, 8, 31),
        end_date=D(2022, 8, 30),
        signed_on=D(2021, 8, 31),
        renewal_policy=RenewalPolicy.TACIT,
        notice_months=3,
    )
    committee = CommitteeFactory(convention=convention, frequency=Frequency.YEARLY)
    MeetingFactory(committee=committee, held_on=D(2022, 5, 1))
    items = same_as_before(staff, D(2024, 5, 1))
    assert missed(items) == [(D(2022, 8, 31), D(2023, 8, 30))]
    assert [(d.kind, d.day) for d in items.deadlines] == [("notice", D(2024, 5, 30))]


def test_committee_seen_through_its_organisation_only(staff):
    # seed 000 art. IV: the department's own committee on another structure's convention.
    department = staff.memberships.get().organisation
    foreign = ConventionFactory(start_date=D(2023, 1, 1), signed_on=D(2023, 1, 1))
    CommitteeFactory(convention=foreign, organisation=department, frequency=Frequency.YEARLY)
    items = same_as_before(staff, D(2024, 6, 1))
    assert missed(items) == [(D(2023, 1, 1), D(2023, 12, 31))]
    assert items.deadlines == []  # the convention itself is not in the perimeter


def test_due_page_queries_do_not_grow_with_committees_and_amendments(client, staff, count_queries):
    # seed 000 art. IV (twice a year), seed 001 art. 9 (amendments), seed 002 §VII (notice)
    client.force_login(staff)
    department = staff.memberships.get().organisation

    def grow(index):
        convention = convention_of(
            staff, start_date=D(2022, 1, 1), signed_on=D(2022, 1, 1), annual_report_months=6
        )
        AmendmentFactory(
            convention=convention,
            number=1,
            signed_on=D(2023, 1, 1),
            summary="x",
            new_end_date=D(2026, 12, 31),
        )
        TerminationFactory(
            convention=convention,
            kind=TerminationKind.DENUNCIATION,
            by_organisation=department,
            notified_on=D(2026, 1, 1),
            notice_months=3,
        )
        committee = CommitteeFactory(convention=convention, organisation=department)
        MeetingFactory(committee=committee, held_on=D(2022, 3, 1) + dt.timedelta(days=index))
        AnnualReportFactory(convention=convention, year=2022)
        foreign = ConventionFactory(signed_on=D(2023, 1, 1))
        CommitteeFactory(convention=foreign, organisation=department)

    grow(0)
    url = reverse("portal:due")
    assert client.get(url).status_code == 200
    few, _ = count_queries(lambda: client.get(url))
    for index in range(1, 6):
        grow(index)
    many, sql = count_queries(lambda: client.get(url))
    assert few == many, "\n".join(sql)


def test_due_items_leave_no_reference_cycle_per_convention(staff):
    # seed 001 art. 9, seed 002 §VII: the dates follow the amendments and terminations, kept
    # as columns of the convention (issue 15): nothing is prefetched, so the garbage
    # collector has no cycle per convention to free after each page (p95, issue 7).
    department = staff.memberships.get().organisation
    on = D(2024, 6, 1)

    def grow(count):
        for _ in range(count):
            convention = convention_of(staff, start_date=D(2023, 1, 1), signed_on=D(2023, 1, 1))
            AmendmentFactory(
                convention=convention,
                number=1,
                signed_on=D(2023, 6, 1),
                summary="x",
                new_end_date=D(2026, 12, 31),
            )
            TerminationFactory(
                convention=convention,
                kind=TerminationKind.DENUNCIATION,
                by_organisation=department,
                notified_on=D(2024, 9, 1),
                notice_months=3,
            )
            CommitteeFactory(convention=convention, organisation=department)

    def cyclic_garbage():
        gc.collect()
        gc.disable()
        try:
            due_items(staff, on)
            return gc.collect()
        finally:
            gc.enable()

    grow(1)
    due_items(staff, on)
    few = cyclic_garbage()
    grow(10)
    assert cyclic_garbage() == few
