"""issue 18, item 2: a personal-data export asked for more than 15 minutes after the sign-in
used to fail silently (the link saved the re-authentication page as `download.html`). Now the
page asks for the password and the code on screen, then the file comes, on each of the four
lists (Ménages, Projets, Saisines, Rencontres)."""

import datetime as dt
import shutil
from importlib import import_module
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.urls import reverse
from playwright.sync_api import expect

from partnerships.security.policy import AUTH_AT
from tests.e2e.conftest import totp_code
from tests.households.factories import ContactFactory, ReferralFactory
from tests.partnerships.factories import PASSWORD

DOCS_IMG = Path(__file__).resolve().parents[2] / "docs" / "guide" / "img"
LISTS = [
    ("households:household_list", "menages-", "Référence"),
    ("households:project_list", "projets-", None),
    ("households:referral_list", "saisines-", None),
    ("households:contact_list", "rencontres-", "Date;Heure;Ménage;"),
]


def _age_sign_in(page, minutes: int) -> None:
    """The server's session of this browser, as if the password was typed `minutes` ago."""
    cookie = next(
        c for c in page.context.cookies() if c["name"] == django_settings.SESSION_COOKIE_NAME
    )
    store = import_module(django_settings.SESSION_ENGINE).SessionStore(cookie["value"])
    store[AUTH_AT] = store[AUTH_AT] - minutes * 60
    store.save()


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("file_format", ["CSV", "XLSX"])
def test_an_export_with_an_old_sign_in_asks_the_password_then_gives_the_file(
    page, live_server, login, world, asrl_project, assert_accessible, screenshot, file_format
):
    ReferralFactory(household=asrl_project.household, referred_by=world.orgs.siao)
    ContactFactory(project=asrl_project, happened_on=dt.date(2024, 3, 12))
    email = world.users.social_worker.email
    login(page, live_server, email, PASSWORD)
    for url_name, prefix, first_line in LISTS:
        _age_sign_in(page, 16)
        list_url = live_server.url + reverse(url_name)
        page.goto(list_url)
        page.get_by_role("link", name=f"Exporter {file_format}").click()

        expect(page.get_by_role("heading", level=1)).to_have_text("Confirmer votre identité")
        expect(page.get_by_text("Votre fichier sera téléchargé")).to_be_visible()
        if url_name == "households:household_list" and file_format == "CSV":
            assert_accessible(page)
            shutil.copy(screenshot(page, "export-reauthentification"), DOCS_IMG)
        page.get_by_label("Mot de passe").fill(PASSWORD)
        page.get_by_label("Code à 6 chiffres").fill(totp_code(email))
        with page.expect_download() as download_info:
            page.get_by_role("button", name="Confirmer").click()
        download = download_info.value
        name = download.suggested_filename
        assert name.startswith(prefix) and name.endswith(f".{file_format.lower()}"), name
        content = Path(download.path()).read_bytes()
        if file_format == "CSV":
            text = content.decode("utf-8-sig")
            assert "<html" not in text.lower()
            if first_line:
                assert text.startswith(first_line), text[:80]
            assert len(text.strip().splitlines()) == 2  # the header and our one row
        else:
            assert content.startswith(b"PK")  # a zip: the workbook, not a page

        # The page says what happened and leads back to the list.
        expect(page.get_by_role("heading", level=1)).to_have_text("Identité confirmée")
        expect(page.get_by_role("status")).to_contain_text("Le téléchargement de votre fichier")
        if url_name == "households:household_list" and file_format == "CSV":
            assert_accessible(page)
        page.get_by_role("link", name="Revenir à la page précédente").click()
        expect(page).to_have_url(list_url)


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_a_recent_sign_in_exports_without_a_password(page, live_server, login, world, asrl_project):
    login(page, live_server, world.users.social_worker.email, PASSWORD)
    page.goto(live_server.url + reverse("households:project_list"))
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Exporter CSV").click()
    assert download_info.value.suggested_filename.startswith("projets-")
    expect(page.get_by_role("heading", level=1)).not_to_have_text("Confirmer votre identité")
