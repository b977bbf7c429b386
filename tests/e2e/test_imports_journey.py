"""Issue 19, in the browser: a social worker downloads the template, uploads her structure's
spreadsheet (`;`, accents, a blank line, an Excel serial date), reads the dry run row by row,
confirms, and follows « Import en cours » until the task worker (django_tasks_db's
`db_worker`, as in production) has written the households; at 390 px wide too."""

import pytest
from django.core.management import call_command
from django.urls import reverse
from playwright.sync_api import expect

from households.models import Household
from portal.models import ImportRun
from tests.e2e.conftest import PHONE
from tests.partnerships.factories import PASSWORD

FILE = (
    "Référence;Commune;Situation de logement;Critères de priorité;Informé le;Nom;Prénom;"
    "Date de naissance;Lien\r\n"
    "2019-042;Arras;Hébergé;Famille monoparentale;45363;Lefèvre;Amélie;04/07/1988;"
    "Référent du ménage\r\n"
    "\r\n"
    "2019-042;;;;;Lefèvre;Noé;21/11/2015;Enfant\r\n"
).encode("cp1252")


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("viewport", [{"width": 1280, "height": 800}, PHONE])
def test_upload_dry_run_confirm_and_progress(
    page, live_server, login, world, assert_accessible, screenshot, settings, tmp_path
):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    login(page, live_server, world.users.social_worker.email, PASSWORD)
    page.goto(live_server.url + reverse("households:household_list"))
    page.get_by_role("link", name="Importer", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Importer des données")
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Modèle CSV").click()
    assert download_info.value.suggested_filename == "modele-import-menages.csv"
    assert_accessible(page)

    upload = tmp_path / "Suivi des ménages.csv"
    upload.write_bytes(FILE)
    page.get_by_label("Fichier (CSV ou XLSX)").set_input_files(upload)
    page.get_by_role("button", name="Vérifier le fichier").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Import « Suivi des ménages.csv »")
    expect(page.get_by_text("Ménages à créer : 1")).to_be_visible()
    table = page.get_by_role("table")
    expect(table.get_by_role("row")).to_have_count(1 + 3)
    expect(table.get_by_text("Ligne vide ignorée")).to_be_visible()
    expect(table.get_by_text("Amélie Lefèvre")).to_be_visible()
    assert not Household.objects.filter(source_reference="2019-042").exists()
    assert_accessible(page)
    screenshot(page, f"import-verification-{page.viewport_size['width']}")

    page.get_by_role("button", name="Confirmer l’import").click()
    bar = page.get_by_role("progressbar")
    expect(bar).to_be_visible()
    expect(page.get_by_text("Import en cours : 0 %")).to_be_visible()
    assert ImportRun.objects.get().status == "queued"

    call_command("db_worker", batch=True, startup_delay=False, reload=False, interval=0.1)

    expect(page.get_by_text("Import terminé : 1 ménage créé")).to_be_visible(timeout=10_000)
    assert_accessible(page)
    household = Household.objects.get(source_reference="2019-042")
    assert household.members.count() == 2
    page.get_by_role("link", name="Voir les ménages").click()
    expect(page.get_by_role("link", name=household.reference)).to_be_visible()


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("viewport", [{"width": 1280, "height": 800}, PHONE])
def test_the_director_reads_the_log_of_imports_in_the_administration(
    page, live_server, login, world, assert_accessible, viewport
):
    """The CHRS's director: Administration › Portail › Imports, the run of a social worker of
    the structure, read only; another organisation's run is not there."""
    for organisation, by, name in (
        (world.orgs.chrs, world.users.social_worker, "menages-chrs-2024.csv"),
        (world.orgs.other, world.users.outsider, "menages-operateur-b.csv"),
    ):
        ImportRun.objects.create(
            kind="households",
            organisation=organisation,
            file_name=name,
            status="done",
            progress=100,
            row_count=3,
            created=1,
            requested_by=by,
        )
    login(page, live_server, world.users.director.email, PASSWORD)
    page.goto(live_server.url + reverse("admin:index"))
    page.get_by_role("link", name="Imports", exact=True).click()
    expect(page.get_by_role("link", name="menages-chrs-2024.csv")).to_be_visible()
    expect(page.get_by_text("menages-operateur-b.csv")).to_have_count(0)
    assert_accessible(page)
    assert page.evaluate("document.documentElement.scrollWidth") <= viewport["width"]
    page.get_by_role("link", name="menages-chrs-2024.csv").click()
    expect(page.get_by_text("Importé", exact=True).first).to_be_visible()
    expect(page.get_by_role("button", name="Enregistrer")).to_have_count(0)
    assert_accessible(page)
    assert page.evaluate("document.documentElement.scrollWidth") <= viewport["width"]


ORGANISATIONS = (
    "SIRET;Raison sociale;Type de structure;Ville;Représentant;Qualité\r\n"
    "775 672 272 00058;Association Départementale d'Entraide;Association;Arras;Hélène Dupré;"
    "Présidente\r\n"
    "\r\n"
    "775 672 272 00056;Centre Léo Lagrange;Association;Lens;Zoé Lefèvre;Trésorière\r\n"
).encode("cp1252")


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_department_staff_import_organisations_a_bad_siret_then_the_fixed_file(
    page, live_server, login, world, assert_accessible, settings, tmp_path
):
    """Issue 19: an agent of the Département imports organisations; a SIRET failing its
    check is refused in French, the corrected file goes through."""
    from partnerships.models import Organisation

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    login(page, live_server, world.users.staff.email, PASSWORD)
    page.goto(live_server.url + reverse("funding:dashboard"))
    page.get_by_role("link", name="Importer", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Importer des données")
    page.get_by_label("Que voulez-vous importer ?").select_option(
        label="Organisations et leurs représentants"
    )
    upload = tmp_path / "Partenaires.csv"
    upload.write_bytes(ORGANISATIONS)
    page.get_by_label("Fichier (CSV ou XLSX)").set_input_files(upload)
    page.get_by_role("button", name="Vérifier le fichier").click()
    expect(page.get_by_text("Organisations à créer : 1")).to_be_visible()
    expect(page.get_by_text("Ce SIRET n'est pas valide (clé de contrôle).")).to_be_visible()
    expect(page.get_by_role("button", name="Confirmer l’import")).to_have_count(0)
    assert_accessible(page)

    fixed = tmp_path / "Partenaires corrigé.csv"
    fixed.write_bytes(ORGANISATIONS.replace(b"775 672 272 00056", b"44201216700015"))
    page.goto(live_server.url + reverse("portal:import_home"))
    page.get_by_label("Que voulez-vous importer ?").select_option(
        label="Organisations et leurs représentants"
    )
    page.get_by_label("Fichier (CSV ou XLSX)").set_input_files(fixed)
    page.get_by_role("button", name="Vérifier le fichier").click()
    expect(page.get_by_text("Organisations à créer : 2")).to_be_visible()
    page.get_by_role("button", name="Confirmer l’import").click()
    call_command("db_worker", batch=True, startup_delay=False, reload=False, interval=0.1)
    expect(page.get_by_text("Import terminé : 2 créés")).to_be_visible(timeout=10_000)
    assert_accessible(page)
    assert Organisation.objects.get(siret="44201216700015").contacts.get().full_name == (
        "Zoé Lefèvre"
    )
