"""Exports of any size (issue 15): beyond EXPORT_SYNC_MAX_ROWS rows a list export becomes a
background job (real django-tasks, immediate backend), shown on « Mes exports » with its
progress, notified by e-mail, downloaded by its requester only, logged, purged when expired."""

import csv
import datetime as dt
import io

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

import common.exporting
import portal.exports
from households.enums import AuditAction
from households.models import AuditEntry
from portal.exports import build_export, export_job_request
from portal.models import ExportJob, ExportJobStatus
from tests.households.factories import ContactFactory

pytestmark = pytest.mark.django_db

CONTACTS = reverse("households:contact_export")


@pytest.fixture
def contacts(asrl_project):
    """Five contacts of the social worker's project, the newest first in the export."""
    return [
        ContactFactory(
            project=asrl_project,
            happened_on=dt.date(2024, 3, day),
            happened_at=dt.time(9 + day, 30),
            place=f"Permanence de la salle {day}",
            summary=f"Point n° {day}",
            duration_minutes=30 + day,
        )
        for day in range(1, 6)
    ]


@pytest.fixture
def small_limit(settings):
    settings.EXPORT_SYNC_MAX_ROWS = 3
    return settings


@pytest.fixture
def worker(world, client):
    client.force_login(world.users.social_worker)
    return world.users.social_worker


def _csv(data: bytes) -> list[list[str]]:
    text = data.decode("utf-8")
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text.lstrip("\ufeff")), delimiter=";"))


def _ask(client, capture, **params):
    """Ask for the export as the page's button does; the job runs on commit."""
    with capture(execute=True):
        return client.get(CONTACTS, params)


def _file(job) -> bytes:
    with job.file.open("rb") as handle:
        return handle.read()


# --------------------------------------------------------------------------- the switch
def test_under_the_threshold_the_export_is_answered_at_once(client, worker, contacts, settings):
    settings.EXPORT_SYNC_MAX_ROWS = 5  # exactly five rows: still at once
    response = client.get(CONTACTS, {"format": "csv"})
    assert response.status_code == 200 and response.streaming
    rows = _csv(b"".join(response.streaming_content))
    assert len(rows) == 1 + 5
    assert not ExportJob.objects.exists()


def test_beyond_the_threshold_the_export_becomes_a_job_and_the_page_sends_to_my_exports(
    client, worker, contacts, small_limit, django_capture_on_commit_callbacks, mailoutbox
):
    response = _ask(client, django_capture_on_commit_callbacks, format="csv")
    assert response.status_code == 302
    assert response["Location"] == reverse("portal:export_list")
    job = ExportJob.objects.get()
    assert (job.requested_by, job.view_name, job.file_format) == (
        worker,
        "households:contact_export",
        "csv",
    )
    # Built by the real task backend (immediate here, db_worker in production).
    assert (job.status, job.progress, job.row_count) == (ExportJobStatus.DONE, 100, 5)
    rows = _csv(_file(job))
    assert rows[0][:3] == ["Date", "Heure", "Ménage"] and rows[0][7] == "Lieu"
    assert [r[0] for r in rows[1:]] == [f"0{d}/03/2024" for d in (5, 4, 3, 2, 1)]
    assert rows[1][9] == "Point n° 5"
    assert (rows[1][1], rows[1][7]) == ("14:30", "Permanence de la salle 5")
    assert "Note réservée" not in str(rows)  # the confidential note never leaves
    # The page: a French message, the job, its download link.
    page = client.get(response["Location"])
    text = page.content.decode()
    assert "Cet export compte plus de 3 lignes : il est préparé en arrière-plan." in text
    assert "rencontres (CSV)" in text and "Prêt" in text
    assert reverse("portal:export_download", args=[job.pk]) in text
    # The e-mail says where, never what.
    (mail,) = mailoutbox
    assert mail.to == [worker.email]
    assert mail.subject == "Maillage : votre export est prêt"
    assert "/mes-exports/" in mail.body and "5 lignes" in mail.body
    assert "Point n°" not in mail.body and contacts[0].project.household.reference not in mail.body


