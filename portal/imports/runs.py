"""An import's life (issue 19): the file is checked (dry run) when it is uploaded and kept in
an ImportRun row; confirmed, it is imported by a background task (django-tasks, like the
reports and long exports) that checks it again and writes everything in one transaction, or
nothing. The run stays as the log: who, when, which file, what it did."""

import datetime as dt
import logging
from collections.abc import Callable

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import DEFAULT_DB_ALIAS, connection, connections, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.text import get_valid_filename
from django.utils.translation import gettext as _
from django_tasks import task

from partnerships.enums import PROFESSIONAL_ROLES, Role
from partnerships.perimeter import org_ids
from portal.imports import conventions, grants, households, members, organisations, reading
from portal.models import ImportKind, ImportRun, ImportStatus

logger = logging.getLogger(__name__)

MAX_BYTES = 20 * 1024 * 1024
IMPORTERS = {
    ImportKind.HOUSEHOLDS: households,
    ImportKind.ORGANISATIONS: organisations,
    ImportKind.CONVENTIONS: conventions,
    ImportKind.GRANTS: grants,
    ImportKind.MEMBERS: members,
}
# Who imports what, for which of their structures: as who creates those records in the pages
# and the admin. Households: a structure's professionals (households.services.household_create);
# organisations: department staff (OrganisationAdmin.add_roles); conventions: department staff
# (partnerships.create_convention), the structure being a party; grants: the funder's
# department staff (funding.manage_grant); members: the structure's directors (the « Membres »
# page, partnerships.manage_members).
IMPORT_ROLES = {
    ImportKind.HOUSEHOLDS: PROFESSIONAL_ROLES,
    ImportKind.ORGANISATIONS: (Role.DEPARTMENT_STAFF,),
    ImportKind.CONVENTIONS: (Role.DEPARTMENT_STAFF,),
    ImportKind.GRANTS: (Role.DEPARTMENT_STAFF,),
    ImportKind.MEMBERS: (Role.DIRECTOR,),
}


class ImportRunError(ValidationError):
    """An import cannot be confirmed as such; the message is shown as is."""


def importer(kind: str):
    return IMPORTERS[kind]


def may_import_for(user, kind: str = ImportKind.HOUSEHOLDS) -> list[int]:
    """The structures for which `user` may import records of `kind` (IMPORT_ROLES)."""
    return sorted(org_ids(user, roles=IMPORT_ROLES[kind]))


def kinds_for(user) -> list[str]:
    """The kinds of import `user` may run, for one of their structures at least."""
    return [
        kind for kind in IMPORTERS if user.is_superuser or may_import_for(user, kind)
    ]  # fmt: skip


def _fill(run: ImportRun, plan) -> None:
    run.row_count = plan.rows
    run.created = plan.count(households.CREATE)
    run.updated = plan.count(households.UPDATE)
    run.unchanged = plan.count(households.UNCHANGED)
    run.errors = plan.errors
    run.report = plan.report()


# A file larger than this is checked by a background task, its progress shown on the run's
# page (about 20 000 lines of CSV); a smaller one while the page waits.
CHECK_IN_BACKGROUND_BYTES = 1024 * 1024


def import_check(*, by, organisation, kind: str, upload) -> ImportRun:
    """Keep the uploaded file in a new run and check it (the dry run): nothing else is
    written. A file that cannot be read gives a run « Erreurs à corriger » with the reason.
    A large file is checked by a background task (the run is « Vérification en cours »)."""
    if not by.is_superuser and organisation.pk not in may_import_for(by, kind):
        raise PermissionDenied
    if upload.size > MAX_BYTES:
        raise ImportRunError(_("Le fichier dépasse 20 Mo : découpez-le en plusieurs fichiers."))
    content = upload.read()
    name = get_valid_filename(upload.name)[:150] or "import"
    run = ImportRun(
        kind=kind,
        organisation=organisation,
        file_name=upload.name[:200],
        requested_by=by,
        status=ImportStatus.CHECKED,
    )
    run.file.save(name, ContentFile(content), save=False)
    if len(content) > CHECK_IN_BACKGROUND_BYTES:
        run.status = ImportStatus.CHECKING
        run.progress = 1
        run.save()
        transaction.on_commit(lambda: check_run.enqueue(run.pk))
        return run
    _check(run, content, name, by)
    run.save()
    return run


