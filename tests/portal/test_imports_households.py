"""Issue 19: households and their members imported from a spreadsheet kept as people keep it
(French headers, accents, `;`, Windows-1252, Excel dates, blank lines), checked row by row
(dry run: nothing written), then confirmed (one transaction, through the services, or
nothing); re-importing the same file changes nothing; a structure imports only its own
households; each run is logged and seen by its author (and the structure's directors,
tests/portal/test_imports_log.py)."""

import datetime as dt
import html
import io

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from households import services
from households.enums import HousingSituation, PriorityCriterion, Relationship
from households.models import Household, Member
from portal.imports.reading import EXCEL_EPOCH, parse_date
from portal.models import ImportRun, ImportStatus
from tests.households.factories import HouseholdFactory, MemberFactory

pytestmark = pytest.mark.django_db

HOME = reverse("portal:import_home")
HEADER = (
    "Référence;Commune;Situation de logement;Critères de priorité;Informé le;Nom;Prénom;"
    "Date de naissance;Lien"
)


def serial(day: dt.date) -> int:
    return (day - EXCEL_EPOCH).days


# As a structure keeps it: Windows-1252 (Excel « CSV » on Windows), `;`, accents, a blank
# line between two households, an Excel serial date pasted as a number, dd/mm/yyyy dates,
# the household's columns on its first line only, a stray column nobody asked for.
PEOPLE_FILE = "\r\n".join(
    [
        HEADER + ";Observations",
        "2019-042;Arras;Hébergé;Famille monoparentale / Expulsion locative;"
        f"{serial(dt.date(2024, 3, 12))};Lefèvre;Amélie;04/07/1988;Référent du ménage;à revoir",
        "2019-042;;;;;LEFÈVRE;Noé;21/11/2015;enfant;",
        ";;;;;;;;;",
        "",
        "2019-043;arras;Locataire;;;Nguyen;Thi Hà;30/01/1975;Référent du ménage;",
        "2019-043;;;;;Nguyen;Đức;1972-05-02;Conjoint;",
        "2019-043;;;;;Nguyen;Bảo;" + str(serial(dt.date(2010, 9, 1))) + ";Enfant;",
    ]
)


def cp1252_file(text=PEOPLE_FILE, name="menages.csv"):
    # cp1252 has no « Đ » nor « ả »: the people's real files are UTF-8 then.
    try:
        data = text.encode("cp1252")
    except UnicodeEncodeError:
        data = text.encode("utf-8-sig")
    return SimpleUploadedFile(name, data, content_type="text/csv")


@pytest.fixture
def worker(world, client):
    client.force_login(world.users.social_worker)
    return world.users.social_worker


def upload(client, world, upload_file, organisation=None):
    return client.post(
        HOME,
        {"organisation": (organisation or world.orgs.chrs).pk, "file": upload_file},
    )


def check(client, world, upload_file):
    response = upload(client, world, upload_file)
    assert response.status_code == 302, response.content.decode()[:2000]
    return ImportRun.objects.get(pk=response.url.rstrip("/").split("/")[-1])


def confirm(client, run, capture):
    with capture(execute=True):
        response = client.post(reverse("portal:import_confirm", args=[run.pk]))
    assert response.status_code == 302
    run.refresh_from_db()
    return run


def snapshot():
    return sorted(
        Member.objects.values_list(
            "household__reference",
            "household__source_reference",
            "household__housing_situation",
            "household__version",
            "first_name",
            "last_name",
            "birth_date",
            "relationship",
        )
    )


# ------------------------------------------------------------------------ reading cells
@pytest.mark.parametrize(
    ("cell", "day"),
    [
        ("04/07/1988", dt.date(1988, 7, 4)),
        ("4/7/1988", dt.date(1988, 7, 4)),
        ("04/07/88", dt.date(1988, 7, 4)),
        ("1988-07-04", dt.date(1988, 7, 4)),
        ("04.07.1988", dt.date(1988, 7, 4)),
        ("32328", dt.date(1988, 7, 4)),  # Excel's serial, as text
        (32328, dt.date(1988, 7, 4)),  # … and as a number cell
        (32328.0, dt.date(1988, 7, 4)),
        (dt.datetime(1988, 7, 4, 0, 0), dt.date(1988, 7, 4)),
        ("04/07/1988 00:00", dt.date(1988, 7, 4)),
    ],
)
def test_dates_as_spreadsheets_hold_them(cell, day):
    assert parse_date(cell) == day


