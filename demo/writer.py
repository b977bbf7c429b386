"""The one place the demo writes rows: find by natural key, create, or update if different.

Saving only what changed keeps a second run silent: same rows, no new history.
"""

import datetime as dt

from django.db import models
from django.utils import timezone

from demo.data.years import DEMO_YEAR_LAG_DAYS, YearDay


class DemoWriter:
    def __init__(self, today: dt.date):
        self.today = today
        # The year of the demo's current period (demo/data/years.py).
        self.year = (today - dt.timedelta(days=DEMO_YEAR_LAG_DAYS)).year
        self.created = self.updated = self.unchanged = 0
        # What the steps have loaded, by the keys of `data`, for the steps after them.
        self.territories = {}
        self.organisations = {}
        self.contacts = {}
        self.conventions = {}
        self.programmes = {}
        self.domains = {}
        self.users = {}
        self.committees = {}
        self.meetings = {}
        self.allocations = {}

    def day(self, value: int | dt.date | YearDay | None) -> dt.date | None:
        """A fixed date, a number of days from the loading day (negative: past), or a day
        of the demo year (`YearDay`)."""
        if value is None or isinstance(value, dt.date):
            return value
        if isinstance(value, YearDay):
            return dt.date(self.year + value.offset, value.month, value.day)
        return self.today + dt.timedelta(days=value)

    def moment(self, day: dt.date, hour: int = 10) -> dt.datetime:
        return timezone.make_aware(dt.datetime.combine(day, dt.time(hour)))

    def backdate(self, obj: models.Model, day: dt.date, hour: int = 9) -> None:
        """Date the creation of `obj` in its history on `day` (at most the loading day), not
        at the moment of loading: the household's timeline reads "Projet proposé" or "Membre
        ajouté" from the history, and a demo whose events all happened today tells nothing.
        Only moves the creation row earlier: a second run changes nothing."""
        moment = self.moment(min(day, self.today), hour)
        obj.history.filter(history_type="+", history_date__gt=moment).update(history_date=moment)

    def orgs(self, keys) -> list:
        return [self.organisations[key] for key in keys]

    def upsert(self, model: type[models.Model], lookup: dict, **values) -> models.Model:
        """The row found by `lookup`, created with `values` or brought up to date."""
        try:
            obj = model.objects.get(**lookup)
        except model.DoesNotExist:
            obj = model(**lookup, **values)
            validate(obj)
            obj.save()
            self.created += 1
            return obj
        changed = False
        for name, value in values.items():
            field = model._meta.get_field(name)
            if field.is_relation:
                current = getattr(obj, field.attname)
                wanted = value.pk if isinstance(value, models.Model) else value
            else:
                current, wanted = getattr(obj, name), value
            if current != wanted:
                setattr(obj, name, value)
                changed = True
        if changed:
            validate(obj)
            obj.save()
            self.updated += 1
        else:
            self.unchanged += 1
        return obj

    def set_m2m(self, obj: models.Model, name: str, items) -> None:
        # set() adds and removes only the difference: nothing is written when equal.
        getattr(obj, name).set(list(items))

    def count_user(self, *, created: bool, changed: bool) -> None:
        if created:
            self.created += 1
        elif changed:
            self.updated += 1
        else:
            self.unchanged += 1


def validate(obj: models.Model) -> None:
    """Run the model's validators (SIRET, IBAN, dates…), except on derived fields."""
    obj.full_clean(exclude={f.name for f in obj._meta.fields if not f.editable})
