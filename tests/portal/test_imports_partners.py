"""Issue 19: organisations (SIRET) and their representatives, conventions with their parties
and amounts, grants with their yearly amounts and bank details, imported from spreadsheets
kept as people keep them (French headers, accents, `;`, Windows-1252, Excel dates, blank
lines), checked row by row (dry run: nothing written), then confirmed (one transaction,
through the services of the pages, or nothing); re-importing the same file changes nothing;
department staff import them, for their own structure; a run is seen by its author only."""

import datetime as dt
import io
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from funding.models import Grant
from partnerships import services as partnership_services
from partnerships.enums import ConventionStatus, OrganisationKind, PartyRole
from partnerships.errors import ConventionError
from partnerships.models import Convention, ConventionParty, Organisation, OrganisationContact
from partnerships.services.organisations import OrganisationLine
from portal.imports.reading import EXCEL_EPOCH
from portal.models import ImportKind, ImportRun, ImportStatus
from tests.partnerships.factories import OrganisationFactory

pytestmark = pytest.mark.django_db

HOME = reverse("portal:import_home")
# SIRETs whose Luhn keys hold (SIREN and SIRET); BAD_SIRET is ADE's with its last digit wrong.
ADE_SIRET = "77567227200058"
BAD_SIRET = "77567227200056"
CLE_SIRET = "44201216700015"
FAS_SIRET = "81234567600017"
OTHER_SIRET = "30123456300015"
FAS_IBAN = "FR76 1627 5006 0008 0002 5263 075"


def serial(day: dt.date) -> int:
    return (day - EXCEL_EPOCH).days


def as_file(text: str, name: str = "import.csv") -> SimpleUploadedFile:
    try:
        data = text.encode("cp1252")  # Excel « CSV » on Windows
    except UnicodeEncodeError:
        data = text.encode("utf-8-sig")
    return SimpleUploadedFile(name, data, content_type="text/csv")


def xlsx_file(rows: list[list], name: str = "import.xlsx") -> SimpleUploadedFile:
    book = Workbook()
    sheet = book.active
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return SimpleUploadedFile(name, out.getvalue())


@pytest.fixture
def staff(world, client):
    client.force_login(world.users.staff)
    return world.users.staff


def check(client, organisation, kind: str, upload, expect=302) -> ImportRun | None:
    response = client.post(HOME, {"kind": kind, "organisation": organisation.pk, "file": upload})
    assert response.status_code == expect, response.content.decode()[:3000]
    if expect != 302:
        return None
    return ImportRun.objects.get(pk=response.url.rstrip("/").split("/")[-1])


def confirm(client, run, capture) -> ImportRun:
    with capture(execute=True):
        response = client.post(reverse("portal:import_confirm", args=[run.pk]))
    assert response.status_code == 302
    run.refresh_from_db()
    return run


def messages_of(run) -> dict[int, list[str]]:
    return {line: messages for line, _k, _l, action, messages in run.report if action == "error"}


# ------------------------------------------------------------------------------ templates
@pytest.mark.parametrize(
    ("slug", "first"),
    [
        ("organisations", ["SIRET", "Raison sociale", "Sigle", "Type de structure"]),
        ("conventions", ["Référence de la convention", "Intitulé", "Type de convention"]),
        ("participations", ["Référence de la convention", "SIRET du bénéficiaire"]),
    ],
    ids=["organisations", "conventions", "participations"],
)
def test_each_kind_has_its_template_in_french(client, world, staff, slug, first):
    xlsx = client.get(reverse("portal:import_template", args=[slug, "xlsx"]))
    assert xlsx.status_code == 200
    headers = [c.value for c in next(load_workbook(io.BytesIO(xlsx.content)).active.iter_rows())]
    assert headers[: len(first)] == first
    csv = client.get(reverse("portal:import_template", args=[slug, "csv"]))
    assert csv.content.decode("utf-8").startswith("\ufeff" + ";".join(first))


def test_a_social_worker_gets_no_template_of_the_departments_imports(client, world):
    client.force_login(world.users.social_worker)
    assert client.get(reverse("portal:import_template", args=["menages", "csv"])).status_code == 200
    for slug in ("organisations", "conventions", "participations"):
        assert client.get(reverse("portal:import_template", args=[slug, "csv"])).status_code == 404


