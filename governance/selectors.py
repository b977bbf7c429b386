"""Reads of governance: the "due" page and the schedules of committees.

Every read starts from a `visible_to(user)` queryset and loads its rows in a fixed number of
queries; the dates are computed in Python by the models' own rules.
"""

import datetime as dt
from dataclasses import dataclass

from django.db.models import Prefetch
from django.utils.translation import gettext_lazy as _

from governance.enums import ReportStatus
from governance.models import AnnualReport, Committee, Meeting
from governance.schedule import Period, committee_schedule
from partnerships.dates import add_months
from partnerships.models import Convention

HORIZON_DAYS = 90
LOOKBACK_DAYS = 365


def committees_for(user):
    return Committee.objects.visible_to(user).select_related("convention", "organisation")


def with_schedule(committees):
    """What committee_schedule() reads, prefetched: the convention's dates and the meetings."""
    return committees.prefetch_related(
        "convention__amendments",
        "convention__terminations",
        Prefetch("meetings", queryset=Meeting.objects.order_by("held_on")),
    )


@dataclass(frozen=True)
class MissedMeeting:
    committee: Committee
    period: Period


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

    @property
    def count(self) -> int:
        return len(self.missed_meetings) + len(self.reports) + len(self.deadlines)


def report_due_on(convention: Convention, year: int) -> dt.date | None:
    """The report of a year is due `annual_report_months` after 31 December (seed 001 art. 6:
    "chaque année"); None when the convention expects none."""
    if convention.annual_report_months is None:
        return None
    return add_months(dt.date(year, 12, 31), convention.annual_report_months)


def _missed_meetings(user, on: dt.date) -> list[MissedMeeting]:
    since = on - dt.timedelta(days=LOOKBACK_DAYS)
    committees = with_schedule(committees_for(user).filter(convention__isnull=False))
    missed = []
    for committee in committees:
        for period in committee_schedule(committee, on):
            if period.state(on) == "missed" and period.end >= since:
                missed.append(MissedMeeting(committee, period))
    return sorted(missed, key=lambda m: (m.period.end, m.committee.name))


def _reports(user, on: dt.date, conventions: list[Convention]) -> list[ReportDue]:
    horizon = on + dt.timedelta(days=HORIZON_DAYS)
    reports = {
        (r.convention_id, r.year): r
        for r in AnnualReport.objects.visible_to(user).select_related("convention")
    }
    due = []
    for convention in conventions:
        if convention.annual_report_months is None or not convention.signed_on:
            continue
        last = min(convention.end_on(on), on)
        for year in range(convention.start_date.year, last.year + 1):
            report = reports.get((convention.pk, year))
            due_on = report_due_on(convention, year)
            if report is not None and report.status != ReportStatus.DRAFT:
                continue
            if due_on <= horizon:
                due.append(ReportDue(convention, year, due_on, report))
    listed = {(d.convention.pk, d.year) for d in due}
    for (convention_id, year), report in reports.items():
        if report.status == ReportStatus.DRAFT and (convention_id, year) not in listed:
            convention = report.convention
            due.append(ReportDue(convention, year, report_due_on(convention, year), report))
    return sorted(due, key=lambda d: (d.due_on or dt.date.max, d.convention.reference))


def _deadlines(on: dt.date, conventions: list[Convention]) -> list[Deadline]:
    horizon = on + dt.timedelta(days=HORIZON_DAYS)
    deadlines = []
    for convention in conventions:
        if not convention.in_force_on(on):
            continue
        end = convention.end_on(on)
        if end <= horizon:
            deadlines.append(Deadline(convention, "end", end))
        notice = convention.last_day_to_denounce(on)
        if notice and on <= notice <= horizon and not convention.effective_termination():
            deadlines.append(Deadline(convention, "notice", notice))
    return sorted(deadlines, key=lambda d: (d.day, d.convention.reference))


def due_items(user, on: dt.date) -> DueItems:
    """What is due in the user's perimeter: meetings that should have been held in the last
    twelve months and were not, annual reports not yet submitted, and conventions ending or
    reaching their notice deadline in the next 90 days."""
    conventions = list(
        Convention.objects.visible_to(user).prefetch_related("amendments", "terminations")
    )
    return DueItems(
        on=on,
        missed_meetings=_missed_meetings(user, on),
        reports=_reports(user, on, conventions),
        deadlines=_deadlines(on, conventions),
    )
