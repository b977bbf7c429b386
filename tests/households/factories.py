import datetime as dt
from decimal import Decimal

import factory
from factory.django import DjangoModelFactory

from households.enums import (
    ContactMedium,
    HelpPurpose,
    HousingSituation,
    OrientationOutcome,
    Performer,
    ProjectStatus,
    Recommendation,
    ReferralStatus,
    Relationship,
    ReviewKind,
)
from households.models import (
    Contact,
    FinancialHelp,
    Household,
    InterventionProject,
    Member,
    OrientationDecision,
    PlannedAction,
    ProjectApproval,
    Referral,
    Review,
)
from tests.partnerships.factories import (
    OrganisationFactory,
    ProgrammeDomainFactory,
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

    class Params:
        # Signed contract, accompaniment running.
        active = factory.Trait(
            status=ProjectStatus.ACTIVE, contract_signed_on=factory.SelfAttribute("start_date")
        )
        # Waiting for the structures' agreement: no contract, no dates yet.
        proposed = factory.Trait(status=ProjectStatus.PROPOSED, start_date=None)


class ContactFactory(DjangoModelFactory):
    class Meta:
        model = Contact

    project = factory.SubFactory(ProjectFactory)
    happened_on = dt.date(2024, 2, 5)
    medium = ContactMedium.HOME_VISIT
    author = factory.SelfAttribute("project.referent")
    summary = "Point sur les démarches."
    confidential_note = "Note réservée aux professionnels."


class OrientationDecisionFactory(DjangoModelFactory):
    class Meta:
        model = OrientationDecision

    referral = factory.SubFactory(ReferralFactory, status=ReferralStatus.ORIENTED)
    outcome = OrientationOutcome.ORIENTED
    decided_on = dt.date(2024, 1, 20)
    decided_by = factory.SubFactory(UserFactory)
    operator = factory.SelfAttribute("referral.household.organisation")


class ProjectApprovalFactory(DjangoModelFactory):
    class Meta:
        model = ProjectApproval

    project = factory.SubFactory(ProjectFactory)
    organisation = factory.SelfAttribute("project.operator")
    approved_by = factory.SubFactory(UserFactory)


class PlannedActionFactory(DjangoModelFactory):
    class Meta:
        model = PlannedAction

    project = factory.SubFactory(ProjectFactory)
    domain = factory.SubFactory(
        ProgrammeDomainFactory, programme=factory.SelfAttribute("..project.programme")
    )
    description = "Ouvrir les droits à l'APL."
    organisation = factory.SelfAttribute("project.operator")
    performer = Performer.PROFESSIONAL
    due_on = dt.date(2024, 3, 1)


class ReviewFactory(DjangoModelFactory):
    class Meta:
        model = Review

    project = factory.SubFactory(ProjectFactory)
    kind = ReviewKind.INTERMEDIATE
    held_on = dt.date(2024, 5, 1)
    assessment = "Droits ouverts, logement maintenu."
    recommendation = Recommendation.CONTINUE
    author = factory.SelfAttribute("project.referent")


class FinancialHelpFactory(DjangoModelFactory):
    class Meta:
        model = FinancialHelp

    project = factory.SubFactory(ProjectFactory)
    purpose = HelpPurpose.ENERGY
    amount_requested = Decimal("150.00")
    payer = factory.SelfAttribute("project.operator")
