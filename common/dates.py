"""Calendar arithmetic shared by every rule that counts in months or weeks."""

import calendar
import datetime as dt


def add_months(day: dt.date, months: int) -> dt.date:
    """Same day `months` later, clamped to the month's last day (31 Aug + 6 months = 28/29 Feb)."""
    month_index = day.month - 1 + months
    year = day.year + month_index // 12
    month = month_index % 12 + 1
    last = calendar.monthrange(year, month)[1]
    return day.replace(year=year, month=month, day=min(day.day, last))


def term_end(start: dt.date, months: int) -> dt.date:
    """Last day of a term of `months` starting on `start` (1 Jan + 12 months → 31 Dec)."""
    return add_months(start, months) - dt.timedelta(days=1)


def previous_month(day: dt.date) -> tuple[dt.date, dt.date]:
    """First and last day of the month before `day`'s."""
    last = day.replace(day=1) - dt.timedelta(days=1)
    return last.replace(day=1), last


# How far ahead the "Échéances" page and the home page's to-do look for a deadline (days).
DEADLINE_HORIZON_DAYS = 90
