"""Issue 19, the log of imports: who reads a run (its uploader, the structure's directors,
nobody of another organisation), its read-only page in the administration, and how long a
run and its file are kept (`purge_imports`, docs/rgpd.md)."""

import datetime as dt
from io import StringIO

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext, override_settings
from django.urls import reverse
from django.utils import timezone

from portal.imports.runs import purge_import_runs
from portal.models import ImportRun, ImportStatus

pytestmark = pytest.mark.django_db

NOW = timezone.make_aware(dt.datetime(2025, 6, 30, 3, 0))


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def make_run(
    world,
    *,
    organisation=None,
    by=None,
    status=ImportStatus.CHECKED,
    age_days=0,
    name="menages-2024.csv",
    with_file=True,
    now=NOW,
):
    run = ImportRun(
        kind="households",
        organisation=organisation or world.orgs.chrs,
        file_name=name,
        status=status,
        row_count=2,
        created=1,
        updated=1,
        report=[[2, "2019-042", "Amélie Lefèvre", "create", []]],
        requested_by=by or world.users.social_worker,
    )
    if with_file:
        run.file.save(name, ContentFile(b"Reference;Nom\n2019-042;Lefevre\n"), save=False)
    run.save()
    # requested_at is auto_now_add: aged afterwards.
    ImportRun.objects.filter(pk=run.pk).update(requested_at=now - dt.timedelta(days=age_days))
    run.refresh_from_db()
    return run


def change_url(run) -> str:
    return reverse("admin:portal_importrun_change", args=[run.pk])


# ----------------------------------------------------------------------------- perimeter
def test_a_run_is_read_by_its_uploader_and_the_structures_directors_only(world):
    run = make_run(world)
    seen_by = {
        name
        for name in (
            "social_worker",
            "director",
            "outsider",
            "outsider_director",
            "staff",
            "coordinator",
            "soliha_director",
            "volunteer",
        )
        if ImportRun.objects.visible_to(getattr(world.users, name)).filter(pk=run.pk).exists()
    }
    assert seen_by == {"social_worker", "director"}


def test_the_director_reads_a_colleagues_run_but_only_its_uploader_confirms_it(world):
    run = make_run(world)
    director = _client(world.users.director)
    page = director.get(reverse("portal:import_run", args=[run.pk]))
    assert page.status_code == 200
    assert "Confirmer l’import" not in page.content.decode()
    home = director.get(reverse("portal:import_home")).content.decode()
    # The list says who uploaded each run.
    assert "menages-2024.csv" in home and world.users.social_worker.get_full_name() in home
    # The service refuses (PermissionDenied), answered as a 404 like every refusal.
    response = director.post(reverse("portal:import_confirm", args=[run.pk]))
    assert response.status_code == 404
    run.refresh_from_db()
    assert (run.status, run.confirmed_at) == (ImportStatus.CHECKED, None)
    uploader = _client(world.users.social_worker)
    assert (
        "Confirmer l’import"
        in uploader.get(reverse("portal:import_run", args=[run.pk])).content.decode()
    )


# ----------------------------------------------------------------------------- the admin
def test_the_admin_lists_the_runs_of_the_directors_structure_only(world):
    ours = make_run(world, name="menages-chrs.csv")
    theirs = make_run(
        world,
        organisation=world.orgs.other,
        by=world.users.outsider,
        name="menages-operateur-b.csv",
    )
    director = _client(world.users.director)
    listing = director.get(reverse("admin:portal_importrun_changelist"))
    assert listing.status_code == 200
    body = listing.content.decode()
    assert "menages-chrs.csv" in body and "menages-operateur-b.csv" not in body
    # Another organisation's run: the same 404 as a run that does not exist.
    assert director.get(change_url(theirs)).status_code == 404
    assert director.get(change_url(ours)).status_code == 200
    outsider = _client(world.users.outsider_director)
    assert outsider.get(change_url(ours)).status_code == 404
    assert (
        "menages-chrs.csv"
        not in outsider.get(reverse("admin:portal_importrun_changelist")).content.decode()
    )
    # The Département's staff see no structure's import (they never see names, domain.md).
    staff = _client(world.users.staff)
    assert staff.get(change_url(ours)).status_code == 404