def test_a_date_that_is_none_says_so_in_french():
    with pytest.raises(ValueError, match="n'est pas une date \\(attendu : jj/mm/aaaa\\)"):
        parse_date("31/02/2020")


# ------------------------------------------------------------------------------ template
def test_templates_download_in_xlsx_and_csv_and_import_as_they_are(client, world, worker):
    xlsx = client.get(reverse("portal:import_template", args=["menages", "xlsx"]))
    assert xlsx.status_code == 200
    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    headers = [c.value for c in next(sheet.iter_rows(max_row=1))]
    assert headers[:3] == ["Référence", "Commune", "Situation de logement"]
    assert "Date de naissance" in headers and "Lien" in headers
    csv_response = client.get(reverse("portal:import_template", args=["menages", "csv"]))
    text = csv_response.content.decode("utf-8")
    assert text.startswith("\ufeffRéférence;Commune;")
    assert (
        reverse("portal:import_template", args=["menages", "xlsx"])
        in client.get(HOME).content.decode()
    )
    # The template's example lines are a valid import (Arras is a commune of the world).
    run = check(client, world, SimpleUploadedFile("modele.xlsx", xlsx.content))
    assert (run.status, run.created, run.errors) == (ImportStatus.CHECKED, 2, 0), run.report


# ------------------------------------------------------------ dry run, confirm, re-import
def test_dry_run_then_confirm_then_the_same_file_changes_nothing(
    client, world, worker, django_capture_on_commit_callbacks
):
    before = Household.objects.count()
    run = check(client, world, cp1252_file())

    # The dry run: row by row, nothing written.
    assert Household.objects.count() == before
    assert (run.status, run.row_count, run.created, run.updated, run.errors) == (
        ImportStatus.CHECKED, 7, 2, 0, 0,
    )  # fmt: skip
    page = client.get(reverse("portal:import_run", args=[run.pk])).content.decode()
    assert "Ménages à créer : <strong>2</strong>" in page
    assert "Ligne vide ignorée" in page  # lines 4 and 5
    assert "Amélie Lefèvre" in page and "Confirmer l’import" in page
    lines = {row[0]: row for row in run.report}
    assert lines[2][3] == lines[3][3] == "create"
    assert lines[4][3] == lines[5][3] == "blank"

    run = confirm(client, run, django_capture_on_commit_callbacks)
    assert run.status == ImportStatus.DONE, run.error
    assert (run.created, run.updated, run.unchanged, run.errors) == (2, 0, 0, 0)
    assert run.finished_at and run.requested_by == worker and run.file_name == "menages.csv"
    assert not run.file  # the names are in the households now
    household = Household.objects.get(source_reference="2019-042")
    assert household.organisation == world.orgs.chrs
    assert household.territory == world.territories.arras
    assert household.reference.startswith("MEN-")
    assert household.housing_situation == HousingSituation.HOSTED
    assert household.informed_on == dt.date(2024, 3, 12)  # an Excel serial
    assert set(household.priorities.values_list("criterion", flat=True)) == {
        PriorityCriterion.SINGLE_PARENT,
        PriorityCriterion.EVICTION,
    }
    members = list(household.members.order_by("birth_date"))
    assert [(m.first_name, m.last_name, m.relationship) for m in members] == [
        ("Amélie", "Lefèvre", Relationship.HEAD),
        ("Noé", "LEFÈVRE", Relationship.CHILD),
    ]
    other = Household.objects.get(source_reference="2019-043")
    assert other.members.get(first_name="Bảo").birth_date == dt.date(2010, 9, 1)
    # Through the services: history written by the importer, the structure follows them.
    assert household.history.get().history_user == worker
    assert members[0].history.get().history_user == worker
    assert Household.objects.worked_on_by(worker).filter(pk=household.pk).exists()
    assert not Household.objects.visible_to(world.users.outsider).filter(pk=household.pk).exists()

    # The same file again: everything unchanged, nothing to confirm, nothing written.
    stored = snapshot()
    again = check(client, world, cp1252_file())
    assert (again.status, again.created, again.updated, again.unchanged, again.errors) == (
        ImportStatus.CHECKED, 0, 0, 2, 0,
    )  # fmt: skip
    assert "ne change rien" in again.error
    page = client.get(reverse("portal:import_run", args=[again.pk])).content.decode()
    assert "Confirmer l’import" not in page
    confirm(client, again, django_capture_on_commit_callbacks)
    assert snapshot() == stored
    assert Household.history.filter(source_reference="2019-042").count() == 1


