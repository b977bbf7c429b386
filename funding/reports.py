"""What the money contributes to reports, and the background job of the department report.

Money figures come from grouped queries (one per kind of row, whatever the number of grants);
the department-wide report is built by a task (django-tasks: immediate backend on a laptop,
`django_tasks_db` workers in production) that updates its job row as it goes.
"""

import datetime as dt
import logging
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Q, Sum
from django.db.models.functions import Coalesce

from common.money import ZERO
from funding.enums import InstalmentStatus, ReimbursementStatus
from funding.envelopes import envelopes_with_usage, territory_usage
from funding.models import (
    Grant,
    GrantYear,
    Instalment,
    MeasureEnvelope,
    ReimbursementClaim,
)

logger = logging.getLogger(__name__)


@dataclass
class GrantYearFigures:
    """One grant's money for one financial year: scheduled / due / paid / reclaimed."""

    grant: Grant
    amount: Decimal = ZERO
    scheduled: Decimal = ZERO
    due: Decimal = ZERO
    paid: Decimal = ZERO
    reclaimed: Decimal = ZERO
    recovered: Decimal = ZERO
    instalments: list = field(default_factory=list)

    @property
    def net_received(self) -> Decimal:
        # seed 001 art. 4.4: what came back is no longer received.
        return self.paid - self.recovered


@dataclass
class MoneyTotals:
    amount: Decimal = ZERO
    scheduled: Decimal = ZERO
    due: Decimal = ZERO
    paid: Decimal = ZERO
    reclaimed: Decimal = ZERO
    recovered: Decimal = ZERO

    def add(self, row: GrantYearFigures) -> None:
        for name in ("amount", "scheduled", "due", "paid", "reclaimed", "recovered"):
            setattr(self, name, getattr(self, name) + getattr(row, name))

    @property
    def net_received(self) -> Decimal:
        return self.paid - self.recovered


def money_year(grants, year: int, *, with_instalments: bool = False) -> list[GrantYearFigures]:
    """The year's figures of each grant of `grants` (a queryset already in the perimeter).

    Four grouped queries (five with the instalments), whatever the number of grants. A
    reversement counts in the year it was claimed, as on the money dashboard.
    """
    grants = list(
        grants.select_related("convention", "funder", "beneficiary", "budget_line").order_by(
            "convention__reference", "pk"
        )
    )
    ids = [g.pk for g in grants]
    amounts = dict(
        # unscoped: rows of the grants the caller passed, read through visible_to
        GrantYear.objects.filter(grant__in=ids, year=year).values_list("grant", "amount")
    )
    paid = Q(status=InstalmentStatus.PAID)
    money = {
        row["grant"]: row
        # unscoped: rows of the grants the caller passed, read through visible_to
        for row in Instalment.objects.filter(grant__in=ids, year=year)
        .order_by()
        .values("grant")
        .annotate(
            scheduled=Coalesce(Sum("amount", filter=~Q(status=InstalmentStatus.CANCELLED)), ZERO),
            due=Coalesce(Sum("amount", filter=Q(status=InstalmentStatus.DUE)), ZERO),
            paid=Coalesce(Sum("amount", filter=paid), ZERO),
        )
    }
    claims = {
        row["grant"]: row
        # unscoped: rows of the grants the caller passed, read through visible_to
        for row in ReimbursementClaim.objects.filter(grant__in=ids, claimed_on__year=year)
        .exclude(status=ReimbursementStatus.CANCELLED)
        .order_by()
        .values("grant")
        .annotate(
            reclaimed=Sum("amount"),
            recovered=Coalesce(Sum("amount", filter=Q(status=ReimbursementStatus.RECOVERED)), ZERO),
        )
    }
    instalments: dict[int, list] = {}
    if with_instalments:
        # unscoped: rows of the grants the caller passed, read through visible_to
        for instalment in Instalment.objects.filter(grant__in=ids, year=year).order_by(
            "grant", "position"
        ):
            instalments.setdefault(instalment.grant_id, []).append(instalment)
    rows = []
    for grant in grants:
        figures = money.get(grant.pk, {})
        claimed = claims.get(grant.pk, {})
        rows.append(
            GrantYearFigures(
                grant=grant,
                amount=amounts.get(grant.pk, ZERO),
                scheduled=figures.get("scheduled", ZERO),
                due=figures.get("due", ZERO),
                paid=figures.get("paid", ZERO),
                reclaimed=claimed.get("reclaimed", ZERO),
                recovered=claimed.get("recovered", ZERO),
                instalments=instalments.get(grant.pk, []),
            )
        )
    return rows


def totals_of(rows: list[GrantYearFigures]) -> MoneyTotals:
    totals = MoneyTotals()
    for row in rows:
        totals.add(row)
    return totals


@dataclass(frozen=True)
class EnvelopeYear:
    envelope: MeasureEnvelope
    territories: list[dict]

    @property
    def committed_amount(self) -> Decimal:
        # seed 004 §5: 5 000 € per measure (one person for one year).
        return self.envelope.unit_cost * self.envelope.committed


def envelopes_year(user, year: int, *, convention=None) -> list[EnvelopeYear]:
    """Per-measure envelopes whose period touches `year`, with allocated / committed /
    remaining per territory (funding.envelopes): one query, then one per envelope. With a
    `convention`, only the envelopes of its programmes (its annual report shows them)."""
    start, end = dt.date(year, 1, 1), dt.date(year, 12, 31)
    # unscoped: restricted to MeasureEnvelope.objects.visible_to(user) below
    selected = MeasureEnvelope.objects.filter(
        pk__in=MeasureEnvelope.objects.visible_to(user).values("pk"),
        period_start__lte=end,
        period_end__gte=start,
    )
    if convention is not None:
        selected = selected.filter(programme__convention=convention)
    envelopes = envelopes_with_usage(selected.select_related("programme", "funder")).order_by(
        "period_start", "pk"
    )
    return [EnvelopeYear(envelope, territory_usage(envelope)) for envelope in envelopes]