# -------------------------------------------------------------------------- organisations
ORG_HEADER = (
    "SIRET;Raison sociale;Sigle;Type de structure;Adresse;Code postal;Ville;Territoires;"
    "Représentant;Qualité;E-mail;Téléphone"
)
# As a department keeps it: SIRETs with spaces, accents, a blank line, the organisation's
# columns on its first line only, the kind written as people write it (« association »).
ORG_FILE = "\r\n".join(
    [
        ORG_HEADER,
        "775 672 272 00058;Association Départementale d'Entraide;ADE;association;"
        "12 rue des Écoles;62000;Arras;Arras;Hélène Dupré;Présidente;presidence@ade.example;"
        "03 21 00 00 00",
        "775 672 272 00058;;;;;;;;Karim Benali;Directeur général;direction@ade.example;",
        ";;;;;;;;;;;",
        "",
        "44201216700015;Centre Léo Lagrange;CLÉ;Association;;62300;Lens;Lens-Hénin / Arras;"
        "Zoé Lefèvre;Trésorière;;",
    ]
)


def test_organisations_dry_run_then_confirm_then_same_file_changes_nothing(
    client, world, staff, django_capture_on_commit_callbacks
):
    before = Organisation.objects.count()
    run = check(client, world.orgs.department, "organisations", as_file(ORG_FILE))
    assert run.kind == ImportKind.ORGANISATIONS
    assert run.status == ImportStatus.CHECKED, run.report
    assert (run.created, run.updated, run.unchanged, run.errors) == (2, 0, 0, 0)
    assert [r[3] for r in run.report] == ["create", "create", "blank", "blank", "create"]
    assert Organisation.objects.count() == before  # the dry run writes nothing

    page = client.get(reverse("portal:import_run", args=[run.pk])).content.decode()
    assert "Organisations à créer" in page and "Hélène Dupré" in page

    run = confirm(client, run, django_capture_on_commit_callbacks)
    assert run.status == ImportStatus.DONE, run.error
    ade = Organisation.objects.get(siret=ADE_SIRET)
    assert (ade.name, ade.short_name, ade.kind, ade.city) == (
        "Association Départementale d'Entraide",
        "ADE",
        OrganisationKind.ASSOCIATION,
        "Arras",
    )
    assert set(ade.territories.all()) == {world.territories.arras}
    assert sorted(ade.contacts.values_list("full_name", "title", "email")) == [
        ("Hélène Dupré", "Présidente", "presidence@ade.example"),
        ("Karim Benali", "Directeur général", "direction@ade.example"),
    ]
    cle = Organisation.objects.get(siret=CLE_SIRET)
    assert set(cle.territories.all()) == {world.territories.lens, world.territories.arras}
    assert ade.history.first().history_user == world.users.staff

    again = check(client, world.orgs.department, "organisations", as_file(ORG_FILE))
    assert again.status == ImportStatus.CHECKED
    assert (again.created, again.updated, again.unchanged) == (0, 0, 2)
    assert again.error == "Le fichier ne change rien : tout y est déjà enregistré."
    assert OrganisationContact.objects.filter(organisation__in=[ade, cle]).count() == 3


def test_organisations_from_xlsx_with_a_number_siret(client, world, staff):
    run = check(
        client,
        world.orgs.department,
        "organisations",
        xlsx_file(
            [
                ["N° SIRET", "Nom de la structure", "Type"],
                [int(CLE_SIRET), "Centre Léo Lagrange", "Association"],
                [None, None, None],
            ]
        ),
    )
    assert run.status == ImportStatus.CHECKED, run.report
    assert run.report[0][1] == CLE_SIRET


def test_a_siret_failing_its_check_is_refused_in_french_and_nothing_is_written(
    client, world, staff
):
    text = ORG_FILE.replace("775 672 272 00058;Association", "775 672 272 00056;Association")
    run = check(client, world.orgs.department, "organisations", as_file(text))
    assert run.status == ImportStatus.REJECTED
    errors = messages_of(run)
    assert errors[2] == [
        "SIRET « 775 672 272 00056 » : Ce SIRET n'est pas valide (clé de contrôle)."
    ]
    # Its other line names another SIRET (the good one): a new organisation without a name.
    assert "Raison sociale : obligatoire pour une nouvelle organisation." in errors[3]
    assert run.created == 1  # the Centre Léo Lagrange alone would be created
    response = client.post(reverse("portal:import_confirm", args=[run.pk]))
    assert response.status_code == 302
    run.refresh_from_db()
    assert run.status == ImportStatus.REJECTED
    assert not Organisation.objects.filter(siret__in=[ADE_SIRET, CLE_SIRET, BAD_SIRET]).exists()


