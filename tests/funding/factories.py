import datetime as dt
from decimal import Decimal
from pathlib import Path
from zoneinfo import ZoneInfo

import factory
from factory.django import DjangoModelFactory

import demo.data
from common.uploads import PDF
from funding.enums import (
    ApplicationStatus,
    GrantPaperKind,
    InstalmentStatus,
    ReimbursementReason,
    ReleaseCondition,
)
from funding.models import (
    Application,
    ApplicationRequest,
    BudgetLine,
    CallForApplications,
    CoFundingContribution,
    CoFundingPlan,
    Grant,
    GrantPaper,
    GrantYear,
    Instalment,
    MeasureAllocation,
    MeasureEnvelope,
    ReimbursementClaim,
    RequiredDocument,
    SelectionCriterion,
)
from partnerships.enums import ConventionKind, OrganisationKind
from tests.partnerships.factories import (
    ConventionFactory,
    OrganisationFactory,
    ProgrammeFactory,
    TerritoryFactory,
    UserFactory,
)

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


# A small real PDF (a fictional bank identity statement of the demo).
REAL_PDF = (Path(demo.data.__file__).parent / "rib-fas-demo.pdf").read_bytes()


class GrantPaperFactory(DjangoModelFactory):
    """A bank identity statement on file (seed 001 art. 4.3), a real PDF."""

    class Meta:
        model = GrantPaper

    grant = factory.SubFactory("tests.funding.factories.GrantFactory", bank_statement=False)
    kind = GrantPaperKind.BANK_STATEMENT
    dated = dt.date(2023, 3, 1)
    file = factory.django.FileField(data=REAL_PDF, filename="rib.pdf")
    original_name = "rib.pdf"
    content_type = PDF
    size = len(REAL_PDF)
    uploaded_by = factory.SubFactory(UserFactory)


class GrantFactory(DjangoModelFactory):
    """A grant with bank details and, since seed 001 art. 4.3 asks for it before any payment,
    its bank identity statement on file (`bank_statement=False`: none)."""

    class Meta:
        model = Grant
        skip_postgeneration_save = True

    convention = factory.SubFactory(ConventionFactory)
    funder = factory.SubFactory(OrganisationFactory, department=True)
    beneficiary = factory.SubFactory(OrganisationFactory)
    iban = VALID_IBAN

    @factory.post_generation
    def bank_statement(grant, create, extracted, **kwargs):
        if create and extracted is not False and grant.iban:
            GrantPaperFactory(grant=grant, **kwargs)


class GrantYearFactory(DjangoModelFactory):
    class Meta:
        model = GrantYear

    grant = factory.SubFactory(GrantFactory)
    year = 2023
    amount = Decimal("20000.00")


class InstalmentFactory(DjangoModelFactory):
    """The 70 % of 2023, scheduled (planned); `due` once its condition is met, `paid` with
    its date and mandate, `cancelled` with its reason."""

    class Meta:
        model = Instalment

    grant = factory.SubFactory(GrantFactory)
    year = 2023
    position = 1
    share = Decimal("0.70")
    amount = Decimal("14000.00")
    condition = ReleaseCondition.SIGNATURE
    status = InstalmentStatus.PLANNED

    class Params:
        scheduled = factory.Trait(status=InstalmentStatus.PLANNED, due_on=None)
        due = factory.Trait(
            status=InstalmentStatus.DUE,
            due_on=factory.LazyAttribute(lambda instalment: dt.date(instalment.year, 4, 1)),
        )
        paid = factory.Trait(
            due=True,
            status=InstalmentStatus.PAID,
            paid_on=factory.LazyAttribute(lambda instalment: dt.date(instalment.year, 5, 2)),
            mandate_reference=factory.Sequence(lambda n: f"MANDAT-{n:06d}"),
        )
        cancelled = factory.Trait(
            status=InstalmentStatus.CANCELLED, cancellation_reason="Action non réalisée."
        )


