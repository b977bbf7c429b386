"""Exports of any size (issue 15): beyond `EXPORT_SYNC_MAX_ROWS` rows, a list export becomes
a job that the task worker writes (django-tasks: immediate backend on a laptop,
`django_tasks_db` workers in production, which keep no web timeout: MAILLAGE_PROCESS is not
`web` there, so neither the request deadline nor the statement timeout apply).

The job keeps the request, not the rows: the export view, its arguments, its filters and the
format. The worker runs the view again with the requester as `request.user` (past the
decorators that need a browser session or log a read, but checking the permissions
`perm_required` asked for): the same queryset, filters and perimeter as the page, as they
stand when the file is written. The file lives in private storage until `expires_at`; the
requester alone downloads it (« Mes exports »), each download is written in the access log,
and `purge_exports` deletes expired files.
"""

import datetime as dt
import logging
import os
import tempfile
import time
from collections.abc import Callable

from django.conf import settings
from django.contrib import messages
from django.core.files import File
from django.core.mail import send_mail
from django.db import transaction
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect
from django.urls import resolve, reverse
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django_tasks import task

from common.exporting import Exporter, write_csv, write_xlsx
from common.pages import require_perm
from portal.models import ExportFormat, ExportJob, ExportJobStatus

logger = logging.getLogger(__name__)

# The session remembers the jobs whose end the site has not shown yet (the menu's badge):
# pages of users without a pending export read nothing more.
PENDING_SESSION_KEY = "exports_pending"
# Progress is written at most this often (seconds): a plain UPDATE, no history.
PROGRESS_EVERY = 1.0


def retention() -> dt.timedelta:
    return dt.timedelta(days=settings.EXPORT_RETENTION_DAYS)


# ------------------------------------------------------------------------------ services
@transaction.atomic
def export_job_request(
    *, view_name: str, view_args, params: str, file_format: str, name: str, by
) -> ExportJob:
    """Ask for an export in the background; the same export still in preparation is reused
    (a second click does not start a second job). The task is queued once the row is
    committed: a worker on another machine must find it."""
    if file_format not in ExportFormat.values:
        raise ValueError(file_format)
    same = ExportJob.objects.filter(
        requested_by=by,
        view_name=view_name,
        view_args=list(view_args),
        params=params,
        file_format=file_format,
        status__in=(ExportJobStatus.QUEUED, ExportJobStatus.RUNNING),
    ).first()
    if same is not None:
        return same
    job = ExportJob.objects.create(
        view_name=view_name,
        view_args=list(view_args),
        params=params,
        file_format=file_format,
        name=name[:60],
        requested_by=by,
        expires_at=timezone.now() + retention(),
    )
    transaction.on_commit(lambda: build_export.enqueue(job.pk))
    return job


def _query_without_format(request) -> str:
    query = request.GET.copy()
    query.pop("format", None)
    return query.urlencode()


def export_in_background(request, exporter: Exporter, file_format: str) -> HttpResponse:
    """The page kit's handler for a large export (registered by portal/apps.py): queue the
    job, remember it in the session for the badge, and send the user to « Mes exports »."""
    match = request.resolver_match
    job = export_job_request(
        view_name=match.view_name,
        view_args=[*match.args, *match.kwargs.values()],
        params=_query_without_format(request),
        file_format=file_format,
        name=exporter.filename,
        by=request.user,
    )
    pending = [pk for pk in request.session.get(PENDING_SESSION_KEY, []) if pk != job.pk]
    request.session[PENDING_SESSION_KEY] = [*pending[-9:], job.pk]
    messages.info(
        request,
        _(
            "Cet export compte plus de %(limit)s lignes : il est préparé en arrière-plan. "
            "Vous serez prévenu par courriel quand le fichier sera prêt."
        )
        % {"limit": number_format(settings.EXPORT_SYNC_MAX_ROWS, force_grouping=True)},
    )
    return redirect("portal:export_list")