def test_a_person_twice_in_the_file_or_an_email_already_known_is_a_duplicate(client, world, staff):
    known = OrganisationFactory(name="Centre Léo Lagrange", siret=CLE_SIRET)
    from tests.partnerships.factories import convention_between

    convention_between(world.orgs.department, known, reference="CLE-2024")
    OrganisationContact.objects.create(
        organisation=known, full_name="Zoé Lefèvre", title="Trésorière", email="zoe@cle.example"
    )
    text = "\r\n".join(
        [
            ORG_HEADER,
            f"{ADE_SIRET};ADE;;Association;;;;;Hélène Dupré;Présidente;h@ade.example;",
            f"{ADE_SIRET};;;;;;;;HÉLÈNE DUPRÉ;Secrétaire;;",
            f"{CLE_SIRET};;;;;;;;Zoe Lefevre;Trésorière;zoe@cle.example;",
            f"{CLE_SIRET};;;;;;;;Jean Martin;Président;zoe@cle.example;",
        ]
    )
    run = check(client, world.orgs.department, "organisations", as_file(text))
    errors = messages_of(run)
    assert errors[3] == ["HÉLÈNE DUPRÉ figure déjà ligne 2 pour cette organisation."]
    # The same person, already known there (accents and case aside), is no duplicate: the
    # line fails only with its organisation's other line.
    assert errors[4] == ["Une autre ligne de cette organisation est en erreur."]
    assert any("déjà celui de Zoe Lefevre, ligne 4" in m for m in errors[5])
    assert any("déjà celui de Zoé Lefèvre, représentant déjà connu" in m for m in errors[5])
    assert OrganisationContact.objects.filter(organisation=known).count() == 1


def test_an_organisation_outside_the_perimeter_is_not_changed_nor_shown(client, world, staff):
    """The SIRET is unique across Maillage: an organisation the department has no convention
    with is found by it, left unchanged when the file says the same, refused otherwise —
    without telling what differs."""
    outside = OrganisationFactory(name="Centre Léo Lagrange", siret=CLE_SIRET, city="Lens")
    OrganisationContact.objects.create(organisation=outside, full_name="Zoé Lefèvre")
    same = (
        "SIRET;Raison sociale;Ville;Représentant\r\n"
        f"{CLE_SIRET};Centre Léo Lagrange;Lens;Zoé Lefèvre"
    )
    run = check(client, world.orgs.department, "organisations", as_file(same))
    assert (run.status, run.unchanged, run.errors) == (ImportStatus.CHECKED, 1, 0)
    assert run.report[0][4] == []  # nothing told about its representatives

    changed = same.replace(";Lens;", ";Liévin;")
    run = check(client, world.orgs.department, "organisations", as_file(changed))
    assert run.status == ImportStatus.REJECTED
    assert messages_of(run)[2] == [
        "Ce SIRET est celui d'une organisation hors de votre périmètre : elle ne se modifie "
        "pas par un import."
    ]
    outside.refresh_from_db()
    assert outside.city == "Lens"


def test_the_kind_of_a_known_organisation_is_not_changed_by_an_import(client, world, staff):
    """seed 004 §6: the kind makes an organisation eligible to a call; fixed once set."""
    fas = world.orgs.fas
    fas.siret = FAS_SIRET
    fas.save()
    from tests.partnerships.factories import convention_between

    convention_between(world.orgs.department, fas, reference="FAS-2024")
    run = check(
        client,
        world.orgs.department,
        "organisations",
        as_file(f"SIRET;Type de structure;Ville\r\n{FAS_SIRET};Association;Lille"),
    )
    assert messages_of(run)[2] == [
        "Le type de structure d'une organisation ne se change pas par un import."
    ]
    run = check(
        client,
        world.orgs.department,
        "organisations",
        as_file(f"SIRET;Ville\r\n{FAS_SIRET};Lille"),
    )
    assert (run.status, run.updated) == (ImportStatus.CHECKED, 1)
    assert run.report[0][4] == ["Ville modifié(e)"]


def test_only_department_staff_import_organisations(client, world):
    client.force_login(world.users.director)
    response = client.post(
        HOME,
        {
            "kind": "organisations",
            "organisation": world.orgs.chrs.pk,
            "file": as_file(ORG_FILE),
        },
    )
    assert response.status_code == 400
    assert not ImportRun.objects.exists()
    # The service checks the acting user itself (a command or the admin cannot forget it).
    line = OrganisationLine(siret=ADE_SIRET, name="ADE", kind=OrganisationKind.ASSOCIATION)
    with pytest.raises(ConventionError, match="Seuls les agents départementaux"):
        partnership_services.organisations_import(
            by=world.users.director, lines=[line], registered_by=world.orgs.chrs
        )
    assert not Organisation.objects.filter(siret=ADE_SIRET).exists()


def test_a_change_between_the_check_and_the_confirmation_writes_nothing(
    client, world, staff, django_capture_on_commit_callbacks
):
    run = check(client, world.orgs.department, "organisations", as_file(ORG_FILE))
    assert run.status == ImportStatus.CHECKED
    # Meanwhile, someone records the Centre Léo Lagrange elsewhere, with another city.
    OrganisationFactory(name="Centre Léo Lagrange", siret=CLE_SIRET, city="Liévin")
    run = confirm(client, run, django_capture_on_commit_callbacks)
    assert run.status == ImportStatus.FAILED
    assert "rien n'a été enregistré" in run.error
    assert not Organisation.objects.filter(siret=ADE_SIRET).exists()  # all or nothing