def _check(run: ImportRun, content: bytes, name: str, by, progress=None) -> None:
    """The dry run of `content`: the run's figures, report and status; nothing else written."""
    module = importer(run.kind)
    try:
        data = reading.load(content, name)
        rows = reading.rows(data, module.COLUMNS)
        plan = module.plan(
            rows,
            organisation=run.organisation,
            by=by,
            progress=progress and (lambda done: progress(1 + done * 98 // max(len(data), 1))),
        )
    except reading.ImportFileError as exc:
        run.status = ImportStatus.REJECTED
        run.error = exc.messages[0]
        run.errors = 1
        return
    _fill(run, plan)
    if plan.errors:
        run.status = ImportStatus.REJECTED
    else:
        run.status = ImportStatus.CHECKED
        if not (run.created or run.updated):
            run.error = _("Le fichier ne change rien : tout y est déjà enregistré.")


@task()
def check_run(run_pk: int) -> None:
    """The dry run of a large file, in the background; its progress on the run's page."""
    # unscoped: the task's own run, uploaded by its author
    run = ImportRun.objects.select_related("organisation", "requested_by").get(pk=run_pk)
    if run.status != ImportStatus.CHECKING:
        return
    progress = _Progress(run_pk)
    try:
        with run.file.open("rb") as handle:
            _check(run, handle.read(), run.file.name, run.requested_by, progress=progress)
    except Exception:
        logger.exception("Échec de la vérification de l'import %s", run_pk)
        run.status = ImportStatus.REJECTED
        run.error = _("Le fichier n'a pas pu être vérifié. Prévenez l'administrateur.")
    finally:
        progress.close()
    run.progress = 0
    run.save()


@transaction.atomic
def import_confirm(*, run: ImportRun, by) -> ImportRun:
    """Queue the import of a checked run; the task is queued once the row is committed."""
    # unscoped: the run the view loaded through visible_to (its uploader's)
    locked = ImportRun.objects.select_for_update().get(pk=run.pk)
    if locked.requested_by_id != by.pk:
        raise PermissionDenied
    if locked.status != ImportStatus.CHECKED:
        raise ImportRunError(_("Cet import n'est plus à confirmer."))
    locked.status = ImportStatus.QUEUED
    locked.confirmed_at = timezone.now()
    locked.save(update_fields=["status", "confirmed_at"])
    transaction.on_commit(lambda: run_import.enqueue(locked.pk))
    return locked


class _Progress:
    """Writes the run's progress where the page can read it. While the import's transaction
    is open, its own connection's updates are invisible to the page: on PostgreSQL a second
    connection, in autocommit, writes them."""

    def __init__(self, run_pk: int):
        self.run_pk = run_pk
        self.side = None
        if connection.vendor == "postgresql":
            self.side = connections.create_connection(DEFAULT_DB_ALIAS)

    def __call__(self, percent: int) -> None:
        percent = min(max(int(percent), 1), 99)
        if self.side is None or not connection.in_atomic_block:
            # unscoped: progress of the run this task is writing
            ImportRun.objects.filter(pk=self.run_pk).update(progress=percent)
            return
        with self.side.cursor() as cursor:
            cursor.execute(
                f"UPDATE {ImportRun._meta.db_table} SET progress = %s WHERE id = %s",
                [percent, self.run_pk],
            )

    def close(self):
        if self.side is not None:
            self.side.close()


def _checking(progress: Callable[[int], None], total: int) -> Callable[[int], None]:
    return lambda rows: progress(1 + rows * 29 // max(total, 1))


@task()
def run_import(run_pk: int) -> None:
    """Check the run's file again (the data may have changed since the dry run), then write
    it through the services in one transaction; any error, and nothing is written."""
    # unscoped: the task's own run, queued by its uploader
    run = ImportRun.objects.select_related("organisation", "requested_by").get(pk=run_pk)
    if run.status != ImportStatus.QUEUED:
        return
    # unscoped: the task's own run, queued by its uploader
    ImportRun.objects.filter(pk=run_pk).update(status=ImportStatus.RUNNING, progress=1)
    progress = _Progress(run_pk)
    module = importer(run.kind)
    try:
        with run.file.open("rb") as handle:
            data = reading.load(handle.read(), run.file.name)
        plan = module.plan(
            reading.rows(data, module.COLUMNS),
            organisation=run.organisation,
            by=run.requested_by,
            progress=_checking(progress, len(data)),
        )
        _fill(run, plan)
        if plan.errors:
            raise ImportRunError(
                _(
                    "Des erreurs sont apparues depuis la vérification (un dossier a pu être "
                    "enregistré entre-temps) ; rien n'a été enregistré. Corrigez le fichier et "
                    "déposez-le de nouveau."
                )
            )
        with transaction.atomic():
            module.write(
                plan,
                by=run.requested_by,
                organisation=run.organisation,
                progress=lambda done, total: progress(30 + done * 69 // max(total, 1)),
            )
    except (ValidationError, PermissionDenied) as exc:
        message = (
            _("Vous ne pouvez pas importer pour cette structure ; rien n'a été enregistré.")
            if isinstance(exc, PermissionDenied)
            else " ".join(exc.messages)
        )
        _finish(run, ImportStatus.FAILED, error=message)
    except Exception:
        logger.exception("Échec de l'import %s", run_pk)
        _finish(
            run,
            ImportStatus.FAILED,
            error=_("L'import a échoué ; rien n'a été enregistré. Prévenez l'administrateur."),
        )
    else:
        _finish(run, ImportStatus.DONE)
    finally:
        progress.close()


def _finish(run: ImportRun, status: str, error: str = "") -> None:
    run.status = status
    run.error = error
    run.progress = 100 if status == ImportStatus.DONE else 0
    run.finished_at = timezone.now()
    if status == ImportStatus.DONE and run.file:
        # The names are in the households now: the file is not kept once imported.
        run.file.delete(save=False)
    run.save()


# ---------------------------------------------------------------------------- retention
def purge_import_runs(now=None) -> tuple[int, int]:
    """Forget old imports (docs/rgpd.md): a dry run never confirmed (« Vérifié, à confirmer »,
    « Erreurs à corriger ») goes with its file after IMPORT_DRAFT_RETENTION_DAYS; a failed
    import loses its file then; a confirmed import's log (done or failed) goes after
    AUDIT_RETENTION_DAYS. A run queued or running is never touched. Returns (runs deleted,
    files deleted)."""
    now = now or timezone.now()
    drafts = now - dt.timedelta(days=settings.IMPORT_DRAFT_RETENTION_DAYS)
    logs = now - dt.timedelta(days=settings.AUDIT_RETENTION_DAYS)
    unconfirmed = [ImportStatus.CHECKED, ImportStatus.REJECTED]
    finished = [ImportStatus.DONE, ImportStatus.FAILED]
    runs_deleted = files_deleted = 0
    # unscoped: the nightly purge of every organisation's old runs, no user acting
    old = ImportRun.objects.filter(
        Q(status__in=unconfirmed, requested_at__lt=drafts)
        | Q(status__in=finished, requested_at__lt=logs)
    )
    for run in old.order_by("pk").iterator():
        if run.file:
            run.file.delete(save=False)
            files_deleted += 1
        run.delete()
        runs_deleted += 1
    # unscoped: the same purge, the files of failed imports (their rows stay as the log)
    failed = ImportRun.objects.filter(status=ImportStatus.FAILED, requested_at__lt=drafts)
    for run in failed.exclude(file="").order_by("pk").iterator():
        run.file.delete(save=False)
        # unscoped: the run just read by the purge above
        ImportRun.objects.filter(pk=run.pk).update(file="")
        files_deleted += 1
    return runs_deleted, files_deleted
