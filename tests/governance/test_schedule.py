"""Which meetings a committee owes, from its expected frequency."""

import datetime as dt

import pytest

from governance.enums import Frequency
from governance.schedule import (
    committee_schedule,
    current_period,
    expected_per_year,
    meeting_periods,
    periods_ended_between,
    periods_to_judge,
)
from partnerships.enums import RenewalPolicy
from tests.governance.factories import CommitteeFactory, MeetingFactory
from tests.partnerships.factories import ConventionFactory

D = dt.date


@pytest.mark.parametrize(
    ("frequency", "expected"),
    [
        (Frequency.MONTHLY, 12),  # seed 000 art. IV (COMOP), seed 003 §VI (comité de suivi)
        (Frequency.TWICE_A_YEAR, 2),  # seed 000 art. IV (COPIL), seed 002 §V
        (Frequency.YEARLY, 1),  # seed 001 art. 5
        (Frequency.LAUNCH_MIDTERM_YEARLY, 3),  # seed 003 §VI: launch, mid-term, annual review
        (Frequency.AS_NEEDED, 0),
    ],
)
def test_meetings_expected_in_a_year(frequency, expected):
    assert expected_per_year(frequency) == expected


def test_launch_only_the_first_year_then_mid_term_and_annual_review():
    periods = meeting_periods(Frequency.LAUNCH_MIDTERM_YEARLY, D(2019, 1, 1), D(2020, 12, 31))
    assert [p.label for p in periods] == [
        "Lancement",
        "Bilan à mi-parcours",
        "Bilan annuel",
        "Bilan à mi-parcours",
        "Bilan annuel",
    ]
    assert periods[-1].end == D(2020, 12, 31)


def test_a_month_started_mid_way_joins_the_next_one():
    periods = meeting_periods(Frequency.MONTHLY, D(2019, 6, 28), D(2019, 12, 31))
    assert (periods[0].start, periods[0].end) == (D(2019, 6, 28), D(2019, 7, 31))
    assert len(periods) == 6


@pytest.mark.django_db
def test_copil_that_must_meet_twice_a_year_and_met_once_misses_a_meeting():
    # seed 000 art. IV: "Le Comité de Pilotage se réunira deux fois dans l'année"
    convention = ConventionFactory(
        start_date=D(2021, 2, 16),
        end_date=D(2022, 2, 15),
        signed_on=D(2021, 2, 16),
        renewal_policy=RenewalPolicy.BY_DECISION,
    )
    committee = CommitteeFactory(convention=convention, frequency=Frequency.TWICE_A_YEAR)
    MeetingFactory(committee=committee, held_on=D(2021, 6, 10))
    MeetingFactory(committee=committee, held_on=D(2021, 12, 2), cancelled=True)
    periods = committee_schedule(committee, D(2022, 3, 1))
    assert [(p.start, p.end, p.state(D(2022, 3, 1))) for p in periods] == [
        (D(2021, 2, 16), D(2021, 8, 15), "held"),
        (D(2021, 8, 16), D(2022, 2, 15), "missed"),
    ]


@pytest.mark.django_db
def test_mediation_copil_met_at_launch_and_mid_term_and_owes_the_annual_review():
    # seed 003 §VI: launch, mid-term review, annual review; signed at the end of June 2019
    convention = ConventionFactory(
        start_date=D(2019, 1, 1), end_date=D(2019, 12, 31), signed_on=D(2019, 6, 28)
    )
    committee = CommitteeFactory(convention=convention, frequency=Frequency.LAUNCH_MIDTERM_YEARLY)
    MeetingFactory(committee=committee, held_on=D(2019, 7, 4))
    MeetingFactory(committee=committee, held_on=D(2019, 10, 3))
    states = [
        (p.label, p.state(D(2020, 1, 15))) for p in committee_schedule(committee, D(2020, 1, 15))
    ]
    assert states == [
        ("Lancement", "held"),
        ("Bilan à mi-parcours", "held"),
        ("Bilan annuel", "missed"),
    ]


@pytest.mark.django_db
def test_a_committee_without_convention_owes_no_meeting():
    committee = CommitteeFactory(convention=None, frequency=Frequency.YEARLY)
    assert committee_schedule(committee, D(2024, 1, 1)) == []


@pytest.mark.parametrize("frequency", list(Frequency))
def test_one_walk_judges_the_same_periods_as_the_two(frequency):
    # issue 15: the due page walks each committee's periods once for the missed and the
    # current ones; the answer is the two functions' it replaced, day after day.
    lives = [(D(2023, 1, 15), D(2025, 12, 31)), (D(2024, 3, 1), D(2024, 3, 20))]
    for start, end in lives:
        for offset in range(0, 1200, 7):
            on = D(2023, 1, 1) + dt.timedelta(days=offset)
            since = on - dt.timedelta(days=365)
            expected = (
                periods_ended_between(frequency, (start, end), since, on),
                current_period(frequency, (start, end), on),
            )
            assert periods_to_judge(frequency, (start, end), since, on) == expected
