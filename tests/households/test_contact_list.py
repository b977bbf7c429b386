"""The contacts list (« Rencontres », issue 7) and its CSV / XLSX export: perimeter, filters,
a number of queries that does not grow, summaries in the export only, the access log."""

import csv
import datetime as dt
import io

import pytest
from django.urls import reverse

from households.enums import AuditAction, ContactMedium
from households.models import AuditEntry, Contact
from partnerships.enums import Role
from partnerships.security.policy import AUTH_AT
from tests.households.factories import ContactFactory, HouseholdFactory, ProjectFactory
from tests.partnerships.factories import member

pytestmark = pytest.mark.django_db

LIST = reverse("households:contact_list")
EXPORT = reverse("households:contact_export")
SUMMARY = "Compte rendu : dossier FSL déposé."
NOTE = "Note réservée : suivi psychiatrique."


def rows_of(response) -> list[Contact]:
    assert response.status_code == 200
    return list(response.context["rows"])


def csv_rows(response) -> list[list[str]]:
    assert response.status_code == 200
    assert response.streaming is True
    body = b"".join(response.streaming_content).decode("utf-8")
    assert body.startswith("\ufeff")
    return list(csv.reader(io.StringIO(body.removeprefix("\ufeff")), delimiter=";"))


def chrs_project(world, **kwargs):
    household = HouseholdFactory(organisation=world.orgs.chrs, territory=world.territories.arras)
    defaults = {
        "programme": world.asrl,
        "operator": world.orgs.chrs,
        "referent": world.users.social_worker,
        "active": True,
    }
    return ProjectFactory(household=household, **{**defaults, **kwargs})


@pytest.fixture
def contacts(world, asrl_project, joint_project):
    """Three contacts of the CHRS (two ASRL households), one of SOLiHA × MTA, one elsewhere."""
    other = chrs_project(world, referent=world.users.director)
    outsider_project = ProjectFactory(
        household=HouseholdFactory(organisation=world.orgs.other),
        programme=world.asrl,
        operator=world.orgs.other,
        referent=world.users.outsider,
        active=True,
    )
    return {
        "old": ContactFactory(
            project=asrl_project,
            happened_on=dt.date(2024, 1, 10),
            happened_at=dt.time(9, 5),
            place="Bureau d'Arras",
            medium=ContactMedium.PHONE,
            summary=SUMMARY,
            confidential_note=NOTE,
        ),
        "recent": ContactFactory(
            project=asrl_project, happened_on=dt.date(2024, 3, 5), summary=SUMMARY
        ),
        "director": ContactFactory(
            project=other, happened_on=dt.date(2024, 2, 20), author=world.users.director
        ),
        "joint": ContactFactory(
            project=joint_project,
            happened_on=dt.date(2024, 2, 1),
            author=world.users.volunteer,
            medium=ContactMedium.ACCOMPANYING,
        ),
        "outsider": ContactFactory(project=outsider_project, happened_on=dt.date(2024, 3, 1)),
    }


# ---------------------------------------------------------------------- who sees what
def test_social_worker_sees_the_contacts_of_the_perimeter_newest_first(client, world, contacts):
    client.force_login(world.users.social_worker)
    response = client.get(LIST)
    assert rows_of(response) == [contacts["recent"], contacts["director"], contacts["old"]]
    page = response.content.decode()
    assert contacts["old"].project.household.reference in page
    assert "Téléphone" in page and "Dominique" in page
    assert contacts["outsider"].project.household.reference not in page


def test_the_list_shows_no_summary_and_no_confidential_note(client, world, contacts):
    client.force_login(world.users.social_worker)
    page = client.get(LIST).content.decode()
    assert SUMMARY not in page
    assert NOTE not in page


def test_volunteer_sees_only_the_contacts_of_the_projects_they_are_assigned_to(
    client, world, contacts
):
    client.force_login(world.users.volunteer)
    assert rows_of(client.get(LIST)) == [contacts["joint"]]


def test_coordinator_sees_the_contacts_of_the_territory(client, world, contacts):
    client.force_login(world.users.coordinator)
    assert set(rows_of(client.get(LIST))) == {
        contacts["recent"],
        contacts["director"],
        contacts["old"],
    }


def test_another_organisation_sees_none_of_these_contacts(client, world, contacts):
    client.force_login(world.users.outsider)
    response = client.get(LIST)
    assert rows_of(response) == [contacts["outsider"]]
    assert contacts["old"].project.household.reference not in response.content.decode()


@pytest.mark.parametrize("url", [LIST, EXPORT])
def test_department_staff_has_no_contacts_list_nor_export(client, world, contacts, url):
    client.force_login(world.users.staff)
    assert client.get(url).status_code == 404


