"""The reports' scenario, on the shared world (tests/world.py): seed 001's CPOM 2023-121 with
its grant, the deliberation of 20 March 2023 (42 / 0 / 0), and households under a programme of the
convention, with names, birth dates and notes that no aggregated report may show."""

import datetime as dt

import pytest

from governance.enums import CommitteeKind, DecisionOutcome, DecisionSubject, Frequency
from households.enums import ClosureOutcome, PriorityCriterion, Relationship
from households.models import HouseholdPriority
from partnerships.enums import OrganisationKind, Role
from tests.governance.factories import (
    AttendanceFactory,
    CommitteeFactory,
    DecisionFactory,
    MeetingFactory,
)
from tests.households.factories import (
    ContactFactory,
    HouseholdFactory,
    MemberFactory,
    ProjectFactory,
    ReviewFactory,
)
from tests.partnerships.factories import (
    OrganisationFactory,
    ProgrammeFactory,
    member,
)

# Personal data that must never reach an aggregated report.
SECRET_NAME = "Zéphirine"
SECRET_LAST_NAME = "Tartempion"
SECRET_BIRTH = dt.date(1979, 4, 13)
SECRET_NOTE = "Note confidentielle : suivi psychiatrique en cours"


@pytest.fixture
def deliberation(cpom, department):
    """seed 001: Commission Permanente of 20 March 2023, deliberation 2023-121, 42 / 0 / 0."""
    committee = CommitteeFactory(
        name="Commission Permanente du Conseil départemental",
        kind=CommitteeKind.STANDING_COMMISSION,
        convention=None,
        organisation=department,
        frequency=Frequency.AS_NEEDED,
    )
    meeting = MeetingFactory(committee=committee, held_on=dt.date(2023, 3, 20), place="Arras")
    leroy = AttendanceFactory(
        meeting=meeting, full_name="Jean-Claude LEROY", organisation=department
    )
    AttendanceFactory(
        meeting=meeting,
        full_name="Sébastien CHOCHOIS",
        status="excused",
        organisation=department,
        proxy_holder=leroy,
    )
    return DecisionFactory(
        meeting=meeting,
        number="2023-121",
        subject=DecisionSubject.AUTHORISE_SIGNING,
        title="Convention pluriannuelle d'objectifs et de moyens avec la FAS",
        text="Article 1 : D'attribuer à la FAS une participation financière annuelle de "
        "20 000 €.\n\nArticle 2 : D'autoriser le Président à signer la convention.",
        convention=cpom,
        outcome=DecisionOutcome.ADOPTED,
        votes_for=42,
        votes_against=0,
        abstentions=0,
    )


@pytest.fixture
def followed_households(world, cpom, fas):
    """Two households followed in 2023 under a programme the CPOM frames; one closed housed."""
    programme = ProgrammeFactory(code="asrl-test", name="ASRL (test)", convention=cpom)
    territory = world.territories.arras
    referent = member(Role.SOCIAL_WORKER, fas)
    projects = []
    for index in range(2):
        home = HouseholdFactory(organisation=fas, territory=territory)
        MemberFactory(
            household=home,
            first_name=SECRET_NAME,
            last_name=f"{SECRET_LAST_NAME}{index}",
            birth_date=SECRET_BIRTH,
            relationship=Relationship.HEAD,
        )
        HouseholdPriority.objects.create(household=home, criterion=PriorityCriterion.SINGLE_PARENT)
        project = ProjectFactory(
            household=home,
            programme=programme,
            operator=fas,
            referent=referent,
            start_date=dt.date(2023, 2, 1),
            # The first closed on 1 August 2023, housed.
            closed=index == 0,
            closure__closed_on=dt.date(2023, 8, 1),
            closure__outcome=ClosureOutcome.HOUSED,
        )
        ContactFactory(
            project=project, happened_on=dt.date(2023, 2, 3), confidential_note=SECRET_NOTE
        )
        ReviewFactory(project=project, held_on=dt.date(2023, 5, 2))
        projects.append(project)
    return projects


@pytest.fixture
def outsider():
    """Department staff of another département: sees nothing of the Pas-de-Calais."""
    other = OrganisationFactory(name="Département du Nord", kind=OrganisationKind.DEPARTMENT)
    return member(Role.DEPARTMENT_STAFF, other)
