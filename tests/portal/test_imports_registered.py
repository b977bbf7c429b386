"""Issue 19, the gap left by the first imports: an organisation department staff register (by
an import of organisations, or « Ajouter » in the administration) is `registered_by` their
department, and so within its perimeter from then on: the same staff name it as a party in a
conventions import (or on the convention's page) and correct it by importing a corrected file,
before any convention names it. Another département's staff still see nothing of it (404)."""

import pytest
from django.urls import reverse

from partnerships import services as partnership_services
from partnerships.enums import OrganisationKind, PartyRole, Role
from partnerships.errors import ConventionError
from partnerships.models import Convention, Organisation, OrganisationContact
from partnerships.services.organisations import OrganisationLine
from portal.models import ImportStatus
from portal.search import search_organisations
from tests.partnerships.factories import OrganisationFactory, member
from tests.portal.test_imports_partners import (
    ADE_SIRET,
    CLE_SIRET,
    ORG_FILE,
    as_file,
    check,
    confirm,
    conv_file,
    messages_of,
)

pytestmark = pytest.mark.django_db

# Two conventions naming the organisations just imported: ADE by its SIRET, the Centre Léo
# Lagrange by its acronym, the department as funder.
NEW_PARTNERS = conv_file(
    "CONV-2026-001;Accompagnement des familles;Convention de financement;01/01/2026;"
    "31/12/2026;20 000,00 €;;;;Département du Pas-de-Calais;Financeur",
    f"CONV-2026-001;;;;;;;;{ADE_SIRET[:3]} {ADE_SIRET[3:6]} {ADE_SIRET[6:9]} {ADE_SIRET[9:]};;"
    "Bénéficiaire",
    "CONV-2026-001;;;;;;;;;CLÉ;Opérateur",
)


@pytest.fixture
def staff(world, client):
    client.force_login(world.users.staff)
    return world.users.staff


@pytest.fixture
def imported(world, staff, client, django_capture_on_commit_callbacks):
    """ADE and the Centre Léo Lagrange, imported by the department's staff: no convention
    names them yet."""
    run = check(client, world.orgs.department, "organisations", as_file(ORG_FILE))
    run = confirm(client, run, django_capture_on_commit_callbacks)
    assert run.status == ImportStatus.DONE, run.error
    ade = Organisation.objects.get(siret=ADE_SIRET)
    cle = Organisation.objects.get(siret=CLE_SIRET)
    assert not ade.convention_parties.exists() and not cle.convention_parties.exists()
    return ade, cle


@pytest.fixture
def nord_staff():
    """The staff of another département, who imports and adds organisations too."""
    nord = OrganisationFactory(department=True, name="Département du Nord")
    return member(Role.DEPARTMENT_STAFF, nord)


def test_imported_organisations_are_registered_by_the_department_and_within_its_perimeter(
    world, staff, imported
):
    ade, cle = imported
    assert (ade.registered_by, cle.registered_by) == (world.orgs.department,) * 2
    visible = Organisation.objects.visible_to(staff)
    assert {ade, cle} <= set(visible)
    # Every member of the department sees them, as its other partners.
    assert ade in Organisation.objects.visible_to(world.users.coordinator)
    # Still one row each (the convention join is not multiplied by the new condition).
    assert visible.filter(pk=ade.pk).count() == 1


def test_staff_import_organisations_then_a_convention_naming_them_as_parties(
    client, world, staff, imported, django_capture_on_commit_callbacks
):
    """End to end through the import services: the organisations file, then a conventions
    file whose parties are those organisations, found by SIRET and by acronym."""
    ade, cle = imported
    run = check(client, world.orgs.department, "conventions", as_file(NEW_PARTNERS))
    assert run.status == ImportStatus.CHECKED, run.report
    assert (run.created, run.errors) == (1, 0)
    run = confirm(client, run, django_capture_on_commit_callbacks)
    assert run.status == ImportStatus.DONE, run.error
    convention = Convention.objects.get(reference="CONV-2026-001")
    assert set(convention.parties.values_list("organisation", "role")) == {
        (world.orgs.department.pk, PartyRole.FUNDER),
        (ade.pk, PartyRole.BENEFICIARY),
        (cle.pk, PartyRole.OPERATOR),
    }


def test_the_convention_page_offers_them_as_parties(client, world, staff, imported):
    """The « Ajouter une partie » form of a convention's page chooses among the same
    organisations as the import."""
    from partnerships.forms import PartyForm

    ade, cle = imported
    choices = PartyForm(user=staff).fields["organisation"].queryset
    assert {ade, cle} <= set(choices)


