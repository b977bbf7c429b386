"""The dated things of every app, for the "Échéances" page and the calendar feed (issue 16).

governance.selectors.due_items() gives what governance knows (meetings missing and due,
annual reports, ends of conventions and last days to denounce); this module adds what the
apps above it hold: project reviews, ends and renewals (households), instalments and call
deadlines (funding), parties' commitments and action sheets' deliverables (partnerships),
and the meetings planned. Each reader starts from `visible_to(user)` and costs one query,
whatever the number of rows. A household is named by its pseudonymous reference only.

Each reader's statement is compiled once per process for each user's perimeter and window
(partnerships.perimeter.per_user, issue 15).
"""

import datetime as dt
from dataclasses import dataclass

from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from common.formatting import format_euros
from common.pages import url_maker
from funding.enums import InstalmentStatus
from funding.models import CallForApplications, Instalment
from governance.enums import MeetingStatus
from governance.models import Meeting
from households.enums import ReviewKind
from households.models import Appointment, InterventionProject, Review, household_perimeter
from partnerships.models import Commitment, Deliverable
from partnerships.perimeter import per_user


@dataclass(frozen=True)
class DueRow:
    uid: str  # stable, for the calendar feed
    day: dt.date
    kind: str  # what falls due: "Bilan intermédiaire", "Versement exigible"…
    title: str  # what it concerns: "Ménage M-0042 — ASRL", "Convention 2023-121"
    url: str = ""
    detail: str = ""
    overdue: bool = False


@dataclass(frozen=True)
class Section:
    key: str
    title: str
    caption: str
    rows: list[DueRow]


def _in(day: dt.date | None, since: dt.date, until: dt.date | None) -> bool:
    return day is not None and day >= since and (until is None or day <= until)


# The households perimeter of department staff and signatory partners: none by name.
NO_HOUSEHOLD = Q(pk__in=[])


def _sees_no_household(user) -> bool:
    """Whether the user's perimeter holds no household: the readers of projects and
    appointments then answer without building their queries (issue 15)."""
    return household_perimeter(user) == NO_HOUSEHOLD


@per_user()
def _open_projects(user):
    """The open projects of the user's perimeter, each with whether its term's intermediate
    review is written."""
    # seed 004 §4: each term (the first and each renewal) has its own intermediate review.
    # unscoped: subquery bound to each project of the visible_to queryset
    intermediate = Review.objects.filter(
        project=OuterRef("pk"), kind=ReviewKind.INTERMEDIATE, held_on__gte=OuterRef("term_start")
    )
    return (
        InterventionProject.objects.visible_to(user)
        .open()
        .select_related("household", "programme")
        .annotate(reviewed=Exists(intermediate))
        .order_by("pk")
    )


def project_rows(user, on: dt.date, since: dt.date, until: dt.date | None) -> list[DueRow]:
    """Intermediate reviews not yet written (seed 004 §4: at 3 months for ASRL) and planned
    ends of the open projects; an end that a renewal may still push back says so (ASRL:
    renewable once, seed 004 §4)."""
    if _sees_no_household(user):
        return []
    project_url = url_maker("households:project_detail")
    rows = []
    for project in _open_projects.list(user):
        title = _("Ménage %(ref)s — %(programme)s") % {
            "ref": project.household.reference,
            "programme": project.programme.name,
        }
        url = project_url(project.pk)
        if not project.reviewed and _in(project.review_due_on, since, until):
            rows.append(
                DueRow(
                    f"projet-{project.pk}-bilan",
                    project.review_due_on,
                    _("Bilan intermédiaire"),
                    title,
                    url,
                    overdue=project.review_due_on < on,
                )
            )
        if _in(project.planned_end, since, until):
            allowed = project.renewals_allowed()  # None: without limit
            renewable = allowed is None or project.renewals_used < allowed
            rows.append(
                DueRow(
                    f"projet-{project.pk}-fin",
                    project.planned_end,
                    _("Fin de l'accompagnement (renouvelable)")
                    if renewable
                    else _("Fin de l'accompagnement"),
                    title,
                    url,
                    overdue=project.planned_end < on,
                )
            )
    return rows


