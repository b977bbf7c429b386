"""CSV / XLSX exports of the money lists, with the list's filters."""

from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.utils import timezone

from common.pages import export_filtered
from funding.envelopes import envelopes_with_usage
from funding.exports import (
    BudgetLineExporter,
    CallExporter,
    CoFundingExporter,
    EnvelopeExporter,
    GrantExporter,
    InstalmentExporter,
)
from funding.filters import (
    BudgetLineFilter,
    CallFilter,
    CoFundingFilter,
    EnvelopeFilter,
    GrantFilter,
    InstalmentFilter,
)
from funding.models import (
    BudgetLine,
    CallForApplications,
    CoFundingPlan,
    Grant,
    Instalment,
    MeasureEnvelope,
)
from funding.selectors import with_lateness


def instalment_export(request: HttpRequest) -> HttpResponse:
    rows = with_lateness(Instalment.objects.visible_to(request.user), timezone.localdate())
    rows = rows.order_by("grant__convention__reference", "year", "position", "pk")
    return export_filtered(request, rows, InstalmentFilter, InstalmentExporter)


def grant_export(request: HttpRequest) -> HttpResponse:
    # The totals before the filters: a column sort (`?tri=total`) reads them.
    rows = (
        Grant.objects.visible_to(request.user).with_totals().order_by("convention__reference", "pk")
    )
    return export_filtered(request, rows, GrantFilter, GrantExporter)


def budget_line_export(request: HttpRequest) -> HttpResponse:
    rows = (
        BudgetLine.objects.visible_to(request.user)
        .with_figures()
        .order_by("-year", "operation_code", "pk")
    )
    return export_filtered(request, rows, BudgetLineFilter, BudgetLineExporter)


def cofunding_export(request: HttpRequest) -> HttpResponse:
    # The "balanced" filter reads the gap: the totals must be there before filtering.
    rows = (
        CoFundingPlan.objects.visible_to(request.user)
        .with_totals()
        .order_by("convention__reference", "label", "pk")
    )
    return export_filtered(request, rows, CoFundingFilter, CoFundingExporter)


def envelope_export(request: HttpRequest) -> HttpResponse:
    rows = envelopes_with_usage(MeasureEnvelope.objects.visible_to(request.user)).order_by(
        "-period_start", "pk"
    )
    return export_filtered(request, rows, EnvelopeFilter, EnvelopeExporter)


def call_export(request: HttpRequest) -> HttpResponse:
    rows = (
        CallForApplications.objects.visible_to(request.user)
        .annotate(applications_count=Count("applications"))
        .order_by("-deadline", "pk")
    )
    return export_filtered(request, rows, CallFilter, CallExporter)
