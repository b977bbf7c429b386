"""What every money model shares: the money field, who may read money, correlated sums."""

from django.db import models
from django.db.models import F, Func, Q, Subquery, Value
from django.db.models.functions import Coalesce

from common.money import ZERO
from partnerships.enums import Role
from partnerships.models import Convention
from partnerships.perimeter import org_ids

MONEY = models.DecimalField(max_digits=12, decimal_places=2)

# Who may read money: the people who run it, head it, or sign for it.
FUNDING_ROLES = (Role.DEPARTMENT_STAFF, Role.DIRECTOR, Role.SIGNATORY_PARTNER)


def money(verbose_name, **kwargs):
    kwargs.setdefault("max_digits", 12)
    kwargs.setdefault("decimal_places", 2)
    return models.DecimalField(verbose_name, **kwargs)


class FunderScopedQuerySet(models.QuerySet):
    """Money rows are visible to funding roles of the organisations concerned."""

    org_fields: tuple[str, ...] = ()
    convention_field = ""

    def visible_to(self, user):
        if not user.is_authenticated:
            return self.none()
        if user.is_superuser:
            return self

        mine = org_ids(user, roles=FUNDING_ROLES)
        if not mine:
            return self.none()
        condition = Q()
        for field in self.org_fields:
            condition |= Q(**{f"{field}__in": mine})
        if self.convention_field:
            visible = Convention.objects.filter(parties__organisation__in=mine).values("pk")
            condition |= Q(**{f"{self.convention_field}__in": visible})
        return self.filter(condition).distinct()


def sum_of(queryset, field: str):
    """A correlated `SUM(field)` for annotations, 0,00 € when there is no row."""
    # A bare SUM without GROUP BY: always one row, whatever the correlation matches.
    rows = queryset.order_by().values(total=Func(F(field), function="SUM"))
    return Coalesce(Subquery(rows), Value(ZERO), output_field=MONEY)