@pytest.mark.parametrize("url", [LIST, EXPORT])
def test_a_signatory_partner_has_no_contacts_list_nor_export(client, world, url):
    client.force_login(member(Role.SIGNATORY_PARTNER, world.orgs.chrs))
    assert client.get(url).status_code == 404


def test_the_menu_leads_to_the_contacts_of_those_who_follow_households(client, world):
    client.force_login(world.users.social_worker)
    page = client.get(LIST)
    assert page.context["nav_active"] == LIST
    assert f'href="{LIST}"' in client.get(reverse("home")).content.decode()
    client.force_login(world.users.staff)
    assert f'href="{LIST}"' not in client.get(reverse("home")).content.decode()


# ---------------------------------------------------------------------- filters and order
@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("du=2024-02-01&au=2024-02-29", ["director"]),
        ("du=2024-02-20", ["recent", "director"]),
        ("au=2024-01-31", ["old"]),
        ("modalite=phone", ["old"]),
        ("auteur=1", ["recent", "old"]),
        ("tri=date", ["old", "director", "recent"]),
    ],
)
def test_filters_and_order(client, world, contacts, query, expected):
    client.force_login(world.users.social_worker)
    rows = rows_of(client.get(f"{LIST}?{query}"))
    assert rows == [contacts[key] for key in expected]


def test_filter_by_programme(client, world, contacts):
    client.force_login(world.users.soliha_worker)
    assert rows_of(client.get(f"{LIST}?dispositif={world.joint.pk}")) == [contacts["joint"]]
    assert rows_of(client.get(f"{LIST}?dispositif={world.asrl.pk}")) == []


def test_filter_by_household_reference(client, world, contacts):
    client.force_login(world.users.social_worker)
    reference = contacts["director"].project.household.reference
    assert rows_of(client.get(f"{LIST}?menage=%20{reference.lower()}%20")) == [contacts["director"]]
    # Another organisation's household: found by nobody outside its perimeter.
    outsider = contacts["outsider"].project.household.reference
    assert rows_of(client.get(f"{LIST}?menage={outsider}")) == []


def test_author_filter_is_the_logged_in_user(client, world, contacts):
    client.force_login(world.users.director)
    assert rows_of(client.get(f"{LIST}?auteur=1")) == [contacts["director"]]


def test_sort_by_household_reference(client, world, contacts):
    client.force_login(world.users.social_worker)
    rows = rows_of(client.get(f"{LIST}?tri=-menage"))
    references = [c.project.household.reference for c in rows]
    assert references == sorted(references, reverse=True)


# ---------------------------------------------------------------------- bad input
@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("du=31/02/2024", "Saisissez une date valide."),
        ("au=pas-une-date", "Saisissez une date valide."),
        ("du=2024-03-01&au=2024-01-01", "La fin de la période doit suivre son début."),
        ("modalite=pigeon", "Sélectionnez un choix valide."),
        ("dispositif=999999", "Sélectionnez un choix valide."),
    ],
)
def test_bad_filters_are_explained_in_french(client, world, contacts, query, message):
    client.force_login(world.users.social_worker)
    response = client.get(f"{LIST}?{query}")
    assert response.status_code == 200
    assert message in response.content.decode()
    export = client.get(f"{EXPORT}?{query}")
    assert export.status_code == 400
    assert "Filtres invalides" in export.content.decode()
    assert message in export.content.decode()
    assert not AuditEntry.objects.exists()  # nothing was read


@pytest.mark.parametrize("page", ["abc", "0", "99999"])
def test_a_bad_page_number_shows_a_page(client, world, contacts, page):
    client.force_login(world.users.social_worker)
    assert len(rows_of(client.get(f"{LIST}?page={page}"))) == 3


# ---------------------------------------------------------------------- size
def add_contacts(world, n: int) -> None:
    for index in range(n):
        project = chrs_project(world, partners=[world.orgs.siao])
        ContactFactory(project=project, happened_on=dt.date(2024, 1, 1) + dt.timedelta(index))


@pytest.mark.parametrize(
    "url",
    [
        LIST,
        f"{LIST}?du=2023-01-01&au=2025-01-01&auteur=1&modalite=home_visit&tri=menage",
        f"{LIST}?dispositif=__asrl__&menage=MEN",
    ],
)
def test_list_queries_do_not_grow_with_rows(client, world, count_queries, url):
    url = url.replace("__asrl__", str(world.asrl.pk))
    client.force_login(world.users.social_worker)
    add_contacts(world, 2)
    few, _sql = count_queries(lambda: client.get(url))
    add_contacts(world, 7)
    many, sql = count_queries(lambda: client.get(url))
    assert few == many, "\n".join(sql)


