import datetime as dt
from decimal import Decimal

import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from common.dates import add_months
from households.enums import (
    ClosureOutcome,
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
    Appointment,
    Closure,
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
from households.services import refresh_access, structures_to_approve
from partnerships.enums import Role
from partnerships.models import Membership, Organisation, User
from tests.partnerships.factories import (
    ConventionPartyFactory,
    OrganisationFactory,
    ProgrammeDomainFactory,
    ProgrammeFactory,
    TerritoryFactory,
    UserFactory,
    member,
)


def _refresh_access(obj, create, extracted, **kwargs):
    """The access table follows the rows a factory writes, as the services keep it (issue 15);
    a test that changes a project's partners or volunteers by hand calls refresh_access."""
    if create:
        refresh_access(obj if isinstance(obj, Household) else _household_of(obj))


def _household_of(obj) -> Household:
    return obj.referral.household if isinstance(obj, OrientationDecision) else obj.household


def _m2m(name):
    def set_rows(project, create, extracted, **kwargs):
        if create and extracted:
            getattr(project, name).set(extracted)

    return factory.PostGeneration(set_rows)


class HouseholdFactory(DjangoModelFactory):
    class Meta:
        model = Household
        skip_postgeneration_save = True

    reference = factory.Sequence(lambda n: f"MEN-{n:05d}")
    organisation = factory.SubFactory(OrganisationFactory)
    territory = factory.SubFactory(TerritoryFactory)
    housing_situation = HousingSituation.HOSTED
    informed_on = dt.date(2024, 1, 15)
    access = factory.PostGeneration(_refresh_access)


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
    """A referral waiting for the coordinator (received); `under_study`, or decided:
    `oriented`, `refused`, `redirected`, each with its orientation decision."""

    class Meta:
        model = Referral
        skip_postgeneration_save = True

    household = factory.SubFactory(HouseholdFactory)
    referred_by = factory.SubFactory(OrganisationFactory)
    programme = factory.SubFactory(ProgrammeFactory)
    received_on = dt.date(2024, 1, 10)
    situation = "Hébergé chez un tiers, demande d'accompagnement."
    status = ReferralStatus.RECEIVED

    class Params:
        under_study = factory.Trait(status=ReferralStatus.UNDER_STUDY)
        oriented = factory.Trait(
            status=ReferralStatus.ORIENTED,
            decision=factory.RelatedFactory(
                "tests.households.factories.OrientationDecisionFactory",
                factory_related_name="referral",
            ),
        )
        refused = factory.Trait(
            status=ReferralStatus.REFUSED,
            decision=factory.RelatedFactory(
                "tests.households.factories.OrientationDecisionFactory",
                factory_related_name="referral",
                outcome=OrientationOutcome.REFUSED,
                operator=None,
                reason="Ressources au-dessus du plafond du dispositif.",
            ),
        )
        redirected = factory.Trait(
            status=ReferralStatus.REDIRECTED,
            decision=factory.RelatedFactory(
                "tests.households.factories.OrientationDecisionFactory",
                factory_related_name="referral",
                outcome=OrientationOutcome.REDIRECTED,
                operator=None,
                reason="Relève de l'accompagnement vers et dans le logement.",
            ),
        )


def _approve(project, create, extracted, **kwargs):
    """Past the proposal, a project has the agreement of every structure that had to give it
    (`approvals=False` to leave them out)."""
    wanted = project.status != ProjectStatus.PROPOSED if extracted is None else extracted
    if create and wanted:
        structures = Organisation.objects.filter(pk__in=structures_to_approve(project))
        for organisation in structures.order_by("pk"):
            ProjectApprovalFactory(project=project, organisation=organisation)


class ProjectFactory(DjangoModelFactory):
    """A project whose contract is signed and accompaniment running (in progress), unless a
    Trait says otherwise: `proposed` (waiting for the structures' agreement: no contract, no
    dates), `approved` (agreed by every structure, not started), `active`, `in_review` (after
    its end-of-term review), `closed` (with its closure)."""

    class Meta:
        model = InterventionProject
        skip_postgeneration_save = True

    household = factory.SubFactory(HouseholdFactory)
    programme = factory.SubFactory(ProgrammeFactory)
    operator = factory.SelfAttribute("household.organisation")
    referent = factory.SubFactory(UserFactory)
    objectives = "Accéder à un logement autonome."
    start_date = dt.date(2024, 2, 1)
    status = ProjectStatus.ACTIVE
    contract_signed_on = factory.SelfAttribute("start_date")
    approvals = factory.PostGeneration(_approve)
    partners = _m2m("partners")
    volunteers = _m2m("volunteers")
    access = factory.PostGeneration(_refresh_access)

    class Params:
        proposed = factory.Trait(
            status=ProjectStatus.PROPOSED, start_date=None, contract_signed_on=None
        )
        approved = factory.Trait(
            status=ProjectStatus.APPROVED, start_date=None, contract_signed_on=None
        )
        active = factory.Trait(status=ProjectStatus.ACTIVE)
        in_review = factory.Trait(
            status=ProjectStatus.IN_REVIEW,
            end_of_term=factory.RelatedFactory(
                "tests.households.factories.ReviewFactory",
                factory_related_name="project",
                kind=ReviewKind.END_OF_TERM,
                held_on=factory.LazyAttribute(lambda review: review.project.planned_end),
                recommendation=Recommendation.RENEW,
            ),
        )
        closed = factory.Trait(
            status=ProjectStatus.CLOSED,
            closure=factory.RelatedFactory(
                "tests.households.factories.ClosureFactory", factory_related_name="project"
            ),
        )


class ContactFactory(DjangoModelFactory):
    class Meta:
        model = Contact

    project = factory.SubFactory(ProjectFactory)
    happened_on = dt.date(2024, 2, 5)
    medium = ContactMedium.HOME_VISIT
    author = factory.SelfAttribute("project.referent")
    summary = "Point sur les démarches."
    confidential_note = "Note réservée aux professionnels."


class AppointmentFactory(DjangoModelFactory):
    """A contact planned two days from now, at the structure's office (issue 16)."""

    class Meta:
        model = Appointment
        skip_postgeneration_save = True

    project = factory.SubFactory(ProjectFactory)
    starts_at = factory.LazyFunction(
        lambda: timezone.now().replace(microsecond=0) + dt.timedelta(days=2)
    )
    medium = ContactMedium.OFFICE_PLANNED
    place = "Bureau de la structure"
    planned_by = factory.SelfAttribute("project.referent")

    @factory.post_generation
    def participants(self, create, extracted, **kwargs):
        if create:
            self.participants.set(extracted or [self.planned_by])


class OrientationDecisionFactory(DjangoModelFactory):
    class Meta:
        model = OrientationDecision
        skip_postgeneration_save = True

    referral = factory.SubFactory(ReferralFactory, status=ReferralStatus.ORIENTED)
    outcome = OrientationOutcome.ORIENTED
    decided_on = dt.date(2024, 1, 20)
    decided_by = factory.SubFactory(UserFactory)
    operator = factory.SelfAttribute("referral.household.organisation")
    access = factory.PostGeneration(_refresh_access)


def _director_of(organisation) -> User:
    """A director of the organisation: one of its own, or a new one."""
    membership = (
        Membership.objects.filter(organisation=organisation, role=Role.DIRECTOR)
        .select_related("user")
        .order_by("pk")
        .first()
    )
    return membership.user if membership else member(Role.DIRECTOR, organisation)


class ProjectApprovalFactory(DjangoModelFactory):
    """The agreement of a structure, given by one of its directors (seed 000 art. IV)."""

    class Meta:
        model = ProjectApproval

    project = factory.SubFactory(ProjectFactory)
    organisation = factory.SelfAttribute("project.operator")
    approved_by = factory.LazyAttribute(lambda approval: _director_of(approval.organisation))


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


class ClosureFactory(DjangoModelFactory):
    """The closure of a project, five months after its start (seed 004 §4: 6-month term)."""

    class Meta:
        model = Closure

    project = factory.SubFactory(ProjectFactory, status=ProjectStatus.CLOSED)
    closed_on = factory.LazyAttribute(
        lambda c: add_months(c.project.start_date or dt.date(2024, 2, 1), 5)
    )
    outcome = ClosureOutcome.HOUSED


class FinancialHelpFactory(DjangoModelFactory):
    class Meta:
        model = FinancialHelp

    project = factory.SubFactory(ProjectFactory)
    purpose = HelpPurpose.ENERGY
    amount_requested = Decimal("150.00")
    payer = factory.SelfAttribute("project.operator")


def asrl_partner(world, name: str, kind: str) -> Organisation:
    """An organisation party to the ASRL convention, the programme framed by it: a partner
    that may refer households to the platform (cahier des charges ASRL, §4)."""
    organisation = OrganisationFactory(name=name, kind=kind)
    ConventionPartyFactory(convention=world.conventions.asrl, organisation=organisation)
    world.asrl.convention = world.conventions.asrl
    world.asrl.save()
    return organisation
