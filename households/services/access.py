"""The access table (HouseholdAccess) kept in step with its sources.

Who follows a household is written in several places: its referring structure, the operator
and partner structures and the volunteers of its projects, the operator an orientation
designates. Each service that changes one of them calls `refresh_access(household)` in its
transaction, which recomputes the household's derived rows from those sources and writes only
the difference; `rebuild_access()` does the same for every household, by batches (the data
migration, `manage.py rebuild_household_access`, the generated data set).
"""

from django.db import transaction

from households.enums import AccessReason
from households.models import (
    DERIVED_REASONS,
    Household,
    HouseholdAccess,
    InterventionProject,
    OrientationDecision,
)

Key = tuple[int, int | None, int | None, str]  # household, organisation, person, reason


def derived_accesses(first: int, last: int) -> set[Key]:
    """The accesses the sources give to the households first ≤ pk ≤ last (5 queries)."""
    span = {"household__pk__range": (first, last)}
    keys: set[Key] = set()
    households = Household.objects.filter(pk__range=(first, last))
    for household, organisation in households.values_list("pk", "organisation_id"):
        keys.add((household, organisation, None, AccessReason.REFERRING))
    projects = InterventionProject.objects.filter(**span).order_by()
    for household, operator in projects.values_list("household_id", "operator_id"):
        keys.add((household, operator, None, AccessReason.OPERATOR))
    partners = InterventionProject.partners.through.objects.filter(
        interventionproject__household__pk__range=(first, last)
    ).order_by()
    for household, organisation in partners.values_list(
        "interventionproject__household_id", "organisation_id"
    ):
        keys.add((household, organisation, None, AccessReason.PARTNER))
    volunteers = InterventionProject.volunteers.through.objects.filter(
        interventionproject__household__pk__range=(first, last)
    ).order_by()
    for household, user in volunteers.values_list("interventionproject__household_id", "user_id"):
        keys.add((household, None, user, AccessReason.VOLUNTEER))
    orientations = OrientationDecision.objects.filter(
        referral__household__pk__range=(first, last), operator__isnull=False
    ).order_by()
    for household, operator in orientations.values_list("referral__household_id", "operator_id"):
        keys.add((household, operator, None, AccessReason.ORIENTATION))
    return keys


def _sync(first: int, last: int) -> tuple[int, int]:
    """Write the difference between the stored and the derived accesses; (added, removed)."""
    wanted = derived_accesses(first, last)
    stored = HouseholdAccess.objects.filter(
        household__pk__range=(first, last), reason__in=DERIVED_REASONS
    ).order_by()
    existing = {
        (household, organisation, user, reason): pk
        for pk, household, organisation, user, reason in stored.values_list(
            "pk", "household_id", "organisation_id", "user_id", "reason"
        )
    }
    stale = [pk for key, pk in existing.items() if key not in wanted]
    if stale:
        HouseholdAccess.objects.filter(pk__in=stale).delete()
    missing = sorted(wanted - existing.keys(), key=lambda k: (k[0], k[3], k[1] or 0, k[2] or 0))
    HouseholdAccess.objects.bulk_create(
        HouseholdAccess(household_id=h, organisation_id=o, user_id=u, reason=r)
        for h, o, u, r in missing
    )
    return len(missing), len(stale)


@transaction.atomic
def refresh_access(household: Household) -> None:
    """Recompute the accesses of one household from its sources, in the caller's transaction."""
    _sync(household.pk, household.pk)


@transaction.atomic
def refresh_access_range(first: int, last: int) -> None:
    """The same for the households first ≤ pk ≤ last (a bulk import's new households)."""
    _sync(first, last)


def rebuild_access(*, batch: int = 5000, report=None) -> tuple[int, int]:
    """Recompute the accesses of every household, `batch` households per transaction;
    idempotent (a second run writes nothing). Returns (added, removed)."""
    added = removed = 0
    pks = Household.objects.values_list("pk", flat=True)
    bottom, top = pks.order_by("pk").first() or 0, pks.order_by("-pk").first() or -1
    for first in range(bottom, top + 1, batch):
        with transaction.atomic():
            plus, minus = _sync(first, first + batch - 1)
        added, removed = added + plus, removed + minus
        if report:
            report(min(first + batch - 1, top), top)
    return added, removed
