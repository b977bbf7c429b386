"""issue 18, item 6: what is late comes first on its list and says so in words (« En retard »,
not a colour alone), on a desktop and on a phone, with no axe violation."""

import datetime as dt
import shutil
from pathlib import Path

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from tests.e2e.conftest import PHONE
from tests.funding.factories import GrantFactory, InstalmentFactory
from tests.governance.factories import AnnualReportFactory
from tests.partnerships.factories import PASSWORD

DOCS_IMG = Path(__file__).resolve().parents[2] / "docs" / "guide" / "img"


def _first_row(page):
    return page.get_by_role("table").locator("tbody tr").first


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("viewport", [None, PHONE], ids=["bureau", "telephone"])
def test_late_instalments_and_reports_come_first_marked(
    make_page, live_server, login, world, agent, department, assert_accessible, screenshot, viewport
):
    grant = GrantFactory(funder=department)
    InstalmentFactory(grant=grant, year=2025, position=1, scheduled=True)
    InstalmentFactory(grant=grant, year=2024, position=1, due=True, due_on=dt.date(2024, 2, 12))
    convention = world.conventions.asrl
    convention.annual_report_months = 6
    convention.save()
    AnnualReportFactory(convention=convention, year=dt.date.today().year)
    AnnualReportFactory(convention=convention, year=2023)  # due 30 June 2024, still a draft

    page = make_page(**({"viewport": PHONE, "is_mobile": True} if viewport else {}))
    login(page, live_server, agent.email, PASSWORD)
    page.goto(live_server.url + reverse("funding:instalment_list"))
    first = _first_row(page)
    expect(first).to_contain_text("12 février 2024")
    expect(first.get_by_text("En retard", exact=True)).to_be_visible()
    expect(page.get_by_role("table").get_by_text("En retard", exact=True)).to_have_count(1)
    assert_accessible(page)
    path = screenshot(page, f"versements-en-retard-{'telephone' if viewport else 'bureau'}")
    if not viewport:
        shutil.copy(path, DOCS_IMG / "versements-en-retard.png")

    page.goto(live_server.url + reverse("governance:report_list"))
    first = _first_row(page)
    expect(first).to_contain_text("Bilan 2023")
    expect(first.get_by_text("En retard", exact=True)).to_be_visible()
    assert_accessible(page)


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_a_project_with_an_overdue_review_comes_first_marked(
    page, live_server, login, world, asrl_project, assert_accessible
):
    login(page, live_server, world.users.social_worker.email, PASSWORD)
    page.goto(live_server.url + reverse("households:project_list"))
    first = _first_row(page)
    expect(first).to_contain_text(asrl_project.household.reference)
    expect(first.get_by_text("En retard", exact=True).first).to_be_visible()
    assert_accessible(page)
