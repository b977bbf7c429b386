"""The coordinator's list of households in a browser (issue 15): filtered on a situation and
a priority criterion, sorted by commune, paged without repeating a household, on a desktop
and on a phone, with axe-core."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from households import services
from households.enums import HousingSituation, Relationship
from tests.e2e.conftest import PHONE
from tests.households.factories import HouseholdFactory, MemberFactory, ProjectFactory
from tests.partnerships.factories import PASSWORD


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_a_coordinator_filters_on_a_criterion_and_pages_by_commune(
    make_page, live_server, login, assert_accessible, screenshot, world
):
    # seed 004 §1: single-parent families among the priority publics of the territory
    wanted = []
    for index in range(27):
        household = HouseholdFactory(
            organisation=world.orgs.chrs,
            territory=world.territories.arras,
            housing_situation=HousingSituation.EVICTION_THREAT,
        )
        services.set_priorities(household, ["single_parent", "eviction"][: 1 + index % 2])
        MemberFactory(household=household)
        MemberFactory(household=household, relationship=Relationship.CHILD)
        wanted.append(household.reference)
    other = HouseholdFactory(
        organisation=world.orgs.chrs,
        territory=world.territories.arras,
        housing_situation=HousingSituation.EVICTION_THREAT,
    )
    services.set_priorities(other, ["domestic_violence"])
    ProjectFactory(
        household=HouseholdFactory._meta.model.objects.get(reference=wanted[0]),
        programme=world.asrl,
        operator=world.orgs.chrs,
        referent=world.users.social_worker,
        active=True,
    )
    url = (
        live_server.url
        + reverse("households:household_list")
        + "?situation=eviction_threat&critere=single_parent&tri=commune"
    )
    seen = []
    for viewport, name in ((None, "menages-coordinateur"), (PHONE, "menages-coordinateur-tel")):
        page = make_page(viewport=viewport) if viewport else make_page()
        login(page, live_server, world.users.coordinator.email, PASSWORD)
        page.goto(url)
        expect(page.get_by_role("table")).to_contain_text("Famille monoparentale")
        expect(page.get_by_role("table")).not_to_contain_text(other.reference)
        expect(page.locator("caption")).to_contain_text("27")
        assert_accessible(page)
        screenshot(page, name)
        if viewport is None:
            seen += page.locator("tbody th a").all_inner_texts()
            page.get_by_role("link", name="Suivante").first.click()
            expect(page.locator("caption")).to_contain_text("27")
            seen += page.locator("tbody th a").all_inner_texts()
    assert sorted(seen) == sorted(wanted)
