"""What the services of a household's follow-up share: the permission check, the dates and
the message of a stale save."""

import datetime as dt

from django.core.exceptions import PermissionDenied
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from common.concurrency import last_change
from households.errors import HouseholdEditConflict, HouseholdError


def conflict(obj, what: str) -> HouseholdEditConflict:
    return HouseholdEditConflict(
        _(
            "%(what)s a été modifié %(change)s, après que vous avez ouvert ce formulaire. "
            "Rien n'a été enregistré et votre saisie est conservée ci-dessous : vérifiez le "
            "dossier (dans un autre onglet) puis enregistrez de nouveau si elle reste juste."
        )
        % {"what": what, "change": last_change(obj)}
    )


def require(user, perm: str, obj) -> None:
    if not user.has_perm(perm, obj):
        raise PermissionDenied


def french_day(day: dt.date) -> str:
    return date_format(day, "j F Y")


def not_in_future(day: dt.date, message: str) -> None:
    if day > timezone.localdate():
        raise HouseholdError(message)
