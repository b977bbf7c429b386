"""Department staff in the funding pages: dashboard, paying an instalment, envelope chart."""

import datetime as dt
import re
import shutil
from decimal import Decimal
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from funding import services
from funding.envelopes import allocation_set, reserve_measures
from households.enums import Relationship
from partnerships.enums import OrganisationKind, PartyRole, Role, TerritoryKind
from tests.funding.factories import BudgetLineFactory, EnvelopeFactory, GrantPaperFactory
from tests.households.factories import HouseholdFactory, MemberFactory, ProjectFactory
from tests.partnerships.factories import (
    PASSWORD,
    ConventionFactory,
    ConventionPartyFactory,
    OrganisationFactory,
    ProgrammeFactory,
    TerritoryFactory,
    member,
)

DOCS_IMG = Path(__file__).resolve().parents[2] / "docs" / "guide" / "img"


def text_of(locator) -> str:
    return locator.inner_text().replace("\xa0", " ").replace("\u202f", " ")


@pytest.fixture
def money():
    """seed 001: the FAS CPOM, 20 000 € a year, notified; seed 004: the ASRL envelope."""
    department = OrganisationFactory(
        name="Département du Pas-de-Calais", kind=OrganisationKind.DEPARTMENT
    )
    fas = OrganisationFactory(
        name="Fédération des Acteurs de la Solidarité", kind=OrganisationKind.FEDERATION
    )
    agent = member(
        Role.DEPARTMENT_STAFF, organisation=department, first_name="Sam", last_name="Durand"
    )
    year = timezone.localdate().year
    convention = ConventionFactory(
        reference="2023-121",
        start_date=dt.date(year, 1, 1),
        end_date=dt.date(year + 2, 12, 31),
        signed_on=dt.date(year, 1, 2),
    )
    ConventionPartyFactory(convention=convention, organisation=department, role=PartyRole.FUNDER)
    ConventionPartyFactory(convention=convention, organisation=fas, role=PartyRole.BENEFICIARY)
    grant = services.grant_create(
        convention=convention,
        funder=department,
        beneficiary=fas,
        budget_line=BudgetLineFactory(funder=department, year=year),
        yearly_amounts={year: Decimal("20000"), year + 1: Decimal("20000")},
        iban="FR76 1627 5006 0008 0002 5263 075",
        by=agent,
    )
    # seed 001 art. 4.3: the bank identity statement is on file before any payment.
    GrantPaperFactory(grant=grant)
    services.instalments_generate(grant=grant, by=agent)
    services.grant_notify(grant=grant, on=timezone.localdate(), by=agent)

    pas_de_calais = TerritoryFactory(name="Pas-de-Calais", kind=TerritoryKind.DEPARTMENT)
    artois = TerritoryFactory(name="Artois", parent=pas_de_calais)
    lens = TerritoryFactory(name="Lens-Hénin", parent=pas_de_calais)
    envelope = EnvelopeFactory(programme=ProgrammeFactory(), manager=department)
    chrs = OrganisationFactory(name="CHRS de l'Artois", kind=OrganisationKind.CHRS_MANAGER)
    allocation_set(envelope=envelope, territory=artois, measures=20, by=agent)
    allocation_set(envelope=envelope, territory=lens, measures=25, by=agent)
    allocation_set(envelope=envelope, territory=artois, operator=chrs, measures=12, by=agent)
    home = HouseholdFactory(territory=artois, organisation=chrs)
    MemberFactory(household=home)
    MemberFactory(household=home, relationship=Relationship.PARTNER)
    MemberFactory(household=home, child=True)
    reserve_measures(
        project=ProjectFactory(
            household=home,
            operator=chrs,
            programme=envelope.programme,
            start_date=dt.date(2019, 10, 1),
        ),
        by=agent,
    )
    return agent, grant, envelope


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_agent_pays_the_first_70_percent_from_the_dashboard(
    page, live_server, login, money, assert_accessible, screenshot
):
    agent, grant, _envelope = money
    login(page, live_server, agent.email, PASSWORD)
    page.goto(live_server.url + reverse("funding:dashboard"))

    expect(page.get_by_role("heading", level=1)).to_have_text("Financements")
    summary = page.get_by_role("table", name=re.compile("exercice par exercice"))
    assert "40 000,00 €" in text_of(summary)
    expect(page.locator("#graphique-financements")).to_be_visible()
    page.wait_for_function("() => window.Chart && Chart.getChart('graphique-financements')")
    due = page.get_by_role("table", name=re.compile("exigible ce mois"))
    assert "14 000,00 €" in text_of(due)
    assert_accessible(page)
    path = screenshot(page, "financements-tableau-de-bord")
    shutil.copy(path, DOCS_IMG / "financements-tableau-de-bord.png")

    due.get_by_role("link").first.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Versement")
    page.get_by_label("Date du versement").fill(timezone.localdate().isoformat())
    page.get_by_label("Référence du mandat").fill("MAND-2023-0412")
    page.get_by_role("button", name="Enregistrer le versement").click()

    expect(
        page.get_by_role("status").filter(has_text="Le versement est enregistré")
    ).to_be_visible()
    expect(page.locator("dd").filter(has_text="MAND-2023-0412")).to_be_visible()
    assert_accessible(page)
    screenshot(page, "financements-versement-enregistre")
    assert grant.instalments.filter(status="paid").count() == 1


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_envelope_consumption_page_has_its_chart(
    page, live_server, login, money, assert_accessible, screenshot
):
    agent, _grant, envelope = money
    login(page, live_server, agent.email, PASSWORD)
    page.goto(live_server.url + reverse("funding:envelope_detail", args=[envelope.pk]))

    territories = page.get_by_role("table", name=re.compile("par territoire"))
    artois = territories.get_by_role("row").filter(has_text="Artois")
    assert text_of(artois).split() == ["Artois", "20", "12", "2", "18"]
    operators = page.get_by_role(
        "table", name="Mesures allouées, engagées et restantes par opérateur"
    )
    assert "CHRS de l'Artois" in text_of(operators)
    page.wait_for_function("() => window.Chart && Chart.getChart('graphique-enveloppe')")
    assert_accessible(page)
    path = screenshot(page, "financements-enveloppe")
    shutil.copy(path, DOCS_IMG / "financements-enveloppe.png")


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_instalment_list_on_a_phone_has_no_horizontal_scroll(
    phone_page, live_server, login, money, assert_accessible, screenshot
):
    agent, _grant, _envelope = money
    login(phone_page, live_server, agent.email, PASSWORD)
    phone_page.goto(live_server.url + reverse("funding:instalment_list"))

    expect(phone_page.get_by_role("heading", level=1)).to_have_text("Versements")
    assert not phone_page.evaluate("() => document.documentElement.scrollWidth > window.innerWidth")
    assert_accessible(phone_page)
    screenshot(phone_page, "telephone-versements")
