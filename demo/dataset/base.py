"""What every step of the generator shares: the seeded random source, the day, bulk writes."""

import datetime as dt
import random
from collections import Counter

from django.db import models

BATCH = 2000


class Context:
    """State of one generation run. Steps add what later steps need as attributes."""

    def __init__(self, *, households: int, seed: int, today: dt.date, batch: int = BATCH):
        self.households = households
        self.seed = seed
        self.today = today
        self.batch = batch
        self.rng = random.Random(seed)
        # The département's structure is the same from 2 000 households up; smaller data sets
        # (tests) get a proportionally smaller one.
        self.structure = min(1.0, max(0.1, households / 2000))
        # Beyond 20 000 households a département has more structures, not bigger ones: the
        # operators and volunteer associations come in as many copies as there are started
        # 20 000 households (5 at 100 000), each copy with the same spread of sizes, so the
        # largest structure's caseload stays what it is at 20 000 (issue 15).
        self.copies = max(1, round(households / 20_000))
        self.counts: Counter[str] = Counter()

    def days_ago(self, days: int) -> dt.date:
        return self.today - dt.timedelta(days=days)

    def save(self, objs: list[models.Model]) -> list[models.Model]:
        """Insert in batches; primary keys come back (PostgreSQL, SQLite ≥ 3.35).

        bulk_create skips save() and django-simple-history: derived fields are set by the
        steps themselves (InterventionProject.compute_dates, Territory.path, Termination dates).
        """
        if not objs:
            return objs
        model = type(objs[0])
        model.objects.bulk_create(objs, batch_size=self.batch)
        self.counts[str(model._meta.verbose_name_plural)] += len(objs)
        return objs

    def save_m2m(self, through: type[models.Model], rows: list[models.Model]) -> None:
        if rows:
            through.objects.bulk_create(rows, batch_size=self.batch)
            self.counts[through._meta.db_table] += len(rows)