def test_an_xlsx_with_date_cells_serials_a_blank_row_and_headers_in_capitals(
    client, world, worker, django_capture_on_commit_callbacks
):
    book = Workbook()
    sheet = book.active
    sheet.append(["REFERENCE", "commune", "Situation", "Date d’information", "NOM", "Prenom",
                  "Né le", "Lien avec le référent"])  # fmt: skip
    sheet.append(["A-1", "Marcq-en-Baroeul", "Sans domicile", dt.date(2024, 1, 8), "Durand",
                  "Élodie", dt.datetime(1990, 2, 3), "Référent du ménage"])  # fmt: skip
    sheet.append([None] * 8)
    sheet.append(["A-1", None, None, None, "Durand", "Léo", serial(dt.date(2019, 6, 30)),
                  "Enfant"])  # fmt: skip
    content = io.BytesIO()
    book.save(content)
    run = check(client, world, SimpleUploadedFile("Suivi 2024.xlsx", content.getvalue()))
    assert (run.status, run.created, run.errors) == (ImportStatus.CHECKED, 1, 0), run.report
    assert [r[3] for r in run.report] == ["create", "blank", "create"]
    run = confirm(client, run, django_capture_on_commit_callbacks)
    household = Household.objects.get(source_reference="A-1")
    assert household.territory == world.territories.marcq  # « œ » written « oe »
    assert household.informed_on == dt.date(2024, 1, 8)
    assert sorted(household.members.values_list("birth_date", flat=True)) == [
        dt.date(1990, 2, 3),
        dt.date(2019, 6, 30),
    ]


def test_a_second_file_updates_the_situation_and_adds_a_member(
    client, world, worker, django_capture_on_commit_callbacks
):
    confirm(client, check(client, world, cp1252_file()), django_capture_on_commit_callbacks)
    household = Household.objects.get(source_reference="2019-042")
    version = household.version
    changed = "\r\n".join(
        [
            HEADER,
            "2019-042;Arras;Locataire;Famille monoparentale / Expulsion locative;;Lefèvre;"
            "Amélie;04/07/1988;Référent du ménage",
            "2019-042;;;;;Lefèvre;Noé;21/11/2015;Enfant",
            "2019-042;;;;;Lefèvre;Inès;02/02/2022;Enfant",
            # By its Maillage reference, a household of the structure already there.
            f"{Household.objects.get(source_reference='2019-043').reference};;;;;;;;",
        ]
    )
    run = check(client, world, cp1252_file(changed))
    assert (run.created, run.updated, run.unchanged, run.errors) == (0, 1, 1, 0), run.report
    details = {row[0]: row[4] for row in run.report}
    assert "Situation de logement : Hébergé → Locataire" in details[2]
    assert "Nouvelle personne dans le ménage" in details[4]
    confirm(client, run, django_capture_on_commit_callbacks)
    household.refresh_from_db()
    assert household.housing_situation == HousingSituation.TENANT
    assert household.version == version + 1  # an edit opened before gets a conflict
    assert household.informed_on == dt.date(2024, 3, 12)  # a blank cell keeps what is there
    assert household.members.count() == 3
    assert household.history.first().history_user == worker