def test_filters_and_format_go_with_the_job_and_xlsx_opens_in_openpyxl(
    client, worker, contacts, small_limit, django_capture_on_commit_callbacks, settings
):
    settings.EXPORT_SYNC_MAX_ROWS = 2
    response = _ask(client, django_capture_on_commit_callbacks, format="xlsx", du="2024-03-02")
    assert response.status_code == 302
    job = ExportJob.objects.get()
    assert job.params == "du=2024-03-02" and job.file_format == "xlsx"
    download = client.get(reverse("portal:export_download", args=[job.pk]))
    assert download.status_code == 200
    assert download["Content-Type"].startswith("application/vnd.openxmlformats")
    content = b"".join(download.streaming_content)  # read first: the file is closed at the end
    # The name carries the day the export was asked for (not the day it is downloaded).
    asked = timezone.localdate(job.requested_at)
    assert f"rencontres-{asked:%Y-%m-%d}.xlsx" in download["Content-Disposition"]
    sheet = load_workbook(io.BytesIO(content)).active
    values = list(sheet.values)
    assert values[0][:3] == ("Date", "Heure", "Ménage")
    assert [row[0].date() for row in values[1:]] == [dt.date(2024, 3, d) for d in (5, 4, 3, 2)]
    assert [row[8] for row in values[1:]] == [35, 34, 33, 32]  # numbers stay numbers
    assert job.row_count == 4


def test_a_second_click_reuses_the_export_in_preparation(worker, contacts):
    first = export_job_request(
        view_name="households:contact_export",
        view_args=[],
        params="",
        file_format="csv",
        name="rencontres",
        by=worker,
    )
    again = export_job_request(
        view_name="households:contact_export",
        view_args=[],
        params="",
        file_format="csv",
        name="rencontres",
        by=worker,
    )
    assert first.pk == again.pk and ExportJob.objects.count() == 1


def test_progress_is_saved_as_the_rows_are_written(worker, contacts, monkeypatch):
    monkeypatch.setattr(common.exporting, "CHUNK", 1)
    monkeypatch.setattr(portal.exports, "PROGRESS_EVERY", 0)
    job = ExportJob.objects.create(
        view_name="households:contact_export",
        name="rencontres",
        file_format="csv",
        requested_by=worker,
        expires_at=timezone.now(),
    )
    with CaptureQueriesContext(connection) as queries:
        build_export.enqueue(job.pk)
    updates = [
        q["sql"]
        for q in queries.captured_queries
        if q["sql"].startswith('UPDATE "portal_exportjob" SET "progress"')
    ]
    # After each of the 5 rows (at most 99 % until the file is saved), then 100 % with it.
    assert [int(sql.split("= ")[1].split(" ")[0]) for sql in updates] == [20, 40, 60, 80, 99]
    job.refresh_from_db()
    assert (job.status, job.progress) == (ExportJobStatus.DONE, 100)


def test_the_file_holds_the_perimeter_when_it_is_written_not_when_it_was_asked(
    world, worker, contacts, household
):
    """The job runs the page's queryset again with its requester: a contact of a household
    that left the perimeter in between is not written."""
    from tests.households.factories import ProjectFactory

    other_org = world.orgs.other
    elsewhere = ProjectFactory(household__organisation=other_org, operator=other_org)
    ContactFactory(project=elsewhere, summary="Ailleurs")
    job = export_job_request(
        view_name="households:contact_export",
        view_args=[],
        params="",
        file_format="csv",
        name="rencontres",
        by=worker,
    )
    build_export.enqueue(job.pk)
    job.refresh_from_db()
    assert job.row_count == 5
    assert "Ailleurs" not in _file(job).decode()


def test_a_requester_who_lost_the_right_gets_a_failed_job_in_french(world, contacts):
    staff = world.users.staff  # department staff: no household export (perm_required)
    job = ExportJob.objects.create(
        view_name="households:contact_export",
        name="rencontres",
        file_format="csv",
        requested_by=staff,
        expires_at=timezone.now(),
    )
    build_export.enqueue(job.pk)
    job.refresh_from_db()
    assert job.status == ExportJobStatus.FAILED and not job.file
    assert job.error == (
        "La préparation de l'export a échoué ; relancez-la ou prévenez l'administrateur."
    )


# ---------------------------------------------------------------- download and perimeter
def test_another_user_gets_404_on_the_download_and_never_sees_the_job(
    client, world, worker, contacts, small_limit, django_capture_on_commit_callbacks
):
    _ask(client, django_capture_on_commit_callbacks, format="csv")
    job = ExportJob.objects.get()
    url = reverse("portal:export_download", args=[job.pk])
    for other in (world.users.director, world.users.coordinator, world.users.outsider):
        client.force_login(other)
        assert client.get(url).status_code == 404
        assert "rencontres (CSV)" not in client.get(reverse("portal:export_list")).content.decode()
    client.logout()
    assert client.get(url).status_code == 302  # to the login page


