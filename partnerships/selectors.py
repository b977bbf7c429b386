"""Reads of partnerships: conventions with their dates, years of activity, the monthly
synthesis and the dashboard of activity, progress of action sheets."""

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, Prefetch, Sum
from django.db.models.functions import TruncMonth
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from common.compiled import compiled
from common.dates import add_months
from common.expressions import AmongValues, Keys
from common.money import ZERO
from partnerships.enums import Role
from partnerships.models import (
    ActivityRecord,
    Convention,
    ConventionParty,
    IncidentReport,
    Membership,
    Notification,
    Organisation,
    SupervisionTime,
    SynthesisAnalysis,
    activity_share_of,
)
from partnerships.perimeter import org_ids


@compiled(int)
def unread_notifications(user_id):
    """The bell of every page: how many of the user's notifications are unread (one COUNT on
    the index (recipient, read_at), compiled once per process: issue 15)."""
    # unscoped: the user's own notifications, as Notification.objects.visible_to(user) reads
    return Notification.objects.filter(recipient_id=user_id).unread()


# --------------------------------------------------------------------------------- members
def members_for(user):
    """The memberships a director manages: those of the organisations they direct (their own
    memberships elsewhere are not theirs to manage); all of them for a superuser."""
    queryset = Membership.objects.visible_to(user)
    if not user.is_superuser:
        queryset = queryset.filter(organisation__in=org_ids(user, roles=[Role.DIRECTOR]))
    return queryset


# ----------------------------------------------------------------------------- conventions
# What Convention.end_on(), in_force_on(), status_on() and last_day_to_denounce() read: the
# convention's own columns (the amendments and terminations are summed up in amended_end and
# terminated_on by partnerships.services.refresh_convention_dates), no related row.
CONVENTION_DATE_FIELDS = (
    "start_date",
    "end_date",
    "renewal_policy",
    "renewal_term_months",
    "notice_months",
    "status",
    "signed_on",
    "amended_end",
    "terminated_on",
    "effective_end",
    "denounce_by",
)


def conventions_for(user):
    """The conventions of the user's perimeter, with what their list needs: the dates are
    columns, only the parties are prefetched, with their organisation (one query, ordered on
    its own columns: the model's ordering would join the conventions again)."""
    parties = (
        # unscoped: prefetch for the conventions of visible_to below
        ConventionParty.objects.select_related("organisation").order_by("convention_id", "pk")
    )
    return Convention.objects.visible_to(user).prefetch_related(Prefetch("parties", parties))


@dataclass(frozen=True)
class ConventionRow:
    """A row of the convention list, read as values (issue 15: the page's conventions,
    parties and organisations as model instances cost more than their SQL)."""

    pk: int
    reference: str
    title: str
    kind: str
    start_date: dt.date
    effective_end: dt.date | None
    denounce_by: dt.date | None
    status: str
    parties: tuple[tuple[str, str], ...]  # (str(organisation), role)


def convention_page(pks: list[int]) -> list[ConventionRow]:
    """The rows of one page of conventions, in the page's order, in two queries compiled once
    per process: the page's keys come from the list's filtered and ordered query of
    visible_to(user)."""
    keys = Keys(pks)
    parties: dict[int, list] = {pk: [] for pk in pks}
    for convention, short_name, name, role in _parties_of.queryset(keys):
        parties[convention].append((Organisation.label_of(short_name, name), role))
    lines = {
        row[0]: ConventionRow(*row, tuple(parties[row[0]]))
        for row in _conventions_of.queryset(keys)
    }
    return [lines[pk] for pk in pks]


@compiled(Keys)
def _parties_of(keys):
    # unscoped: the parties of the page's conventions (keys from the visible_to list)
    parties = ConventionParty.objects.filter(AmongValues("convention_id", keys))
    return parties.order_by("convention_id", "pk").values_list(
        "convention_id", "organisation__short_name", "organisation__name", "role"
    )


