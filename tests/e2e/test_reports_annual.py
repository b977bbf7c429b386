"""A department agent takes away the annual report of convention 2023-121 for 2023 and the
CSV of its instalments (seed 001: 20 000 € a year, 70 % / 30 %)."""

import datetime as dt
import re
from decimal import Decimal
from pathlib import Path

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from funding import services
from partnerships.enums import OrganisationKind, PartyRole, Role
from tests.funding.factories import BudgetLineFactory
from tests.partnerships.factories import (
    PASSWORD,
    ConventionFactory,
    ConventionPartyFactory,
    OrganisationFactory,
    member,
)
from tests.pdf import pdf_text

DOCS_IMG = Path(__file__).resolve().parents[2] / "docs" / "guide" / "img"


@pytest.fixture
def cpom_2023_121():
    department = OrganisationFactory(
        name="Département du Pas-de-Calais", kind=OrganisationKind.DEPARTMENT
    )
    fas = OrganisationFactory(
        name="Fédération des Acteurs de la Solidarité Hauts-de-France",
        kind=OrganisationKind.FEDERATION,
    )
    agent = member(Role.DEPARTMENT_STAFF, department, first_name="Nadia", last_name="Mouquet")
    convention = ConventionFactory(
        reference="2023-121",
        title="CPOM 2023-2025 avec la Fédération des Acteurs de la Solidarité",
        start_date=dt.date(2023, 1, 1),
        end_date=dt.date(2025, 12, 31),
        signed_on=dt.date(2023, 4, 28),
    )
    ConventionPartyFactory(convention=convention, organisation=department, role=PartyRole.FUNDER)
    ConventionPartyFactory(convention=convention, organisation=fas, role=PartyRole.BENEFICIARY)
    grant = services.grant_create(
        convention=convention,
        funder=department,
        beneficiary=fas,
        budget_line=BudgetLineFactory(funder=department),
        yearly_amounts={y: Decimal("20000") for y in (2023, 2024, 2025)},
        iban="FR76 1627 5006 0008 0002 5263 075",
        by=agent,
    )
    # The 70/30 schedule comes from its own service (seed 001 art. 4.2).
    services.instalments_generate(grant=grant, by=agent)
    return agent


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_agent_downloads_the_2023_report_of_2023_121_and_the_instalments_csv(
    page, live_server, login, cpom_2023_121, assert_accessible, screenshot
):
    login(page, live_server, cpom_2023_121.email, PASSWORD)
    page.goto(live_server.url + reverse("funding:dashboard"))
    page.get_by_role("link", name="Rapports").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Rapports")
    assert_accessible(page)
    page.get_by_role("combobox", name="Convention").select_option(
        label="2023-121 — CPOM 2023-2025 avec la Fédération des Acteurs de la Solidarité"
    )
    page.get_by_role("spinbutton", name="Année", exact=False).first.fill("2023")
    screenshot(page, "rapports-page")
    with page.expect_download() as download_info:
        page.get_by_role("button", name="Télécharger le bilan (PDF)").click()
    download = download_info.value
    assert download.suggested_filename == "bilan-2023-121-2023.pdf"
    text = pdf_text(Path(download.path()).read_bytes())
    assert "20 000,00 €" in text and "Fédération des Acteurs de la Solidarité" in text

    page.get_by_role("link", name="Versements").click()
    page.get_by_label("Exercice").fill("2023")
    page.get_by_role("button", name="Filtrer").click()
    expect(page).to_have_url(re.compile(r"[?&]year=2023"))
    assert_accessible(page)
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Exporter CSV").click()
    csv_text = Path(download_info.value.path()).read_text(encoding="utf-8-sig")
    lines = csv_text.strip().splitlines()
    assert lines[0].startswith("Convention;Financeur;Bénéficiaire;Exercice")
    assert len(lines) == 3
    assert ";14000,00;" in lines[1] and ";6000,00;" in lines[2]
