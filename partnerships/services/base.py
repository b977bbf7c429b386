"""What the services of the conventions share: the locked convention, its dates, its parties."""

import datetime as dt

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from partnerships.enums import ConventionStatus
from partnerships.errors import ConventionError
from partnerships.models import Convention, Organisation


def require(by, perm: str, obj, message: str) -> None:
    """The acting user's right, checked by the service itself (a page, the admin or a command
    cannot forget it); a refusal is a ConventionError with its French message."""
    if by is None or not by.has_perm(perm, obj):
        raise ConventionError(message)


MANAGE = "partnerships.manage_convention"
NOT_YOURS = gettext_lazy(
    "Seules la direction et les agents des parties qui pilotent la convention la modifient."
)


def french_day(day: dt.date) -> str:
    return day.strftime("%d/%m/%Y")


def lock_convention(convention: Convention) -> Convention:
    return (
        Convention.objects.select_for_update()
        .prefetch_related("amendments", "parties")
        .get(pk=convention.pk)
    )


def not_in_future(day: dt.date, message: str) -> None:
    if day > timezone.localdate():
        raise ConventionError(message)


def check_in_force(convention: Convention, day: dt.date, what: str) -> None:
    if not convention.in_force_on(day):
        raise ConventionError(
            _("%(what)s : la convention n'est pas en vigueur le %(day)s (%(status)s).")
            % {
                "what": what,
                "day": french_day(day),
                "status": ConventionStatus(convention.status_on(day)).label.lower(),
            }
        )


def party_of(convention: Convention, organisation: Organisation, day: dt.date):
    parties = [p for p in convention.parties_on(day) if p.organisation_id == organisation.pk]
    if not parties:
        raise ConventionError(
            _("%(org)s n'est pas partie à la convention.") % {"org": organisation}
        )
    return parties
