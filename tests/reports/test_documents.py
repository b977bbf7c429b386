"""Minutes, deliberation extracts and the calendar feed."""

import datetime as dt

import icalendar
import pytest
from django.urls import reverse

from partnerships.enums import Role
from portal.calendar import Event, events_for, ics
from portal.models import CalendarToken
from tests.governance.factories import MeetingFactory
from tests.partnerships.factories import member
from tests.pdf import pdf_text
from tests.reports.conftest import SECRET_NAME

pytestmark = pytest.mark.django_db


def test_deliberation_extract_shows_the_articles_and_the_vote(client, agent, deliberation):
    client.force_login(agent)
    response = client.get(reverse("governance:deliberation_pdf", args=[deliberation.pk]))
    text = pdf_text(response.content)
    # seed 001: deliberation n° 2023-121 of 20 March 2023, pour 42, contre 0, abstention 0.
    # The cover's kicker (set in capitals by the style sheet), then the short running title.
    assert "extrait du registre des délibérations" in text.lower()
    assert "Délibération n° 2023-121" in text
    assert "2023-121" in text and "20 mars 2023" in text
    assert "42 voix" in text and "0 voix" in text and "Adopté" in text
    assert "Article 1 : D'attribuer à la FAS" in text
    assert "Jean-Claude LEROY" in text and "Excusé (1)" in text
    # seed 001: the excused member voted through the present member holding their proxy.
    assert "Sébastien CHOCHOIS (pouvoir à Jean-Claude LEROY)" in text
    assert "Votants : 2" in text


def test_minutes_of_a_meeting_list_attendance_and_decisions(client, agent, deliberation):
    client.force_login(agent)
    response = client.get(reverse("governance:meeting_minutes_pdf", args=[deliberation.meeting_id]))
    text = pdf_text(response.content)
    assert "COMPTE RENDU DE RÉUNION" in text
    assert "Présent (1)" in text and "42 / 0 / 0" in text
    assert "Sébastien CHOCHOIS (Conseil" in text or "pouvoir à Jean-Claude LEROY" in text
    assert "pouvoir à Jean-Claude LEROY" in text
    assert "Votants : 2" in text


def test_minutes_and_extract_of_another_organisation_are_404(client, outsider, deliberation):
    client.force_login(outsider)
    assert (
        client.get(reverse("governance:deliberation_pdf", args=[deliberation.pk])).status_code
        == 404
    )
    url = reverse("governance:meeting_minutes_pdf", args=[deliberation.meeting_id])
    assert client.get(url).status_code == 404


def test_meeting_export_streams_the_meetings_of_the_perimeter(client, agent, deliberation):
    client.force_login(agent)
    response = client.get(reverse("governance:meeting_export"))
    assert response.streaming is True
    body = b"".join(response.streaming_content).decode()
    assert body.startswith("\ufeffDate;Instance")
    assert "20/03/2023" in body


def test_convention_export_streams_the_conventions(client, agent, cpom):
    client.force_login(agent)
    response = client.get(reverse("partnerships:convention_export"), {"format": "csv"})
    assert response.streaming is True
    assert "2023-121" in b"".join(response.streaming_content).decode()


# ------------------------------------------------------------------------------ calendar
def _new_feed(client, user) -> str:
    client.force_login(user)
    response = client.post(reverse("portal:calendar"), {"action": "creer"})
    url = response.context["feed_url"]
    client.logout()
    return url.removeprefix("http://testserver")


def test_calendar_feed_lists_reviews_by_household_reference_only(client, world, asrl_project):
    from common.dates import add_months
    from tests.households.factories import MemberFactory

    MemberFactory(household=asrl_project.household, first_name=SECRET_NAME)
    # An accompaniment started a month ago: its review is still to come.
    asrl_project.start_date = dt.date.today() - dt.timedelta(days=30)
    asrl_project.save()
    feed = _new_feed(client, world.users.social_worker)
    response = client.get(feed)  # no session: calendar programs cannot log in
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    body = response.content.decode()
    # seed 004 §4: the intermediate review is due 3 months after the start.
    review = add_months(asrl_project.start_date, 3)
    events = {str(e["UID"]): e for e in icalendar.Calendar.from_ical(body).walk("VEVENT")}
    entry = events[f"projet-{asrl_project.pk}-bilan@testserver"]
    assert entry.decoded("DTSTART") == review
    assert entry.decoded("DTEND") == review + dt.timedelta(days=1)
    assert str(entry["SUMMARY"]) == (
        f"Bilan intermédiaire dû — ménage {asrl_project.household.reference}"
    )
    assert SECRET_NAME not in body.replace("\r\n ", "")


