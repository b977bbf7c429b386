"""The household itself: created with its priority criteria, its situation updated, its members."""

import datetime as dt
import uuid
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Case, CharField, Value, When
from django.db.models.functions import Cast, Concat, LPad
from django.utils import timezone
from django.utils.translation import gettext as _

from common.concurrency import claim
from common.history import as_author
from households.errors import HouseholdError
from households.models import Household, HouseholdPriority, Member, priority_codes
from households.services.access import refresh_access, refresh_access_range
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
    return household_new(
        by=by,
        organisation=organisation,
        territory=territory,
        housing_situation=housing_situation,
        informed_on=informed_on,
        priorities=priorities,
    )


def household_new(
    *, by, organisation, territory, housing_situation, informed_on=None, priorities=()
) -> Household:
    """The household written, for a caller that checked who `by` may create it for
    (household_create: their own structure; a referral: its prescriber, seed 004 §4)."""
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
    set_priorities(household, priorities)
    refresh_access(household)  # its referring structure follows it
    return household


def set_priorities(household: Household, criteria: Iterable[str]) -> None:
    """The household's priority criteria (seed 004 §1): its HouseholdPriority rows, and their
    copy in `priority_criteria` that the lists filter on (issue 15), written together. For a
    caller that checked who may change the household; idempotent."""
    wanted = set(criteria)
    household.priorities.exclude(criterion__in=wanted).delete()
    existing = set(household.priorities.values_list("criterion", flat=True))
    HouseholdPriority.objects.bulk_create(
        HouseholdPriority(household=household, criterion=c) for c in sorted(wanted - existing)
    )
    codes = priority_codes(wanted)
    if household.priority_criteria != codes:
        Household.objects.filter(pk=household.pk).update(priority_criteria=codes)
        household.priority_criteria = codes


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
    set_priorities(household, priorities)
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
    return member_new(
        household=household,
        by=by,
        first_name=first_name,
        last_name=last_name,
        birth_date=birth_date,
        relationship=relationship,
    )


def member_new(*, household, by, first_name, last_name, birth_date, relationship) -> Member:
    """The member written, for a caller that checked `by` (member_add; the first member of
    a household a referral brings, seed 004 §4)."""
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


# ------------------------------------------------------------------ imports (issue 19)
@dataclass
class MemberLine:
    """A member as an import gives it: `pk` names the member it updates, None adds one."""

    first_name: str
    last_name: str
    birth_date: dt.date | None
    relationship: str
    pk: int | None = None


@dataclass
class HouseholdLine:
    """A household as an import gives it: `pk` names the household it updates (of the
    importing structure), None creates one known by `source_reference`."""

    source_reference: str
    territory_id: int
    housing_situation: str
    informed_on: dt.date | None
    priorities: frozenset[str] = frozenset()
    members: list[MemberLine] = field(default_factory=list)
    pk: int | None = None


def _check_import_dates(lines: list[HouseholdLine]) -> None:
    for line in lines:
        if line.informed_on:
            not_in_future(
                line.informed_on,
                _("La date d'information du ménage ne peut pas être dans le futur."),
            )
        for member in line.members:
            if member.birth_date:
                not_in_future(
                    member.birth_date, _("La date de naissance ne peut pas être dans le futur.")
                )


@transaction.atomic
def households_import(*, by, organisation, lines: list[HouseholdLine]) -> list[Household]:
    """The bulk path of household_create, household_update_situation and member_add for an
    import (issue 19): the same rules, checked once for the batch, and the same history rows,
    written in a few queries per batch rather than a dozen per household.

    - `by` must be able to record households for `organisation` (as household_create);
    - a line with a `pk` updates a household of `organisation` that `by` works on (as
      household_update_situation: its version moves on, so that an edit opened before the
      import gets a conflict); a member line with a `pk` changes the relationship of a member
      of that household; the territory of a household is never changed;
    - no date in the future. Members absent from a line are left as they are.

    Returns the households created, in the order of their lines."""
    if not by.is_superuser and organisation.pk not in org_ids(by, roles=PROFESSIONAL_ROLES):
        raise HouseholdError(_("Vous ne pouvez enregistrer un ménage que pour votre structure."))
    _check_import_dates(lines)
    new = [line for line in lines if line.pk is None]
    changed = [line for line in lines if line.pk is not None]
    created = _import_create(by, organisation, new) if new else []
    if changed:
        _import_update(by, organisation, changed)
    return created