def test_another_persons_run_is_a_404(client, world, staff, django_user_model):
    run = check(client, world.orgs.department, "organisations", as_file(ORG_FILE))
    for user in (world.users.coordinator, world.users.outsider_director, world.users.director):
        client.force_login(user)
        assert client.get(reverse("portal:import_run", args=[run.pk])).status_code == 404
        assert client.post(reverse("portal:import_confirm", args=[run.pk])).status_code == 404
    run.refresh_from_db()
    assert run.status == ImportStatus.CHECKED


# ---------------------------------------------------------------------------- conventions
CONV_HEADER = (
    "Référence de la convention;Intitulé;Type de convention;Date de début;Date de fin;"
    "Montant;Renouvellement;Préavis (mois);SIRET de la partie;Partie;Qualité"
)


@pytest.fixture
def partners(world):
    """ADE and the FAS, with their SIRET, within the department's perimeter (a convention
    names them), as the party form of a convention's page requires."""
    from tests.partnerships.factories import convention_between

    ade = OrganisationFactory(name="Association Départementale d'Entraide", siret=ADE_SIRET)
    fas = world.orgs.fas
    fas.siret = FAS_SIRET
    fas.save()
    convention_between(world.orgs.department, ade, fas, reference="CADRE-2020")
    return ade, fas


def conv_file(*lines) -> str:
    return "\r\n".join([CONV_HEADER, *lines])


# Excel serials for the dates of one convention, dd/mm/yyyy for the other; « 60 000,00 € ».
CONV_FILE = conv_file(
    f"CONV-2025-014;Accompagnement vers le logement;Convention de financement;"
    f"{serial(dt.date(2025, 1, 1))};{serial(dt.date(2027, 12, 31))};60 000,00 €;;;;"
    "Département du Pas-de-Calais;Financeur",
    "CONV-2025-014;;;;;;;;775 672 272 00058;;Bénéficiaire",
    ";;;;;;;;;;",
    "CONV-2025-015;Médiation locative — Lens;Convention locale;01/03/2025;28/02/2026;"
    "12500;Tacite reconduction;3;;département du pas-de-calais;signataire",
    "CONV-2025-015;;;;;;;;;FAS;Opérateur",
)


def test_conventions_dry_run_then_confirm_then_same_file_changes_nothing(
    client, world, staff, partners, django_capture_on_commit_callbacks
):
    ade, fas = partners
    run = check(client, world.orgs.department, "conventions", as_file(CONV_FILE))
    assert run.status == ImportStatus.CHECKED, run.report
    assert (run.created, run.updated, run.unchanged, run.errors) == (2, 0, 0, 0)
    assert not Convention.objects.filter(reference__startswith="CONV-2025").exists()

    run = confirm(client, run, django_capture_on_commit_callbacks)
    assert run.status == ImportStatus.DONE, run.error
    first = Convention.objects.get(reference="CONV-2025-014")
    assert (first.start_date, first.end_date, first.amount, first.status) == (
        dt.date(2025, 1, 1),
        dt.date(2027, 12, 31),
        Decimal("60000.00"),
        ConventionStatus.DRAFT,
    )
    assert set(first.parties.values_list("organisation", "role")) == {
        (world.orgs.department.pk, PartyRole.FUNDER),
        (ade.pk, PartyRole.BENEFICIARY),
    }
    second = Convention.objects.get(reference="CONV-2025-015")
    assert (second.renewal_policy, second.notice_months) == ("tacit", 3)
    assert set(second.parties.values_list("organisation", "role")) == {
        (world.orgs.department.pk, PartyRole.SIGNATORY),
        (fas.pk, PartyRole.OPERATOR),
    }
    assert first.history.first().history_user == world.users.staff

    again = check(client, world.orgs.department, "conventions", as_file(CONV_FILE))
    assert (again.created, again.updated, again.unchanged) == (0, 0, 2)
    assert (
        ConventionParty.objects.filter(convention__reference__startswith="CONV-2025").count() == 4
    )

    # A new title and a new party: the same services as the page (convention_update,
    # party_add) change the draft.
    changed = CONV_FILE.replace("Accompagnement vers le logement", "Accompagnement renforcé")
    changed += "\r\nCONV-2025-014;;;;;;;;81234567600017;;Signataire"
    run = check(client, world.orgs.department, "conventions", as_file(changed))
    assert (run.updated, run.unchanged) == (1, 1)
    run = confirm(client, run, django_capture_on_commit_callbacks)
    assert run.status == ImportStatus.DONE, run.error
    first.refresh_from_db()
    assert first.title == "Accompagnement renforcé"
    assert first.parties.filter(organisation=fas, role=PartyRole.SIGNATORY).exists()


