"""A small world for the household follow-up: the two programmes of the source documents,
one operator per programme, and a person for every role."""

import datetime as dt
from types import SimpleNamespace

import pytest

from partnerships.enums import OrganisationKind, Role, TerritoryKind
from tests.households.factories import HouseholdFactory
from tests.partnerships.factories import (
    PASSWORD,
    OrganisationFactory,
    ProgrammeDomainFactory,
    ProgrammeFactory,
    TerritoryFactory,
    convention_between,
    member,
)

# seed 004 §2: the five domains of the ASRL accompaniment.
ASRL_DOMAINS = [
    "Accès aux droits",
    "Accès à la santé",
    "Vie quotidienne",
    "Insertion sociale et professionnelle",
    "Parentalité",
]
# seed 000: the five axes of the volunteers of Marcq Terre d'Accueil.
MTA_AXES = [
    "Pré-accueil et accueil",
    "Vie dans l'appartement et l'environnement de proximité",
    "Actions sanitaires et scolaires",
    "Insertion sociale et professionnelle",
    "Soutien financier ponctuel",
]


@pytest.fixture
def world(db):
    pas_de_calais = TerritoryFactory(name="Pas-de-Calais", kind=TerritoryKind.DEPARTMENT)
    artois = TerritoryFactory(name="Artois", parent=pas_de_calais)
    arras = TerritoryFactory(name="Arras", parent=artois, kind=TerritoryKind.COMMUNE)
    lens = TerritoryFactory(name="Lens-Hénin", parent=pas_de_calais)
    marcq = TerritoryFactory(name="Marcq-en-Barœul", kind=TerritoryKind.COMMUNE)

    department = OrganisationFactory(department=True, name="Département du Pas-de-Calais")
    chrs = OrganisationFactory(name="CHRS Le Relais", kind=OrganisationKind.CHRS_MANAGER)
    siao = OrganisationFactory(name="SIAO du Pas-de-Calais")
    soliha = OrganisationFactory(name="SOLiHA Métropole Nord")
    mta = OrganisationFactory(name="Marcq Terre d'Accueil")
    other = OrganisationFactory(name="Opérateur B")
    convention_between(department, chrs, siao, reference="ASRL-2019")
    convention_between(soliha, mta, reference="CADRE-2021")

    asrl = ProgrammeFactory()
    joint = ProgrammeFactory(joint=True)
    for position, label in enumerate(ASRL_DOMAINS):
        ProgrammeDomainFactory(programme=asrl, label=label, position=position)
    for position, label in enumerate(MTA_AXES):
        ProgrammeDomainFactory(programme=joint, label=label, position=position)

    users = SimpleNamespace(
        social_worker=member(Role.SOCIAL_WORKER, chrs, first_name="Camille"),
        director=member(Role.DIRECTOR, chrs, first_name="Dominique"),
        coordinator=member(Role.COORDINATOR, department, territory=artois),
        staff=member(Role.DEPARTMENT_STAFF, department),
        soliha_worker=member(Role.SOCIAL_WORKER, soliha),
        soliha_director=member(Role.DIRECTOR, soliha),
        mta_director=member(Role.DIRECTOR, mta),
        volunteer=member(Role.VOLUNTEER, mta),
        outsider=member(Role.SOCIAL_WORKER, other),
        outsider_director=member(Role.DIRECTOR, other),
    )
    return SimpleNamespace(
        territories=SimpleNamespace(artois=artois, arras=arras, lens=lens, marcq=marcq),
        orgs=SimpleNamespace(
            department=department, chrs=chrs, siao=siao, soliha=soliha, mta=mta, other=other
        ),
        asrl=asrl,
        joint=joint,
        users=users,
        password=PASSWORD,
    )


@pytest.fixture
def household(world):
    """A household of the CHRS in Arras (Artois)."""
    return HouseholdFactory(organisation=world.orgs.chrs, territory=world.territories.arras)


@pytest.fixture
def asrl_project(world, household):
    """An ASRL project started on 1 October 2019 (seed 004: period from September 2019)."""
    from tests.households.factories import ProjectFactory

    return ProjectFactory(
        household=household,
        programme=world.asrl,
        operator=world.orgs.chrs,
        referent=world.users.social_worker,
        start_date=dt.date(2019, 10, 1),
        active=True,
    )


@pytest.fixture
def joint_project(world):
    """A joint SOLiHA × MTA project with a volunteer assigned (seed 000)."""
    from tests.households.factories import ProjectFactory

    household = HouseholdFactory(organisation=world.orgs.soliha, territory=world.territories.marcq)
    project = ProjectFactory(
        household=household,
        programme=world.joint,
        operator=world.orgs.soliha,
        referent=world.users.soliha_worker,
        start_date=dt.date(2021, 3, 1),
        active=True,
    )
    project.partners.add(world.orgs.mta)
    project.volunteers.add(world.users.volunteer)
    return project
