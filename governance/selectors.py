"""Reads of governance: the "due" page and the schedules of committees.

Every read starts from a `visible_to(user)` queryset and loads its rows in a fixed number of
queries; the dates are computed in Python by the models' own rules.
"""

import datetime as dt
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import (
    BooleanField,
    Case,
    F,
    OuterRef,
    Prefetch,
    Q,
    Subquery,
    Value,
    When,
)
from django.utils.translation import gettext_lazy as _

from common.dates import DEADLINE_HORIZON_DAYS, add_months
from governance.enums import Frequency, MeetingStatus, ObjectiveStatus, ReportStatus
from governance.models import AnnualReport, Committee, Meeting, PlanObjective
from governance.schedule import (
    Period,
    committee_life,
    is_held,
    is_late,
    make_period,
    periods_to_judge,
)
from partnerships.models import Convention
from partnerships.perimeter import per_user
from partnerships.selectors import CONVENTION_DATE_FIELDS

HORIZON_DAYS = DEADLINE_HORIZON_DAYS
LOOKBACK_DAYS = 365


def committees_for(user):
    return Committee.objects.visible_to(user).select_related("convention", "organisation")


def with_schedule(committees):
    """What committee_schedule() reads, prefetched: the meetings (the convention's dates are
    its columns)."""
    return committees.prefetch_related(
        # unscoped: prefetch of the meetings of committees scoped by the caller
        Prefetch("meetings", queryset=Meeting.objects.order_by("held_on")),
    )


@dataclass(frozen=True)
class MissedMeeting:
    committee: Committee
    period: Period
    # seed 001 art. 5: a "start of the year" committee that met later that year met late.
    late_on: dt.date | None = None


@dataclass(frozen=True)
class DueMeeting:
    """A period under way in which the committee has not met yet."""

    committee: Committee
    period: Period
    planned_on: dt.date | None  # the next planned meeting in the period, if any


@dataclass(frozen=True)
class ReportDue:
    convention: Convention
    year: int
    due_on: dt.date | None
    report: AnnualReport | None

    def get_state_display(self) -> str:
        if self.report is None:
            return str(_("Pas encore commencé"))
        return self.report.get_status_display()


@dataclass(frozen=True)
class Deadline:
    convention: Convention
    kind: str
    day: dt.date

    def get_kind_display(self) -> str:
        return str(DEADLINE_KINDS[self.kind])


DEADLINE_KINDS = {
    "end": _("Fin de la convention"),
    "notice": _("Dernier jour pour dénoncer"),
}


@dataclass(frozen=True)
class DueItems:
    on: dt.date
    missed_meetings: list[MissedMeeting]
    reports: list[ReportDue]
    deadlines: list[Deadline]
    due_meetings: list[DueMeeting] = ()

    @property
    def count(self) -> int:
        return (
            len(self.missed_meetings)
            + len(self.due_meetings)
            + len(self.reports)
            + len(self.deadlines)
        )


@dataclass
class YearObjectives:
    """The objectives of a convention's plans for a year and how far they were achieved: what
    the annual review studies (seed 002 §V)."""

    objectives: list
    counts: list  # (label, count) for each state that has objectives

    @property
    def assessed(self) -> int:
        return sum(1 for o in self.objectives if o.status != ObjectiveStatus.TO_ASSESS)


def year_objectives(convention: Convention, year: int) -> YearObjectives:
    objectives = list(
        # unscoped: the plans of a convention the caller loaded through visible_to
        PlanObjective.objects.filter(plan__convention=convention, plan__period_start__year=year)
        .select_related("plan")
        .order_by("plan__period", "plan__period_start", "position")
    )
    return YearObjectives(objectives, objective_counts(objectives))


def objective_counts(objectives) -> list[tuple[str, int]]:
    """How many objectives in each state, in the states' order, states with none left out."""
    counts = dict.fromkeys(ObjectiveStatus, 0)
    for objective in objectives:
        counts[objective.status] += 1
    return [(status.label, n) for status, n in counts.items() if n]


def report_due_on(convention: Convention, year: int) -> dt.date | None:
    """The report of a year is due `annual_report_months` after 31 December (seed 001 art. 6:
    "chaque année"); None when the convention expects none."""
    if convention.annual_report_months is None:
        return None
    return add_months(dt.date(year, 12, 31), convention.annual_report_months)


def reports_with_lateness(reports, on: dt.date):
    """`is_late`: a report still in draft after the day it was due (`report_due_on`), for the
    list to show it first and marked (issue 18). In months counted from year 0: the report of
    `year` is due on the last day of month `year × 12 + 11 + annual_report_months` (31
    December plus that many months), so it is late from the month after."""
    this_month = on.year * 12 + on.month - 1
    late = Q(
        status=ReportStatus.DRAFT,
        convention__annual_report_months__isnull=False,
    ) & Q(due_month__lt=this_month)
    return reports.annotate(
        due_month=F("year") * 12 + 11 + F("convention__annual_report_months")
    ).annotate(
        is_late=Case(
            When(late, then=Value(True)), default=Value(False), output_field=BooleanField()
        )
    )