def test_the_download_is_written_in_the_access_log(
    client, worker, contacts, small_limit, django_capture_on_commit_callbacks
):
    _ask(client, django_capture_on_commit_callbacks, format="csv")
    job = ExportJob.objects.get()
    assert not AuditEntry.objects.filter(action=AuditAction.EXPORT).exists()  # asked, not read
    response = client.get(reverse("portal:export_download", args=[job.pk]))
    assert response.status_code == 200
    b"".join(response.streaming_content)
    entry = AuditEntry.objects.get(action=AuditAction.EXPORT)
    assert entry.user == worker
    assert entry.detail == f"households:contact_export csv (export n° {job.pk}, 5 lignes)"


def test_a_file_not_ready_is_404_and_the_page_polls_until_it_is(worker, client):
    job = ExportJob.objects.create(
        view_name="households:contact_export",
        name="rencontres",
        file_format="csv",
        progress=42,
        requested_by=worker,
        expires_at=timezone.now() + dt.timedelta(days=7),
    )
    assert client.get(reverse("portal:export_download", args=[job.pk])).status_code == 404
    page = client.get(reverse("portal:export_list")).content.decode()
    assert 'hx-trigger="every 2s"' in page
    assert '<meta http-equiv="refresh" content="5">' in page  # without JavaScript
    assert 'value="42"' in page and "En attente : 42 %" in page
    partial = client.get(reverse("portal:export_list"), HTTP_HX_REQUEST="true").content.decode()
    assert partial.startswith('<div id="export-jobs"') and "<html" not in partial


def test_the_menu_shows_a_badge_once_an_export_is_ready_until_my_exports_is_seen(
    client, worker, contacts, small_limit, django_capture_on_commit_callbacks
):
    _ask(client, django_capture_on_commit_callbacks, format="csv")
    home = client.get(reverse("home")).content.decode()
    assert "Un export que vous avez demandé est prêt" in home
    assert '1<span class="visually-hidden"> export prêt</span>' in home
    client.get(reverse("portal:export_list"))
    home = client.get(reverse("home")).content.decode()
    assert "Un export que vous avez demandé est prêt" not in home


# ------------------------------------------------------------------------------- expiry
def test_purge_deletes_expired_files_and_the_page_says_expired(
    client, worker, contacts, small_limit, django_capture_on_commit_callbacks
):
    _ask(client, django_capture_on_commit_callbacks, format="csv", du="2024-03-01")
    job = ExportJob.objects.get()
    storage, name = job.file.storage, job.file.name
    assert storage.exists(name)
    assert job.expires_at - job.finished_at == dt.timedelta(days=7)
    call_command("purge_exports")
    assert storage.exists(name)  # not yet
    ExportJob.objects.filter(pk=job.pk).update(expires_at=timezone.now() - dt.timedelta(hours=1))
    call_command("purge_exports")
    job.refresh_from_db()
    assert not storage.exists(name)
    assert (job.status, job.file.name, job.params) == (ExportJobStatus.EXPIRED, "", "")
    assert client.get(reverse("portal:export_download", args=[job.pk])).status_code == 404
    page = client.get(reverse("portal:export_list")).content.decode()
    assert "expiré" in page and "Expiré" in page


def test_contacts_read_as_tuples_give_the_rows_of_the_columns(world, contacts):
    """ContactExporter reads tuples for speed (2 000 000 rows): the same rows as its columns."""
    from common.exporting import Exporter
    from households.exports import ContactExporter
    from households.selectors import contact_rows, contacts_for

    ContactFactory(project=contacts[0].project, author__first_name="", author__last_name="")
    rows = contact_rows(contacts_for(world.users.social_worker), with_summary=True)
    exporter = ContactExporter(rows.order_by("-happened_on", "-pk"))
    fast = list(exporter.rows())
    assert len(fast) == 6
    assert fast == list(Exporter.rows(exporter))


# ------------------------------------------------------------------------------ queries
def test_my_exports_queries_do_not_grow_with_jobs(client, worker, count_queries):
    def make(n):
        for _ in range(n):
            ExportJob.objects.create(
                view_name="households:contact_export",
                name="rencontres",
                file_format="csv",
                status=ExportJobStatus.FAILED,
                requested_by=worker,
                expires_at=timezone.now(),
            )

    def page():
        assert client.get(reverse("portal:export_list")).status_code == 200

    make(2)
    few, _ = count_queries(page)
    make(20)
    many, sql = count_queries(page)
    assert few == many, sql


def test_the_file_name_carries_the_local_day_it_was_asked_for():
    # 29/11 at 23 h 30 UTC is already 30/11 at 0 h 30 in Paris: the user asked on the 30th.
    job = ExportJob(
        name="rencontres",
        file_format="csv",
        requested_at=dt.datetime(2026, 11, 29, 23, 30, tzinfo=dt.UTC),
    )
    assert job.download_name == "rencontres-2026-11-30.csv"
