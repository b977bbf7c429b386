"""issue 8: HTML and script typed into a text field stay inert; every form is under CSRF."""

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import URLResolver, get_resolver, reverse
from django.utils.http import urlencode

from households.models import Household
from tests.households.factories import ContactFactory, MemberFactory

pytestmark = pytest.mark.django_db

SCRIPT = '<script>alert("xss")</script><img src=x onerror=alert(1)>'


def test_script_in_names_and_notes_is_shown_as_text(client, world, asrl_project):
    MemberFactory(household=asrl_project.household, first_name=SCRIPT, last_name=SCRIPT)
    ContactFactory(
        project=asrl_project,
        author=world.users.social_worker,
        summary=SCRIPT,
        confidential_note=SCRIPT,
    )
    client.force_login(world.users.social_worker)
    for url in (asrl_project.household.get_absolute_url(), asrl_project.get_absolute_url()):
        body = client.get(url).content.decode()
        assert "<script>alert" not in body
        assert "onerror=alert" not in body.replace("&lt;img src=x onerror=alert", "")
        assert "&lt;script&gt;alert(&quot;xss&quot;)&lt;/script&gt;" in body


def test_script_in_names_is_shown_as_text_in_the_admin_lists(client, world, asrl_project):
    """The admin's change lists write their cells in Python (issue 15): a name, a reference
    or a related organisation holding markup is still written as text."""
    household = asrl_project.household
    household.organisation.name = SCRIPT
    household.organisation.save()
    # The <script> element alone: a reference holds 30 characters at most.
    Household.objects.filter(pk=household.pk).update(reference=SCRIPT[:29])
    MemberFactory(household=household, first_name=SCRIPT, last_name=SCRIPT)
    superuser = get_user_model().objects.create_superuser(
        email="root.xss@maillage.test", password="un mot de passe solide 2026"
    )
    client.force_login(superuser)
    for url in (
        "/admin/households/household/",
        "/admin/partnerships/organisation/",
        "/admin/households/interventionproject/",
        # the search box, written in Python too, shows what was typed
        "/admin/partnerships/organisation/?" + urlencode({"q": SCRIPT}),
    ):
        response = client.get(url)
        assert response.status_code == 200, url
        body = response.content.decode()
        assert "<script>alert" not in body, url
        assert "&lt;script&gt;alert(&quot;xss&quot;)" in body, url


def _callbacks(resolver, prefix=""):
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            yield from _callbacks(pattern, prefix + str(pattern.pattern))
        else:
            yield prefix + str(pattern.pattern), pattern


def test_no_view_is_exempt_from_csrf(client):
    """Every URL pattern of the project, the admin's too: none opts out of the CSRF check —
    but the read API (issue 19), which django-ninja exempts: it reads no cookie (a key in the
    Authorization header) and answers GET only, so a forged cross-site request changes
    nothing (a POST answers 405, even with a session)."""
    patterns = list(_callbacks(get_resolver()))
    assert len(patterns) > 300
    exempt = [route for route, p in patterns if getattr(p.callback, "csrf_exempt", False)]
    api = [route for route in exempt if route.startswith("api/")]
    assert api and [route for route in exempt if route not in api] == []
    assert client.post("/api/v1/conventions").status_code == 405


def test_a_form_sent_without_its_csrf_token_is_refused(world, household):
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.users.social_worker)
    before = household.housing_situation
    response = client.post(
        reverse("households:household_edit", args=[household.pk]),
        {"housing_situation": "homeless", "informed_on": "2024-01-15"},
    )
    assert response.status_code == 403
    assert Household.objects.get(pk=household.pk).housing_situation == before
