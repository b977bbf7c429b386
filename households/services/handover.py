"""The handover of a project to another referent (issue 16).

Changing the referent takes a reason; the former referent keeps a read-only access to the
household's file for 30 days (HANDOVER_ACCESS), a HouseholdAccess row of reason « passation »
whose `until` the perimeter reads: it ends by itself, no task needs to run. The rows ended
are deleted by the nightly `retention` command (purge_ended_accesses), for tidiness only.
"""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from common.history import as_author
from households.enums import AccessReason, ProjectStatus
from households.errors import HouseholdError
from households.models import (
    FOLLOWING_ROLES,
    HANDOVER_ACCESS,
    HouseholdAccess,
    InterventionProject,
    ReferentChange,
)
from households.services.base import require
from households.services.projects import lock_project
from households.signals import referent_changed
from partnerships.models import Membership


@transaction.atomic
def project_change_referent(
    *,
    project: InterventionProject,
    new_referent,
    reason: str,
    by,
    version: int | None = None,
) -> ReferentChange:
    """Hand the project over to `new_referent`, a social worker or director of its operator
    (as when it was proposed), for a written reason; the former referent reads the file, and
    only reads it, for 30 days (issue 16)."""
    require(by, "households.change_referent", project)
    project = lock_project(project, version)
    if project.status == ProjectStatus.CLOSED:
        raise HouseholdError(_("Le référent d'un projet clôturé ne change plus."))
    reason = (reason or "").strip()
    if not reason:
        raise HouseholdError(_("Indiquez le motif du changement de référent."))
    if new_referent.pk == project.referent_id:
        raise HouseholdError(
            _("%(person)s est déjà le référent de ce projet.") % {"person": new_referent}
        )
    operator_people = Membership.objects.active().filter(
        organisation=project.operator_id, role__in=FOLLOWING_ROLES, user=new_referent
    )
    if not operator_people.exists():
        raise HouseholdError(
            _("Le référent doit être un travailleur social de la structure opératrice.")
        )
    now = timezone.now()
    change = ReferentChange(
        project=project,
        former_referent_id=project.referent_id,
        new_referent=new_referent,
        reason=reason,
        changed_at=now,
        changed_by=by,
        access_until=now + HANDOVER_ACCESS,
    )
    as_author(change, by).save()
    project.referent = new_referent
    project.version += 1
    as_author(project, by).save()
    # One row per household and person: a second handover of the same person (another
    # project of the household) lengthens the access, never shortens it.
    access, created = HouseholdAccess.objects.select_for_update().get_or_create(
        household_id=project.household_id,
        user_id=change.former_referent_id,
        reason=AccessReason.HANDOVER,
        defaults={"until": change.access_until},
    )
    if not created and (access.until is None or access.until < change.access_until):
        access.until = change.access_until
        access.save(update_fields=["until"])
    referent_changed.send(sender=ReferentChange, change=change, by=by)
    return change


def purge_ended_accesses(now=None) -> int:
    """Delete the accesses whose end has passed (the perimeter already ignores them)."""
    ended = HouseholdAccess.objects.filter(until__lt=now or timezone.now())
    return ended.delete()[0]