@compiled(Keys)
def _conventions_of(keys):
    # unscoped: pks of the page of the visible_to query of the list
    conventions = Convention.objects.filter(AmongValues("pk", keys))
    return conventions.values_list(
        "pk",
        "reference",
        "title",
        "kind",
        "start_date",
        "effective_end",
        "denounce_by",
        "status",
    )


def convention_years(convention, today: dt.date) -> list[int]:
    last = min(convention.end_on(today), max(today, convention.end_in_force()))
    return list(range(convention.start_date.year, last.year + 1))


def default_year(convention, today: dt.date) -> int:
    years = convention_years(convention, today)
    return today.year if today.year in years else years[-1]


# ------------------------------------------------------------------- activity (seed 003 §VI)
@dataclass(frozen=True)
class Line:
    label: str
    hours: Decimal
    records: int
    participants: int


def _lines(labels: list[str], rows: list[dict], key: str) -> list[Line]:
    """One line per label of the convention's own list, zero when nothing was recorded."""
    found = {row[key]: row for row in rows}
    lines = []
    for label in labels:
        row = found.get(label, {})
        lines.append(
            Line(label, row.get("hours") or ZERO, row.get("n") or 0, row.get("people") or 0)
        )
    if None in found:
        row = found[None]
        lines.append(Line(str(_("Sans axe")), row["hours"], row["n"], row["people"] or 0))
    return lines


def _grouped(records, key: str) -> list[dict]:
    return list(
        records.values(key).annotate(hours=Sum("hours"), n=Count("pk"), people=Sum("participants"))
    )


@dataclass(frozen=True)
class Week:
    year: int
    number: int
    first_day: dt.date
    hours: Decimal
    target: Decimal | None

    @property
    def gap(self) -> Decimal | None:
        return None if self.target is None else self.hours - self.target


# ------------------------------------------------------------ supervision (seed 003 §IV.1)
class SupervisionState:
    DONE = "done"
    SHORT = "short"
    LATE = "late"
    RUNNING = "running"


SUPERVISION_LABELS = {
    SupervisionState.DONE: _("Conforme"),
    SupervisionState.SHORT: _("Inférieur au temps prévu"),
    SupervisionState.LATE: _("Non saisi, en retard"),
    SupervisionState.RUNNING: _("Semaine en cours"),
}


def supervision_state(
    expected: Decimal | None, recorded: Decimal | None, week_start: dt.date, today: dt.date
) -> str:
    """seed 003 §IV.1: « un temps d'encadrement équivalent à 1/2 journée par semaine ». A week
    that has ended without its record is late; a record below the expected time is short."""
    ended = week_start + dt.timedelta(days=6) < today
    if recorded is None:
        return SupervisionState.LATE if ended else SupervisionState.RUNNING
    if expected is not None and recorded < expected:
        return SupervisionState.SHORT if ended else SupervisionState.RUNNING
    return SupervisionState.DONE


@dataclass(frozen=True)
class SupervisionWeek:
    week_start: dt.date
    expected: Decimal | None
    recorded: Decimal | None
    state: str

    @property
    def label(self) -> str:
        return str(SUPERVISION_LABELS[self.state])

    @property
    def flagged(self) -> bool:
        return self.state in (SupervisionState.SHORT, SupervisionState.LATE)


def supervision_weeks(convention, first: dt.date, last: dt.date, today=None) -> list:
    """The weeks whose Monday falls between `first` and `last`, while the convention is in
    force, with the supervision time recorded against the time expected each week."""
    today = today or timezone.localdate()
    monday = first + dt.timedelta(days=(7 - first.weekday()) % 7)
    end = min(last, today)
    # unscoped: supervision of a convention the view loaded through visible_to
    rows = SupervisionTime.objects.filter(convention=convention, week_start__range=(first, last))
    recorded = dict(rows.values_list("week_start", "hours"))
    expected = convention.supervision_hours_per_week
    weeks = []
    while monday <= end:
        sunday = monday + dt.timedelta(days=6)
        if sunday >= convention.start_date and monday <= convention.end_on(monday):
            hours = recorded.get(monday)
            weeks.append(
                SupervisionWeek(
                    monday, expected, hours, supervision_state(expected, hours, monday, today)
                )
            )
        monday += dt.timedelta(days=7)
    return weeks