# --------------------------------------------------------------------------- the worker
def replay_export(job: ExportJob) -> Exporter:
    """Run the job's export view again with its requester as the user; it returns the
    exporter (common.pages.export_filtered sees `request.export_replay`)."""
    user = job.requested_by
    if not user.is_active:
        raise PermissionError(_("Le compte qui a demandé cet export est désactivé."))
    path = reverse(job.view_name, args=job.view_args)
    match = resolve(path)
    view = match.func
    # Past the decorators (session, re-authentication, access log), but not past the rules.
    while hasattr(view, "__wrapped__"):
        perm = getattr(view, "required_perm", None)
        if perm is not None:
            require_perm(user, perm)
        view = view.__wrapped__
    request = HttpRequest()
    request.method = "GET"
    request.path = request.path_info = path
    request.GET = QueryDict(job.params)
    request.user = user
    request.resolver_match = match
    request.export_replay = job
    exporter = view(request, *match.args, **match.kwargs)
    if not isinstance(exporter, Exporter):
        # A 400 (filters no longer valid) or a redirect: nothing to write.
        raise ValueError(f"{job.view_name} a répondu {getattr(exporter, 'status_code', '?')}")
    return exporter


def _progress(job_pk: int, total: int) -> Callable[[int], None]:
    last = [0.0]

    def report(rows: int) -> None:
        now = time.monotonic()
        if now - last[0] < PROGRESS_EVERY:
            return
        last[0] = now
        percent = min(99, max(1, rows * 100 // max(total, 1)))
        ExportJob.objects.filter(pk=job_pk).update(progress=percent)

    return report


def _notify(job: ExportJob) -> None:
    """An e-mail that says the file is ready and where: never the data, never the file."""
    user = job.requested_by
    link = f"{settings.SITE_URL.rstrip('/')}{reverse('portal:export_list')}"
    send_mail(
        subject=_("Maillage : votre export est prêt"),
        message=_("Bonjour %(name)s,") % {"name": user.get_full_name() or user.email}
        + "\n\n"
        + _(
            "L'export « %(export)s » que vous avez demandé le %(day)s est prêt "
            "(%(rows)s lignes). Téléchargez-le depuis la page « Mes exports » jusqu'au "
            "%(until)s :\n%(link)s"
        )
        % {
            "export": job,
            "day": timezone.localtime(job.requested_at).strftime("%d/%m/%Y à %H:%M"),
            "rows": number_format(job.row_count, force_grouping=True),
            "until": timezone.localtime(job.expires_at).strftime("%d/%m/%Y"),
            "link": link,
        },
        from_email=settings.DEFAULT_FROM_EMAIL,
        recipient_list=[user.email],
    )


@task()
def build_export(job_pk: int) -> None:
    """Write the file of an export job, saving its progress as it goes."""
    job = ExportJob.objects.select_related("requested_by").get(pk=job_pk)
    if job.status != ExportJobStatus.QUEUED:
        return  # already built, or expired before a worker took it
    ExportJob.objects.filter(pk=job_pk).update(status=ExportJobStatus.RUNNING, progress=1)
    suffix = f".{job.file_format}"
    try:
        exporter = replay_export(job)
        total = exporter.get_queryset().count()
        write = write_xlsx if job.file_format == ExportFormat.XLSX else write_csv
        with tempfile.NamedTemporaryFile(suffix=suffix) as spool:
            rows = write(exporter, spool, progress=_progress(job_pk, total))
            spool.flush()
            spool.seek(0)
            job.refresh_from_db()
            job.file.save(
                f"{job.name}-{job.pk}{suffix}", File(spool, name=os.path.basename(spool.name))
            )
        now = timezone.now()
        job.status = ExportJobStatus.DONE
        job.progress = 100
        job.row_count = rows
        job.finished_at = now
        job.expires_at = now + retention()
        job.save()
    except Exception:
        logger.exception("Échec de l'export %s (tâche %s)", job.view_name, job_pk)
        ExportJob.objects.filter(pk=job_pk).update(
            status=ExportJobStatus.FAILED,
            finished_at=timezone.now(),
            error=_(
                "La préparation de l'export a échoué ; relancez-la ou prévenez l'administrateur."
            ),
        )
        return
    try:
        _notify(job)
    except Exception:
        # The file is there and the page shows it: a mail server down fails nothing.
        logger.exception("Courriel de l'export %s non envoyé", job_pk)


# ----------------------------------------------------------------------------- expiry
def purge_expired_exports(now=None) -> int:
    """Delete the files of the exports past their date; the rows stay, « expiré », without
    their filters (a name searched for is personal data). Returns how many expired."""
    now = now or timezone.now()
    count = 0
    for job in ExportJob.objects.expired(now).order_by("pk").iterator():
        if job.file:
            job.file.delete(save=False)
        ExportJob.objects.filter(pk=job.pk).update(
            status=ExportJobStatus.EXPIRED, file="", params="", progress=0
        )
        count += 1
    return count