def test_conventions_errors_in_french_and_nothing_written(client, world, staff, partners):
    """seed 001 art. 8: the convention runs from its start to its end."""
    text = conv_file(
        # end before start
        "C-1;Fin avant début;Convention locale;31/12/2025;01/01/2025;;;;;"
        "Département du Pas-de-Calais;Financeur",
        # a SIRET failing its check, an unknown organisation
        "C-2;Parties inconnues;Convention locale;01/01/2025;31/12/2025;;;;;"
        "Département du Pas-de-Calais;Financeur",
        "C-2;;;;;;;;775 672 272 00056;;Bénéficiaire",
        "C-2;;;;;;;;;Association Inconnue;Bénéficiaire",
        # the same party twice; a reference taken outside the department's perimeter
        "C-3;Doublon;Convention locale;01/01/2025;31/12/2025;;;;;"
        "Département du Pas-de-Calais;Financeur",
        "C-3;;;;;;;;;Département du Pas-de-Calais;financeur",
        "MED-2019;Médiation;Convention locale;01/01/2025;31/12/2025;;;;;"
        "Département du Pas-de-Calais;Financeur",
        # the department is not a party; a tacit renewal without notice
        "C-4;Sans nous;Convention locale;01/01/2025;31/12/2025;;Tacite reconduction;;;FAS;"
        "Opérateur",
        # an organisation of another department's world (Opérateur B): outside the perimeter
        "C-5;Hors périmètre;Convention locale;01/01/2025;31/12/2025;;;;;Opérateur B;Opérateur",
    )
    run = check(client, world.orgs.department, "conventions", as_file(text))
    assert run.status == ImportStatus.REJECTED
    errors = messages_of(run)
    assert errors[2] == ["La date de fin (01/01/2025) précède la date de début (31/12/2025)."]
    assert errors[4] == [
        "SIRET « 775 672 272 00056 » : Ce SIRET n'est pas valide (clé de contrôle)."
    ]
    assert errors[5] == [
        "Organisation « Association Inconnue » inconnue (ou hors de votre périmètre)."
    ]
    assert errors[7] == ["Cette partie figure déjà ligne 6, en la même qualité."]
    assert errors[8] == ["La référence MED-2019 est déjà prise."]
    assert set(errors[9]) == {
        "Département du Pas-de-Calais, pour qui vous importez, doit être partie à la "
        "convention : ajoutez-la sur une ligne, avec sa qualité.",
        "Une convention à tacite reconduction précise le préavis de dénonciation.",
    }
    assert errors[10][0] == "Organisation « Opérateur B » inconnue (ou hors de votre périmètre)."
    assert not Convention.objects.filter(reference__startswith="C-").exists()


def test_a_signed_conventions_terms_change_only_by_amendment(client, world, staff, cpom):
    """seed 001 art. 9: « modifiée … par voie d'avenant »."""
    text = conv_file(
        "2023-121;CPOM FAS;;01/01/2023;31/12/2026;;;;;Département du Pas-de-Calais;Financeur"
    )
    run = check(client, world.orgs.department, "conventions", as_file(text))
    assert run.status == ImportStatus.REJECTED
    assert "ne changent plus que par avenant" in messages_of(run)[2][0]
    cpom.refresh_from_db()
    assert cpom.end_date == dt.date(2025, 12, 31)


def test_only_department_staff_import_conventions(client, world, partners):
    client.force_login(world.users.director)  # a party's director: not the convention's creator
    response = client.post(
        HOME,
        {"kind": "conventions", "organisation": world.orgs.chrs.pk, "file": as_file(CONV_FILE)},
    )
    assert response.status_code == 400
    assert not ImportRun.objects.exists()


# --------------------------------------------------------------------------------- grants
GRANT_HEADER = (
    "Référence de la convention;SIRET du bénéficiaire;Bénéficiaire;Exercice;Montant annuel;"
    "IBAN;BIC;Titulaire du compte"
)


def grant_file(*lines) -> str:
    return "\r\n".join([GRANT_HEADER, *lines])


@pytest.fixture
def fas_with_siret(world):
    world.orgs.fas.siret = FAS_SIRET
    world.orgs.fas.save()
    return world.orgs.fas


