"""A director's admin list of households reads its page among the keys of their structure's
households (issue 15, PerimeterAdmin.keys_first): the count reads the keys instead of their
number, and when there are no more than `keys_first`, the page is read among them rather
than by walking the reference index over the whole département. Same rows, same order, same
pages, same perimeter as Django's own reading; a superuser's list and a caseload past the
threshold are read as Django reads them."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from households.admin import HouseholdAdmin
from partnerships import admin_base
from tests.households.paging import (
    assert_same_rows_as_walked,
    change_list,
    keep_rows,
    two_structures_households,
)

pytestmark = pytest.mark.django_db

CHANGELIST = reverse("admin:households_household_changelist")
# o=1: reference (0 is the actions' checkbox), 2: structure, 3: territory, 4: situation.
QUERIES = (
    "",
    "?o=1",
    "?o=-1",
    "?o=3.1",
    "?o=-4.-1",
    "?housing_situation__exact=hosted",
    "?housing_situation__exact=hosted&o=-1",
    "?q=Dupr",
)


@pytest.fixture
def caseload(world):
    return two_structures_households(world)


def test_the_director_s_pages_list_each_household_once_in_the_order_asked(
    client, caseload, monkeypatch
):
    client.force_login(caseload.users.director)
    siao = set(caseload.orgs.siao.households.values_list("pk", flat=True))
    assert_same_rows_as_walked(
        change_list(client, CHANGELIST),
        QUERIES,
        siao,
        monkeypatch,
        lambda patched: patched.setattr(admin_base, "rows_by_keys", keep_rows),
    )


def test_the_page_read_among_the_keys_costs_the_queries_of_django_s_reading(
    client, caseload, monkeypatch
):
    """The rows read by their keys come with their structure and territory (the change
    list's select_related): no query a row."""
    client.force_login(caseload.users.director)
    with CaptureQueriesContext(connection) as among:
        response = client.get(CHANGELIST)
    assert len(response.context["cl"].result_list) == 25
    monkeypatch.setattr(admin_base, "rows_by_keys", lambda rows, keys: rows)
    with CaptureQueriesContext(connection) as walked:
        client.get(CHANGELIST)
    assert len(among) == len(walked)


def _page_statement(client, query: str = "") -> str:
    with CaptureQueriesContext(connection) as reads:
        client.get(CHANGELIST + query)
    return next(
        q["sql"]
        for q in reads.captured_queries
        if '"households_household"."reference"' in q["sql"] and "LIMIT 25" in q["sql"]
    )


def among_keys(statement: str) -> bool:
    return "json_each" in statement or "ANY(" in statement


def test_the_page_is_read_among_the_keys_up_to_the_threshold_only(client, caseload, monkeypatch):
    client.force_login(caseload.users.director)
    assert among_keys(_page_statement(client))
    # 30 households, past a threshold of 29: the page walks the sort's index, as Django's.
    monkeypatch.setattr(HouseholdAdmin, "keys_first", 29)
    assert not among_keys(_page_statement(client))
    keys, count = change_list(client, CHANGELIST)("")
    assert len(set(keys)) == count == 30


def test_a_superuser_s_list_is_read_as_django_reads_it(client, caseload, django_user_model):
    admin = django_user_model.objects.create_superuser(
        email="root@exemple.test", password="un-mot-de-passe-solide"
    )
    client.force_login(admin)
    assert not among_keys(_page_statement(client))
    keys, count = change_list(client, CHANGELIST)("")
    assert len(set(keys)) == count == 35
