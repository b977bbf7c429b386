"""issue 19 in the browser: a director creates an API key on a phone (390 px) and sees it
once; the API's documentation page runs under the site's CSP with no other site reachable."""

import re

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from partnerships.enums import OrganisationKind, Role
from portal.models import ApiToken
from tests.partnerships.factories import PASSWORD, OrganisationFactory, member


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_a_director_creates_a_key_on_a_phone_and_sees_it_once(
    phone_page, live_server, login, assert_accessible
):
    chrs = OrganisationFactory(name="CHRS Le Relais", kind=OrganisationKind.CHRS_MANAGER)
    director = member(Role.DIRECTOR, chrs, first_name="Dominique")
    page = phone_page
    login(page, live_server, director.email, PASSWORD)
    page.goto(live_server.url + reverse("portal:api_tokens"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Clés d’API")
    page.get_by_label("Libellé").fill("Infocentre DSI")
    page.get_by_role("button", name="Créer la clé").click()
    key = page.get_by_label("Clé d’API").input_value()
    assert re.fullmatch(r"mlg_[\w-]{43}", key)
    expect(page.get_by_role("row", name=re.compile("Infocentre DSI"))).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    assert_accessible(page)
    # Reloading the page after the creation creates no second key (Post/Redirect/Get) and no
    # longer shows the key.
    page.reload()
    expect(page.get_by_label("Clé d’API")).to_have_count(0)
    assert key not in page.content()
    expect(page.get_by_role("row", name=re.compile("Infocentre DSI"))).to_have_count(1)
    assert ApiToken.objects.count() == 1
    page.goto(live_server.url + reverse("portal:api_tokens"))
    expect(page.get_by_label("Clé d’API")).to_have_count(0)


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_the_documentation_page_works_offline_under_the_csp(make_page, live_server):
    # The site's own CSP applies (no bypass), and every request to another host fails.
    page = make_page(bypass_csp=False)
    outside = []

    def only_this_site(route):
        if route.request.url.startswith(live_server.url):
            route.continue_()
        else:
            outside.append(route.request.url)
            route.abort()

    page.route("**/*", only_this_site)
    # Swagger UI is 1.5 MB of script: slow on a loaded machine.
    page.set_default_timeout(60_000)
    page.goto(live_server.url + "/api/docs")
    title = page.get_by_role("heading", name=re.compile("Maillage — API de lecture"))
    expect(title).to_be_visible()
    expect(page.get_by_text("/api/v1/conventions", exact=True)).to_be_visible()
    assert outside == []
