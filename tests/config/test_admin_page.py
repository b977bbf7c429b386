"""The change lists of the administration are written in Python (config/templatetags/
admin_page.py, issue 15): the same markup as Django's templates write it
(templates/admin/perimeter/change_list_reference.html), whitespace between tags aside."""

import re

import pytest
from django.contrib import admin
from django.urls import reverse

from households.admin import HouseholdAdmin
from partnerships.admin_base import PerimeterAdmin
from tests.households.factories import ContactFactory, HouseholdFactory, ProjectFactory
from tests.partnerships.factories import UserFactory

pytestmark = pytest.mark.django_db

REFERENCE = "admin/perimeter/change_list_reference.html"


def normalised(html: str) -> str:
    html = re.sub(r'(name="csrfmiddlewaretoken" value=")[^"]+', r"\1…", html)
    html = re.sub(r">\s+<", "><", html)
    return re.sub(r"\s+", " ", html).strip()


def both(client, monkeypatch, send):
    """The page as written by Python, then as Django's templates write it."""
    ours = send()
    assert ours.status_code == 200
    assert ours.templates[0].name == "admin/perimeter/change_list.html"
    with monkeypatch.context() as patched:
        patched.setattr(PerimeterAdmin, "change_list_template", REFERENCE)
        theirs = send()
    assert theirs.status_code == 200
    return normalised(ours.content.decode()), normalised(theirs.content.decode())


@pytest.fixture
def rows(world):
    for index in range(3):
        project = ProjectFactory(
            household=HouseholdFactory(
                organisation=world.orgs.chrs, territory=world.territories.arras
            ),
            programme=world.asrl,
            operator=world.orgs.chrs,
            referent=world.users.social_worker,
            proposed=index == 0,
        )
        ContactFactory(project=project)


@pytest.mark.parametrize(
    ("model", "query"),
    [
        ("households_interventionproject", ""),
        ("households_interventionproject", "?o=-3.1&status__exact=proposed"),
        ("households_interventionproject", "?q=M&_popup=1&_to_field=id"),
        ("households_contact", "?o=2"),
        ("households_household", "?p=1"),
        ("households_referral", ""),  # a date hierarchy
        ("partnerships_convention", "?o=4&annee=2020"),
        ("funding_instalment", ""),
        ("partnerships_territory", ""),  # an add button
    ],
)
def test_a_change_list_is_written_as_django_writes_it(client, monkeypatch, rows, model, query):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    url = reverse(f"admin:{model}_changelist") + query
    ours, theirs = both(client, monkeypatch, lambda: client.get(url))
    assert ours == theirs


def test_a_directors_list_with_its_actions_and_a_message(client, monkeypatch, world, rows):
    """The director's projects: the actions bar, the filters of their perimeter, and the
    message an action leaves (said on the list it returns to)."""
    client.force_login(world.users.outsider_director)
    url = reverse("admin:households_interventionproject_changelist")
    data = {"action": "approve_for_my_organisation", "_selected_action": ["1"]}
    ours, theirs = both(client, monkeypatch, lambda: client.post(url, data, follow=True))
    assert "Aucun projet de votre périmètre" in ours
    assert ours == theirs

    client.force_login(world.users.director)
    ours, theirs = both(client, monkeypatch, lambda: client.get(url))
    assert 'name="action"' in ours
    assert ours == theirs


def test_every_admin_of_the_perimeter_draws_its_list_in_python():
    """No admin of the perimeter names a template of its own: each list is the Python one."""
    for model_admin in admin.site._registry.values():
        if isinstance(model_admin, PerimeterAdmin):
            assert model_admin.change_list_template == "admin/perimeter/change_list.html"


def test_the_search_box_is_named_in_french(client, rows):
    """Django names the magnifying glass, the search box's label, "Search" in every language:
    a screen reader read English on a French page (templates/admin/search_form.html)."""
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    body = client.get(reverse("admin:households_household_changelist")).content.decode()
    assert 'alt="Rechercher"></label>' in body
    assert 'alt="Search"' not in body


@pytest.mark.parametrize("page", ["", "?p=6", "?p=13", "?housing_situation__exact=homeless"])
def test_pages_links_and_a_chosen_choice_as_django_writes_them(
    client, monkeypatch, world, rows, page
):
    """Fifteen pages of one household each: the page links (the first, the last, the
    ellipses around the current one) are worked out once per list (issue 15), as Django's
    `paginator_number` writes them; a filter's chosen choice stays marked."""
    for _index in range(12):
        HouseholdFactory(organisation=world.orgs.chrs, territory=world.territories.arras)
    monkeypatch.setattr(HouseholdAdmin, "list_per_page", 1)
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    url = reverse("admin:households_household_changelist") + page
    ours, theirs = both(client, monkeypatch, lambda: client.get(url))
    if not page:
        assert '<span class="this-page">1</span>' in ours and "…" in ours
        assert 'class="end">15</a>' in ours
    assert ours == theirs


def test_a_chosen_related_choice_as_django_writes_it(client, monkeypatch, world, rows):
    """The choices of a relation's filter (its query strings made from one per filter): the
    chosen programme is marked, the others link to themselves with the other parameters."""
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    url = (
        reverse("admin:households_interventionproject_changelist")
        + f"?programme__id__exact={world.asrl.pk}&o=2&q=M"
    )
    ours, theirs = both(client, monkeypatch, lambda: client.get(url))
    assert f"programme__id__exact={world.asrl.pk}" in ours
    assert ours == theirs