def _import_create(by, organisation, lines: list[HouseholdLine]) -> list[Household]:
    households = [
        Household(
            reference=uuid.uuid4().hex[:30],
            source_reference=line.source_reference,
            organisation=organisation,
            territory_id=line.territory_id,
            housing_situation=line.housing_situation,
            informed_on=line.informed_on,
            priority_criteria=priority_codes(line.priorities),
        )
        for line in lines
    ]
    Household.objects.bulk_create(households)
    # A pseudonymous reference: no name, only the year and a number (as household_create),
    # written by one UPDATE rather than a statement per household.
    prefix = f"MEN-{timezone.localdate():%Y}-"
    number = Cast("pk", CharField())
    Household.objects.filter(pk__in=[h.pk for h in households]).update(
        reference=Concat(
            Value(prefix),
            Case(
                When(pk__gte=10**5, then=number),
                default=LPad(number, 5, Value("0")),
                output_field=CharField(),
            ),
            output_field=CharField(),
        )
    )
    for household in households:
        household.reference = f"{prefix}{household.pk:05d}"
    Household.history.bulk_history_create(households, default_user=by)
    HouseholdPriority.objects.bulk_create(
        HouseholdPriority(household=household, criterion=c)
        for household, line in zip(households, lines, strict=True)
        for c in sorted(line.priorities)
    )
    members = [
        Member(
            household=household,
            first_name=m.first_name.strip(),
            last_name=m.last_name.strip(),
            birth_date=m.birth_date,
            relationship=m.relationship,
        )
        for household, line in zip(households, lines, strict=True)
        for m in line.members
    ]
    Member.objects.bulk_create(members)
    Member.history.bulk_history_create(members, default_user=by)
    pks = [h.pk for h in households]
    refresh_access_range(min(pks), max(pks))  # its referring structure follows it
    return households


def _import_update(by, organisation, lines: list[HouseholdLine]) -> None:
    mine = Household.objects.filter(organisation=organisation)
    if not by.is_superuser:
        mine = mine.worked_on_by(by)
    households = mine.in_bulk([line.pk for line in lines])
    if len(households) != len({line.pk for line in lines}):
        raise PermissionDenied
    member_pks = [m.pk for line in lines for m in line.members if m.pk is not None]
    known = Member.objects.filter(pk__in=member_pks).in_bulk()
    touched_households, touched_members, added = [], [], []
    for line in lines:
        household = households[line.pk]
        if household.territory_id != line.territory_id:
            raise HouseholdError(
                _("La commune du ménage %(ref)s ne se change pas par un import.")
                % {"ref": household.reference}
            )
        if (household.housing_situation, household.informed_on) != (
            line.housing_situation,
            line.informed_on,
        ):
            household.housing_situation = line.housing_situation
            household.informed_on = line.informed_on
            household.version += 1
            touched_households.append(household)
        set_priorities(household, line.priorities)
        for m in line.members:
            if m.pk is None:
                added.append(
                    Member(
                        household=household,
                        first_name=m.first_name.strip(),
                        last_name=m.last_name.strip(),
                        birth_date=m.birth_date,
                        relationship=m.relationship,
                    )
                )
                continue
            member = known.get(m.pk)
            if member is None or member.household_id != household.pk:
                raise PermissionDenied
            if member.relationship != m.relationship:
                member.relationship = m.relationship
                touched_members.append(member)
    if touched_households:
        Household.objects.bulk_update(
            touched_households, ["housing_situation", "informed_on", "version"]
        )
        Household.history.bulk_history_create(touched_households, update=True, default_user=by)
    if touched_members:
        Member.objects.bulk_update(touched_members, ["relationship"])
        Member.history.bulk_history_create(touched_members, update=True, default_user=by)
    if added:
        Member.objects.bulk_create(added)
        Member.history.bulk_history_create(added, default_user=by)