# What the due page reads of a convention: its dates and what it shows.
DUE_CONVENTION_FIELDS = (
    "reference",
    "title",
    "annual_report_months",
    *CONVENTION_DATE_FIELDS,
)


def _ends_on(on: dt.date) -> Callable[[Convention], dt.date]:
    """convention → convention.end_on(on), computed once per convention."""
    ends = {}

    def end_on(convention: Convention) -> dt.date:
        if convention.pk not in ends:
            ends[convention.pk] = convention.end_on(on)
        return ends[convention.pk]

    return end_on


def _visible_committees(user):
    """The visible committees of a convention, with the date of their first held meeting."""
    first_held = (
        # unscoped: subquery bound to each committee of the visible_to queryset
        Meeting.objects.filter(committee=OuterRef("pk"), status=MeetingStatus.HELD)
        .order_by("held_on")
        .values("held_on")[:1]
    )
    return (
        Committee.objects.visible_to(user)
        .filter(convention__isnull=False)
        .annotate(first_held_on=Subquery(first_held))
        .order_by("name")
    )


# Compiled once per process for each user's perimeter (issue 15).
@per_user()
def _committees(user):
    return _visible_committees(user).only("name", "frequency", "secretary", "convention")


@per_user()
def _committees_with_conventions(user):
    return (
        _visible_committees(user)
        .select_related("convention")
        .only(
            "name",
            "frequency",
            "secretary",
            "convention",
            *(f"convention__{name}" for name in DUE_CONVENTION_FIELDS),
        )
    )


@per_user()
def _due_conventions(user):
    return Convention.objects.visible_to(user).only(*DUE_CONVENTION_FIELDS)


@per_user(keys=1)
def _reports_read(user, year: int):
    # A draft is always listed; a submitted or validated report only matters for a year that
    # has begun (it removes that year from the reports due).
    return (
        AnnualReport.objects.visible_to(user)
        .filter(Q(status=ReportStatus.DRAFT) | Q(year__lte=year))
        .only("convention", "year", "status")
    )


def _committees_to_meet(user, conventions: list[Convention] | None) -> list[Committee]:
    """The visible committees of a convention, with the date of their first held meeting (a
    meeting before the signature counts for the first period, however old). One object per
    convention: a committee's convention is the visible one already read, and only those
    visible through the committee's organisation alone are read here (issue 15: not a second
    copy of every convention with its committees). Without `conventions` (the caller needs
    no other), the committees' conventions are read with them."""
    if conventions is None:
        return _committees_with_conventions.list(user)
    committees = _committees.list(user)
    by_pk = {convention.pk: convention for convention in conventions}
    missing = {committee.convention_id for committee in committees} - by_pk.keys()
    if missing:
        by_pk.update(
            (convention.pk, convention)
            # unscoped: the conventions of committees read through visible_to above
            for convention in Convention.objects.filter(pk__in=missing).only(*DUE_CONVENTION_FIELDS)
        )
    for committee in committees:
        committee.convention = by_pk[committee.convention_id]
    return committees


def _lives(committees: list[Committee], on: dt.date, end_on: Callable) -> list[tuple]:
    """(committee, life) of the committees whose convention is signed: computed once for the
    missed and the due meetings."""
    lives = []
    for committee in committees:
        convention = committee.convention
        life = committee_life(committee, on, end_on(convention) if convention.signed_on else None)
        if life is not None:
            lives.append((committee, life))
    return lives


def _meetings(lives: list[tuple], on: dt.date) -> tuple[list[MissedMeeting], list[DueMeeting]]:
    """The missed meetings (periods that ended in the last LOOKBACK_DAYS without a held
    meeting, as committee_schedule() would mark them "missed") and the due ones (periods
    under way in which the committee has not met yet, with the meeting planned in them if
    any): only those periods are built, and the meetings both need are read in one query."""
    since = on - dt.timedelta(days=LOOKBACK_DAYS)
    candidates = []
    current = []
    for committee, life in lives:
        ended, found = periods_to_judge(committee.frequency, life, since, on)
        candidates.extend((committee, *period) for period in ended)
        if found is not None:
            current.append((committee, *found))
    # The first period of a life is judged on the first meeting ever held (annotated), the
    # others on the meetings held from the earliest start among them.
    # (A "start of the year" committee is also read from its first period: the meeting it
    # held late that year, schedule.is_late.)
    window_start = min(
        (
            first
            for committee, index, first, *_rest in candidates
            if index > 0 or committee.frequency == Frequency.YEARLY_EARLY
        ),
        default=on,
    )
    # A period under way: its meetings held or planned from its start.
    current_start = min((first for _c, _i, first, _l, _lab in current), default=on)
    held = defaultdict(list)  # held in [window_start, on), for the missed periods
    meetings = defaultdict(list)  # held or planned from current_start, for the due ones
    read = set()
    if candidates or current:
        read = {committee.pk for committee, *_rest in candidates} | {
            committee.pk for committee, *_rest in current
        }
    if read:
        rows = (
            # unscoped: meetings of the committees read through visible_to above
            Meeting.objects.filter(
                committee__in=sorted(read),
                status__in=[MeetingStatus.HELD, MeetingStatus.PLANNED],
                held_on__gte=min(window_start, current_start),
            )
            .order_by("held_on")
            .values_list("committee_id", "held_on", "status")
        )
        for committee_id, held_on, status in rows:
            if status == MeetingStatus.HELD and window_start <= held_on < on:
                held[committee_id].append(held_on)
            if held_on >= current_start:
                meetings[committee_id].append((held_on, status))
    missed = [
        MissedMeeting(
            committee,
            make_period(first, last, label),
            is_late(committee.frequency, last, held[committee.pk]),
        )
        for committee, index, first, last, label in candidates
        if not is_held(index, first, last, held[committee.pk], committee.first_held_on)
    ]
    due = []
    for committee, index, first, last, label in current:
        rows = [(day, status) for day, status in meetings[committee.pk] if day <= last]
        done = [day for day, status in rows if status == MeetingStatus.HELD and day >= first]
        if done or (index == 0 and committee.first_held_on and committee.first_held_on <= last):
            continue
        planned = [day for day, status in rows if status == MeetingStatus.PLANNED and day >= on]
        due.append(
            DueMeeting(committee, make_period(first, last, label), planned[0] if planned else None)
        )
    return (
        sorted(missed, key=lambda m: (m.period.end, m.committee.name)),
        sorted(due, key=lambda d: (d.period.end, d.committee.name)),
    )


