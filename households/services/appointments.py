"""Planned contacts (rendez-vous, issue 16): planned with a date, a time, a place and
participants, then held — the contact is noted then, with its summary and confidential note,
by contact_log and its rules — or missed."""

import datetime as dt
from collections.abc import Iterable

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from common.history import as_author
from households.enums import AppointmentStatus, ProjectStatus
from households.errors import HouseholdError
from households.models import FOLLOWING_ROLES, Appointment, InterventionProject
from households.services.base import require
from households.services.follow_up import contact_log
from households.services.projects import lock_project, project_structures
from partnerships.enums import Role
from partnerships.models import Membership

# A contact is planned from the approval on (the first one often signs the contract).
PLANNABLE = (
    ProjectStatus.APPROVED,
    ProjectStatus.ACTIVE,
    ProjectStatus.IN_REVIEW,
    ProjectStatus.RENEWED,
)


def _project_people(project: InterventionProject) -> set[int]:
    """Who may take part: the professionals and volunteers of the project's structures."""
    return set(
        Membership.objects.active()
        .filter(
            organisation__in=project_structures(project),
            role__in=[*FOLLOWING_ROLES, Role.VOLUNTEER],
        )
        .values_list("user_id", flat=True)
    )


@transaction.atomic
def appointment_plan(
    *,
    project: InterventionProject,
    by,
    starts_at: dt.datetime,
    medium: str,
    place: str,
    duration_minutes: int = 60,
    participants: Iterable = (),
) -> Appointment:
    """Plan a contact; its author takes part in it."""
    require(by, "households.log_contact", project)
    project = lock_project(project)  # its status as stored, not as the caller read it
    if project.status not in PLANNABLE:
        raise HouseholdError(
            _("Un rendez-vous se prévoit sur un projet validé ou en cours, pas clôturé.")
        )
    if starts_at <= timezone.now():
        raise HouseholdError(
            _("Un rendez-vous se prévoit dans le futur : notez directement une rencontre passée.")
        )
    place = (place or "").strip()
    if not place:
        raise HouseholdError(_("Indiquez le lieu du rendez-vous."))
    if duration_minutes < 1:
        raise HouseholdError(_("La durée d'une rencontre est d'au moins une minute."))
    participants = list(participants)
    allowed = _project_people(project)
    if any(p.pk not in allowed for p in participants):
        raise HouseholdError(
            _("Chaque participant doit être un professionnel ou un bénévole du projet.")
        )
    appointment = Appointment(
        project=project,
        starts_at=starts_at,
        duration_minutes=duration_minutes,
        medium=medium,
        place=place,
        planned_by=by,
    )
    as_author(appointment, by).save()
    appointment.participants.set({by, *participants})
    return appointment


def _lock(appointment: Appointment) -> Appointment:
    locked = (
        Appointment.objects.select_for_update(of=("self",))
        .select_related("project__household", "project__programme")
        .get(pk=appointment.pk)
    )
    if locked.status != AppointmentStatus.PLANNED:
        raise HouseholdError(
            _("Ce rendez-vous est déjà noté comme %(status)s.")
            % {"status": locked.get_status_display().lower()}
        )
    return locked


@transaction.atomic
def appointment_hold(
    *,
    appointment: Appointment,
    by,
    summary: str = "",
    confidential_note: str = "",
    duration_minutes: int | None = None,
    domains: Iterable = (),
) -> Appointment:
    """The appointment took place: the contact is noted on its day, with its participants,
    by the rules of any contact (contact_log: the household informed, no confidential note
    from a volunteer, the project running)."""
    require(by, "households.log_contact", appointment.project)
    appointment = _lock(appointment)
    if timezone.localdate(appointment.starts_at) > timezone.localdate():
        raise HouseholdError(
            _("Ce rendez-vous n'a pas encore eu lieu : il sera noté comme tenu le jour venu.")
        )
    contact = contact_log(
        project=appointment.project,
        by=by,
        happened_on=timezone.localdate(appointment.starts_at),
        happened_at=timezone.localtime(appointment.starts_at).time().replace(second=0),
        place=appointment.place,
        medium=appointment.medium,
        duration_minutes=duration_minutes or appointment.duration_minutes,
        summary=summary,
        confidential_note=confidential_note,
        domains=domains,
        participants=appointment.participants.all(),
    )
    appointment.status = AppointmentStatus.HELD
    appointment.contact = contact
    as_author(appointment, by).save()
    return appointment


@transaction.atomic
def appointment_miss(*, appointment: Appointment, by) -> Appointment:
    """The household did not come (or the appointment did not take place)."""
    require(by, "households.log_contact", appointment.project)
    appointment = _lock(appointment)
    if appointment.starts_at > timezone.now():
        raise HouseholdError(_("Un rendez-vous à venir ne peut pas encore être manqué."))
    appointment.status = AppointmentStatus.MISSED
    as_author(appointment, by).save()
    return appointment
