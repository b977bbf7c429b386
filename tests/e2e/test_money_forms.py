"""Department staff create a budget line and a grant in the pages, then correct a year."""

import datetime as dt
import re

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from funding.models import BudgetLine, Grant
from partnerships.enums import OrganisationKind, PartyRole, Role
from tests.partnerships.factories import (
    PASSWORD,
    ConventionFactory,
    ConventionPartyFactory,
    OrganisationFactory,
    member,
)


@pytest.fixture
def cpom():
    """seed 001: the CPOM 2023-121 between the Département and the FAS."""
    department = OrganisationFactory(
        name="Département du Pas-de-Calais", kind=OrganisationKind.DEPARTMENT
    )
    fas = OrganisationFactory(
        name="Fédération des Acteurs de la Solidarité", kind=OrganisationKind.FEDERATION
    )
    convention = ConventionFactory(
        reference="2023-121",
        start_date=dt.date(2023, 1, 1),
        end_date=dt.date(2025, 12, 31),
        signed_on=dt.date(2023, 3, 20),
    )
    ConventionPartyFactory(convention=convention, organisation=department, role=PartyRole.FUNDER)
    ConventionPartyFactory(convention=convention, organisation=fas, role=PartyRole.BENEFICIARY)
    return member(Role.DEPARTMENT_STAFF, organisation=department, first_name="Nadia")


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_agent_creates_the_line_and_the_grant_then_refuses_a_grant_beyond_it(
    page, live_server, login, cpom, assert_accessible, screenshot
):
    login(page, live_server, cpom.email, PASSWORD)
    page.goto(live_server.url + reverse("funding:budget_line_list"))
    page.get_by_role("link", name="Nouvelle ligne budgétaire").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Nouvelle ligne budgétaire")
    assert_accessible(page)
    page.get_by_label("Financeur").select_option(label="Département du Pas-de-Calais")
    page.get_by_label("Exercice").fill("2023")
    page.get_by_label("Code opération").fill("C02-585F01")
    page.get_by_label("Imputation budgétaire").fill("6568/93428")
    page.get_by_label("Libellé opération").fill("Partenariats transversaux")
    page.get_by_label("Autorisation d'engagement (AE, €)").fill("375000")
    page.get_by_role("button", name="Créer la ligne").click()
    expect(page.get_by_role("status").filter(has_text="C02-585F01 créée")).to_be_visible()
    assert BudgetLine.objects.count() == 1

    page.goto(live_server.url + reverse("funding:grant_list"))
    page.get_by_role("link", name="Nouvelle participation").click()
    expect(page).to_have_url(re.compile(re.escape(reverse("funding:grant_create")) + "$"))
    assert_accessible(page)
    page.get_by_label("Convention").select_option(index=1)
    page.get_by_label("Financeur").select_option(label="Département du Pas-de-Calais")
    page.get_by_label("Bénéficiaire").select_option(label="Fédération des Acteurs de la Solidarité")
    page.get_by_label("Ligne budgétaire").select_option(index=1)
    page.get_by_label("Premier exercice").fill("2023")
    page.get_by_label("Nombre d'exercices").fill("3")
    page.get_by_label("Montant annuel (€)").fill("500000")
    page.get_by_role("button", name="Créer la participation").click()
    # seed 001: AE 375 000 €, nothing proposed yet: 3 × 500 000 € is refused with the figures.
    expect(page.get_by_role("alert")).to_contain_text("375 000,00")
    assert not Grant.objects.exists()
    assert_accessible(page)
    screenshot(page, "financements-participation-refusee")

    page.get_by_label("Montant annuel (€)").fill("20000")
    page.get_by_role("button", name="Créer la participation").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("convention 2023-121")
    expect(page.get_by_role("table", name="Montant de chaque exercice")).to_contain_text("2025")
    assert_accessible(page)
    screenshot(page, "financements-participation-creee")
