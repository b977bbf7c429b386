"""The household list reads its page among the caseload's keys (issue 15, list_page's
`keys_first`): the keys of the rows it counts are read instead of their number, and when
there are no more than the cap, the page is read among them rather than by walking an index of
every household of the département. Same rows, same order, same pages, same perimeter as
the list read without it; past the cap, the list pages as before."""

import pytest
from django.urls import reverse

from common import pages
from households.models import Household
from households.views.lists import PerimeterPaginator
from tests.households.paging import (
    assert_same_rows_as_walked,
    keep_rows,
    list_page,
    two_structures_households,
)

pytestmark = pytest.mark.django_db

LIST = reverse("households:household_list")
QUERIES = (
    "",
    "?tri=reference",
    "?tri=-reference",
    "?tri=cree",
    "?tri=-cree",
    "?tri=commune",
    "?tri=-commune",
    "?situation=hosted&tri=-cree",
    "?q=dupre&tri=commune",
)


@pytest.fixture
def caseload(world):
    return two_structures_households(world)


def test_the_pages_list_each_household_of_the_caseload_once_in_the_order_asked(
    client, caseload, monkeypatch
):
    client.force_login(caseload.users.social_worker)
    siao = set(caseload.orgs.siao.households.values_list("pk", flat=True))
    assert_same_rows_as_walked(
        list_page(client, LIST),
        QUERIES,
        siao,
        monkeypatch,
        lambda patched: patched.setattr(pages, "_by_keys", keep_rows),
    )


def test_the_page_is_read_among_the_keys_only_within_the_cap(client, caseload, monkeypatch):
    client.force_login(caseload.users.social_worker)
    response = client.get(LIST + "?tri=-cree")
    paginator = response.context["page_obj"].paginator
    assert paginator.count == 30 and not paginator.is_capped
    among = paginator.object_list.query
    assert "households_householdaccess" not in str(among)  # the keys carry the perimeter

    monkeypatch.setattr(PerimeterPaginator, "cap", 20)
    response = client.get(LIST + "?tri=-cree")
    paginator = response.context["page_obj"].paginator
    # Past the cap: « plus de 20 », and the page read by the walk, within the perimeter.
    assert paginator.count == 21 and paginator.is_capped
    assert "households_householdaccess" in str(paginator.object_list.query)
    assert len(response.context["rows"]) == 21  # the capped count shows as many


def test_a_sort_that_is_not_asked_keeps_the_list_s_order_among_the_keys(client, caseload):
    client.force_login(caseload.users.social_worker)
    keys, _count = list_page(client, LIST)("")
    expected = list(
        Household.objects.filter(organisation=caseload.orgs.chrs)
        .order_by("reference")
        .values_list("pk", flat=True)
    )
    assert keys == expected


def test_a_list_of_whole_rows_is_read_among_its_keys_too(rf, caseload):
    """`keys_first` without `paged`: the page's rows are the model's objects, in order."""
    from common.pages import list_page
    from households.filters import HouseholdFilter

    user = caseload.users.social_worker
    request = rf.get(LIST, {"tri": "-cree", "page": "2"})
    request.user = user
    context = list_page(
        request,
        Household.objects.visible_to(user).order_by("reference"),
        HouseholdFilter,
        paginator_class=PerimeterPaginator,
        counted_from=Household.objects.counted_visible_to(user),
        keys_first=True,
    )
    rows = list(context["rows"])
    expected = list(Household.objects.visible_to(user).order_by("-created_at", "-pk")[25:50])
    assert rows == expected and all(isinstance(row, Household) for row in rows)
    assert "households_householdaccess" not in str(context["page_obj"].object_list.query)