@dataclass(frozen=True)
class SupervisionMonth:
    month: dt.date
    expected: Decimal | None
    recorded: Decimal
    late: int
    short: int

    @property
    def flagged(self) -> bool:
        return bool(self.late or self.short)


def supervision_months(convention, year: int, today=None) -> list[SupervisionMonth]:
    """Month by month, the supervision recorded against the half-days expected (seed 003
    §IV.1), with how many weeks are late or short."""
    weeks = supervision_weeks(convention, dt.date(year, 1, 1), dt.date(year, 12, 31), today)
    months = []
    for number in range(1, 13):
        mine = [w for w in weeks if w.week_start.month == number]
        if not mine:
            continue
        expected = None
        if convention.supervision_hours_per_week is not None:
            expected = convention.supervision_hours_per_week * len(mine)
        months.append(
            SupervisionMonth(
                dt.date(year, number, 1),
                expected,
                sum((w.recorded or ZERO for w in mine), ZERO),
                sum(1 for w in mine if w.state == SupervisionState.LATE),
                sum(1 for w in mine if w.state == SupervisionState.SHORT),
            )
        )
    return months


@dataclass(frozen=True)
class MonthlySynthesis:
    convention: object
    month: dt.date
    by_kind: list[Line]
    by_axis: list[Line]
    weeks: list[Week]
    total_hours: Decimal
    records: int
    participants: int
    target_hours: Decimal | None
    incidents: int
    supervision: list[SupervisionWeek]
    analysis: object  # SynthesisAnalysis or None
    share: list  # the communes the reader reads, when only their share (seed 003 §VI)

    @property
    def achievement(self) -> Decimal | None:
        if not self.target_hours:
            return None
        return (self.total_hours * 100 / self.target_hours).quantize(Decimal("1"))


def monthly_synthesis(convention, month: dt.date, user) -> MonthlySynthesis:
    """Synthèse mensuelle (seed 003 §V.2, §VI): hours by activity and by axis, week by week
    against the 35 h average, the month against a twelfth of the 1 607 h, the supervision
    week by week, and the operator's analysis and recommendations. A signatory commune reads
    its own share of the activity (seed 003 §VI), without the contracted targets."""

    first = month.replace(day=1)
    last = add_months(first, 1) - dt.timedelta(days=1)
    share = activity_share_of(user, convention)
    records = ActivityRecord.objects.visible_to(user).filter(
        convention=convention, day__range=(first, last)
    )
    kinds = [k.label for k in convention.activity_kinds.all()]
    axes = [a.label for a in convention.activity_axes.all()]
    by_day = dict(
        records.order_by().values("day").annotate(hours=Sum("hours")).values_list("day", "hours")
    )
    weeks: dict[tuple[int, int], Decimal] = {}
    day = first
    while day <= last:
        iso = day.isocalendar()
        weeks[(iso.year, iso.week)] = weeks.get((iso.year, iso.week), ZERO) + by_day.get(day, ZERO)
        day += dt.timedelta(days=1)
    totals = records.aggregate(hours=Sum("hours"), n=Count("pk"), people=Sum("participants"))
    # seed 003 §IV.1: a weekly average of 35 hours (the whole activity's, not a share's).
    weekly = None if share else convention.contracted_hours_per_week
    return MonthlySynthesis(
        convention=convention,
        month=first,
        by_kind=_lines(kinds, _grouped(records, "kind__label"), "kind__label"),
        by_axis=_lines(axes, _grouped(records, "axis__label"), "axis__label"),
        weeks=[
            Week(y, w, dt.date.fromisocalendar(y, w, 1), hours, weekly)
            for (y, w), hours in weeks.items()
        ],
        total_hours=totals["hours"] or ZERO,
        records=totals["n"],
        participants=totals["people"] or 0,
        target_hours=None if share else convention.monthly_hours_target(),
        incidents=IncidentReport.objects.visible_to(user)
        .filter(convention=convention, occurred_on__range=(first, last))
        .count(),
        supervision=supervision_weeks(convention, first, last),
        analysis=SynthesisAnalysis.objects.visible_to(user)
        .filter(convention=convention, month=first)
        .select_related("operator", "written_by")
        .first(),
        share=share,
    )


