import datetime as dt

import factory
from factory.django import DjangoModelFactory

from governance.enums import CommitteeKind, DecisionSubject, Frequency, MeetingStatus
from governance.models import (
    ActionPlan,
    AnnualReport,
    Attendance,
    Committee,
    CommitteeMember,
    Decision,
    Meeting,
)
from tests.partnerships.factories import ConventionFactory, OrganisationFactory


class CommitteeFactory(DjangoModelFactory):
    class Meta:
        model = Committee

    name = factory.Sequence(lambda n: f"Comité de pilotage {n}")
    kind = CommitteeKind.STEERING
    convention = factory.SubFactory(ConventionFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    frequency = Frequency.TWICE_A_YEAR


class MeetingFactory(DjangoModelFactory):
    class Meta:
        model = Meeting

    committee = factory.SubFactory(CommitteeFactory)
    held_on = dt.date(2023, 3, 20)
    status = MeetingStatus.HELD


class DecisionFactory(DjangoModelFactory):
    class Meta:
        model = Decision

    meeting = factory.SubFactory(MeetingFactory)
    subject = DecisionSubject.AUTHORISE_SIGNING
    title = "Autorisation de signer la convention"


class AnnualReportFactory(DjangoModelFactory):
    class Meta:
        model = AnnualReport

    convention = factory.SubFactory(ConventionFactory)
    year = 2023


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

    convention = factory.SubFactory(ConventionFactory)
    period = "year"
    period_start = dt.date(2024, 1, 1)
    objectives = "Programme d'actions prévisionnel 2024"
