"""Dates of the demo's current period, so that the figures of "this year" are never empty.

The seeds' conventions ended years ago (2023-121 on 31 December 2025, ASRL in 2020). The demo
adds what a département would have today (a follow-on CPOM, the ASRL extended, a new call
for applications) with dates counted from the loading day: `YearDay(0, 1, 1)` is the
1 January of the demo year, the year of the day 120 days before loading (so that at least
four months of the year have passed and its first instalment is due).
"""

from typing import NamedTuple

DEMO_YEAR_LAG_DAYS = 120


class YearDay(NamedTuple):
    """A day of the demo year plus `offset` years."""

    offset: int
    month: int = 1
    day: int = 1
