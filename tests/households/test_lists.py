"""The lists: filters, sorting, pagination, and a number of queries that does not grow."""

import datetime as dt
import re

import pytest
from django.db import connection
from django.urls import reverse

from tests.households.factories import (
    ContactFactory,
    HouseholdFactory,
    MemberFactory,
    ProjectFactory,
    ReferralFactory,
    ReviewFactory,
)

pytestmark = pytest.mark.django_db


def add_rows(world, n: int) -> None:
    for _ in range(n):
        household = HouseholdFactory(
            organisation=world.orgs.chrs, territory=world.territories.arras
        )
        MemberFactory(household=household)
        project = ProjectFactory(
            household=household,
            programme=world.asrl,
            operator=world.orgs.chrs,
            referent=world.users.social_worker,
            active=True,
            partners=[world.orgs.siao],
        )
        ContactFactory(project=project)
        ReferralFactory(household=household, programme=world.asrl, referred_by=world.orgs.siao)


@pytest.mark.parametrize(
    "url",
    [
        reverse("households:household_list"),
        reverse("households:household_list") + "?suivis=1&tri=-cree",
        reverse("households:project_list"),
        reverse("households:project_list") + "?echeance=1&retard=1&suivis=1&tri=rencontres",
        reverse("households:referral_list"),
        reverse("households:referral_list") + "?statut=attente&tri=-reception",
    ],
)
def test_list_queries_do_not_grow_with_rows(client, world, count_queries, url):
    client.force_login(world.users.social_worker)
    add_rows(world, 2)
    few, few_sql = count_queries(lambda: client.get(url))
    add_rows(world, 6)
    many, many_sql = count_queries(lambda: client.get(url))
    assert few == many, "\n".join(many_sql)


def test_lists_are_paginated(client, world):
    add_rows(world, 27)
    client.force_login(world.users.social_worker)
    first = client.get(reverse("households:household_list"))
    assert len(first.context["rows"]) == 25
    assert "Page 1 sur 2" in first.content.decode()
    second = client.get(reverse("households:household_list") + "?page=2")
    assert len(second.context["rows"]) == 2


def test_projects_behind_on_contacts_are_listed(client, world, asrl_project, joint_project):
    # asrl_project (started 1 October 2019) has no contact in its last week: behind (seed 004 §4)
    client.force_login(world.users.social_worker)
    rows = list(client.get(reverse("households:project_list") + "?retard=1").context["rows"])
    assert rows == [asrl_project]
    assert rows[0].is_behind and rows[0].week_contacts == 0


def test_projects_due_in_thirty_days_are_listed(client, world, household):
    today = dt.date.today()
    due = ProjectFactory(
        household=household,
        programme=world.asrl,
        operator=world.orgs.chrs,
        start_date=today - dt.timedelta(days=80),  # review due at 3 months: in ~12 days
        active=True,
    )
    ProjectFactory(
        household=HouseholdFactory(organisation=world.orgs.chrs, territory=world.territories.arras),
        programme=world.asrl,
        operator=world.orgs.chrs,
        start_date=today - dt.timedelta(days=10),
        active=True,
    )
    client.force_login(world.users.social_worker)
    rows = list(client.get(reverse("households:project_list") + "?echeance=1").context["rows"])
    assert rows == [due]


def test_referrals_waiting_for_a_decision(client, world, household):
    waiting = ReferralFactory(household=household, programme=world.asrl)
    ReferralFactory(household=household, programme=world.joint, oriented=True)
    client.force_login(world.users.coordinator)
    rows = list(client.get(reverse("households:referral_list") + "?statut=attente").context["rows"])
    assert rows == [waiting]


def test_my_households_are_those_i_follow(client, world, asrl_project):
    other = ProjectFactory(
        household=HouseholdFactory(organisation=world.orgs.chrs, territory=world.territories.arras),
        programme=world.asrl,
        operator=world.orgs.chrs,
        referent=world.users.director,
    )
    client.force_login(world.users.social_worker)
    everyone = client.get(reverse("households:household_list")).context["rows"]
    mine = client.get(reverse("households:household_list") + "?suivis=1").context["rows"]
    assert {h.pk for h in everyone} == {asrl_project.household_id, other.household_id}
    assert [h.pk for h in mine] == [asrl_project.household_id]


def test_projects_sort_by_weekly_contacts(client, world, asrl_project, household):
    busy = ProjectFactory(
        household=HouseholdFactory(organisation=world.orgs.chrs, territory=world.territories.arras),
        programme=world.asrl,
        operator=world.orgs.chrs,
        start_date=dt.date.today() - dt.timedelta(days=20),
        active=True,
    )
    ContactFactory(project=busy, happened_on=dt.date.today())
    client.force_login(world.users.social_worker)
    rows = client.get(reverse("households:project_list") + "?tri=-rencontres").context["rows"]
    assert [p.pk for p in rows] == [busy.pk, asrl_project.pk]