# seed 001 art. 4.1 and 4.3: 20 000 € a year for 2023-2025, the FAS account at the Caisse
# d'épargne; the bank details on the first line only; a blank line.
GRANT_FILE = grant_file(
    f"2023-121;812 345 676 00017;;2023;20 000,00 €;{FAS_IBAN};CEPAFRPP627;"
    "FÉDÉRATION DES ACTEURS DE LA SOLIDARITÉ",
    "2023-121;;FAS;2024;20000;;;",
    ";;;;;;;",
    "2023-121;;Fédération des Acteurs de la Solidarité Hauts-de-France;2025;20000,00;;;",
)


def test_grants_dry_run_then_confirm_then_same_file_changes_nothing(
    client, world, staff, cpom, fas_with_siret, django_capture_on_commit_callbacks
):
    """seed 001 art. 4.1: « 20 000 € par an » for three years; art. 4.3: the bank details."""
    run = check(client, world.orgs.department, "grants", as_file(GRANT_FILE))
    assert run.status == ImportStatus.CHECKED, run.report
    assert (run.created, run.updated, run.unchanged, run.errors) == (1, 0, 0, 0)
    assert not Grant.objects.exists()

    run = confirm(client, run, django_capture_on_commit_callbacks)
    assert run.status == ImportStatus.DONE, run.error
    grant = Grant.objects.get()
    assert (grant.funder, grant.beneficiary, grant.convention) == (
        world.orgs.department,
        world.orgs.fas,
        cpom,
    )
    assert dict(grant.years.values_list("year", "amount")) == {
        2023: Decimal("20000.00"),
        2024: Decimal("20000.00"),
        2025: Decimal("20000.00"),
    }
    assert (grant.iban, grant.bic, grant.account_holder) == (
        "FR7616275006000800025263075",
        "CEPAFRPP627",
        "FÉDÉRATION DES ACTEURS DE LA SOLIDARITÉ",
    )

    again = check(client, world.orgs.department, "grants", as_file(GRANT_FILE))
    assert (again.created, again.updated, again.unchanged) == (0, 0, 1)
    assert again.error == "Le fichier ne change rien : tout y est déjà enregistré."

    # 2025 raised, a fourth year: grant_year_set, as the grant's page.
    changed = (
        GRANT_FILE.replace("2025;20000,00", "2025;25 000,00") + "\r\n2023-121;;FAS;2026;5000;;;"
    )
    run = check(client, world.orgs.department, "grants", as_file(changed))
    assert run.updated == 1, run.report
    assert "Montant 2025 : 20 000,00 € → 25 000,00 €" in " ".join(
        m for r in run.report for m in r[4]
    ).replace("\u202f", " ").replace("\xa0", " ")
    run = confirm(client, run, django_capture_on_commit_callbacks)
    assert run.status == ImportStatus.DONE, run.error
    assert dict(grant.years.values_list("year", "amount"))[2025] == Decimal("25000.00")
    assert grant.years.count() == 4


def test_grant_errors_in_french_and_nothing_written(client, world, staff, cpom, fas_with_siret):
    text = grant_file(
        # a bad IBAN key, a bad BIC
        "2023-121;81234567600017;;2023;20000;FR76 1627 5006 0008 0002 5263 076;CEPAFRPP6;",
        # a SIRET failing its check; an organisation that is not a party
        "2023-121;81234567600018;;2024;20000;;;",
        "2023-121;;CHRS Le Relais;2024;20000;;;",
        # an unknown convention; a convention outside the perimeter
        "2099-001;;FAS;2024;20000;;;",
        "MED-2019;;Opérateur B;2024;20000;;;",
        # the same year twice; a negative amount
        "2023-121;;FAS;2025;20000;;;",
        "2023-121;;FAS;2025;20000;;;",
        "2023-121;;FAS;2026;-5;;;",
    )
    run = check(client, world.orgs.department, "grants", as_file(text))
    assert run.status == ImportStatus.REJECTED
    errors = messages_of(run)
    assert errors[2] == [
        "IBAN : Cet IBAN n'est pas valide : vérifiez sa longueur et sa clé de contrôle.",
        "BIC : Ce BIC n'est pas valide : 8 ou 11 caractères (banque, pays, lieu, agence "
        "facultative), par exemple AGRIFRPP ou PSSTFRPPLIL.",
    ]
    assert errors[3] == ["SIRET « 81234567600018 » : Ce SIRET n'est pas valide (clé de contrôle)."]
    assert errors[4] == [
        "Organisation « CHRS Le Relais » inconnue parmi les parties de la convention 2023-121."
    ]
    assert errors[5] == ["Convention « 2099-001 » inconnue (ou hors de votre périmètre)."]
    assert errors[6] == ["Convention « MED-2019 » inconnue (ou hors de votre périmètre)."]
    assert errors[8] == ["L'exercice 2025 figure déjà ligne 7 pour cette participation."]
    assert errors[9] == ["Le montant annuel 2026 doit être positif."]
    assert not Grant.objects.exists()


