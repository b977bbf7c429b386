"""A director's admin list of projects reads its perimeter as the caseload's keys, and its
page among the keys of its projects (issue 15, HouseholdAdminBase.perimeter_by_keys and
PerimeterAdmin.keys_first): same projects, same order, same pages, same filter choices and
same queries as the list read with the access table's semi-join and the walk of the sort's
index; only the change list shown reads it so (a change page, an action, use the semi-join)."""

import pytest
from django.contrib.admin import site
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import resolve, reverse

from households.admin import InterventionProjectAdmin
from households.enums import ProjectStatus
from households.models import InterventionProject
from partnerships import admin_base
from tests.households.factories import HouseholdFactory, ProjectFactory
from tests.households.paging import assert_same_rows_as_walked, change_list, keep_rows
from tests.partnerships.factories import ProgrammeFactory

pytestmark = pytest.mark.django_db

CHANGELIST = reverse("admin:households_interventionproject_changelist")
# o: 1 household, 2 programme, 3 operator, 4 status, 5 start date (0 is the checkbox).
QUERIES = (
    "",
    "?o=1",
    "?o=-4.1",
    "?o=5.-1",
    "?status__exact=proposed",
    "?status__exact=active&o=-1",
    "?q=2026",
)


@pytest.fixture
def caseload(world):
    """30 projects of the CHRS (two pages of 25), under two programmes, a third proposed;
    and 5 projects of another structure, which never show."""
    second = ProgrammeFactory()  # ASRL
    for index in range(30):
        household = HouseholdFactory(
            organisation=world.orgs.chrs, reference=f"MEN-2026-{index:03d}"
        )
        ProjectFactory(
            household=household,
            programme=world.joint if index % 2 else second,
            referent=world.users.social_worker,
            proposed=index % 3 == 0,
        )
    for _ in range(5):
        ProjectFactory(household=HouseholdFactory(organisation=world.orgs.siao))
    return world


def as_before(patched):
    """The semi-join on the access table, and the page by the walk of the sort's index."""
    patched.setattr(InterventionProjectAdmin, "perimeter_by_keys", False)
    patched.setattr(admin_base, "rows_by_keys", keep_rows)


def test_the_director_s_projects_are_those_of_the_semi_join_page_after_page(
    client, caseload, monkeypatch
):
    client.force_login(caseload.users.director)
    siao = set(caseload.orgs.siao.households.values_list("projects__pk", flat=True))
    assert_same_rows_as_walked(
        change_list(client, CHANGELIST), QUERIES, siao, monkeypatch, as_before
    )


def choices_and_queries(client):
    with CaptureQueriesContext(connection) as reads:
        response = client.get(CHANGELIST)
    choices = [
        [(choice["display"], choice["selected"]) for choice in spec.choices(response.context["cl"])]
        for spec in response.context["cl"].filter_specs
    ]
    return choices, len(reads)


def test_the_filters_offer_the_same_choices_for_the_same_queries(client, caseload, monkeypatch):
    client.force_login(caseload.users.director)
    by_keys = choices_and_queries(client)
    with monkeypatch.context() as patched:
        as_before(patched)
        assert choices_and_queries(client) == by_keys
    programmes = [display for display, _selected in by_keys[0][1]]
    assert {caseload.joint.name, "Accompagnement social renforcé au logement"} < set(programmes)


def _reads_by_keys(client, caseload, url: str, method: str = "get") -> bool:
    """Whether the admin's perimeter for the request to `url` is the caseload's keys."""
    request = getattr(RequestFactory(), method)(url)
    request.user = caseload.users.director
    request.resolver_match = resolve(url)
    return site._registry[InterventionProject]._listing_by_keys(request)


def test_only_the_change_list_shown_reads_the_perimeter_as_keys(client, caseload):
    project = caseload.orgs.chrs.households.first().projects.get()
    change = reverse("admin:households_interventionproject_change", args=[project.pk])
    assert _reads_by_keys(client, caseload, CHANGELIST)
    # An action (POST) and a change page read the perimeter with the semi-join.
    assert not _reads_by_keys(client, caseload, CHANGELIST, "post")
    assert not _reads_by_keys(client, caseload, change)
    if connection.vendor == "postgresql":
        client.force_login(caseload.users.director)
        with CaptureQueriesContext(connection) as reads:
            assert client.get(change).status_code == 200
        assert not any("ANY(ARRAY(" in q["sql"] for q in reads.captured_queries)
        with CaptureQueriesContext(connection) as reads:
            assert client.get(CHANGELIST).status_code == 200
        assert any("ANY(ARRAY(" in q["sql"] for q in reads.captured_queries)


def test_a_project_of_another_structure_is_a_404_on_its_change_page(client, caseload):
    client.force_login(caseload.users.director)
    other = caseload.orgs.siao.households.first().projects.get()
    change = reverse("admin:households_interventionproject_change", args=[other.pk])
    assert client.get(change).status_code == 404


def test_an_action_on_the_list_is_refused_for_a_project_of_another_structure(client, caseload):
    """A POST (an action) reads the perimeter with the semi-join: a project of another
    structure slipped into the selection is not approved."""
    client.force_login(caseload.users.director)
    other = ProjectFactory(
        household=HouseholdFactory(organisation=caseload.orgs.siao), proposed=True
    )
    client.post(
        CHANGELIST,
        {"action": "approve_for_my_organisation", "_selected_action": [other.pk]},
        follow=True,
    )
    other.refresh_from_db()
    assert other.status == ProjectStatus.PROPOSED
    assert not other.approvals.exists()
