import datetime as dt

import factory
from factory.django import DjangoModelFactory

from governance.enums import (
    CommitteeKind,
    DecisionOutcome,
    DecisionSubject,
    Frequency,
    MeetingStatus,
    ReportStatus,
)
from governance.models import (
    ActionPlan,
    AnnualReport,
    Attendance,
    Committee,
    CommitteeMember,
    Decision,
    Meeting,
    PlanObjective,
)
from governance.services import decision_record, objective_lines
from partnerships.enums import PartyRole
from tests.partnerships.factories import ConventionFactory, OrganisationFactory, UserFactory


class CommitteeFactory(DjangoModelFactory):
    class Meta:
        model = Committee

    name = factory.Sequence(lambda n: f"Comité de pilotage {n}")
    kind = CommitteeKind.STEERING
    convention = factory.SubFactory(ConventionFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    frequency = Frequency.TWICE_A_YEAR


class MeetingFactory(DjangoModelFactory):
    """A meeting that was held; `planned` or `cancelled` (with its reason) otherwise."""

    class Meta:
        model = Meeting

    committee = factory.SubFactory(CommitteeFactory)
    held_on = dt.date(2023, 3, 20)
    status = MeetingStatus.HELD

    class Params:
        planned = factory.Trait(status=MeetingStatus.PLANNED)
        held = factory.Trait(status=MeetingStatus.HELD)
        cancelled = factory.Trait(
            status=MeetingStatus.CANCELLED, cancellation_reason="Quorum non atteint."
        )


class DecisionFactory(DjangoModelFactory):
    class Meta:
        model = Decision

    meeting = factory.SubFactory(MeetingFactory)
    subject = DecisionSubject.AUTHORISE_SIGNING
    title = "Autorisation de signer la convention"


def _validate(report, create, extracted, **kwargs):
    """Validation is a decision of a meeting (governance.services.decision_record): an
    instance of the report's convention where its funder sits meets on the validation day
    and adopts it, which releases the year's 30 % (seed 001 art. 4.2)."""
    if not create:
        return
    on = extracted if isinstance(extracted, dt.date) else report.submitted_on
    convention = report.convention
    parties = list(convention.parties.all())
    funders = [
        p.organisation for p in parties if p.role in (PartyRole.FUNDER, PartyRole.COMMISSIONING)
    ]
    holder = (funders or [p.organisation for p in parties] or [OrganisationFactory()])[0]
    committee = CommitteeFactory(
        convention=convention,
        organisation=holder,
        name=f"Comité de suivi — bilan {report.year}",
        kind=CommitteeKind.FOLLOW_UP,
        frequency=Frequency.AS_NEEDED,
    )
    CommitteeMemberFactory(committee=committee, organisation=holder)
    meeting = MeetingFactory(committee=committee, held_on=on)
    decision_record(
        meeting=meeting,
        by=UserFactory(is_superuser=True, is_staff=True),
        subject=DecisionSubject.VALIDATE_REPORT,
        title=f"Validation du bilan {report.year}",
        outcome=DecisionOutcome.ADOPTED,
        report=report,
    )
    report.refresh_from_db()


class AnnualReportFactory(DjangoModelFactory):
    """A draft report; `submitted` at the end of March of the next year, with its activity
    summary; `validated` by the service, which releases the year's instalments."""

    class Meta:
        model = AnnualReport
        skip_postgeneration_save = True

    convention = factory.SubFactory(ConventionFactory)
    year = 2023
    status = ReportStatus.DRAFT
    validation = factory.Maybe("validated", factory.PostGeneration(_validate))

    class Params:
        draft = factory.Trait(status=ReportStatus.DRAFT)
        submitted = factory.Trait(
            status=ReportStatus.SUBMITTED,
            submitted_on=factory.LazyAttribute(lambda report: dt.date(report.year + 1, 3, 31)),
            activity_summary=factory.LazyAttribute(
                lambda report: f"Rapport d'activités {report.year}"
            ),
        )
        # The service validates it on the day it was submitted, or on `validation=<date>`.
        validated = factory.Trait(submitted=True)


class CommitteeMemberFactory(DjangoModelFactory):
    class Meta:
        model = CommitteeMember

    committee = factory.SubFactory(CommitteeFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    full_name = factory.Sequence(lambda n: f"Membre {n}")


class AttendanceFactory(DjangoModelFactory):
    class Meta:
        model = Attendance

    meeting = factory.SubFactory(MeetingFactory)
    full_name = factory.Sequence(lambda n: f"Élu {n}")
    status = "present"


class ActionPlanFactory(DjangoModelFactory):
    class Meta:
        model = ActionPlan
        skip_postgeneration_save = True

    convention = factory.SubFactory(ConventionFactory)
    period = "year"
    period_start = dt.date(2024, 1, 1)
    objectives = "Programme d'actions prévisionnel 2024"

    @factory.post_generation
    def objectives_followed(plan, create, extracted, **kwargs):
        """As `action_plan_create` does: one objective to follow per line (seed 002 §V)."""
        if create:
            for position, text in enumerate(objective_lines(plan.objectives), start=1):
                PlanObjective.objects.create(plan=plan, position=position, text=text)
