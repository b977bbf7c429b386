from decimal import Decimal

import factory
from factory.django import DjangoModelFactory

from funding.models import BudgetLine, Grant, GrantYear
from tests.partnerships.factories import ConventionFactory, OrganisationFactory

VALID_IBAN = "FR7630006000011234567890189"


class BudgetLineFactory(DjangoModelFactory):
    class Meta:
        model = BudgetLine

    funder = factory.SubFactory(OrganisationFactory, department=True)
    year = 2023
    operation_code = "C02-585F01"
    imputation = "6568/93428"
    label = "Partenariats transversaux"
    commitment_authorisation = Decimal("375000.00")


class GrantFactory(DjangoModelFactory):
    class Meta:
        model = Grant

    convention = factory.SubFactory(ConventionFactory)
    funder = factory.SubFactory(OrganisationFactory, department=True)
    beneficiary = factory.SubFactory(OrganisationFactory)
    iban = VALID_IBAN


class GrantYearFactory(DjangoModelFactory):
    class Meta:
        model = GrantYear

    grant = factory.SubFactory(GrantFactory)
    year = 2023
    amount = Decimal("20000.00")
