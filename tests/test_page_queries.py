"""The queries of the main pages, pinned as SQL snapshots (tests/queries.py).

Each page is read by one role of the shared world with a few rows of everything, then with
more rows: the queries must be the same (no query per row), and the same as the snapshot in
tests/__snapshots__/<database>/test_page_queries.ambr. A failure shows the diff: which query
was added, removed or changed. After a wanted change, rewrite the snapshots on both
databases (docs/testing.md):

    pytest tests/test_page_queries.py --snapshot-update
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/maillage_test \
        pytest tests/test_page_queries.py --snapshot-update --create-db
"""

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse

from tests.funding.factories import GrantFactory, GrantYearFactory, InstalmentFactory
from tests.governance.factories import (
    ActionPlanFactory,
    AnnualReportFactory,
    CommitteeFactory,
    MeetingFactory,
)
from tests.households.factories import (
    ContactFactory,
    HouseholdFactory,
    MemberFactory,
    ProjectFactory,
    ReferralFactory,
    ReviewFactory,
)
from tests.partnerships.factories import ConventionPartyFactory, convention_between
from tests.queries import queries_diff

pytestmark = pytest.mark.django_db

ROLES = [
    "social_worker",
    "volunteer",
    "coordinator",
    "director",
    "staff",
    "partner",
]
PAGES = [
    *[("home", {}, role) for role in ROLES],
    ("households:household_list", {}, "social_worker"),
    ("households:project_list", {}, "social_worker"),
    ("households:referral_list", {}, "coordinator"),
    ("households:contact_list", {}, "social_worker"),
    ("households:review_inbox", {}, "coordinator"),
    ("partnerships:convention_list", {}, "staff"),
    ("governance:committee_list", {}, "staff"),
    ("governance:meeting_list", {}, "staff"),
    ("portal:due", {}, "staff"),
    ("funding:instalment_list", {}, "staff"),
    ("funding:grant_list", {}, "staff"),
    ("portal:search", {"q": "relais"}, "social_worker"),
    ("admin:households_household_changelist", {}, "director"),
    # issue 15: the filters' choices and the count read from the director's households.
    ("admin:households_interventionproject_changelist", {}, "director"),
    ("admin:households_contact_changelist", {}, "director"),
]

POSTED = {"portal:search"}


def grow(world, index: int) -> None:
    """One more of everything the pages list, inside the perimeter of the world's people."""
    household = HouseholdFactory(organisation=world.orgs.chrs, territory=world.territories.arras)
    MemberFactory(household=household)
    project = ProjectFactory(
        household=household,
        programme=world.asrl,
        operator=world.orgs.chrs,
        referent=world.users.social_worker,
        start_date=dt.date(2024, 1, 1) + dt.timedelta(days=index),
        partners=[world.orgs.siao],
    )
    ContactFactory(project=project, happened_on=dt.date(2024, 3, 1) + dt.timedelta(days=index))
    ReferralFactory(household=household, programme=world.asrl, referred_by=world.orgs.siao)
    # seed 004 §7: sent to the Artois coordinator.
    ReviewFactory(project=project, sent_to_coordinator_on=dt.date(2024, 5, 3))
    ProjectFactory(
        household=HouseholdFactory(
            organisation=world.orgs.soliha, territory=world.territories.marcq
        ),
        programme=world.joint,
        operator=world.orgs.soliha,
        referent=world.users.soliha_worker,
        partners=[world.orgs.mta],
        volunteers=[world.users.volunteer],
    )

    convention = convention_between(
        world.orgs.department, world.orgs.fas, reference=f"CONV-RELAIS-{index:03d}"
    )
    ConventionPartyFactory(convention=convention, organisation=world.orgs.commune)
    committee = CommitteeFactory(convention=convention, organisation=world.orgs.department)
    MeetingFactory(committee=committee, held_on=dt.date(2024, 1, 10) + dt.timedelta(days=index))
    AnnualReportFactory(convention=convention, year=2023, submitted=True)
    ActionPlanFactory(convention=convention)
    grant = GrantFactory(
        convention=convention, funder=world.orgs.department, beneficiary=world.orgs.fas
    )
    GrantYearFactory(grant=grant, year=2023, amount=Decimal("20000.00"))
    InstalmentFactory(grant=grant, due=True)
    InstalmentFactory(
        grant=grant, position=2, share=Decimal("0.30"), amount=Decimal("6000.00"), scheduled=True
    )


@pytest.mark.parametrize(
    ("name", "query", "who"), PAGES, ids=[f"{name}-{who}" for name, _q, who in PAGES]
)
def test_queries_of_the_main_pages(client, world, capture_queries, snapshot, name, query, who):
    client.force_login(getattr(world.users, who))
    url = reverse(name)
    # A search is sent by POST: the words typed (names) never go into an address.
    send = client.post if name in POSTED else client.get
    grow(world, 0)
    assert send(url, query).status_code == 200  # warms the session and the caches
    few = capture_queries(lambda: send(url, query))
    for index in range(1, 4):
        grow(world, index)
    many = capture_queries(lambda: send(url, query))
    assert many == few, "Requêtes qui dépendent du nombre de lignes :\n" + queries_diff(few, many)
    assert few == snapshot
