"""A synthetic département for measurements: `python manage.py generate_dataset`.

Seeded and deterministic (same seed and reference day, same rows), written with bulk inserts
in batches. It bypasses the services on purpose: it writes a plausible past, not a sequence
of user actions, and django-simple-history records nothing for it.
"""

import datetime as dt
import hashlib

from django.db import transaction

from demo.dataset import agreements, households, structure
from demo.dataset.base import Context
from households.models import Contact, Household, InterventionProject, Member
from households.services import rebuild_access
from partnerships.models import Convention, Organisation, User

__all__ = ["Context", "dataset_digest", "generate"]


def generate(*, households_count: int, seed: int = 62, today: dt.date, batch: int = 2000):
    """Build the whole département in one transaction; returns the run's Context (counts)."""
    ctx = Context(households=households_count, seed=seed, today=today, batch=batch)
    with transaction.atomic():
        structure.build(ctx)
        agreements.build(ctx)
        households.build(ctx)
        # Who may read each file (issue 15), derived from the rows just written.
        rebuild_access(batch=ctx.batch * 5)
    return ctx


def dataset_digest() -> str:
    """A digest of the generated content by natural keys (primary keys and timestamps left
    out), to check that two runs with the same seed give the same data set."""

    digest = hashlib.sha256()
    rows = [
        Organisation.objects.order_by("siret").values_list("siret", "name", "kind", "city"),
        User.objects.order_by("email").values_list("email", "first_name", "last_name"),
        Convention.objects.order_by("reference").values_list(
            "reference", "title", "start_date", "end_date", "status", "amount"
        ),
        Household.objects.order_by("reference").values_list(
            "reference", "organisation__siret", "territory__name", "housing_situation"
        ),
        Member.objects.order_by(
            "household__reference", "first_name", "last_name", "birth_date"
        ).values_list("household__reference", "first_name", "last_name", "birth_date"),
        InterventionProject.objects.order_by("household__reference", "programme__code").values_list(
            "household__reference",
            "programme__code",
            "status",
            "start_date",
            "planned_end",
            "referent__email",
        ),
        Contact.objects.order_by(
            "project__household__reference", "happened_on", "medium", "author__email", "summary"
        ).values_list(
            "project__household__reference", "happened_on", "medium", "author__email", "summary"
        ),
    ]
    for queryset in rows:
        for row in queryset.iterator(chunk_size=5000):
            digest.update(repr(row).encode())
    return digest.hexdigest()
