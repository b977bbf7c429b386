"""issue 18: the household's timeline opened on actions planned for later, mixed with what
happened. What is planned after today now stands apart, « À venir », nearest first."""

import datetime as dt

import pytest

from households.selectors import Event, split_upcoming
from tests.households.factories import ContactFactory, PlannedActionFactory

pytestmark = pytest.mark.django_db


def test_split_upcoming_puts_the_future_apart_nearest_first():
    today = dt.date(2026, 11, 30)
    events = [
        Event(dt.date(2027, 3, 1), "loin"),
        Event(dt.date(2026, 12, 1), "demain"),
        Event(today, "aujourd'hui"),
        Event(dt.date(2026, 1, 5), "passé"),
    ]
    upcoming, past = split_upcoming(events, today)
    assert [e.label for e in upcoming] == ["demain", "loin"]
    assert [e.label for e in past] == ["aujourd'hui", "passé"]


def test_the_household_page_shows_what_is_planned_apart(client, world, asrl_project):
    today = dt.date.today()
    PlannedActionFactory(
        project=asrl_project,
        description="Visite du logement proposé.",
        due_on=today + dt.timedelta(20),
    )
    ContactFactory(
        project=asrl_project, happened_on=dt.date(2019, 10, 3), summary="Premier rendez-vous."
    )
    client.force_login(world.users.social_worker)
    html = client.get(asrl_project.household.get_absolute_url()).content.decode()
    upcoming = html.index('id="titre-a-venir"')
    history = html.index('id="titre-chronologie"')
    assert upcoming < history
    assert upcoming < html.index("Visite du logement proposé.") < history
    assert html.index("Premier rendez-vous.") > history