def test_bank_details_of_a_known_grant_through_its_service(
    client, world, staff, fas_grant, fas_with_siret, django_capture_on_commit_callbacks
):
    """seed 001 art. 4.3: the RIB recorded (grant_set_bank_details), the bank identity
    statement already on file (GrantPaper) untouched."""
    papers = fas_grant.papers.count()
    text = grant_file(
        "2023-121;81234567600017;;2023;20000;FR7630006000011234567890189;AGRIFRPP;FAS",
    )
    run = check(client, world.orgs.department, "grants", as_file(text))
    assert (run.updated, run.errors) == (1, 0), run.report
    assert run.report[0][4] == ["Coordonnées bancaires modifiées"]
    run = confirm(client, run, django_capture_on_commit_callbacks)
    assert run.status == ImportStatus.DONE, run.error
    fas_grant.refresh_from_db()
    assert (fas_grant.iban, fas_grant.bic, fas_grant.account_holder) == (
        "FR7630006000011234567890189",
        "AGRIFRPP",
        "FAS",
    )
    assert fas_grant.papers.count() == papers


def test_only_the_funders_staff_import_grants(client, world, cpom, fas_with_siret):
    client.force_login(world.users.fas_director)  # the beneficiary's director
    response = client.post(
        HOME,
        {"kind": "grants", "organisation": world.orgs.fas.pk, "file": as_file(GRANT_FILE)},
    )
    assert response.status_code == 400
    # The coordinator of the department is not its staff: no import of grants either.
    client.force_login(world.users.coordinator)
    response = client.post(
        HOME,
        {"kind": "grants", "organisation": world.orgs.department.pk, "file": as_file(GRANT_FILE)},
    )
    assert response.status_code == 400
    assert not ImportRun.objects.exists()


def test_department_staff_import_for_their_own_structure_only(client, world, staff):
    """Another organisation cannot be named in the form, nor in the service."""
    from django.core.exceptions import PermissionDenied

    from portal.imports import runs

    for kind in ("organisations", "conventions", "grants"):
        response = client.post(
            HOME, {"kind": kind, "organisation": world.orgs.chrs.pk, "file": as_file(ORG_FILE)}
        )
        assert response.status_code == 400
        with pytest.raises(PermissionDenied):
            runs.import_check(
                by=world.users.staff,
                organisation=world.orgs.chrs,
                kind=kind,
                upload=as_file(ORG_FILE),
            )
    assert not ImportRun.objects.exists()


def test_the_imports_page_offers_each_person_their_kinds(client, world, staff):
    page = client.get(HOME).content.decode()
    assert "Ménages et leurs membres" not in page  # department staff follow no household
    for label in (
        "Organisations et leurs représentants",
        "Conventions et leurs parties",
        "Participations financières et coordonnées bancaires",
    ):
        assert label in page
    client.force_login(world.users.social_worker)
    page = client.get(HOME).content.decode()
    assert "Ménages et leurs membres" in page
    assert "Organisations et leurs représentants" not in page


# -------------------------------------------------------------------------------- members
MEMBERS_HEADER = "E-mail;Nom;Prénom;Rôle;Territoire"


def test_a_director_imports_the_members_of_her_structure(
    client, world, mailoutbox, django_capture_on_commit_callbacks
):
    """The « Membres » page's rule: a director grants the roles of a partner structure;
    each new member is invited by e-mail; re-importing sends nothing again."""
    from partnerships.models import Membership

    client.force_login(world.users.director)
    known = world.users.social_worker
    text = "\r\n".join(
        [
            MEMBERS_HEADER,
            "Amelie.Lefevre@chrs.example;Lefèvre;Amélie;travailleur social;",
            "",
            "noe.martin@chrs.example;Martin;Noé;Bénévole;",
            f"{known.email};{known.last_name};{known.first_name};Travailleur social;",
        ]
    )
    run = check(client, world.orgs.chrs, "members", as_file(text))
    assert run.status == ImportStatus.CHECKED, run.report
    assert (run.created, run.updated, run.unchanged) == (2, 0, 1)
    assert run.report[-1][4] == ["Déjà membre avec ce rôle"]
    run = confirm(client, run, django_capture_on_commit_callbacks)
    assert run.status == ImportStatus.DONE, run.error
    amelie = Membership.objects.get(user__email="amelie.lefevre@chrs.example")
    assert (amelie.organisation, amelie.role) == (world.orgs.chrs, "social_worker")
    assert {m.to[0] for m in mailoutbox} == {
        "amelie.lefevre@chrs.example",
        "noe.martin@chrs.example",
    }
    sent = len(mailoutbox)
    again = check(client, world.orgs.chrs, "members", as_file(text))
    assert (again.created, again.updated, again.unchanged) == (0, 0, 3)
    assert len(mailoutbox) == sent


