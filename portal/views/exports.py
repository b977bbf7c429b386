"""« Mes exports »: the large exports prepared in the background (issue 15), their progress,
and their download, by their requester only, written in the access log."""

from django.conf import settings
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from households.audit import audit_record
from households.enums import AuditAction
from partnerships.perimeter import get_visible_or_404
from partnerships.security import recent_auth_required
from portal.exports import PENDING_SESSION_KEY
from portal.models import ExportFormat, ExportJob, ExportJobStatus

SHOWN = 50
CONTENT_TYPES = {
    ExportFormat.CSV: "text/csv; charset=utf-8",
    ExportFormat.XLSX: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


@require_GET
def export_list(request: HttpRequest) -> HttpResponse:
    """The user's latest exports; htmx reloads the table every 2 seconds while one is being
    prepared (without JavaScript, the page refreshes itself)."""
    jobs = list(ExportJob.objects.visible_to(request.user)[:SHOWN])
    preparing = any(not job.finished for job in jobs)
    pending = request.session.get(PENDING_SESSION_KEY)
    if pending:
        # Seen here: the menu's badge forgets the finished ones.
        finished = {job.pk for job in jobs if job.finished}
        request.session[PENDING_SESSION_KEY] = [pk for pk in pending if pk not in finished]
    context = {
        "jobs": jobs,
        "preparing": preparing,
        "sync_max_rows": settings.EXPORT_SYNC_MAX_ROWS,
        "retention_days": settings.EXPORT_RETENTION_DAYS,
    }
    template = "portal/_export_jobs.html" if request.htmx else "portal/exports.html"
    return render(request, template, context)


@require_GET
@recent_auth_required
def export_download(request: HttpRequest, pk: int) -> FileResponse:
    job = get_visible_or_404(ExportJob.objects.all(), request.user, pk=pk)
    if job.status != ExportJobStatus.DONE or not job.file:
        raise Http404  # not written yet, failed or expired: nothing to download
    audit_record(
        request=request,
        action=AuditAction.EXPORT,
        detail=f"{job.view_name} {job.file_format} (export n° {job.pk}, {job.row_count} lignes)",
    )
    return FileResponse(
        job.file.open("rb"),
        as_attachment=True,
        filename=job.download_name,
        content_type=CONTENT_TYPES[job.file_format],
    )
