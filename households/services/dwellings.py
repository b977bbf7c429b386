"""The dwelling a household is given in a partner's stock (seed 000 art. III)."""

import datetime as dt

from django.db import transaction
from django.utils.translation import gettext as _

from common.history import as_author
from households.errors import HouseholdError
from households.models import Dwelling, Household
from households.services.base import french_day, not_in_future, require
from partnerships.models import Organisation


@transaction.atomic
def dwelling_record(
    *,
    household: Household,
    by,
    landlord,
    address: str,
    unit: str,
    territory,
    since: dt.date,
) -> Dwelling:
    """seed 000 art. III: the dwelling put at the household's disposal (address, landlord,
    unit, since) joins its file; a new one ends the current one on the day of the move."""
    require(by, "households.edit_household", household)
    household = Household.objects.select_for_update().get(pk=household.pk)
    address = (address or "").strip()
    if not address:
        raise HouseholdError(_("Indiquez l'adresse du logement."))
    not_in_future(since, _("Une installation ne peut pas être datée dans le futur."))
    if not by.is_superuser and not Organisation.objects.visible_to(by).filter(pk=landlord.pk):
        raise HouseholdError(
            _("Le bailleur doit être une structure avec laquelle vous travaillez.")
        )
    current = household.dwellings.current().first()
    if current is not None:
        if since <= current.since:
            raise HouseholdError(
                _(
                    "Le ménage occupe son logement actuel depuis le %(day)s : le nouveau "
                    "logement ne peut pas le précéder."
                )
                % {"day": french_day(current.since)}
            )
        current.left_on = since
        as_author(current, by).save(update_fields=["left_on"])
    dwelling = Dwelling(
        household=household,
        landlord=landlord,
        address=address,
        unit=(unit or "").strip(),
        territory=territory,
        since=since,
    )
    as_author(dwelling, by).save()
    return dwelling


@transaction.atomic
def dwelling_leave(*, dwelling: Dwelling, by, left_on: dt.date) -> Dwelling:
    """The household leaves the dwelling (seed 000 art. III), on or after its installation."""
    require(by, "households.edit_household", dwelling.household)
    dwelling = Dwelling.objects.select_for_update().get(pk=dwelling.pk)
    if dwelling.left_on:
        raise HouseholdError(
            _("Le ménage a déjà quitté ce logement le %(day)s.")
            % {"day": french_day(dwelling.left_on)}
        )
    not_in_future(left_on, _("Un départ ne peut pas être daté dans le futur."))
    if left_on < dwelling.since:
        raise HouseholdError(
            _("Le départ ne peut pas précéder l'installation du %(day)s.")
            % {"day": french_day(dwelling.since)}
        )
    dwelling.left_on = left_on
    as_author(dwelling, by).save(update_fields=["left_on"])
    return dwelling
