"""The ICS feed written by icalendar: read back by icalendar, it gives the events it was given."""

import datetime as dt

import icalendar

from portal.calendar import Event, ics

EVENTS = [
    Event(
        "projet-7-bilan",
        dt.date(2026, 3, 2),
        "Bilan intermédiaire dû — ménage MEN-2026-00007",
        "ASRL ; Artois, « accompagnement » \\ renouvelable",
    ),
    Event(
        "reunion-3",
        dt.date(2026, 12, 31),
        "Réunion : Comité de pilotage, Lille; 2e séance",
        "Ordre du jour :\n1. Bilan\r\n2. Plan d'actions " + "é" * 60,
        "Salle 3, Hôtel du Département",
    ),
    Event("versement-9", dt.date(2024, 2, 29), "Versement exigible — 2023-121 — 14\xa0000,00\xa0€"),
]


def _parsed(body: str) -> tuple[icalendar.Calendar, list]:
    calendar = icalendar.Calendar.from_ical(body)
    return calendar, calendar.walk("VEVENT")


def test_the_feed_names_itself_and_publishes_all_day_events():
    calendar, _events = _parsed(ics(EVENTS, host="maillage.example"))
    assert str(calendar["VERSION"]) == "2.0"
    assert str(calendar["PRODID"]) == "-//Maillage//Agenda des échéances//FR"
    assert str(calendar["METHOD"]) == "PUBLISH"
    assert str(calendar["X-WR-CALNAME"]) == "Maillage — échéances"


def test_each_event_comes_back_with_its_uid_dates_and_texts():
    _calendar, entries = _parsed(ics(EVENTS, host="maillage.example"))
    assert len(entries) == len(EVENTS)
    for event, entry in zip(EVENTS, entries, strict=True):
        assert str(entry["UID"]) == f"{event.uid}@maillage.example"
        # All-day: a date, not a time, ending the next day (RFC 5545 §3.6.1).
        assert entry.decoded("DTSTART") == event.day
        assert entry.decoded("DTEND") == event.day + dt.timedelta(days=1)
        assert str(entry["SUMMARY"]) == event.summary
        assert str(entry.get("DESCRIPTION", "")) == event.description.replace("\r\n", "\n")
        assert str(entry.get("LOCATION", "")) == event.location
        assert str(entry["TRANSP"]) == "TRANSPARENT"
        assert entry.decoded("DTSTAMP").tzinfo is not None


def test_the_text_is_escaped_and_folded_as_rfc_5545_asks():
    body = ics(EVENTS)
    lines = body.split("\r\n")
    assert body.endswith("\r\n") and "\n" not in body.replace("\r\n", "")
    assert all(len(line.encode()) <= 75 for line in lines)
    unfolded = body.replace("\r\n ", "")
    assert "SUMMARY:Réunion : Comité de pilotage\\, Lille\\; 2e séance" in unfolded
    assert "DTSTART;VALUE=DATE:20240229" in unfolded


def test_an_empty_feed_is_a_valid_calendar():
    calendar, entries = _parsed(ics([]))
    assert entries == []
    assert str(calendar["X-WR-TIMEZONE"]) == "Europe/Paris"