def test_household_file_reads_each_source_once(client, world, count_queries):
    # issue 15: the panels and the timeline share their rows (34 round trips before), and
    # the file's queries do not grow with what happened to the household.
    household = HouseholdFactory(organisation=world.orgs.chrs, territory=world.territories.arras)
    url = reverse("households:household_detail", args=[household.pk])
    client.force_login(world.users.social_worker)

    def grow(n):
        for _ in range(n):
            MemberFactory(household=household)
            ReferralFactory(household=household, programme=world.asrl, referred_by=world.orgs.siao)
            project = ProjectFactory(
                household=household,
                programme=world.asrl,
                operator=world.orgs.chrs,
                referent=world.users.social_worker,
                active=True,
            )
            ContactFactory(project=project)

    grow(1)
    client.get(url)
    few, _sql = count_queries(lambda: client.get(url))
    grow(4)
    many, sql = count_queries(lambda: client.get(url))
    assert few == many, "\n".join(sql)
    # issue 16 added six: the partner structures and the handovers (history of referents and
    # structures), the access rows, memberships and superusers (« Qui peut voir ce dossier »),
    # and whether the user may write (a transition access reads only). Issue 18 added one:
    # whether the user follows the open projects (« Noter un contact » at the top). Issue 20
    # added one: the dwelling put at the household's disposal (seed 000 art. III). Issue 15
    # took seven off: the decisions and closures come with the referrals and projects, the
    # retention and the rules' answers with the household, the access log without BEGIN and
    # COMMIT around its INSERT.
    assert many <= 26, len(sql)


def test_projects_with_an_overdue_review_come_first_and_are_marked(client, world, asrl_project):
    """issue 18: asrl_project's intermediate review was due on 1 January 2020 (3 months after
    its start, seed 004 §4) and is not held: first on the list and marked « En retard », before
    a project that ends earlier but has held its review."""
    reviewed = ProjectFactory(
        household=HouseholdFactory(organisation=world.orgs.chrs, territory=world.territories.arras),
        programme=world.asrl,
        operator=world.orgs.chrs,
        referent=world.users.social_worker,
        start_date=dt.date(2019, 1, 1),
        active=True,
    )
    ReviewFactory(project=reviewed, held_on=dt.date(2019, 4, 1))
    assert reviewed.planned_end < asrl_project.planned_end
    client.force_login(world.users.social_worker)
    response = client.get(reverse("households:project_list"))
    rows = list(response.context["rows"])
    assert rows == [asrl_project, reviewed]
    assert rows[0].review_late and not rows[1].review_late
    body = response.content.decode()
    assert body.count('<tr class="mg-late">') == 1
    assert '1 janvier 2020 <span class="badge text-bg-danger">En retard</span>' in body


def test_the_household_list_counts_the_rows_it_would_list(client, world, count_queries):
    """The count reads the perimeter's keys first (common.expressions.AmongKeys, issue 15):
    the same households as the list, filters included, never another structure's. It reads
    the keys themselves (at most the cap and one), and the page is read among them
    (list_page's `keys_first`), not by walking an index of every household."""
    add_rows(world, 3)
    for situation in ("hosted", "hosted", "tenant"):
        HouseholdFactory(
            organisation=world.orgs.chrs,
            territory=world.territories.arras,
            housing_situation=situation,
        )
    # another structure's households, outside the social worker's perimeter
    for _ in range(4):
        HouseholdFactory(organisation=world.orgs.siao, housing_situation="hosted")
    client.force_login(world.users.social_worker)
    url = reverse("households:household_list")
    for query in ("", "?situation=hosted", "?situation=tenant&tri=-cree"):
        response = client.get(url + query)
        page = response.context["page_obj"]
        listed = {household.pk for household in response.context["rows"]}
        assert page.paginator.counted is not None
        assert page.paginator.count == len(listed), query
        siao = {h.pk for h in world.orgs.siao.households.all()}
        assert not listed & siao
    _n, sql = count_queries(lambda: client.get(url + "?situation=hosted"))
    postgresql = connection.vendor == "postgresql"
    caseload = "= ANY(ARRAY(" if postgresql else " IN (SELECT"
    keys = [s for s in sql if caseload in s and s.endswith("LIMIT 1001")]
    assert len(keys) == 1 and not keys[0].startswith("SELECT COUNT(*)"), sql
    among = "::bigint[]" if postgresql else "json_each("
    # the page of keys (LIMIT), not household_page's read of the rows by those keys
    pages = [s for s in sql if among in s and re.search(r" ORDER BY .* LIMIT \d+$", s)]
    assert len(pages) == 1, sql
    assert "households_householdaccess" not in pages[0]
