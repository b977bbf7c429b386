"""What the money contributes to reports, and the background job of the department report.

Money figures come from grouped queries (one per kind of row, whatever the number of grants);
the department-wide report is built by a task (django-tasks: immediate backend on a laptop,
`django_tasks_db` workers in production) that updates its job row as it goes.
"""

import datetime as dt
import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Q, Sum
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _
from django_tasks import task

from funding.enums import InstalmentStatus, ReimbursementStatus
from funding.envelopes import envelopes_with_usage, territory_usage
from funding.models import (
    ZERO,
    Grant,
    GrantYear,
    Instalment,
    MeasureEnvelope,
    ReimbursementClaim,
    ReportJob,
    ReportJobStatus,
    ReportKind,
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
        GrantYear.objects.filter(grant__in=ids, year=year).values_list("grant", "amount")
    )
    paid = Q(status=InstalmentStatus.PAID)
    money = {
        row["grant"]: row
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


def envelopes_year(user, year: int) -> list[EnvelopeYear]:
    """Per-measure envelopes whose period touches `year`, with allocated / committed /
    remaining per territory (funding.envelopes): one query, then one per envelope."""
    start, end = dt.date(year, 1, 1), dt.date(year, 12, 31)
    envelopes = envelopes_with_usage(
        MeasureEnvelope.objects.filter(
            pk__in=MeasureEnvelope.objects.visible_to(user).values("pk"),
            period_start__lte=end,
            period_end__gte=start,
        ).select_related("programme", "funder")
    ).order_by("period_start", "pk")
    return [EnvelopeYear(envelope, territory_usage(envelope)) for envelope in envelopes]


# ------------------------------------------------------------------- background report jobs
FIRST_YEAR = 2000


class ReportError(ValidationError):
    """A report cannot be asked for as such; the message is shown as is."""


@transaction.atomic
def report_job_request(*, year: int, by) -> ReportJob:
    """Ask for the department-wide annual report of `year`; the task is queued by the caller
    once the row is committed (a worker on another machine must find it)."""
    this_year = timezone.localdate().year
    if not FIRST_YEAR <= year <= this_year:
        raise ReportError(
            _("L'année doit être comprise entre %(first)s et %(last)s.")
            % {"first": FIRST_YEAR, "last": this_year}
        )
    running = ReportJob.objects.filter(
        requested_by=by,
        kind=ReportKind.DEPARTMENT_ANNUAL,
        year=year,
        status__in=(ReportJobStatus.QUEUED, ReportJobStatus.RUNNING),
    )
    if running.exists():
        raise ReportError(_("Ce rapport est déjà en préparation : attendez qu'il soit prêt."))
    job = ReportJob(kind=ReportKind.DEPARTMENT_ANNUAL, year=year, requested_by=by)
    job._history_user = by
    job.save()
    return job


def _progress(job_pk: int) -> Callable[[int], None]:
    def report(percent: int) -> None:
        # A plain UPDATE: progress is no domain change and leaves no history row.
        ReportJob.objects.filter(pk=job_pk).update(progress=min(max(percent, 0), 100))

    return report


@task()
def build_department_report(job_pk: int) -> None:
    """Build the PDF of a department-wide report job, saving its progress as it goes."""
    from partnerships.reports import department_report_pdf

    job = ReportJob.objects.select_related("requested_by").get(pk=job_pk)
    ReportJob.objects.filter(pk=job_pk).update(status=ReportJobStatus.RUNNING, progress=1)
    try:
        pdf = department_report_pdf(job.requested_by, job.year, progress=_progress(job_pk))
        job.refresh_from_db()
        job.file.save(
            f"rapport-departemental-{job.year}-{job.pk}.pdf", ContentFile(pdf), save=False
        )
        job.status = ReportJobStatus.DONE
        job.progress = 100
        job.finished_at = timezone.now()
        job.save()
    except Exception:
        logger.exception("Échec du rapport départemental (tâche %s)", job_pk)
        ReportJob.objects.filter(pk=job_pk).update(
            status=ReportJobStatus.FAILED,
            finished_at=timezone.now(),
            error=_(
                "La préparation du rapport a échoué ; relancez-la ou prévenez l'administrateur."
            ),
        )
