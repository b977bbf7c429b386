"""CSV / XLSX exports of the convention, activity and incident lists."""

from django.http import HttpRequest, HttpResponse

from common.pages import export_filtered
from partnerships.exports import ActivityRecordExporter, ConventionExporter, IncidentExporter
from partnerships.filters import ActivityFilter, ConventionFilter, IncidentFilter
from partnerships.models import ActivityRecord, Convention, IncidentReport
from partnerships.perimeter import get_visible_or_404
from partnerships.selectors import conventions_for


def convention_export(request: HttpRequest) -> HttpResponse:
    rows = conventions_for(request.user).order_by("-start_date", "reference")
    return export_filtered(request, rows, ConventionFilter, ConventionExporter)


def activity_export(request: HttpRequest, pk: int) -> HttpResponse:
    convention = get_visible_or_404(Convention.objects.all(), request.user, pk=pk)
    rows = (
        ActivityRecord.objects.visible_to(request.user)
        .filter(convention=convention)
        .order_by("-day", "pk")
    )
    return export_filtered(
        request, rows, ActivityFilter, ActivityRecordExporter, convention=convention
    )


def incident_export(request: HttpRequest) -> HttpResponse:
    rows = IncidentReport.objects.visible_to(request.user).order_by("-occurred_on", "pk")
    return export_filtered(request, rows, IncidentFilter, IncidentExporter)