class ReimbursementClaimFactory(DjangoModelFactory):
    class Meta:
        model = ReimbursementClaim

    grant = factory.SubFactory(GrantFactory)
    amount = Decimal("1000.00")
    reason = ReimbursementReason.NOT_CARRIED_OUT
    claimed_on = dt.date(2024, 6, 1)


class EnvelopeFactory(DjangoModelFactory):
    """seed 004 §5: DIHAL, Sept 2019 – Dec 2020, 45 measures at 5 000 €."""

    class Meta:
        model = MeasureEnvelope

    programme = factory.SubFactory(ProgrammeFactory)
    funder = factory.SubFactory(
        OrganisationFactory, name="DIHAL", kind=OrganisationKind.STATE_SERVICE
    )
    label = "ASRL Logement d'abord — Pas-de-Calais"
    period_start = dt.date(2019, 9, 1)
    period_end = dt.date(2020, 12, 31)
    measures = 45
    unit_cost = Decimal("5000.00")


class AllocationFactory(DjangoModelFactory):
    class Meta:
        model = MeasureAllocation

    envelope = factory.SubFactory(EnvelopeFactory)
    territory = factory.SubFactory(TerritoryFactory)
    operator = None
    measures = 20


class CoFundingPlanFactory(DjangoModelFactory):
    class Meta:
        model = CoFundingPlan

    convention = factory.SubFactory(ConventionFactory, kind=ConventionKind.COOPERATION)
    label = "Médiation sociale — quartier Humanicité 2019"
    cost = Decimal("60600.00")


class ContributionFactory(DjangoModelFactory):
    class Meta:
        model = CoFundingContribution

    plan = factory.SubFactory(CoFundingPlanFactory)
    funder = factory.SubFactory(OrganisationFactory, kind=OrganisationKind.COMMUNE)
    recipient = factory.SubFactory(OrganisationFactory, kind=OrganisationKind.MEDIATION_OPERATOR)
    amount = Decimal("10000.00")


# seed 004 §6: deposit at the latest on 6 September 2019, at 16:00 (Paris time).
ASRL_DEADLINE = dt.datetime(2019, 9, 6, 16, 0, tzinfo=ZoneInfo("Europe/Paris"))


class CallFactory(DjangoModelFactory):
    class Meta:
        model = CallForApplications
        skip_postgeneration_save = True

    programme = factory.SubFactory(ProgrammeFactory)
    publisher = factory.SubFactory(OrganisationFactory, department=True)
    title = "Appel à candidatures « Accompagnement social renforcé au logement »"
    measures_offered = 45
    eligible_kinds = factory.LazyFunction(lambda: [OrganisationKind.CHRS_MANAGER])
    deadline = ASRL_DEADLINE


class RequiredDocumentFactory(DjangoModelFactory):
    class Meta:
        model = RequiredDocument

    call = factory.SubFactory(CallFactory)
    label = factory.Sequence(lambda n: f"Pièce {n}")
    position = factory.Sequence(int)


class CriterionFactory(DjangoModelFactory):
    class Meta:
        model = SelectionCriterion

    call = factory.SubFactory(CallFactory)
    label = factory.Sequence(lambda n: f"Critère {n}")
    weight = 1
    position = factory.Sequence(int)


class ApplicationFactory(DjangoModelFactory):
    """An application being put together (draft); `submitted` the day before the deadline."""

    class Meta:
        model = Application

    call = factory.SubFactory(CallFactory)
    organisation = factory.SubFactory(OrganisationFactory, kind=OrganisationKind.CHRS_MANAGER)
    status = ApplicationStatus.DRAFT

    class Params:
        submitted = factory.Trait(
            status=ApplicationStatus.SUBMITTED,
            submitted_at=factory.LazyAttribute(
                lambda application: application.call.deadline - dt.timedelta(days=1)
            ),
        )


class ApplicationRequestFactory(DjangoModelFactory):
    class Meta:
        model = ApplicationRequest

    application = factory.SubFactory(ApplicationFactory)
    territory = factory.SubFactory(TerritoryFactory)
    measures = 10