@per_user(keys=3)
def _instalments(user, since: dt.date, until: dt.date | None, include_due: bool):
    # Planned ones in the window; due ones whatever their date (up to `until`).
    shown = Q(status=InstalmentStatus.PLANNED, due_on__gte=since)
    if include_due:
        shown |= Q(status=InstalmentStatus.DUE, due_on__isnull=False)
    instalments = Instalment.objects.visible_to(user).filter(shown)
    if until is not None:
        instalments = instalments.filter(due_on__lte=until)
    return instalments.order_by("due_on", "pk").values_list(
        "pk",
        "due_on",
        "status",
        "amount",
        "grant__convention__reference",
        "grant__beneficiary__short_name",
        "grant__beneficiary__name",
    )


def instalment_rows(
    user, on: dt.date, since: dt.date, until: dt.date | None, *, include_due: bool = True
) -> list[DueRow]:
    """Instalments due and not paid (seed 001 art. 4.2), however old, and the planned ones
    whose date is known (`include_due=False`: the planned ones only)."""
    instalment_url = url_maker("funding:instalment_detail")
    # The columns the rows show, not four objects a row (issue 15); the beneficiary is named
    # as str(Organisation) names it: its short name, else its name.
    rows = []
    for pk, due_on, status, amount, reference, short_name, name in _instalments.list(
        user, since, until, include_due
    ):
        due = status == InstalmentStatus.DUE
        rows.append(
            DueRow(
                f"versement-{pk}",
                due_on,
                _("Versement exigible") if due else _("Versement prévu"),
                _("%(reference)s — %(beneficiary)s — %(amount)s")
                % {
                    "reference": reference,
                    "beneficiary": short_name or name,
                    "amount": format_euros(amount),
                },
                instalment_url(pk),
                overdue=due and due_on < on,
            )
        )
    return rows


@per_user(keys=2)
def _commitments(user, since: dt.date, until: dt.date | None):
    commitments = Commitment.objects.visible_to(user).filter(due_on__gte=since)
    if until is not None:
        commitments = commitments.filter(due_on__lte=until)
    return commitments.order_by("due_on", "pk").values_list(
        "pk",
        "due_on",
        "text",
        "party__organisation__short_name",
        "party__organisation__name",
        "party__convention_id",
        "party__convention__reference",
    )


def commitment_rows(user, on: dt.date, since: dt.date, until: dt.date | None) -> list[DueRow]:
    """The dated commitments of the parties (domain: "free text, optionally with a due date")."""
    convention_url = url_maker("partnerships:convention_detail")
    # The columns the rows show, not four objects a row (issue 15); the party is named as
    # str(Organisation) names it: its short name, else its name.
    return [
        DueRow(
            f"engagement-{pk}",
            due_on,
            _("Engagement de %(party)s") % {"party": short_name or name},
            f"{reference} — {text[:120]}",
            convention_url(convention_id),
        )
        for pk, due_on, text, short_name, name, convention_id, reference in _commitments.list(
            user, since, until
        )
    ]


@per_user(keys=2)
def _deliverables(user, since: dt.date, until: dt.date | None):
    deliverables = Deliverable.objects.visible_to(user).filter(
        delivered_on__isnull=True, due_on__gte=since
    )
    if until is not None:
        deliverables = deliverables.filter(due_on__lte=until)
    return deliverables.order_by("due_on", "pk").values_list(
        "pk", "due_on", "label", "sheet_id", "sheet__convention__reference"
    )


def deliverable_rows(user, on: dt.date, since: dt.date, until: dt.date | None) -> list[DueRow]:
    """Deliverables of the action sheets not yet delivered (seed 001 annexes)."""
    sheet_url = url_maker("partnerships:sheet_detail")
    # The columns the rows show, not three objects a row (issue 15).
    return [
        DueRow(
            f"livrable-{pk}",
            due_on,
            _("Livrable à remettre"),
            f"{reference} — {label}",
            sheet_url(sheet_id),
            overdue=due_on < on,
        )
        for pk, due_on, label, sheet_id, reference in _deliverables.list(user, since, until)
    ]


@per_user(keys=2)
def _calls(user, start: dt.date, until: dt.date | None):
    zone = timezone.get_current_timezone()
    calls = CallForApplications.objects.visible_to(user).filter(
        deadline__gte=dt.datetime.combine(start, dt.time.min, tzinfo=zone)
    )
    if until is not None:
        calls = calls.filter(
            deadline__lt=dt.datetime.combine(until + dt.timedelta(days=1), dt.time.min, zone)
        )
    return calls.order_by("deadline", "pk").values_list("pk", "deadline", "title")


