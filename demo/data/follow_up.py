"""The shape of a demo household's follow-up: planned actions, contacts, reviews.

Dates given as an `int` are a number of days from the loading day (negative: in the past),
so the follow-up stays current.
"""

import datetime as dt
from typing import NamedTuple

D = dt.date
Day = int | dt.date


class Action(NamedTuple):
    domain: str
    description: str
    organisation: str
    performer: str
    due_on: Day | None
    status: str


class Visit(NamedTuple):
    """A contact (rencontre) with the household."""

    day: Day
    medium: str
    author: str
    summary: str
    domains: tuple[str, ...] = ()
    participants: tuple[str, ...] = ()
    minutes: int = 60
    note: str = ""


class Rendezvous(NamedTuple):
    """A planned contact (issue 16): in `day` days, at `hour`, at `place`."""

    day: Day
    hour: int
    medium: str
    place: str
    planned_by: str
    participants: tuple[str, ...] = ()
    minutes: int = 60


class Assessment(NamedTuple):
    """A review (bilan)."""

    kind: str
    held_on: Day
    assessment: str
    recommendation: str
    sent_on: Day | None = None