def test_export_queries_do_not_grow_with_rows(client, world, count_queries):
    client.force_login(world.users.social_worker)
    add_contacts(world, 2)
    few, _sql = count_queries(lambda: csv_rows(client.get(EXPORT)))
    add_contacts(world, 7)
    many, sql = count_queries(lambda: csv_rows(client.get(EXPORT)))
    assert few == many, "\n".join(sql)


def test_list_is_paginated_and_the_count_is_capped(client, world, monkeypatch):
    from households.views.lists import PerimeterPaginator

    add_contacts(world, 27)
    client.force_login(world.users.social_worker)
    first = client.get(LIST)
    assert len(first.context["rows"]) == 25
    assert "Page 1 sur 2" in first.content.decode()
    assert "(27)" in first.content.decode()
    assert len(rows_of(client.get(f"{LIST}?page=2"))) == 2
    monkeypatch.setattr(PerimeterPaginator, "cap", 10)
    capped = client.get(LIST).content.decode()
    assert "plus de 10 : affinez avec les filtres" in capped


# ---------------------------------------------------------------------- export
def test_export_csv_has_french_headers_summaries_and_no_note(client, world, contacts):
    client.force_login(world.users.social_worker)
    rows = csv_rows(client.get(EXPORT))
    assert rows[0] == [
        "Date",
        "Heure",
        "Ménage",
        "Dispositif",
        "Structure opératrice",
        "Auteur",
        "Modalité",
        "Lieu",
        "Durée (minutes)",
        "Compte rendu partagé",
    ]
    old = contacts["old"]
    assert rows[3] == [
        "10/01/2024",
        "09:05",
        old.project.household.reference,
        world.asrl.name,
        world.orgs.chrs.name,
        world.users.social_worker.get_full_name(),
        "Téléphone",
        "Bureau d'Arras",
        "60",
        SUMMARY,
    ]
    # A contact noted without its time nor its place (older contacts): empty cells.
    recent = rows[1]
    assert (recent[1], recent[7]) == ("", "")
    assert [r[0] for r in rows[1:]] == ["05/03/2024", "20/02/2024", "10/01/2024"]
    assert NOTE not in str(rows)


def test_export_applies_the_filters_and_the_perimeter(client, world, contacts):
    client.force_login(world.users.social_worker)
    rows = csv_rows(client.get(EXPORT, {"du": "2024-02-01", "modalite": "home_visit"}))
    assert [r[2] for r in rows[1:]] == [
        contacts["recent"].project.household.reference,
        contacts["director"].project.household.reference,
    ]
    client.force_login(world.users.outsider)
    rows = csv_rows(client.get(EXPORT))
    assert [r[2] for r in rows[1:]] == [contacts["outsider"].project.household.reference]


def test_export_in_xlsx(client, world, contacts):
    from openpyxl import load_workbook

    client.force_login(world.users.volunteer)
    response = client.get(EXPORT, {"format": "xlsx"})
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    response.close()
    values = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert values[0][0] == "Date" and values[0][-1] == "Compte rendu partagé"
    assert values[0][1] == "Heure" and values[0][7] == "Lieu"
    assert values[1][2] == contacts["joint"].project.household.reference
    assert values[1][0] == dt.datetime(2024, 2, 1)
    assert len(values) == 2


def test_export_is_written_to_the_access_log(client, world, contacts):
    client.force_login(world.users.social_worker)
    csv_rows(client.get(EXPORT, {"format": "csv", "auteur": "1"}))
    entry = AuditEntry.objects.get()
    assert entry.action == AuditAction.EXPORT
    assert entry.user == world.users.social_worker
    assert entry.organisation == world.orgs.chrs
    assert entry.household is None
    assert entry.detail == "households:contact_export csv"


def test_a_stale_session_must_confirm_before_exporting_contacts(client, world, contacts):
    client.force_login(world.users.social_worker)
    session = client.session
    session[AUTH_AT] -= 16 * 60
    session.save()
    response = client.get(EXPORT, {"format": "csv"})
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("security:reauth"))
    assert not AuditEntry.objects.exists()
    # The list itself stays open: it shows no summary.
    assert client.get(LIST).status_code == 200


def test_the_list_links_to_its_export_with_the_filters(client, world, contacts):
    client.force_login(world.users.social_worker)
    page = client.get(f"{LIST}?modalite=phone").content.decode()
    assert f"{EXPORT}?modalite=phone&amp;format=csv" in page
    assert f"{EXPORT}?modalite=phone&amp;format=xlsx" in page
