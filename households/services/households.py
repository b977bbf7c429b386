"""The household itself: created with its priority criteria, its situation updated, its members."""

import datetime as dt
import uuid
from collections.abc import Iterable

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from common.concurrency import claim
from common.history import as_author
from households.errors import HouseholdError
from households.models import Household, HouseholdPriority, Member
from households.services.access import refresh_access
from households.services.base import conflict, not_in_future, require
from partnerships.enums import PROFESSIONAL_ROLES
from partnerships.perimeter import org_ids


@transaction.atomic
def household_create(
    *,
    by,
    organisation,
    territory,
    housing_situation: str,
    informed_on: dt.date | None = None,
    priorities: Iterable[str] = (),
) -> Household:
    if not by.is_superuser and organisation.pk not in org_ids(by, roles=PROFESSIONAL_ROLES):
        raise HouseholdError(_("Vous ne pouvez enregistrer un ménage que pour votre structure."))
    if informed_on:
        not_in_future(
            informed_on, _("La date d'information du ménage ne peut pas être dans le futur.")
        )
    household = as_author(
        Household(
            reference=uuid.uuid4().hex[:30],
            organisation=organisation,
            territory=territory,
            housing_situation=housing_situation,
            informed_on=informed_on,
        ),
        by,
    )
    household.save()
    # A pseudonymous reference: no name, only the year and a number.
    household.reference = f"MEN-{timezone.localdate():%Y}-{household.pk:05d}"
    household.save(update_fields=["reference"])
    HouseholdPriority.objects.bulk_create(
        HouseholdPriority(household=household, criterion=c) for c in sorted(set(priorities))
    )
    refresh_access(household)  # its referring structure follows it
    return household


@transaction.atomic
def household_update_situation(
    *,
    household: Household,
    by,
    version: int,
    housing_situation: str,
    priorities: Iterable[str],
    informed_on: dt.date | None,
) -> Household:
    """Save the situation edited from `version` of the household; a later save by someone
    else since then is a conflict (issue 8: optimistic locking), and nothing is written."""
    require(by, "households.edit_household", household)
    if informed_on:
        not_in_future(
            informed_on, _("La date d'information du ménage ne peut pas être dans le futur.")
        )
    if not claim(Household.objects, household, version):
        raise conflict(household, _("Le ménage %(ref)s") % {"ref": household.reference})
    household.housing_situation = housing_situation
    household.informed_on = informed_on
    as_author(household, by).save()
    wanted = set(priorities)
    household.priorities.exclude(criterion__in=wanted).delete()
    existing = set(household.priorities.values_list("criterion", flat=True))
    HouseholdPriority.objects.bulk_create(
        HouseholdPriority(household=household, criterion=c) for c in sorted(wanted - existing)
    )
    return household


@transaction.atomic
def member_add(
    *,
    household: Household,
    by,
    first_name: str,
    last_name: str,
    birth_date: dt.date | None,
    relationship: str,
) -> Member:
    require(by, "households.edit_household", household)
    if birth_date:
        not_in_future(birth_date, _("La date de naissance ne peut pas être dans le futur."))
    member = Member(
        household=household,
        first_name=first_name.strip(),
        last_name=last_name.strip(),
        birth_date=birth_date,
        relationship=relationship,
    )
    as_author(member, by).save()
    return member