def call_rows(user, on: dt.date, since: dt.date, until: dt.date | None) -> list[DueRow]:
    """Deadlines of the calls for applications (seed 004 §6: a date and an hour)."""
    call_url = url_maker("funding:call_detail")
    rows = []
    for pk, deadline, title in _calls.list(user, max(since, on), until):
        deadline = timezone.localtime(deadline)
        rows.append(
            DueRow(
                f"appel-{pk}",
                deadline.date(),
                _("Date limite de dépôt (%(hour)s)") % {"hour": deadline.strftime("%H:%M")},
                title,
                call_url(pk),
            )
        )
    return rows


@per_user(keys=2)
def _planned_meetings(user, start: dt.date, until: dt.date | None):
    meetings = Meeting.objects.visible_to(user).filter(
        status=MeetingStatus.PLANNED, held_on__gte=start
    )
    if until is not None:
        meetings = meetings.filter(held_on__lte=until)
    return meetings.order_by("held_on", "pk").values_list(
        "pk", "held_on", "committee__name", "place"
    )


def planned_meeting_rows(user, on: dt.date, since: dt.date, until: dt.date | None) -> list[DueRow]:
    """Meetings planned from today on."""
    meeting_url = url_maker("governance:meeting_detail")
    # The columns the rows show (str(Committee) is its name), not three objects a row.
    return [
        DueRow(
            f"reunion-{pk}",
            held_on,
            _("Réunion prévue"),
            committee,
            meeting_url(pk),
            detail=place,
        )
        for pk, held_on, committee, place in _planned_meetings.list(user, max(since, on), until)
    ]


@per_user(keys=2)
def _appointments(user, since: dt.date, until: dt.date | None):
    appointments = (
        Appointment.objects.visible_to(user)
        .planned()
        .concerning(user)
        .filter(starts_at__date__gte=since)
        .select_related("project__household")
        .order_by("starts_at", "pk")
    )
    if until is not None:
        appointments = appointments.filter(starts_at__date__lte=until)
    return appointments


def appointment_rows(user, on: dt.date, since: dt.date, until: dt.date | None) -> list[DueRow]:
    """The planned appointments (rendez-vous) of the projects the user follows in person —
    as referent, volunteer or participant — from today on; a planned one whose day has
    passed without being marked held or missed shows as late."""
    if _sees_no_household(user):
        return []
    project_url = url_maker("households:project_detail")
    rows = []
    for appointment in _appointments.list(user, since, until):
        starts = timezone.localtime(appointment.starts_at)
        rows.append(
            DueRow(
                f"rendez-vous-{appointment.pk}",
                starts.date(),
                _("Rendez-vous à %(time)s") % {"time": starts.strftime("%H h %M")},
                _("Ménage %(ref)s") % {"ref": appointment.project.household.reference},
                project_url(appointment.project_id),
                detail=appointment.place,
                overdue=starts.date() < on,
            )
        )
    return rows


def due_sections(user, on: dt.date, since: dt.date, until: dt.date) -> list[Section]:
    """The sections the "Échéances" page adds to governance's own, in a fixed number of
    queries (one per section)."""
    return [
        Section(
            "accompagnements",
            _("Bilans intermédiaires et fins d'accompagnement"),
            _("Projets en cours de votre périmètre ; les ménages par leur référence seulement."),
            sorted(project_rows(user, on, since, until), key=lambda r: (r.day, r.uid)),
        ),
        Section(
            "rendez-vous",
            _("Rendez-vous prévus"),
            _(
                "Rendez-vous des projets que vous suivez en personne (référent, bénévole ou "
                "participant) ; les ménages par leur référence seulement."
            ),
            appointment_rows(user, on, since, until),
        ),
        Section(
            "versements",
            _("Versements exigibles et prévus"),
            _("Exigibles non versés, quelle que soit leur date, et prévus datés."),
            instalment_rows(user, on, since, until),
        ),
        Section(
            "reunions-prevues",
            _("Réunions prévues"),
            _("Réunions des instances de votre périmètre."),
            planned_meeting_rows(user, on, since, until),
        ),
        Section(
            "engagements",
            _("Engagements des parties et livrables"),
            _("Engagements datés et livrables des fiches action non remis."),
            sorted(
                [
                    *commitment_rows(user, on, since, until),
                    *deliverable_rows(user, on, since, until),
                ],
                key=lambda r: (r.day, r.uid),
            ),
        ),
        Section(
            "appels",
            _("Dates limites des appels à candidatures"),
            _("Appels publiés dont le dépôt est encore ouvert."),
            call_rows(user, on, since, until),
        ),
    ]