def _reports(user, on: dt.date, conventions: list[Convention], end_on: Callable) -> list[ReportDue]:
    horizon = on + dt.timedelta(days=HORIZON_DAYS)
    by_pk = {convention.pk: convention for convention in conventions}
    reports = {}
    for report in _reports_read.list(user, on.year):
        if report.convention_id in by_pk:
            report.convention = by_pk[report.convention_id]
        reports[(report.convention_id, report.year)] = report
    due = []
    for convention in conventions:
        if convention.annual_report_months is None or not convention.signed_on:
            continue
        last = min(end_on(convention), on)
        for year in range(convention.start_date.year, last.year + 1):
            report = reports.get((convention.pk, year))
            if report is not None and report.status != ReportStatus.DRAFT:
                continue
            due_on = report_due_on(convention, year)
            if due_on > horizon:
                break  # the later years are due later still
            due.append(ReportDue(convention, year, due_on, report))
    listed = {(d.convention.pk, d.year) for d in due}
    for (convention_id, year), report in reports.items():
        if report.status == ReportStatus.DRAFT and (convention_id, year) not in listed:
            convention = report.convention
            due.append(ReportDue(convention, year, report_due_on(convention, year), report))
    return sorted(due, key=lambda d: (d.due_on or dt.date.max, d.convention.reference))


def _deadlines(on: dt.date, conventions: list[Convention], end_on: Callable) -> list[Deadline]:
    horizon = on + dt.timedelta(days=HORIZON_DAYS)
    deadlines = []
    for convention in conventions:
        if not convention.in_force_on(on):
            continue
        end = end_on(convention)
        if end <= horizon:
            deadlines.append(Deadline(convention, "end", end))
        notice = convention.last_day_to_denounce(on)
        if notice and on <= notice <= horizon and not convention.effective_termination():
            deadlines.append(Deadline(convention, "notice", notice))
    return sorted(deadlines, key=lambda d: (d.day, d.convention.reference))


def due_items(user, on: dt.date, *, meetings_only: bool = False) -> DueItems:
    """What is due in the user's perimeter: meetings that should have been held in the last
    twelve months and were not, annual reports not yet submitted, and conventions ending or
    reaching their notice deadline in the next 90 days.

    A fixed number of queries: the conventions (their dates are columns), the committees,
    the meetings held or planned in the window, the reports.

    `meetings_only`: the meetings missed and due alone, without the reports and deadlines
    (the home page counts the missed meetings and lists a secretary's).
    """
    conventions = None if meetings_only else _due_conventions.list(user)
    committees = _committees_to_meet(user, conventions)
    end_on = _ends_on(on)
    missed, due = _meetings(_lives(committees, on, end_on), on)
    return DueItems(
        on=on,
        missed_meetings=missed,
        due_meetings=due,
        reports=[] if meetings_only else _reports(user, on, conventions, end_on),
        deadlines=[] if meetings_only else _deadlines(on, conventions, end_on),
    )


def secretary_due(user, on: dt.date, items: DueItems | None = None) -> DueItems:
    """The meetings due and missing of the committees whose secretary is `user` (their
    to-do on the home page): the same rules as the "Échéances" page (`items`: its rows, when
    the caller has read them)."""
    items = items if items is not None else due_items(user, on)
    return DueItems(
        on=on,
        missed_meetings=[m for m in items.missed_meetings if m.committee.secretary_id == user.pk],
        reports=[],
        deadlines=[],
        due_meetings=[m for m in items.due_meetings if m.committee.secretary_id == user.pk],
    )
