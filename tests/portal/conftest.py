"""The read API's scene: a key for the Département and for Opérateur B, and one object of
each resource on each side (the Département's CPOM and ASRL; B's mediation convention)."""

import datetime as dt
from types import SimpleNamespace

import pytest
from django.core.cache import cache
from django.test import Client

from portal.api.tokens import api_token_create
from tests.funding.factories import GrantFactory, GrantYearFactory, InstalmentFactory
from tests.governance.factories import CommitteeFactory, DecisionFactory, MeetingFactory
from tests.households.factories import HouseholdFactory, ProjectFactory


@pytest.fixture
def api_scene(world, fas_grant):
    cache.clear()
    orgs = world.orgs
    asrl, mediation = world.conventions.asrl, world.conventions.mediation
    # B's side: the mediation convention between the commune and Opérateur B.
    b_grant = GrantFactory(convention=mediation, funder=orgs.commune, beneficiary=orgs.other)
    GrantYearFactory(grant=b_grant, year=2024)
    b_instalment = InstalmentFactory(grant=b_grant, year=2024)
    b_committee = CommitteeFactory(
        convention=mediation, organisation=orgs.commune, name="Comité de suivi médiation"
    )
    b_decision = DecisionFactory(
        meeting=MeetingFactory(committee=b_committee), convention=mediation, number="B-2024-1"
    )
    # The Département's side.
    a_instalment = fas_grant.instalments.order_by("pk").first() or InstalmentFactory(
        grant=fas_grant, year=2023
    )
    a_committee = CommitteeFactory(
        convention=asrl, organisation=orgs.department, name="Comité de pilotage ASRL"
    )
    a_decision = DecisionFactory(
        meeting=MeetingFactory(committee=a_committee), convention=asrl, number="2023-121"
    )
    _row, a_key = api_token_create(
        organisation=orgs.department, label="Entrepôt de données", by=world.users.staff
    )
    b_row, b_key = api_token_create(
        organisation=orgs.other, label="Tableau de bord", by=world.users.outsider_director
    )
    return SimpleNamespace(
        a_key=a_key,
        b_key=b_key,
        b_token=b_row,
        a=SimpleNamespace(
            convention=asrl,
            grant=fas_grant,
            instalment=a_instalment,
            committee=a_committee,
            decision=a_decision,
        ),
        b=SimpleNamespace(
            convention=mediation,
            grant=b_grant,
            instalment=b_instalment,
            committee=b_committee,
            decision=b_decision,
        ),
    )


def households_under(world, convention, count: int, year: int = 2024):
    """`count` households followed in `year` under a programme of `convention`."""
    programme = world.asrl
    programme.convention = convention
    programme.save()
    for _ in range(count):
        household = HouseholdFactory(
            organisation=world.orgs.chrs, territory=world.territories.arras
        )
        ProjectFactory(
            household=household,
            programme=programme,
            operator=world.orgs.chrs,
            referent=world.users.social_worker,
            start_date=dt.date(year, 2, 1),
            active=True,
        )


class ApiClient:
    """A client that sends the key as the API asks: `Authorization: Bearer <clé>`."""

    def __init__(self, key: str | None):
        self.client = Client()
        self.key = key

    def get(self, path, data=None, **extra):
        if self.key is not None:
            extra.setdefault("HTTP_AUTHORIZATION", f"Bearer {self.key}")
        return self.client.get(path, data, **extra)

    def post(self, path, data=None, **extra):
        if self.key is not None:
            extra.setdefault("HTTP_AUTHORIZATION", f"Bearer {self.key}")
        return self.client.post(path, data, **extra)


@pytest.fixture
def api_client():
    return ApiClient
