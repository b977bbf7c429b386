"""The department-wide report as a background job (django-tasks: immediate backend on a
laptop, `django_tasks_db` workers in production) that updates its row as it goes."""

import logging
from collections.abc import Callable

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_tasks import task

from common.history import as_author
from portal.models import ReportJob, ReportJobStatus, ReportKind
from portal.reports import department_report_pdf

logger = logging.getLogger(__name__)

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
    as_author(job, by).save()
    return job


def _progress(job_pk: int) -> Callable[[int], None]:
    def report(percent: int) -> None:
        # A plain UPDATE: progress is no domain change and leaves no history row.
        ReportJob.objects.filter(pk=job_pk).update(progress=min(max(percent, 0), 100))

    return report


@task()
def build_department_report(job_pk: int) -> None:
    """Build the PDF of a department-wide report job, saving its progress as it goes."""

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
