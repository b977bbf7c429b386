"""Search (issue 7): any part of a name or reference, accent-insensitive, inside the perimeter."""

import pytest
from django.urls import reverse

from households.models import Household
from partnerships.enums import OrganisationKind, Role
from portal.search import fold, search
from tests.households.factories import HouseholdFactory, MemberFactory
from tests.partnerships.factories import (
    OrganisationFactory,
    convention_between,
    member,
)

URL = reverse("portal:search")


@pytest.fixture
def operator(db):
    return OrganisationFactory(name="Association Solidarité Béthune", short_name="ASB")


@pytest.fixture
def worker(operator):
    return member(Role.SOCIAL_WORKER, operator)


def _household(organisation, *names):
    household = HouseholdFactory(organisation=organisation)
    for first_name, last_name in names:
        MemberFactory(household=household, first_name=first_name, last_name=last_name)
    return household


def test_fold_lowers_and_strips_accents_like_unaccent():
    assert fold("Jérôme DUPRÉ") == "jerome dupre"
    assert fold("Nœux-les-Mines") == "noeux-les-mines"


def test_household_found_by_part_of_a_member_name_without_accents(client, operator, worker):
    wanted = _household(operator, ("Hélène", "Lefèvre"))
    _household(operator, ("Paul", "Martin"))
    client.force_login(worker)

    response = client.post(URL, {"q": "lefev"})

    assert response.status_code == 200
    assert list(response.context["results"].households) == [wanted]
    assert "Hélène Lefèvre" in response.content.decode()


def test_every_word_must_match_the_same_member(operator, worker):
    wanted = _household(operator, ("Jérôme", "Dupré"))
    _household(operator, ("Jérôme", "Martin"), ("Anne", "Dupré"))

    results = search(worker, "jerome dupre", with_households=True)

    assert results.households == [wanted]


def test_household_found_by_part_of_its_reference(operator, worker):
    wanted = HouseholdFactory(organisation=operator, reference="M62-004217")

    assert search(worker, "4217", with_households=True).households == [wanted]


def test_household_of_another_organisation_is_not_found(client, operator):
    _household(operator, ("Hélène", "Lefèvre"))
    outsider = member(Role.SOCIAL_WORKER, OrganisationFactory(name="Autre opérateur"))
    client.force_login(outsider)

    response = client.post(URL, {"q": "Lefèvre"})

    assert response.status_code == 200
    assert response.context["results"].households == []
    assert "Hélène Lefèvre" not in response.content.decode()


def test_department_agent_finds_no_household_by_name(client, operator):
    _household(operator, ("Hélène", "Lefèvre"))
    department = OrganisationFactory(department=True)
    convention_between(department, operator)
    agent = member(Role.DEPARTMENT_STAFF, department)
    client.force_login(agent)

    response = client.post(URL, {"q": "lefevre"})

    results = response.context["results"]
    assert results.searched_households is False
    assert results.households == []
    assert '<h2 class="h4 mt-4">Ménages</h2>' not in response.content.decode()


def test_organisation_found_accent_insensitive_within_perimeter(operator, worker):
    partner = OrganisationFactory(name="CCAS de Liévin", kind=OrganisationKind.CCAS)
    convention_between(operator, partner)
    stranger = OrganisationFactory(name="CCAS de Liévin-Nord", kind=OrganisationKind.CCAS)

    found = search(worker, "lievin", with_households=True).organisations

    assert partner in found
    assert stranger not in found


def test_convention_found_by_part_of_reference_or_title(operator, worker):
    partner = OrganisationFactory()
    convention = convention_between(
        operator, partner, reference="2023-121", title="Médiation sociale à Étaples"
    )
    convention_between(OrganisationFactory(), partner, reference="2023-122", title="Étaples")

    assert search(worker, "23-121", with_households=False).conventions == [convention]
    assert search(worker, "etaples", with_households=False).conventions == [convention]


def test_too_short_a_search_is_refused_in_french(client, worker):
    client.force_login(worker)

    response = client.post(URL, {"q": "a"})

    assert response.status_code == 400
    assert "Saisissez au moins 2 caractères." in response.content.decode()
    assert response.context["results"] is None


def test_search_page_without_query_shows_the_form(client, worker):
    client.force_login(worker)

    response = client.get(URL)

    assert response.status_code == 200
    assert response.context["results"] is None


def test_search_queries_do_not_grow_with_results(client, operator, worker, count_queries):
    partner = OrganisationFactory(name="Bailleur Dupré")
    client.force_login(worker)
    for _ in range(2):
        _household(operator, ("Anne", "Dupré"), ("Léo", "Dupré"))
        convention_between(operator, partner, title="Convention Dupré")
    client.post(URL, {"q": "dupre"})  # warm the session and caches
    few, _sql = count_queries(lambda: client.post(URL, {"q": "dupre"}))
    for _ in range(6):
        _household(operator, ("Anne", "Dupré"), ("Léo", "Dupré"))
        convention_between(operator, partner, title="Convention Dupré")
    many, sql = count_queries(lambda: client.post(URL, {"q": "dupre"}))

    assert Household.objects.count() == 8
    assert few == many, "\n".join(sql)


def test_a_search_puts_no_name_in_an_address_and_logs_each_household_shown(
    client, operator, worker
):
    """issue 14: names typed in the search went into URLs (`?q=Karimi`), hence into the
    proxy's logs; and the members' full names it shows were read without a trace."""
    from households.enums import AuditAction
    from households.models import AuditEntry

    first = _household(operator, ("Hélène", "Karimi"))
    second = _household(operator, ("Paul", "Karimi"))
    _household(operator, ("Paul", "Martin"))
    client.force_login(worker)

    page = client.get(URL).content.decode()
    assert '<form method="post"' in page
    assert client.get(URL, {"q": "karimi"}).context["results"] is None  # never read from a URL
    response = client.post(URL, {"q": "karimi"})

    assert response.status_code == 200
    assert "Hélène Karimi" in response.content.decode()
    entries = AuditEntry.objects.filter(action=AuditAction.SEARCH)
    assert sorted(e.household_id for e in entries) == sorted([first.pk, second.pk])
    assert {e.user for e in entries} == {worker}
    assert all("karimi" not in e.detail.lower() for e in entries)
