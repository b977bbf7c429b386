"""The calendar feed (ICS, RFC 5545) of what is due in a user's perimeter, and its private
address: a random token of 32 bytes, of which only the SHA-256 digest is stored, revocable.

What it holds, each from its one home: review due dates and planned ends of the projects,
and the planned contacts of the projects one follows in person, at their time (households;
the household is named by its pseudonymous reference only), meetings
(governance), due instalments (funding), ends of conventions and last days to denounce them
(Convention.last_day_to_denounce, seed 002 §VII); and, as on the "Échéances" page (issue 16),
annual reports due, committee meetings expected in the period under way or missing, planned
instalments, parties' commitments, deliverables and call deadlines (portal/deadlines.py).
"""

import datetime as dt
import hashlib
import secrets
from dataclasses import dataclass

import icalendar
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone
from django.utils.translation import gettext as _

from common.formatting import format_euros
from common.history import as_author
from funding.enums import InstalmentStatus
from funding.models import Instalment
from governance.enums import MeetingStatus
from governance.models import Meeting
from governance.selectors import due_items
from households.enums import ReviewKind
from households.models import Appointment, InterventionProject, Review
from partnerships.models import Convention
from portal.deadlines import call_rows, commitment_rows, deliverable_rows, instalment_rows
from portal.models import CalendarToken

TOKEN_BYTES = 32
LOOKBACK_DAYS = 90


class CalendarError(ValidationError):
    """A calendar address cannot be changed as asked; the message is shown as is."""


