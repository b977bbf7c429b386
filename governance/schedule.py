"""When a committee must meet: the periods its expected frequency cuts the convention into.

A committee meets at least once in each period; a period that ended without a held meeting
is a missing meeting (domain.md § governance: "a COPIL that must meet twice a year and met
once").
"""

import datetime as dt
from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _

from governance.enums import Frequency, MeetingStatus
from partnerships.dates import add_months, term_end


@dataclass
class Period:
    start: dt.date
    end: dt.date
    label: str
    meetings: list = field(default_factory=list)

    def state(self, on: dt.date) -> str:
        if self.meetings:
            return "held"
        if self.end < on:
            return "missed"
        return "current" if self.start <= on else "upcoming"

    def get_state_display(self, on: dt.date) -> str:
        return str(PERIOD_STATES[self.state(on)])


PERIOD_STATES = {
    "held": _("Réunion tenue"),
    "missed": _("Réunion manquante"),
    "current": _("Période en cours"),
    "upcoming": _("À venir"),
}

# Months in each period of a regular frequency.
PERIOD_MONTHS = {
    Frequency.MONTHLY: 1,  # seed 000 art. IV, seed 003 §VI: monthly → 12 a year
    Frequency.TWICE_A_YEAR: 6,  # seed 000 art. IV, seed 002 §V: twice a year → 2
    Frequency.YEARLY: 12,  # seed 001 art. 5, seed 002 §V: at least once a year → 1
}


def _split(start: dt.date, end: dt.date, labels: list) -> list[Period]:
    days = (end - start).days + 1
    periods = []
    for index, label in enumerate(labels):
        first = start + dt.timedelta(days=days * index // len(labels))
        last = start + dt.timedelta(days=days * (index + 1) // len(labels) - 1)
        periods.append(Period(first, last, str(label)))
    return periods


def meeting_periods(frequency: str, start: dt.date, end: dt.date) -> list[Period]:
    """The periods in which a committee of `frequency` must meet, from `start` to `end`.

    Monthly → one a month (12 a year), twice a year → every 6 months, yearly → every 12
    months; launch / mid-term / yearly (seed 003 §VI) → the first year in three (launch,
    mid-term review, annual review), each later year in two (mid-term, annual review);
    "as needed" → none.
    """
    if end < start:
        return []
    if frequency == Frequency.MONTHLY:
        periods, first = [], start
        while first <= end:
            month_end = add_months(first.replace(day=1), 1) - dt.timedelta(days=1)
            if first == start and start.day > 1 and month_end < end:
                # A term starting mid-month: its first days belong to the first full month.
                month_end = add_months(first.replace(day=1), 2) - dt.timedelta(days=1)
            last = min(month_end, end)
            periods.append(Period(first, last, last.strftime("%m/%Y")))
            first = last + dt.timedelta(days=1)
        return periods
    if frequency in PERIOD_MONTHS:
        months = PERIOD_MONTHS[frequency]
        periods, first = [], start
        while first <= end:
            last = min(term_end(first, months), end)
            label = _("Du %(start)s au %(end)s") % {
                "start": first.strftime("%d/%m/%Y"),
                "end": last.strftime("%d/%m/%Y"),
            }
            periods.append(Period(first, last, str(label)))
            first = last + dt.timedelta(days=1)
        return periods
    if frequency == Frequency.LAUNCH_MIDTERM_YEARLY:
        periods, first, year = [], start, 0
        while first <= end:
            last = min(term_end(first, 12), end)
            labels = [_("Bilan à mi-parcours"), _("Bilan annuel")]
            if year == 0:
                labels.insert(0, _("Lancement"))
            periods += _split(first, last, labels)
            first, year = last + dt.timedelta(days=1), year + 1
        return periods
    return []


def expected_per_year(frequency: str) -> int:
    """Meetings expected in a year of the convention (the first year for launch/mid/yearly)."""
    return len(meeting_periods(frequency, dt.date(2019, 1, 1), dt.date(2019, 12, 31)))


def committee_life(committee, on: dt.date) -> tuple[dt.date, dt.date] | None:
    """From signature (or start, if later) to the end seen from `on`, for a convention's
    committee; None for a standing body without a convention or an unsigned convention."""
    convention = committee.convention
    if convention is None or not convention.signed_on:
        return None
    return max(convention.start_date, convention.signed_on), convention.end_on(on)


def committee_schedule(committee, on: dt.date) -> list[Period]:
    """The committee's periods with the held meetings of each (uses prefetched meetings)."""
    life = committee_life(committee, on)
    if life is None:
        return []
    periods = meeting_periods(committee.frequency, *life)
    if not periods:
        return []
    held = sorted(
        (m for m in committee.meetings.all() if m.status == MeetingStatus.HELD),
        key=lambda m: m.held_on,
    )
    for meeting in held:
        if meeting.held_on < periods[0].start:
            # A launch meeting may precede the signature: it counts for the first period.
            periods[0].meetings.append(meeting)
            continue
        for period in periods:
            if period.start <= meeting.held_on <= period.end:
                period.meetings.append(meeting)
                break
    return periods
