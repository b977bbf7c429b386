"""Committee calendar rules: "au minimum une fois par an, en début d'année" (seed 001
art. 5), read as the first quarter; due and missing meetings on the "Échéances" page and on
the secretary's home page."""

import datetime as dt

import pytest
from django.urls import reverse

from governance import services
from governance.enums import Frequency
from governance.errors import GovernanceError
from governance.schedule import committee_schedule, expected_per_year, meeting_periods
from governance.selectors import due_items
from partnerships.enums import PartyRole, Role
from tests.governance.factories import CommitteeFactory, MeetingFactory
from tests.partnerships.factories import (
    ConventionFactory,
    ConventionPartyFactory,
    UserFactory,
    member,
)

pytestmark = pytest.mark.django_db
D = dt.date


def copil_fas(world):
    """seed 001: CPOM 2023-2025 signed on 28 April 2023; its COPIL meets early each year."""
    convention = ConventionFactory(
        start_date=D(2023, 1, 1), end_date=D(2025, 12, 31), signed_on=D(2023, 4, 28)
    )
    ConventionPartyFactory(
        convention=convention, organisation=world.orgs.department, role=PartyRole.FUNDER
    )
    ConventionPartyFactory(
        convention=convention, organisation=world.orgs.fas, role=PartyRole.BENEFICIARY
    )
    return CommitteeFactory(
        convention=convention,
        organisation=world.orgs.department,
        frequency=Frequency.YEARLY_EARLY,
        secretary=world.users.staff,
    )


def test_start_of_the_year_is_the_first_quarter():
    # seed 001 art. 5: "au minimum une fois par an, en début d'année"
    assert expected_per_year(Frequency.YEARLY_EARLY) == 1
    periods = meeting_periods(Frequency.YEARLY_EARLY, D(2023, 4, 28), D(2025, 12, 31))
    # Signed in April 2023: no year elapsed to review in 2023; then Q1 2024 and Q1 2025.
    assert [(p.start, p.end) for p in periods] == [
        (D(2024, 1, 1), D(2024, 3, 31)),
        (D(2025, 1, 1), D(2025, 3, 31)),
    ]
    assert periods[0].label == "Début d'année 2024 (avant le 31/03/2024)"


def test_a_copil_held_in_june_is_late_and_one_held_in_january_on_time(world):
    # seed 001 art. 5: a COPIL held in June is not "en début d'année".
    committee = copil_fas(world)
    MeetingFactory(committee=committee, held_on=D(2024, 6, 12))
    MeetingFactory(committee=committee, held_on=D(2025, 1, 28))
    on = D(2025, 4, 15)
    periods = committee_schedule(committee, on)
    assert [p.state(on) for p in periods] == ["late", "held"]
    # The "Échéances" page of 1 July 2024 lists the first quarter as not held in time.
    items = due_items(world.users.staff, D(2024, 7, 1))
    late = [m for m in items.missed_meetings if m.committee == committee]
    assert [(m.period.end, m.late_on) for m in late] == [(D(2024, 3, 31), D(2024, 6, 12))]


def test_missing_meetings_on_the_due_page_and_the_secretary_home(client, world):
    today = dt.date.today()
    # The last first quarter that has ended, within the page's twelve months.
    year = today.year if today > D(today.year, 3, 31) else today.year - 1
    convention = ConventionFactory(
        start_date=D(year - 1, 1, 1), end_date=D(year + 1, 12, 31), signed_on=D(year - 1, 1, 1)
    )
    ConventionPartyFactory(
        convention=convention, organisation=world.orgs.department, role=PartyRole.FUNDER
    )
    committee = CommitteeFactory(
        name="COPIL de la CPOM",
        convention=convention,
        organisation=world.orgs.department,
        frequency=Frequency.YEARLY_EARLY,
        secretary=world.users.staff,
    )
    MeetingFactory(committee=committee, held_on=D(year - 1, 2, 1))
    client.force_login(world.users.staff)
    page = client.get(reverse("portal:due")).content.decode()
    assert "COPIL de la CPOM" in page and f"au 31 mars {year}" in page
    home = client.get(reverse("home")).content.decode()
    assert "Vos instances à réunir" in home
    assert f"réunion manquante du 1 janvier {year} au 31 mars {year}" in home
    # Someone who is not its secretary has no such block.
    client.force_login(world.users.fas_director)
    assert "Vos instances à réunir" not in client.get(reverse("home")).content.decode()


def test_a_meeting_due_in_the_current_period_is_listed_with_the_planned_one(client, world):
    today = dt.date.today()
    convention = ConventionFactory(
        start_date=D(today.year - 1, 1, 1),
        end_date=D(today.year + 1, 12, 31),
        signed_on=D(today.year - 1, 1, 1),
    )
    ConventionPartyFactory(
        convention=convention, organisation=world.orgs.department, role=PartyRole.FUNDER
    )
    committee = CommitteeFactory(
        convention=convention,
        organisation=world.orgs.department,
        frequency=Frequency.MONTHLY,
        secretary=world.users.staff,
    )
    planned = MeetingFactory(committee=committee, held_on=today, planned=True)
    items = due_items(world.users.staff, today)
    due = [d for d in items.due_meetings if d.committee == committee]
    assert len(due) == 1
    assert due[0].planned_on == planned.held_on
    client.force_login(world.users.staff)
    page = client.get(reverse("portal:due")).content.decode()
    assert "Réunions à tenir dans la période en cours (1)" in page
    MeetingFactory(committee=committee, held_on=today)
    assert not [
        d for d in due_items(world.users.staff, today).due_meetings if d.committee == committee
    ]


def test_the_secretary_is_an_agent_or_director_of_the_organisation(world):
    committee = copil_fas(world)
    outsider = member(Role.DEPARTMENT_STAFF)
    with pytest.raises(GovernanceError, match="Le secrétariat est tenu par"):
        services.committee_secretary_set(
            committee=committee, by=world.users.staff, secretary=outsider
        )
    committee.refresh_from_db()
    assert committee.secretary == world.users.staff
    admin = UserFactory(is_superuser=True)
    services.committee_secretary_set(committee=committee, by=admin, secretary=world.users.staff)