def digest_of(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@transaction.atomic
def calendar_token_create(*, user):
    """A new private address; the previous one, if any, stops working at once.

    Returns (row, token): the token itself is shown once and never stored.
    """

    calendar_token_revoke(user=user, quiet=True)
    token = secrets.token_urlsafe(TOKEN_BYTES)
    row = CalendarToken(user=user, digest=digest_of(token), hint=token[:8])
    as_author(row, user).save()
    return row, token


@transaction.atomic
def calendar_token_revoke(*, user, quiet: bool = False) -> int:
    """Revoke the user's active address; refused when there is none (unless `quiet`)."""

    revoked = 0
    # unscoped: service: the user's own addresses (filter(user=user))
    for row in CalendarToken.objects.select_for_update().filter(user=user).active():
        row.revoked_at = timezone.now()
        as_author(row, user).save()
        revoked += 1
    if not revoked and not quiet:
        raise CalendarError(_("Vous n'avez aucune adresse d'agenda active."))
    return revoked


def user_for_token(token: str):
    """The active user behind an address, or None (unknown, revoked, or inactive user)."""

    if not token or len(token) > 100:
        return None
    row = (
        # unscoped: the feed's owner is found by the secret token itself
        CalendarToken.objects.active()
        .select_related("user")
        .filter(digest=digest_of(token), user__is_active=True)
        .first()
    )
    return row.user if row else None


# ------------------------------------------------------------------------------- events
@dataclass(frozen=True)
class Event:
    uid: str
    day: dt.date
    summary: str
    description: str = ""
    location: str = ""
    # A timed event (an appointment); the others last the whole day.
    starts_at: dt.datetime | None = None
    minutes: int = 0


def _project_events(user, since: dt.date) -> list[Event]:

    # unscoped: subquery bound to each project of the visible_to queryset
    # seed 004 §4: each term (the first and each renewal) has its own intermediate review.
    # unscoped: subquery bound to each project of the visible_to queryset
    intermediate = Review.objects.filter(
        project=OuterRef("pk"), kind=ReviewKind.INTERMEDIATE, held_on__gte=OuterRef("term_start")
    )
    projects = (
        InterventionProject.objects.visible_to(user)
        .open()
        .select_related("household", "programme")
        .annotate(reviewed=Exists(intermediate))
    )
    events = []
    for project in projects:
        # The household is named by its pseudonymous reference only, never by a name.
        reference = project.household.reference
        if project.review_due_on and not project.reviewed and project.review_due_on >= since:
            events.append(
                Event(
                    f"projet-{project.pk}-bilan",
                    project.review_due_on,
                    _("Bilan intermédiaire dû — ménage %(ref)s") % {"ref": reference},
                    str(project.programme),
                )
            )
        if project.planned_end and project.planned_end >= since:
            events.append(
                Event(
                    f"projet-{project.pk}-fin",
                    project.planned_end,
                    _("Fin de l'accompagnement — ménage %(ref)s") % {"ref": reference},
                    str(project.programme),
                )
            )
    return events


def _appointment_events(user, since: dt.date) -> list[Event]:
    """Planned contacts (issue 16), in the feed of those they concern in person: the
    project's referent and volunteers and the appointment's participants."""
    start = timezone.make_aware(dt.datetime.combine(since, dt.time()))
    appointments = (
        Appointment.objects.visible_to(user)
        .planned()
        .concerning(user)
        .filter(starts_at__gte=start)
        .select_related("project__household")
    )
    return [
        Event(
            f"rendez-vous-{a.pk}",
            timezone.localdate(a.starts_at),
            # The household is named by its pseudonymous reference only, never by a name.
            _("Rendez-vous — ménage %(ref)s") % {"ref": a.project.household.reference},
            a.get_medium_display(),
            a.place,
            starts_at=a.starts_at,
            minutes=a.duration_minutes,
        )
        for a in appointments
    ]


def _meeting_events(user, since: dt.date) -> list[Event]:

    meetings = (
        Meeting.objects.visible_to(user)
        .exclude(status=MeetingStatus.CANCELLED)
        .filter(held_on__gte=since)
        .select_related("committee")
    )
    return [
        Event(
            f"reunion-{meeting.pk}",
            meeting.held_on,
            _("Réunion : %(committee)s") % {"committee": meeting.committee},
            meeting.agenda,
            meeting.place,
        )
        for meeting in meetings
    ]


def _instalment_events(user, since: dt.date) -> list[Event]:

    instalments = (
        Instalment.objects.visible_to(user)
        .filter(status=InstalmentStatus.DUE, due_on__gte=since)
        .select_related("grant__convention", "grant__beneficiary")
    )
    return [
        Event(
            f"versement-{i.pk}",
            i.due_on,
            _("Versement exigible — %(reference)s — %(amount)s")
            % {"reference": i.grant.convention.reference, "amount": format_euros(i.amount)},
            f"{i.grant.beneficiary} — {i.get_condition_display()}",
        )
        for i in instalments
    ]


def _convention_events(user, today: dt.date, since: dt.date) -> list[Event]:

    conventions = Convention.objects.visible_to(user)
    events = []
    for convention in conventions:
        if not convention.in_force_on(today):
            continue
        end = convention.end_on(today)
        if end >= since:
            events.append(
                Event(
                    f"convention-{convention.pk}-fin-{end:%Y%m%d}",
                    end,
                    _("Fin de la convention %(ref)s") % {"ref": convention.reference},
                    convention.title,
                )
            )
        # seed 002 §VII: the last day a party may still denounce (3 months' notice).
        notice = convention.last_day_to_denounce(today)
        if notice and notice >= since and not convention.effective_termination():
            events.append(
                Event(
                    f"convention-{convention.pk}-preavis-{notice:%Y%m%d}",
                    notice,
                    _("Dernier jour pour dénoncer la convention %(ref)s")
                    % {"ref": convention.reference},
                    convention.title,
                )
            )
    return events


def _due_page_events(user, today: dt.date, since: dt.date) -> list[Event]:
    """The dates of the "Échéances" page the events above do not already hold."""
    items = due_items(user, today)
    events = [
        Event(
            f"bilan-annuel-{due.convention.pk}-{due.year}",
            due.due_on,
            _("Bilan annuel %(year)s à remettre — %(ref)s")
            % {"year": due.year, "ref": due.convention.reference},
            due.convention.title,
        )
        for due in items.reports
        if due.due_on and due.due_on >= since
    ]
    events += [
        Event(
            f"instance-{due.committee.pk}-attendue-{due.period.end:%Y%m%d}",
            due.period.end,
            _("Réunion à tenir d'ici ce jour : %(committee)s") % {"committee": due.committee.name},
            due.committee.convention.reference,
        )
        for due in items.due_meetings
    ]
    events += [
        Event(
            f"instance-{missed.committee.pk}-manquante-{missed.period.end:%Y%m%d}",
            missed.period.end,
            _("Réunion manquante : %(committee)s") % {"committee": missed.committee.name},
            missed.committee.convention.reference,
        )
        for missed in items.missed_meetings
        if missed.period.end >= since
    ]
    rows = [
        *instalment_rows(user, today, since, None, include_due=False),
        *commitment_rows(user, today, since, None),
        *deliverable_rows(user, today, since, None),
        *call_rows(user, today, since, None),
    ]
    events += [Event(r.uid, r.day, f"{r.kind} — {r.title}", r.detail) for r in rows]
    return events


def events_for(user, today: dt.date | None = None) -> list[Event]:
    """What is due in the user's perimeter, from 90 days ago on, in date order."""
    today = today or timezone.localdate()
    since = today - dt.timedelta(days=LOOKBACK_DAYS)
    events = [
        *_project_events(user, since),
        *_appointment_events(user, since),
        *_meeting_events(user, since),
        *_instalment_events(user, since),
        *_convention_events(user, today, since),
        *_due_page_events(user, today, since),
    ]
    return sorted(events, key=lambda e: (e.day, e.uid))


# -------------------------------------------------------------------------- ICS writing
def ics(events: list[Event], *, host: str = "maillage") -> str:
    """The feed as RFC 5545 text: all-day events, escaped and folded by icalendar."""
    calendar = icalendar.Calendar()
    calendar.add("version", "2.0")
    calendar.add("prodid", "-//Maillage//Agenda des échéances//FR")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", _("Maillage — échéances"))
    calendar.add("x-wr-timezone", "Europe/Paris")
    stamp = timezone.now().astimezone(dt.UTC)
    for event in events:
        entry = icalendar.Event()
        entry.add("uid", f"{event.uid}@{host}")
        entry.add("dtstamp", stamp)
        if event.starts_at is not None:
            entry.add("dtstart", event.starts_at.astimezone(dt.UTC))
            entry.add(
                "dtend", (event.starts_at + dt.timedelta(minutes=event.minutes)).astimezone(dt.UTC)
            )
        else:
            entry.add("dtstart", event.day)
            entry.add("dtend", event.day + dt.timedelta(days=1))
        entry.add("summary", event.summary)
        if event.description:
            entry.add("description", event.description)
        if event.location:
            entry.add("location", event.location)
        entry.add("transp", "OPAQUE" if event.starts_at is not None else "TRANSPARENT")
        calendar.add_component(entry)
    return calendar.to_ical().decode()
