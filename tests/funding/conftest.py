"""The source documents' money, ready to use: seed 001 (FAS CPOM 2023-2025) and seed 004 (ASRL)."""

import datetime as dt
from decimal import Decimal

import pytest

from funding import services
from partnerships.enums import OrganisationKind, PartyRole, Role
from tests.funding.factories import BudgetLineFactory
from tests.partnerships.factories import (
    ConventionFactory,
    ConventionPartyFactory,
    OrganisationFactory,
    member,
)

# seed 001 art. 4.3: the FAS account at the Caisse d'épargne.
FAS_IBAN = "FR76 1627 5006 0008 0002 5263 075"


@pytest.fixture
def department():
    return OrganisationFactory(
        name="Département du Pas-de-Calais", kind=OrganisationKind.DEPARTMENT
    )


@pytest.fixture
def fas():
    return OrganisationFactory(
        name="Fédération des Acteurs de la Solidarité Hauts-de-France",
        short_name="FAS",
        kind=OrganisationKind.FEDERATION,
    )


@pytest.fixture
def agent(department):
    """An agent of the Département (the funder): manages the grant."""
    return member(Role.DEPARTMENT_STAFF, organisation=department)


@pytest.fixture
def cpom(department, fas):
    """seed 001: CPOM 2023-2025 authorised by deliberation 2023-121 of 20 March 2023."""
    convention = ConventionFactory(
        reference="2023-121",
        title="Convention-cadre pluriannuelle d'objectifs et de moyens 2023-2025 — FAS",
        start_date=dt.date(2023, 1, 1),
        end_date=dt.date(2025, 12, 31),
        signed_on=dt.date(2023, 3, 20),
    )
    ConventionPartyFactory(convention=convention, organisation=department, role=PartyRole.FUNDER)
    ConventionPartyFactory(convention=convention, organisation=fas, role=PartyRole.BENEFICIARY)
    return convention


@pytest.fixture
def budget_line(department):
    """seed 001: C02-585F01, 6568/93428, Partenariats transversaux, AE 375 000 €."""
    return BudgetLineFactory(funder=department)


@pytest.fixture
def fas_grant(cpom, department, fas, budget_line, agent):
    """seed 001 art. 4.1: 20 000 € a year for 2023, 2024 and 2025."""
    return services.grant_create(
        convention=cpom,
        funder=department,
        beneficiary=fas,
        budget_line=budget_line,
        yearly_amounts={2023: Decimal("20000"), 2024: Decimal("20000"), 2025: Decimal("20000")},
        iban=FAS_IBAN,
        # The document prints "CEPAPFRPP627" (12 characters); a BIC has 8 or 11.
        bic="CEPAFRPP627",
        account_holder="FEDERATION DES ACTEURS DE LA SOL",
        by=agent,
    )