def test_members_duplicates_and_roles_a_director_may_not_grant(client, world):
    client.force_login(world.users.director)
    known = world.users.social_worker
    text = "\r\n".join(
        [
            MEMBERS_HEADER,
            "a@chrs.example;A;Anne;Bénévole;",
            "A@chrs.example;A;Anne;bénévole;",
            f"autre.adresse@chrs.example;{known.last_name};{known.first_name};Bénévole;",
            "b@chrs.example;B;Bruno;Agent départemental;",
            "c@chrs.example;C;Chloé;Coordinateur;Arras",
            "pas-une-adresse;D;Dora;Bénévole;",
        ]
    )
    run = check(client, world.orgs.chrs, "members", as_file(text))
    errors = messages_of(run)
    assert errors[3] == ["Cette personne figure déjà ligne 2 avec ce rôle."]
    assert errors[4] == [
        f"{known.first_name} {known.last_name} est déjà membre de la structure sous l'adresse "
        f"{known.email} : corrigez l'adresse ou retirez la ligne."
    ]
    assert "Agent départemental" in errors[5][0]
    assert errors[6][0].startswith("Seuls les administrateurs du département")
    assert errors[7] == ["E-mail : « pas-une-adresse » n'est pas une adresse valide."]


def test_a_director_imports_members_of_her_structure_only(client, world):
    client.force_login(world.users.director)
    response = client.post(
        HOME,
        {
            "kind": "members",
            "organisation": world.orgs.other.pk,
            "file": as_file(f"{MEMBERS_HEADER}\r\nx@other.example;X;Xavier;Bénévole;"),
        },
    )
    assert response.status_code == 400
    # A social worker directs nothing: no members import offered.
    client.force_login(world.users.social_worker)
    response = client.post(
        HOME,
        {
            "kind": "members",
            "organisation": world.orgs.chrs.pk,
            "file": as_file(f"{MEMBERS_HEADER}\r\nx@chrs.example;X;Xavier;Bénévole;"),
        },
    )
    assert response.status_code == 400
    assert not ImportRun.objects.exists()


# ------------------------------------------------------------ a large file's dry run
def test_a_large_files_dry_run_runs_in_the_background_with_its_progress(
    client, world, staff, monkeypatch, django_capture_on_commit_callbacks
):
    from portal.imports import runs

    monkeypatch.setattr(runs, "CHECK_IN_BACKGROUND_BYTES", 100)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        run = check(client, world.orgs.department, "organisations", as_file(ORG_FILE))
    assert (run.status, run.report) == (ImportStatus.CHECKING, [])
    url = reverse("portal:import_run", args=[run.pk])
    page = client.get(url).content.decode()
    assert "Vérification en cours : 1 %" in page and "Confirmer l’import" not in page
    assert not Organisation.objects.filter(siret=ADE_SIRET).exists()
    # Confirming a run still being checked is refused.
    client.post(reverse("portal:import_confirm", args=[run.pk]))
    run.refresh_from_db()
    assert run.status == ImportStatus.CHECKING

    for callback in callbacks:  # the task runs (immediate backend in the tests)
        callback()
    run.refresh_from_db()
    assert (run.status, run.created, run.progress) == (ImportStatus.CHECKED, 2, 0)
    assert not Organisation.objects.filter(siret=ADE_SIRET).exists()  # still a dry run
    partial = client.get(url + "?partial=progress&was=checking", headers={"HX-Request": "true"})
    assert partial["HX-Refresh"] == "true"
    assert "Confirmer l’import" in client.get(url).content.decode()


def test_conventions_from_xlsx_with_date_cells_and_number_amounts(client, world, staff, partners):
    run = check(
        client,
        world.orgs.department,
        "conventions",
        xlsx_file(
            [
                ["Référence", "Titre", "Type", "Du", "Au", "Montant (€)", "SIRET", "Qualité"],
                [
                    "X-2025",
                    "Essai",
                    "Convention locale",
                    dt.datetime(2025, 1, 1),
                    dt.datetime(2025, 12, 31),
                    12500.5,
                    None,
                    None,
                ],
                ["X-2025", None, None, None, None, None, int(ADE_SIRET), "Opérateur"],
                [None] * 8,
                ["X-2025", None, None, None, None, None, None, None],
            ]
        ),  # fmt: skip
    )
    # The department is not among the parties: said, and nothing else is wrong.
    assert messages_of(run) == {
        2: [
            "Département du Pas-de-Calais, pour qui vous importez, doit être partie à la "
            "convention : ajoutez-la sur une ligne, avec sa qualité."
        ],
        3: ["Une autre ligne de cette convention est en erreur."],
        5: ["Une autre ligne de cette convention est en erreur."],
    }