def test_the_admin_shows_the_log_without_the_file_or_the_names_and_changes_nothing(world):
    run = make_run(world)
    director = _client(world.users.director)
    page = director.get(change_url(run)).content.decode()
    assert "menages-2024.csv" in page and "Vérifié, à confirmer" in page
    assert "Amélie" not in page and run.file.name not in page
    assert 'name="status"' not in page and 'name="_save"' not in page
    before = ImportRun.objects.values().get(pk=run.pk)
    changed = director.post(change_url(run), {"status": ImportStatus.DONE, "file_name": "x.csv"})
    assert changed.status_code == 404  # refused, answered as every refusal
    deleted = director.post(
        reverse("admin:portal_importrun_delete", args=[run.pk]), {"post": "yes"}
    )
    assert deleted.status_code == 404
    added = director.post(
        reverse("admin:portal_importrun_add"),
        {"kind": "households", "organisation": world.orgs.chrs.pk, "file_name": "y.csv"},
    )
    assert added.status_code == 404
    assert ImportRun.objects.values().get(pk=run.pk) == before
    assert ImportRun.objects.count() == 1


def test_the_admin_list_does_not_query_per_row(world):
    director = _client(world.users.director)
    url = reverse("admin:portal_importrun_changelist")
    make_run(world)
    director.get(url)
    with CaptureQueriesContext(connection) as few:
        assert director.get(url).status_code == 200
    for index in range(6):
        make_run(world, by=world.users.director if index % 2 else None, name=f"f{index}.csv")
    with CaptureQueriesContext(connection) as many:
        assert director.get(url).status_code == 200
    assert len(many) == len(few)


# ----------------------------------------------------------------------------- retention
@override_settings(IMPORT_DRAFT_RETENTION_DAYS=30, AUDIT_RETENTION_DAYS=365)
def test_purge_forgets_old_dry_runs_with_their_files_and_old_logs(world):
    """docs/rgpd.md: a dry run never confirmed goes with its file after 30 days, a failed
    import loses its file after 30 days, a confirmed import's log goes after 12 months; a run
    queued or running is never touched."""
    old_draft = make_run(world, age_days=31)
    old_rejected = make_run(world, status=ImportStatus.REJECTED, age_days=45)
    recent_draft = make_run(world, age_days=29)
    failed = make_run(world, status=ImportStatus.FAILED, age_days=40)
    done_kept = make_run(world, status=ImportStatus.DONE, age_days=364, with_file=False)
    done_old = make_run(world, status=ImportStatus.DONE, age_days=366, with_file=False)
    failed_old = make_run(world, status=ImportStatus.FAILED, age_days=400)
    queued = make_run(world, status=ImportStatus.QUEUED, age_days=500)
    old_files = [
        old_draft.file.name,
        old_rejected.file.name,
        failed.file.name,
        failed_old.file.name,
    ]
    assert all(default_storage.exists(name) for name in old_files)

    assert purge_import_runs(now=NOW) == (4, 4)

    remaining = set(ImportRun.objects.values_list("pk", flat=True))
    assert remaining == {recent_draft.pk, failed.pk, done_kept.pk, queued.pk}
    assert not any(default_storage.exists(name) for name in old_files)
    failed.refresh_from_db()
    assert (failed.file.name, failed.status, failed.file_name) == (
        "",
        ImportStatus.FAILED,
        "menages-2024.csv",
    )
    recent_draft.refresh_from_db()
    assert recent_draft.file and default_storage.exists(recent_draft.file.name)
    queued.refresh_from_db()
    assert queued.file and default_storage.exists(queued.file.name)
    assert done_old.pk not in remaining
    # Run again: nothing more to do.
    assert purge_import_runs(now=NOW) == (0, 0)


def test_the_purge_command_says_what_it_did(world):
    make_run(world, age_days=400, now=timezone.now())
    make_run(world, age_days=1, now=timezone.now())
    out = StringIO()
    call_command("purge_imports", stdout=out)
    assert out.getvalue() == "1 import(s) supprimé(s), 1 fichier(s) effacé(s).\n"
    assert ImportRun.objects.count() == 1
