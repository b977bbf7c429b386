"""A social worker asks for a contacts export longer than the threshold (issue 15): the page
sends her to « Mes exports », the task worker (django_tasks_db's `db_worker`, as in
production) writes the file, the progress bar reaches 100 % without a reload, and the
download link gives the CSV."""

import datetime as dt
from pathlib import Path

import pytest
from django.core.management import call_command
from django.urls import reverse
from playwright.sync_api import expect

from portal.models import ExportJob
from tests.households.factories import ContactFactory
from tests.partnerships.factories import PASSWORD


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_a_big_export_is_prepared_in_the_background_and_downloaded(
    page, live_server, login, world, asrl_project, assert_accessible, screenshot, settings
):
    settings.EXPORT_SYNC_MAX_ROWS = 10
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    for day in range(1, 13):
        ContactFactory(project=asrl_project, happened_on=dt.date(2024, 3, day))

    login(page, live_server, world.users.social_worker.email, PASSWORD)
    page.goto(live_server.url + reverse("households:contact_list"))
    page.get_by_role("link", name="Exporter CSV").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Mes exports")
    expect(page.get_by_text("Cet export compte plus de 10 lignes")).to_be_visible()
    bar = page.get_by_role("progressbar")
    expect(bar).to_have_attribute("value", "0")
    expect(page.get_by_text("En attente : 0 %")).to_be_visible()
    assert_accessible(page)
    assert ExportJob.objects.get().status == "queued"

    # The task worker, as production runs it, while the page polls.
    call_command("db_worker", batch=True, startup_delay=False, reload=False, interval=0.1)

    expect(bar).to_have_attribute("value", "100", timeout=10_000)
    expect(page.get_by_text("Prêt : 100 %")).to_be_visible()
    link = page.get_by_role("link", name="Télécharger l’export rencontres (CSV)", exact=False)
    expect(link).to_be_visible()
    assert_accessible(page)
    screenshot(page, "mes-exports")
    with page.expect_download() as download_info:
        link.click()
    download = download_info.value
    assert download.suggested_filename.startswith("rencontres-") and (
        download.suggested_filename.endswith(".csv")
    )
    lines = Path(download.path()).read_text(encoding="utf-8-sig").strip().splitlines()
    assert lines[0].startswith("Date;Heure;Ménage;")
    assert len(lines) == 1 + 12
    assert lines[1].startswith("12/03/2024;")
