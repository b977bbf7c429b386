"""Minutes of a meeting and deliberation extracts as PDF; exports of the governance lists.

Wired in governance/urls.py."""

from django.http import HttpRequest, HttpResponse
from django.views.decorators.http import require_GET

from common.pages import export_filtered
from common.pdf import pdf_response
from governance.exports import (
    ActionPlanExporter,
    AnnualReportExporter,
    CommitteeExporter,
    MeetingExporter,
)
from governance.filters import CommitteeFilter, MeetingFilter, PlanFilter, ReportFilter
from governance.models import ActionPlan, AnnualReport, Decision, Meeting
from governance.reports import deliberation_pdf, minutes_pdf
from governance.selectors import committees_for
from partnerships.perimeter import get_visible_or_404


@require_GET
def meeting_minutes_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = get_visible_or_404(Meeting.objects.all(), request.user, pk=pk)
    return pdf_response(
        minutes_pdf(meeting), f"compte-rendu-{meeting.held_on:%Y-%m-%d}-{meeting.pk}.pdf"
    )


@require_GET
def deliberation_extract_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    decision = get_visible_or_404(Decision.objects.all(), request.user, pk=pk)
    name = decision.number or str(decision.pk)
    return pdf_response(deliberation_pdf(decision), f"deliberation-{name}.pdf")


def meeting_export(request: HttpRequest) -> HttpResponse:
    rows = Meeting.objects.visible_to(request.user).order_by("-held_on", "pk")
    return export_filtered(request, rows, MeetingFilter, MeetingExporter)


def committee_export(request: HttpRequest) -> HttpResponse:
    rows = committees_for(request.user).order_by("name", "pk")
    return export_filtered(request, rows, CommitteeFilter, CommitteeExporter)


def plan_export(request: HttpRequest) -> HttpResponse:
    rows = ActionPlan.objects.visible_to(request.user).order_by("-period_start", "pk")
    return export_filtered(request, rows, PlanFilter, ActionPlanExporter)


def report_export(request: HttpRequest) -> HttpResponse:
    rows = AnnualReport.objects.visible_to(request.user).order_by(
        "-year", "convention__reference", "pk"
    )
    return export_filtered(request, rows, ReportFilter, AnnualReportExporter)