def test_calendar_token_is_stored_hashed_and_can_be_revoked(client, world):
    feed = _new_feed(client, world.users.social_worker)
    token = feed.rsplit("/", 1)[1].removesuffix(".ics")
    assert len(token) >= 43  # 32 random bytes
    row = CalendarToken.objects.get()
    assert token not in (row.digest, row.hint + "x") and len(row.digest) == 64
    client.force_login(world.users.social_worker)
    client.post(reverse("portal:calendar"), {"action": "revoquer"})
    client.logout()
    assert client.get(feed).status_code == 404


def test_revoking_without_an_address_is_refused_and_changes_nothing(client, world):
    client.force_login(world.users.social_worker)
    response = client.post(reverse("portal:calendar"), {"action": "revoquer"})
    assert response.status_code == 400
    assert "aucune adresse d" in response.content.decode()
    assert not CalendarToken.objects.exists()


def test_unknown_calendar_token_is_404(client):
    assert client.get(reverse("portal:calendar_feed", args=["x" * 43])).status_code == 404


def test_calendar_holds_meetings_instalments_and_notice_deadlines_of_the_perimeter_only(
    agent, outsider, cpom, fas_grant
):
    from funding import services

    services.instalments_generate(grant=fas_grant, by=agent)
    services.grant_notify(grant=fas_grant, on=dt.date(2023, 4, 3), by=agent)
    MeetingFactory(committee__convention=cpom, held_on=dt.date(2023, 6, 1), planned=True)
    summaries = [e.summary for e in events_for(agent, today=dt.date(2023, 5, 1))]
    assert any(s.startswith("Versement exigible — 2023-121 — 14") for s in summaries)
    assert any(s.startswith("Réunion :") for s in summaries)
    assert events_for(outsider, today=dt.date(2023, 5, 1)) == []


def test_calendar_notice_deadline_comes_from_the_convention(agent, department, fas):
    from partnerships.enums import RenewalPolicy
    from tests.partnerships.factories import convention_between

    # seed 002 §VII: three months' notice before the end (31 December 2021).
    convention_between(
        department,
        fas,
        reference="CD59-UDCCAS",
        start_date=dt.date(2019, 1, 1),
        end_date=dt.date(2021, 12, 31),
        signed_on=dt.date(2019, 3, 1),
        renewal_policy=RenewalPolicy.BY_DECISION,
        notice_months=3,
    )
    days = {e.summary: e.day for e in events_for(agent, today=dt.date(2021, 6, 1))}
    assert days["Dernier jour pour dénoncer la convention CD59-UDCCAS"] == dt.date(2021, 9, 30)


def test_long_calendar_lines_are_folded_at_75_octets():
    summary = "Réunion : " + "é" * 60
    body = ics([Event("reunion-1", dt.date(2026, 3, 2), summary)])
    assert all(len(line.encode()) <= 75 for line in body.split("\r\n"))
    [entry] = icalendar.Calendar.from_ical(body).walk("VEVENT")
    assert str(entry["SUMMARY"]) == summary


def test_calendar_page_of_a_department_agent_shows_no_household(client, world, asrl_project):
    client.force_login(world.users.staff)
    assert client.get(reverse("portal:calendar")).status_code == 200
    assert events_for(world.users.staff) == [] or all(
        "ménage" not in e.summary for e in events_for(world.users.staff)
    )


def test_calendar_feed_of_a_deactivated_user_is_404(client, fas):
    user = member(Role.SOCIAL_WORKER, fas)
    feed = _new_feed(client, user)
    user.is_active = False
    user.save()
    assert client.get(feed).status_code == 404
