"""issue 15: the household's file and a project's page read a fixed set of statements, pinned
as SQL snapshots (tests/queries.py) on each database, whatever the number of rows; their
small lists go through statements compiled once per process (common.compiled:
compiled_list), which give each object its own rows.

After a wanted change, rewrite the snapshots on both databases:

    pytest tests/households/test_file_queries.py --snapshot-update
    DATABASE_URL=postgres://… pytest tests/households/test_file_queries.py --snapshot-update
"""

import datetime as dt

import pytest
from django.urls import reverse

from common.compiled import compiled_list
from households.selectors import (
    file_referrals,
    household_members,
    project_recent_contacts,
    timeline,
)
from tests.households.factories import (
    AppointmentFactory,
    ContactFactory,
    FinancialHelpFactory,
    HouseholdFactory,
    MemberFactory,
    PlannedActionFactory,
    ProjectFactory,
    ReferralFactory,
    ReviewFactory,
)
from tests.queries import queries_diff

pytestmark = pytest.mark.django_db


def grow(world, project, index: int) -> None:
    """One more of every row the two pages list, on the project and its household."""
    household = project.household
    MemberFactory(household=household)
    ReferralFactory(household=household, programme=world.asrl, referred_by=world.orgs.siao)
    ContactFactory(project=project, happened_on=dt.date(2024, 3, 1) + dt.timedelta(days=index))
    ReviewFactory(project=project, held_on=dt.date(2024, 5, 1) + dt.timedelta(days=index))
    PlannedActionFactory(project=project, due_on=dt.date(2024, 6, 1) + dt.timedelta(days=index))
    FinancialHelpFactory(project=project)
    AppointmentFactory(project=project)
    ProjectFactory(
        household=household,
        programme=world.asrl,
        operator=world.orgs.chrs,
        referent=world.users.social_worker,
        partners=[world.orgs.siao],
    )


@pytest.mark.parametrize("page", ["households:household_detail", "households:project_detail"])
def test_the_file_and_the_project_page_read_a_fixed_set_of_statements(
    client, world, asrl_project, capture_queries, snapshot, page
):
    client.force_login(world.users.social_worker)
    pk = asrl_project.household_id if page == "households:household_detail" else asrl_project.pk
    url = reverse(page, args=[pk])
    grow(world, asrl_project, 0)
    assert client.get(url).status_code == 200  # warms the session and the caches
    few = capture_queries(lambda: client.get(url))
    for index in range(1, 4):
        grow(world, asrl_project, index)
    many = capture_queries(lambda: client.get(url))
    assert many == few, "Requêtes qui dépendent du nombre de lignes :\n" + queries_diff(few, many)
    assert few == snapshot


def test_a_statement_compiled_once_reads_the_rows_of_the_id_it_is_given(world):
    first, second = (
        HouseholdFactory(organisation=world.orgs.chrs, territory=world.territories.arras)
        for _ in range(2)
    )
    for household, names in ((first, ["Martin", "Petit"]), (second, ["Durand"])):
        for name in names:
            MemberFactory(household=household, last_name=name)
        ReferralFactory(household=household, programme=world.asrl, referred_by=world.orgs.siao)
    for _ in range(2):  # compiled on the first call, reused on the second
        for household in (first, second, first):
            members = compiled_list(household_members, household.pk, household=household)
            assert members == list(household.members.all())
            assert all(member.household is household for member in members)
            referrals = compiled_list(file_referrals, household.pk)
            assert referrals == list(household.referrals.all())


def test_the_last_contacts_compiled_once_stop_at_thirty(world, asrl_project):
    for day in range(35):
        ContactFactory(project=asrl_project, happened_on=dt.date(2024, 1, 1) + dt.timedelta(day))
    contacts = compiled_list(project_recent_contacts, asrl_project.pk)
    assert [c.happened_on for c in contacts] == [
        dt.date(2024, 1, 1) + dt.timedelta(day) for day in range(34, 4, -1)
    ]


def test_the_timeline_of_one_household_is_not_another_s(world, asrl_project):
    other = ProjectFactory(
        household=HouseholdFactory(organisation=world.orgs.chrs, territory=world.territories.arras),
        programme=world.asrl,
        operator=world.orgs.chrs,
        referent=world.users.social_worker,
    )
    ContactFactory(project=asrl_project, summary="Visite chez le premier ménage.")
    ContactFactory(project=other, summary="Visite chez le second ménage.")
    for project, own, not_own in (
        (asrl_project, "premier", "second"),
        (other, "second", "premier"),
    ):
        details = [event.detail for event in timeline(project.household, document_titles=True)]
        assert f"Visite chez le {own} ménage." in details
        assert f"Visite chez le {not_own} ménage." not in details


def test_the_timeline_keeps_the_order_of_a_day_s_reviews_by_project(world, household):
    # Reviews are listed by project (the newest start first), then by date: on one day, the
    # review of the project started last comes first, whichever was written first.
    earlier, later = (
        ProjectFactory(
            household=household,
            programme=world.asrl,
            operator=world.orgs.chrs,
            referent=world.users.social_worker,
            start_date=start,
        )
        for start in (dt.date(2024, 1, 1), dt.date(2024, 2, 1))
    )
    for project in (earlier, later):
        ReviewFactory(project=project, held_on=dt.date(2024, 5, 2))
    reviews = [
        event.project_id
        for event in timeline(household, document_titles=True)
        if event.day == dt.date(2024, 5, 2)
    ]
    assert reviews == [later.pk, earlier.pk]


def test_the_blank_contact_form_written_once_follows_the_reader(client, world, joint_project):
    # The fields of a blank form are kept per kind of reader: the volunteer's never holds
    # the confidential note, whoever opened a project before them.
    url = joint_project.get_absolute_url()
    for user, with_note in (
        (world.users.soliha_worker, True),
        (world.users.volunteer, False),
        (world.users.soliha_worker, True),
    ):
        client.force_login(user)
        html = client.get(url).content.decode()
        assert 'name="medium"' in html
        assert ('name="confidential_note"' in html) is with_note