# ---------------------------------------------------------------------- errors in French
def test_every_error_is_shown_in_french_and_nothing_is_stored(
    client, world, worker, django_capture_on_commit_callbacks
):
    known = HouseholdFactory(organisation=world.orgs.chrs, territory=world.territories.arras)
    MemberFactory(household=known, last_name="Martin", first_name="Léa",
                  birth_date=dt.date(1980, 1, 2))  # fmt: skip
    bad = "\n".join(
        [
            HEADER,
            "B-1;Arras;Hébergé;;;Martin;Léa;02/01/1980;Référent du ménage",  # already known
            "B-2;Atlantis;Hébergé;;;Petit;Jean;31/02/1990;Référent du ménage",
            "B-3;Arras;Au château;Riche;;Roux;Zoé;01/01/2090;Cousine",
            ";Arras;Hébergé;;;Blanc;Paul;01/01/1970;Référent du ménage",
            "B-4;Arras;Hébergé;;;Noir;Eva;03/03/1983;Référent du ménage",
            "B-4;Marcq-en-Barœul;;;;Noir;Eva;03/03/1983;Conjoint",
            "B-5;;;;;Gris;;;",
        ]
    )
    before = snapshot()
    run = check(client, world, SimpleUploadedFile("erreurs.csv", bad.encode("utf-8")))
    assert run.status == ImportStatus.REJECTED
    messages = {row[0]: " ".join(row[4]) for row in run.report}
    assert f"Personne déjà connue dans le ménage {known.reference}" in messages[2]
    assert "Commune « Atlantis » inconnue." in messages[3]
    assert "« 31/02/1990 » n'est pas une date (attendu : jj/mm/aaaa)" in messages[3]
    assert "Situation de logement « Au château » inconnu(e)" in messages[4]
    assert "Critère de priorité « Riche » inconnu(e)" in messages[4]
    assert "La date de naissance ne peut pas être dans le futur." in messages[4]
    assert "Lien « Cousine » inconnu(e)" in messages[4]
    assert "Référence : obligatoire" in messages[5]
    assert "figure déjà ligne 6 du fichier" in messages[7]
    assert "Commune diffère de celle de la ligne 6 pour le même ménage." in messages[7]
    assert "Une autre ligne de ce ménage est en erreur." in messages[6]
    assert "Prénom : obligatoire pour une personne." in messages[8]
    assert "Commune : obligatoire pour un nouveau ménage." in messages[8]
    assert run.errors == 7
    page = client.get(reverse("portal:import_run", args=[run.pk]), {"erreurs": "1"})
    text = page.content.decode()
    assert "Commune « Atlantis » inconnue." in text and "Confirmer l’import" not in text
    # Confirming a file with errors is refused, and nothing is stored.
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("portal:import_confirm", args=[run.pk]), follow=True)
    assert "Cet import n'est plus à confirmer." in html.unescape(response.content.decode())
    assert snapshot() == before


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"Nom;Pr\xe9nom\nMartin;L\xe9a\n", "Colonne(s) obligatoire(s) absente(s)"),
        (b"\x00\x01PK\x03\x04garbage", "n'a pas pu être lu"),
    ],
)
def test_a_file_that_is_not_the_template_is_refused_in_french(
    client, world, worker, content, message
):
    run = check(client, world, SimpleUploadedFile("x.xlsx" if b"PK" in content else "x.csv",
                                                  content))  # fmt: skip
    assert run.status == ImportStatus.REJECTED and message in run.error
    assert (
        message.replace("'", "&#x27;")
        in client.get(reverse("portal:import_run", args=[run.pk])).content.decode()
    )


def test_comma_separator_and_utf8_without_bom(client, world, worker):
    text = HEADER.replace(";", ",") + "\nC-1,Arras,Hébergé,,,Séverine,Anaïs,05/05/1995,Référent"
    run = check(client, world, SimpleUploadedFile("c.csv", text.encode("utf-8")))
    assert "Lien « Référent » inconnu(e)" in " ".join(run.report[0][4])
    text = text.replace("Référent\n", "").replace(",Référent", ",Référent du ménage")
    run = check(client, world, SimpleUploadedFile("c.csv", text.encode("utf-8")))
    assert (run.created, run.errors) == (1, 0)


def test_data_changed_since_the_dry_run_fails_the_import_and_writes_nothing(
    client, world, worker, django_capture_on_commit_callbacks
):
    run = check(client, world, cp1252_file())
    # Meanwhile a colleague records Amélie Lefèvre in another household of the structure.
    MemberFactory(
        household=HouseholdFactory(organisation=world.orgs.chrs, territory=world.territories.arras),
        last_name="Lefèvre", first_name="Amélie", birth_date=dt.date(1988, 7, 4),
    )  # fmt: skip
    before = Household.objects.count()
    run = confirm(client, run, django_capture_on_commit_callbacks)
    assert run.status == ImportStatus.FAILED
    assert "rien n'a été enregistré" in run.error
    assert Household.objects.count() == before
    assert not Household.objects.filter(source_reference="2019-043").exists()


