import datetime as dt

import factory
from factory.django import DjangoModelFactory

from households.enums import ContactMedium, HousingSituation, ReferralStatus, Relationship
from households.models import Contact, Household, InterventionProject, Member, Referral
from tests.partnerships.factories import (
    OrganisationFactory,
    ProgrammeFactory,
    TerritoryFactory,
    UserFactory,
)


class HouseholdFactory(DjangoModelFactory):
    class Meta:
        model = Household

    reference = factory.Sequence(lambda n: f"MEN-{n:05d}")
    organisation = factory.SubFactory(OrganisationFactory)
    territory = factory.SubFactory(TerritoryFactory)
    housing_situation = HousingSituation.HOSTED
    informed_on = dt.date(2024, 1, 15)


class MemberFactory(DjangoModelFactory):
    class Meta:
        model = Member

    household = factory.SubFactory(HouseholdFactory)
    first_name = factory.Sequence(lambda n: f"Prénom{n}")
    last_name = "Fictif"
    birth_date = dt.date(1985, 5, 1)
    relationship = Relationship.HEAD

    class Params:
        child = factory.Trait(relationship=Relationship.CHILD, birth_date=dt.date(2012, 2, 3))


class ReferralFactory(DjangoModelFactory):
    class Meta:
        model = Referral

    household = factory.SubFactory(HouseholdFactory)
    referred_by = factory.SubFactory(OrganisationFactory)
    programme = factory.SubFactory(ProgrammeFactory)
    received_on = dt.date(2024, 1, 10)
    situation = "Hébergé chez un tiers, demande d'accompagnement."
    status = ReferralStatus.RECEIVED


class ProjectFactory(DjangoModelFactory):
    class Meta:
        model = InterventionProject

    household = factory.SubFactory(HouseholdFactory)
    programme = factory.SubFactory(ProgrammeFactory)
    operator = factory.SelfAttribute("household.organisation")
    referent = factory.SubFactory(UserFactory)
    objectives = "Accéder à un logement autonome."
    start_date = dt.date(2024, 2, 1)


class ContactFactory(DjangoModelFactory):
    class Meta:
        model = Contact

    project = factory.SubFactory(ProjectFactory)
    happened_on = dt.date(2024, 2, 5)
    medium = ContactMedium.HOME_VISIT
    author = factory.SelfAttribute("project.referent")
    summary = "Point sur les démarches."
    confidential_note = "Note réservée aux professionnels."