def test_a_corrected_organisation_file_updates_them(
    client, world, staff, imported, django_capture_on_commit_callbacks
):
    """Before: « hors de votre périmètre : elle ne se modifie pas par un import »."""
    ade, cle = imported
    corrected = ORG_FILE.replace("12 rue des Écoles;62000;Arras", "14 rue des Écoles;62000;Arras")
    corrected = corrected.replace("Zoé Lefèvre;Trésorière", "Zoé Lefèvre;Présidente")
    run = check(client, world.orgs.department, "organisations", as_file(corrected))
    assert run.status == ImportStatus.CHECKED, run.report
    assert (run.created, run.updated, run.unchanged, run.errors) == (0, 2, 0, 0)
    run = confirm(client, run, django_capture_on_commit_callbacks)
    assert run.status == ImportStatus.DONE, run.error
    ade.refresh_from_db()
    assert ade.address == "14 rue des Écoles"
    assert OrganisationContact.objects.get(organisation=cle, full_name="Zoé Lefèvre").title == (
        "Présidente"
    )
    assert ade.registered_by == world.orgs.department  # unchanged by an update


def test_another_departments_staff_still_cannot_see_them(client, world, imported, nord_staff):
    ade, _cle = imported
    client.force_login(nord_staff)
    assert ade not in Organisation.objects.visible_to(nord_staff)
    for url in (
        reverse("admin:partnerships_organisation_change", args=[ade.pk]),
        reverse("admin:partnerships_organisation_history", args=[ade.pk]),
    ):
        assert client.get(url).status_code == 404, url
    assert list(search_organisations(nord_staff, "Entraide")) == []
    # Neither by an import: the convention naming ADE is refused, and a changed ADE file too.
    nord = nord_staff.memberships.get().organisation
    file = NEW_PARTNERS.replace("Département du Pas-de-Calais", "Département du Nord")
    run = check(client, nord, "conventions", as_file(file))
    assert run.status == ImportStatus.REJECTED
    assert any("inconnue (ou hors de votre périmètre)" in m for m in messages_of(run)[3])
    changed = ORG_FILE.replace(";62000;Arras;", ";62000;Liévin;")
    run = check(client, nord, "organisations", as_file(changed))
    assert run.status == ImportStatus.REJECTED
    assert messages_of(run)[2] == [
        "Ce SIRET est celui d'une organisation hors de votre périmètre : elle ne se modifie "
        "pas par un import."
    ]
    ade.refresh_from_db()
    assert ade.city == "Arras"


def test_the_service_registers_them_for_the_staffs_own_department_only(world, nord_staff):
    """A command or a page cannot register an organisation for another structure."""
    line = OrganisationLine(siret=ADE_SIRET, name="ADE", kind=OrganisationKind.ASSOCIATION)
    for registered_by in (world.orgs.department, world.orgs.chrs, None):
        with pytest.raises(ConventionError, match="structure dont vous êtes agent"):
            partnership_services.organisations_import(
                by=nord_staff, lines=[line], registered_by=registered_by
            )
    assert not Organisation.objects.filter(siret=ADE_SIRET).exists()
    done = partnership_services.organisations_import(
        by=world.users.staff, lines=[line], registered_by=world.orgs.department
    )
    assert done[0].registered_by == world.orgs.department


def test_staff_adding_an_organisation_in_the_admin_register_it_read_only(
    client, world, staff, nord_staff
):
    """« Ajouter » in the administration: the new organisation is the department's to see and
    correct; who registered it is read-only (a form sent with another value is ignored)."""
    data = {"name": "Association Nouvelle", "kind": "association", "_save": "1"}
    data |= {"contacts-TOTAL_FORMS": 0, "contacts-INITIAL_FORMS": 0}
    data["registered_by"] = world.orgs.chrs.pk
    response = client.post(reverse("admin:partnerships_organisation_add"), data)
    assert response.status_code == 302
    created = Organisation.objects.get(name="Association Nouvelle")
    assert created.registered_by == world.orgs.department
    change = reverse("admin:partnerships_organisation_change", args=[created.pk])
    page = client.get(change)
    assert page.status_code == 200
    assert "Enregistrée par" in page.content.decode()
    data["city"] = "Béthune"
    assert client.post(change, data).status_code == 302
    created.refresh_from_db()
    assert (created.city, created.registered_by) == ("Béthune", world.orgs.department)
    client.force_login(nord_staff)
    assert client.get(change).status_code == 404