def test_the_service_writes_all_or_nothing(world):
    """households_import refuses a household of another structure: the lines before it in
    the same call are not kept either."""
    theirs = HouseholdFactory(organisation=world.orgs.other, territory=world.territories.arras)
    line = services.HouseholdLine(
        source_reference="Z-1",
        territory_id=world.territories.arras.pk,
        housing_situation=HousingSituation.HOSTED,
        informed_on=None,
        members=[services.MemberLine("Ana", "Sol", dt.date(1990, 1, 1), Relationship.HEAD)],
    )
    stolen = services.HouseholdLine(
        source_reference="",
        territory_id=theirs.territory_id,
        housing_situation=HousingSituation.TENANT,
        informed_on=None,
        pk=theirs.pk,
    )
    with pytest.raises(PermissionDenied):
        services.households_import(
            by=world.users.social_worker, organisation=world.orgs.chrs, lines=[line, stolen]
        )
    assert not Household.objects.filter(source_reference="Z-1").exists()
    theirs.refresh_from_db()
    assert theirs.housing_situation == HousingSituation.HOSTED
    with pytest.raises(services.HouseholdError, match="que pour votre structure"):
        services.households_import(
            by=world.users.social_worker, organisation=world.orgs.other, lines=[line]
        )


# ----------------------------------------------------------------------------- perimeter
def test_another_structure_cannot_import_into_it_nor_see_the_run(
    client, world, worker, django_capture_on_commit_callbacks
):
    run = check(client, world, cp1252_file())
    client.force_login(world.users.outsider)
    assert client.get(reverse("portal:import_run", args=[run.pk])).status_code == 404
    assert client.post(reverse("portal:import_confirm", args=[run.pk])).status_code == 404
    response = upload(client, world, cp1252_file())  # into the CHRS: not a choice
    assert response.status_code == 400
    assert "Sélectionnez un choix valide" in response.content.decode()
    assert ImportRun.objects.count() == 1
    client.force_login(world.users.volunteer)
    assert client.get(HOME).status_code == 404
    assert client.get(reverse("portal:import_template", args=["menages", "csv"])).status_code == 404
    run.refresh_from_db()
    assert run.status == ImportStatus.CHECKED
    assert not Household.objects.filter(source_reference="2019-042").exists()


def test_a_structure_imports_only_its_own_households(client, world, worker):
    """A reference naming another structure's household creates a new one for the importer's
    structure: the other's household is never found, changed or shown."""
    theirs = HouseholdFactory(organisation=world.orgs.other, territory=world.territories.arras)
    MemberFactory(household=theirs, last_name="Secret", first_name="Léon",
                  birth_date=dt.date(1970, 1, 1))  # fmt: skip
    text = f"{HEADER}\n{theirs.reference};Arras;Hébergé;;;Secret;Léon;01/01/1970;Conjoint"
    run = check(client, world, SimpleUploadedFile("x.csv", text.encode("utf-8")))
    assert (run.created, run.updated, run.errors) == (1, 0, 0)  # not a duplicate: not theirs


# ------------------------------------------------------------------------ progress, pages
def test_a_confirmed_import_shows_its_progress_until_it_is_done(
    client, world, worker, django_assert_max_num_queries
):
    run = check(client, world, cp1252_file())
    client.post(reverse("portal:import_confirm", args=[run.pk]))  # the task waits for commit
    run.refresh_from_db()
    assert run.status == ImportStatus.QUEUED
    page = client.get(reverse("portal:import_run", args=[run.pk])).content.decode()
    assert "Import en cours : 0 %" in page and 'hx-trigger="every 2s"' in page
    partial = client.get(
        reverse("portal:import_run", args=[run.pk]),
        {"partial": "progress"},
        headers={"HX-Request": "true"},
    )
    assert "<html" not in partial.content.decode() and "progress" in partial.content.decode()


def test_the_run_page_reads_the_same_queries_whatever_the_rows(client, world, worker):
    lines = [HEADER] + [
        f"R-{n};Arras;Hébergé;;;Nom{n};Prénom;01/01/1980;Référent du ménage" for n in range(250)
    ]
    run = check(client, world, SimpleUploadedFile("gros.csv", "\n".join(lines).encode()))
    assert run.created == 250
    with CaptureQueriesContext(connection) as big:
        assert (
            client.get(reverse("portal:import_run", args=[run.pk]), {"page": 3}).status_code == 200
        )
    small = check(client, world, SimpleUploadedFile("petit.csv", "\n".join(lines[:3]).encode()))
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("portal:import_run", args=[small.pk]))
    assert len(big) == len(few)
