"""The synthetic département (issue 7): it loads, and the same seed gives the same data."""

import datetime as dt
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import transaction
from django.db.models import Q

from demo.dataset import dataset_digest
from households.models import (
    Contact,
    Household,
    HouseholdPriority,
    InterventionProject,
    Member,
    priority_codes,
)
from partnerships.enums import Role
from partnerships.models import Convention, Membership


def _generate_and_digest(**options) -> tuple[str, dict]:
    with transaction.atomic():
        call_command(
            "generate_dataset",
            households=50,
            today=dt.date(2026, 3, 2),
            stdout=StringIO(),
            **options,
        )
        digest = dataset_digest()
        criteria = {h.pk: set() for h in Household.objects.only("pk")}
        for household, criterion in HouseholdPriority.objects.values_list(
            "household_id", "criterion"
        ):
            criteria[household].add(criterion)
        counts = {
            # issue 15: each household's copy of its criteria, as set_priorities writes it
            "criteria": sum(1 for found in criteria.values() if found),
            "copies_differing": sum(
                1
                for pk, copy in Household.objects.values_list("pk", "priority_criteria")
                if copy != priority_codes(criteria[pk])
            ),
            "households": Household.objects.count(),
            "members": Member.objects.count(),
            "projects": InterventionProject.objects.count(),
            "contacts": Contact.objects.count(),
            "conventions": Convention.objects.count(),
            "roles": set(Membership.objects.values_list("role", flat=True)),
            "dated": InterventionProject.objects.filter(
                start_date__isnull=False, planned_end__isnull=True
            ).count(),
            "undated_conventions": Convention.objects.filter(
                Q(amended_end__isnull=True) | Q(effective_end__isnull=True)
            ).count(),
        }
        transaction.set_rollback(True)
    return digest, counts


@pytest.mark.django_db
def test_generate_dataset_is_deterministic_for_a_seed():
    first, counts = _generate_and_digest()
    second, _ = _generate_and_digest()
    other_seed, _ = _generate_and_digest(seed=7)

    assert first == second
    assert other_seed != first
    assert counts["households"] == 50
    assert counts["members"] >= 50
    assert counts["projects"] > 40
    assert counts["contacts"] > 20 * 30
    assert counts["conventions"] > 10
    assert counts["roles"] == set(Role.values)
    assert counts["criteria"] > 10 and counts["copies_differing"] == 0
    # bulk_create skips save(): the generator derives the dates itself.
    assert counts["dated"] == 0
    assert counts["undated_conventions"] == 0


@pytest.mark.django_db
def test_generate_dataset_refuses_a_database_that_has_data():
    from tests.partnerships.factories import OrganisationFactory

    OrganisationFactory()

    with pytest.raises(CommandError, match="déjà des organisations"):
        call_command("generate_dataset", households=5, stdout=StringIO())


def _largest_caseload(households: int) -> tuple[int, int]:
    """(operators, households the largest operator is expected to follow) for a département of
    `households`, from the structure step alone (territories, organisations, users)."""
    from demo.dataset import structure
    from demo.dataset.base import Context

    with transaction.atomic():
        ctx = Context(households=households, seed=42, today=dt.date(2026, 3, 2))
        structure._territories(ctx)
        structure._organisations(ctx)
        transaction.set_rollback(True)
    share = max(ctx.operator_weights) / sum(ctx.operator_weights)
    return len(ctx.operators), round(households * share)


@pytest.mark.django_db
def test_a_larger_departement_has_more_structures_not_bigger_ones():
    """issue 15: from 20 000 to 100 000 households the lists that « cost what the caseload
    costs » only stay flat if the caseloads do: the generator adds structures (five copies of
    the operators at 100 000) instead of making its 285 organisations five times bigger."""
    operators_20k, largest_20k = _largest_caseload(20_000)
    operators_100k, largest_100k = _largest_caseload(100_000)
    assert operators_100k > 4 * operators_20k - 100  # the CCAS (one a commune) do not multiply
    # Within 10 %: the CCAS that follow households are one a commune, not copied, so they
    # weigh a little less in the larger département (1 412 → 1 522 households, seed 42).
    assert abs(largest_100k - largest_20k) <= 0.10 * largest_20k
