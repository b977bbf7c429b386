"""Reads of the money for the pages: a constant number of queries whatever the rows."""

import calendar
import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import (
    Case,
    Count,
    F,
    FloatField,
    IntegerField,
    Q,
    QuerySet,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Cast, Coalesce, ExtractYear

from common.money import ZERO
from funding.enums import InstalmentStatus, ReimbursementStatus
from funding.models import Application, Instalment


def month_bounds(day: dt.date) -> tuple[dt.date, dt.date]:
    last = calendar.monthrange(day.year, day.month)[1]
    return day.replace(day=1), day.replace(day=last)


def with_lateness(instalments: QuerySet, on: dt.date) -> QuerySet:
    """Instalments with `late_rank`: 0 when due and unpaid past its date (« En retard »,
    issue 18: shown first and marked), 1 when dated, 2 when not yet due (« Non exigible »)."""
    return instalments.annotate(
        late_rank=Case(
            When(status=InstalmentStatus.DUE, due_on__lt=on, then=Value(0)),
            When(due_on__isnull=False, then=Value(1)),
            default=Value(2),
            output_field=IntegerField(),
        )
    )


def instalments_due_by(user, day: dt.date) -> QuerySet:
    """Instalments to pay by the end of `day`'s month, late ones included, oldest first."""
    _first, last = month_bounds(day)
    return (
        Instalment.objects.visible_to(user)
        .filter(status=InstalmentStatus.DUE, due_on__lte=last)
        .select_related("grant__convention", "grant__funder", "grant__beneficiary")
        .order_by("due_on", "pk")
    )


@dataclass
class DashboardRow:
    year: int
    funder: str
    scheduled: Decimal = ZERO
    due: Decimal = ZERO
    paid: Decimal = ZERO
    reclaimed: Decimal = ZERO
    recovered: Decimal = ZERO

    @property
    def net_received(self) -> Decimal:
        # seed 001 art. 4.4: what came back is no longer received.
        return self.paid - self.recovered


@dataclass
class Dashboard:
    rows: list[DashboardRow] = field(default_factory=list)

    @property
    def total(self) -> DashboardRow:
        total = DashboardRow(year=0, funder="")
        for row in self.rows:
            total.scheduled += row.scheduled
            total.due += row.due
            total.paid += row.paid
            total.reclaimed += row.reclaimed
            total.recovered += row.recovered
        return total

    def chart(self) -> dict:
        """Scheduled / paid per year, for the dashboard chart."""
        years: dict[int, dict[str, Decimal]] = {}
        for row in self.rows:
            figures = years.setdefault(row.year, {"scheduled": ZERO, "paid": ZERO})
            figures["scheduled"] += row.scheduled
            figures["paid"] += row.paid
        ordered = sorted(years)
        return {
            "labels": [str(y) for y in ordered],
            "scheduled": [float(years[y]["scheduled"]) for y in ordered],
            "paid": [float(years[y]["paid"]) for y in ordered],
        }


def dashboard(instalments: QuerySet, claims: QuerySet) -> Dashboard:
    """Scheduled, due, paid and reclaimed per financial year and funder: two grouped queries.

    A reversement counts in the year it was claimed.
    """
    return dashboard_of(*dashboard_statements(instalments, claims))


def dashboard_statements(instalments: QuerySet, claims: QuerySet) -> tuple[QuerySet, QuerySet]:
    """The dashboard's two grouped queries: the instalments, then the reversements, per year
    and funder."""
    grouped = (
        instalments.order_by()
        .values("year", "grant__funder__name")
        .annotate(
            scheduled=Coalesce(Sum("amount", filter=~Q(status=InstalmentStatus.CANCELLED)), ZERO),
            due=Coalesce(Sum("amount", filter=Q(status=InstalmentStatus.DUE)), ZERO),
            paid=Coalesce(Sum("amount", filter=Q(status=InstalmentStatus.PAID)), ZERO),
        )
    )
    reclaimed = (
        claims.exclude(status=ReimbursementStatus.CANCELLED)
        .order_by()
        .annotate(year=ExtractYear("claimed_on"))
        .values("year", "grant__funder__name")
        .annotate(
            reclaimed=Sum("amount"),
            recovered=Coalesce(Sum("amount", filter=Q(status=ReimbursementStatus.RECOVERED)), ZERO),
        )
    )
    return grouped, reclaimed


def dashboard_of(grouped, reclaimed) -> Dashboard:
    """The dashboard from the rows of its two grouped queries (dashboard_statements)."""
    rows: dict[tuple[int, str], DashboardRow] = {}
    for item in grouped:
        key = (item["year"], item["grant__funder__name"])
        rows[key] = DashboardRow(
            year=key[0],
            funder=key[1],
            scheduled=item["scheduled"],
            due=item["due"],
            paid=item["paid"],
        )
    for item in reclaimed:
        key = (item["year"], item["grant__funder__name"])
        row = rows.setdefault(key, DashboardRow(year=key[0], funder=key[1]))
        row.reclaimed = item["reclaimed"]
        row.recovered = item["recovered"]
    return Dashboard(rows=[rows[k] for k in sorted(rows, key=lambda k: (-k[0], k[1]))])


def applications_ranked(call, user) -> QuerySet:
    """The call's files the user may see, best weighted score first (out of 10).

    The score is the mean of every juror's mark, each weighted by its criterion.
    """
    weighted = Sum(Cast(F("scores__score") * F("scores__criterion__weight"), FloatField()))
    weights = Sum(Cast(F("scores__criterion__weight"), FloatField()))
    return (
        # Through a subquery: the perimeter's joins must not multiply the scores summed.
        # unscoped: restricted to Application.objects.visible_to(user) inside
        Application.objects.filter(pk__in=Application.objects.visible_to(user).values("pk"))
        .filter(call=call)
        .select_related("organisation")
        .prefetch_related("requests__territory")
        .annotate(
            weighted_score=weighted / weights,
            scores_count=Count("scores"),
        )
        .order_by(
            F("weighted_score").desc(nulls_last=True),
            "organisation__name",
        )
    )
