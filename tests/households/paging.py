"""Reading a list page after page, and the households it lists, for the tests of lists read
among their keys."""

import datetime as dt

from django.utils import timezone

from households.models import Household
from tests.households.factories import HouseholdFactory, MemberFactory


def two_structures_households(world):
    """30 households of the CHRS (two pages of 25) in two territories, three created at
    each instant (a sort by creation breaks ties by the key), half hosted, some with a
    member named Dupré; and 5 households of another structure (SIAO), which never show."""
    now = timezone.now()
    for index in range(30):
        household = HouseholdFactory(
            organisation=world.orgs.chrs,
            territory=world.territories.arras if index % 3 else world.territories.lens,
            housing_situation="hosted" if index % 2 else "tenant",
        )
        Household.objects.filter(pk=household.pk).update(
            created_at=now - dt.timedelta(days=index // 3)
        )
        MemberFactory(household=household, last_name="Dupré" if index % 4 == 0 else "Martin")
    for _ in range(5):
        HouseholdFactory(organisation=world.orgs.siao, housing_situation="hosted")
    return world


def lister(client, url: str, *, page: str, paginator, rows):
    """`listed(query)`: the keys of every row of the list at `url` + `query`, page after
    page, and the count its paginator gives. `page` is the list's page parameter,
    `paginator(response)` its paginator, `rows(response)` the rows of one page."""

    def listed(query: str) -> tuple[list[int], int]:
        first = client.get(url + query)
        assert first.status_code == 200
        separator = "&" if query else "?"
        keys = []
        for number in paginator(first).page_range:
            response = (
                first if number == 1 else client.get(f"{url}{query}{separator}{page}={number}")
            )
            keys += [row.pk for row in rows(response)]
        return keys, paginator(first).count

    return listed


def list_page(client, url: str):
    """`listed(query)` of a list page (common.pages.list_page: `page_obj`, `rows`)."""
    return lister(
        client,
        url,
        page="page",
        paginator=lambda response: response.context["page_obj"].paginator,
        rows=lambda response: response.context["rows"],
    )


def change_list(client, url: str):
    """`listed(query)` of an admin change list (Django's `p`, from 1)."""
    return lister(
        client,
        url,
        page="p",
        paginator=lambda response: response.context["cl"].paginator,
        rows=lambda response: response.context["cl"].result_list,
    )


def keep_rows(rows, keys):
    """A reader of a page among its keys that keeps the list's own rows (the walk of the
    sort's index, as before)."""
    return rows


def assert_same_rows_as_walked(listed, queries, outside: set, monkeypatch, as_before) -> None:
    """For each query, `listed(query)` (keys of every page, count) lists each row once, none
    of `outside`, and the same rows in the same order as the list read as before, by the walk
    of its sort's index: `as_before(patched)` sets that reading up on a MonkeyPatch context
    (for instance, the reader of a page among its keys replaced by `keep_rows`)."""
    for query in queries:
        keys, count = listed(query)
        assert count and len(keys) == len(set(keys)) == count, query
        assert not set(keys) & outside, query
        with monkeypatch.context() as patched:
            as_before(patched)
            assert listed(query) == (keys, count), query