@dataclass(frozen=True)
class MonthLine:
    month: dt.date
    hours: Decimal
    cumulated: Decimal
    target: Decimal | None


# The abbreviations of the Imprimerie nationale's Lexique, as a chart's axis shows them.
SHORT_MONTHS = (
    "janv.",
    "févr.",
    "mars",
    "avr.",
    "mai",
    "juin",
    "juil.",
    "août",
    "sept.",
    "oct.",
    "nov.",
    "déc.",
)


@dataclass(frozen=True)
class Dashboard:
    convention: object
    year: int
    months: list[MonthLine]
    by_kind: list[Line]
    by_axis: list[Line]
    total_hours: Decimal
    yearly_target: Decimal | None
    supervision: list[SupervisionMonth]
    share: list

    @property
    def achievement(self) -> Decimal | None:
        if not self.yearly_target:
            return None
        return (self.total_hours * 100 / self.yearly_target).quantize(Decimal("1"))

    def chart_data(self) -> dict:
        """What static/js/conventions-dashboard.js draws (the same figures as the tables)."""
        return {
            # Short French month names, never rotated into the next line (issue 18).
            "months": [SHORT_MONTHS[m.month.month - 1] for m in self.months],
            "hours": [float(m.hours) for m in self.months],
            "target": [float(m.target) if m.target is not None else None for m in self.months],
            "kinds": [line.label for line in self.by_kind],
            "kindHours": [float(line.hours) for line in self.by_kind],
            "axes": [line.label for line in self.by_axis],
            "axisHours": [float(line.hours) for line in self.by_axis],
        }


def activity_dashboard(convention, year: int, user) -> Dashboard:
    """Tableau de bord de la médiation (seed 003 §VI): the year's hours month by month against
    the contracted volume (seed 003 §IV.1: 1 607 h a year), by activity and by axis, and the
    supervision month by month (§IV.1: 1/2 journée par semaine). A signatory commune reads
    its own share, without the contracted volume (the whole activity's)."""

    share = activity_share_of(user, convention)
    records = ActivityRecord.objects.visible_to(user).filter(convention=convention, day__year=year)
    per_month = dict(
        records.annotate(month=TruncMonth("day"))
        .order_by()
        .values("month")
        .annotate(hours=Sum("hours"))
        .values_list("month", "hours")
    )
    per_month = {
        (m.date() if isinstance(m, dt.datetime) else m): hours for m, hours in per_month.items()
    }
    target = None if share else convention.monthly_hours_target()
    months, cumulated = [], ZERO
    for number in range(1, 13):
        month = dt.date(year, number, 1)
        hours = per_month.get(month, ZERO)
        cumulated += hours
        months.append(MonthLine(month, hours, cumulated, target))
    kinds = [k.label for k in convention.activity_kinds.all()]
    axes = [a.label for a in convention.activity_axes.all()]
    return Dashboard(
        convention=convention,
        year=year,
        months=months,
        by_kind=_lines(kinds, _grouped(records, "kind__label"), "kind__label"),
        by_axis=_lines(axes, _grouped(records, "axis__label"), "axis__label"),
        total_hours=cumulated,
        yearly_target=None if share else convention.contracted_hours_per_year,
        supervision=supervision_months(convention, year),
        share=share,
    )


# ------------------------------------------------------------ action sheets (seed 001 annexes)
@dataclass(frozen=True)
class IndicatorProgress:
    indicator: object
    values: list  # IndicatorValue rows, oldest first, each with .achievement


def sheet_progress(sheet) -> list[IndicatorProgress]:
    """Each indicator of the sheet with its recorded values against its target."""
    progress = []
    for indicator in sheet.indicators.all():
        values = list(indicator.values.all())
        for value in values:
            value.achievement = indicator.achievement(value.value)
        progress.append(IndicatorProgress(indicator, values))
    return progress
