"""The world every test folder shares (registered in tests/conftest.py with pytest_plugins).

`world` is the Pas-de-Calais of the source documents: its territories, the structures that
work together there, the two programmes (ASRL, seed 004; SOLiHA × MTA, seed 000) and a person
for every role. Tests add what they are about with the factories and their Traits
(tests/<app>/factories.py); the fixtures below add the objects several folders use: a
household of the CHRS, its ASRL project, the joint project, and seed 001's CPOM with its grant.

    world.territories  pas_de_calais > artois > arras ; pas_de_calais > lens ; marcq
    world.orgs         department, chrs, siao (ASRL-2019) ; soliha, mta (CADRE-2021) ;
                       commune, other (MED-2019) ; fas (the CPOM's beneficiary)
    world.users        social_worker, director (CHRS) ; coordinator (Artois), staff
                       (Département) ; soliha_worker, soliha_director, mta_director,
                       volunteer (MTA) ; fas_director ; partner (signatory, commune) ;
                       outsider, outsider_director ("Opérateur B")
"""

import datetime as dt
from decimal import Decimal
from types import SimpleNamespace

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from funding import services as funding_services
from funding.enums import GrantPaperKind
from funding.envelopes import allocation_set
from households.enums import Relationship
from partnerships.enums import OrganisationKind, PartyRole, Role, TerritoryKind
from tests.funding.factories import REAL_PDF, BudgetLineFactory, EnvelopeFactory
from tests.households.factories import HouseholdFactory, MemberFactory, ProjectFactory
from tests.partnerships.factories import (
    PASSWORD,
    ConventionFactory,
    ConventionPartyFactory,
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
# seed 001 art. 4.3: the FAS account at the Caisse d'épargne.
FAS_IBAN = "FR76 1627 5006 0008 0002 5263 075"


def build_world() -> SimpleNamespace:
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
    fas = OrganisationFactory(
        name="Fédération des Acteurs de la Solidarité Hauts-de-France",
        short_name="FAS",
        kind=OrganisationKind.FEDERATION,
    )
    commune = OrganisationFactory(name="Commune de Lille", kind=OrganisationKind.COMMUNE)
    other = OrganisationFactory(name="Opérateur B")
    conventions = SimpleNamespace(
        asrl=convention_between(department, chrs, siao, reference="ASRL-2019"),
        joint=convention_between(soliha, mta, reference="CADRE-2021"),
        mediation=convention_between(commune, other, reference="MED-2019"),
    )

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
        soliha_director=member(Role.DIRECTOR, soliha, first_name="Marie"),
        mta_director=member(Role.DIRECTOR, mta, first_name="Jean"),
        volunteer=member(Role.VOLUNTEER, mta),
        fas_director=member(Role.DIRECTOR, fas),
        partner=member(Role.SIGNATORY_PARTNER, commune),
        outsider=member(Role.SOCIAL_WORKER, other),
        outsider_director=member(Role.DIRECTOR, other),
    )
    return SimpleNamespace(
        territories=SimpleNamespace(
            pas_de_calais=pas_de_calais, artois=artois, arras=arras, lens=lens, marcq=marcq
        ),
        orgs=SimpleNamespace(
            department=department,
            chrs=chrs,
            siao=siao,
            soliha=soliha,
            mta=mta,
            fas=fas,
            commune=commune,
            other=other,
        ),
        conventions=conventions,
        asrl=asrl,
        joint=joint,
        users=users,
        password=PASSWORD,
    )


@pytest.fixture
def world(db) -> SimpleNamespace:
    return build_world()


# ------------------------------------------------------------------------ households
@pytest.fixture
def household(world):
    """A household of the CHRS in Arras (Artois)."""
    return HouseholdFactory(organisation=world.orgs.chrs, territory=world.territories.arras)


@pytest.fixture
def asrl_project(world, household):
    """An ASRL project started on 1 October 2019 (seed 004: period from September 2019)."""
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
    household = HouseholdFactory(organisation=world.orgs.soliha, territory=world.territories.marcq)
    project = ProjectFactory(
        household=household,
        programme=world.joint,
        operator=world.orgs.soliha,
        referent=world.users.soliha_worker,
        start_date=dt.date(2021, 3, 1),
        active=True,
        partners=[world.orgs.mta],
        volunteers=[world.users.volunteer],
    )
    return project


# ------------------------------------------------------------------------ seed 001
@pytest.fixture
def department(world):
    """The funder of seed 001 (world.orgs.department)."""
    return world.orgs.department


@pytest.fixture
def fas(world):
    """The beneficiary of seed 001 (world.orgs.fas)."""
    return world.orgs.fas


@pytest.fixture
def agent(world):
    """An agent of the Département (world.users.staff): manages the grant."""
    return world.users.staff


@pytest.fixture
def cpom(world):
    """seed 001: CPOM 2023-2025 authorised by deliberation 2023-121 of 20 March 2023."""
    convention = ConventionFactory(
        reference="2023-121",
        title="Convention-cadre pluriannuelle d'objectifs et de moyens 2023-2025 — FAS",
        start_date=dt.date(2023, 1, 1),
        end_date=dt.date(2025, 12, 31),
        signed_on=dt.date(2023, 3, 20),
    )
    ConventionPartyFactory(
        convention=convention, organisation=world.orgs.department, role=PartyRole.FUNDER
    )
    ConventionPartyFactory(
        convention=convention, organisation=world.orgs.fas, role=PartyRole.BENEFICIARY
    )
    return convention


@pytest.fixture
def budget_line(world):
    """seed 001: C02-585F01, 6568/93428, Partenariats transversaux, AE 375 000 €."""
    return BudgetLineFactory(funder=world.orgs.department)


@pytest.fixture
def fas_grant(world, cpom, budget_line):
    """seed 001 art. 4.1: 20 000 € a year for 2023, 2024 and 2025; its bank identity
    statement on file (art. 4.3)."""
    grant = funding_services.grant_create(
        convention=cpom,
        funder=world.orgs.department,
        beneficiary=world.orgs.fas,
        budget_line=budget_line,
        yearly_amounts={2023: Decimal("20000"), 2024: Decimal("20000"), 2025: Decimal("20000")},
        iban=FAS_IBAN,
        # The document prints "CEPAPFRPP627" (12 characters); a BIC has 8 or 11.
        bic="CEPAFRPP627",
        account_holder="FEDERATION DES ACTEURS DE LA SOL",
        by=world.users.staff,
    )
    # seed 001 art. 4.3: the bank identity statement is produced before any payment.
    funding_services.grant_paper_upload(
        grant=grant,
        kind=GrantPaperKind.BANK_STATEMENT,
        dated=dt.date(2023, 3, 20),
        upload=SimpleUploadedFile("rib-fas.pdf", REAL_PDF),
        by=world.users.staff,
    )
    return grant


# ------------------------------------------------------------------------ seed 004 §5
@pytest.fixture
def envelope_seed(world):
    """seed 004 §5: the DIHAL envelope of 45 measures, 20 for Artois and 25 for Lens-Hénin,
    managed by the Département (its staff share the measures); the CHRS (world.orgs.chrs)
    works in Artois, the CHRS de Lens in Lens-Hénin."""
    seed = SimpleNamespace(
        envelope=EnvelopeFactory(programme=world.asrl, manager=world.orgs.department),
        artois=world.territories.artois,
        lens=world.territories.lens,
        agent=world.users.staff,
        bethune=TerritoryFactory(
            name="Béthune", kind=TerritoryKind.COMMUNE, parent=world.territories.artois
        ),
        lievin=TerritoryFactory(
            name="Liévin", kind=TerritoryKind.COMMUNE, parent=world.territories.lens
        ),
        chrs_artois=world.orgs.chrs,
        chrs_lens=OrganisationFactory(name="CHRS de Lens", kind=OrganisationKind.CHRS_MANAGER),
    )
    allocation_set(envelope=seed.envelope, territory=seed.artois, measures=20, by=seed.agent)
    allocation_set(envelope=seed.envelope, territory=seed.lens, measures=25, by=seed.agent)
    return seed


def envelope_household(territory, organisation, adults=1, children=0, adult_children=0):
    """A household of `adults` adults and children, some of age (seed 004 §5 counts adults)."""
    home = HouseholdFactory(territory=territory, organisation=organisation)
    for index in range(adults):
        MemberFactory(
            household=home, relationship=Relationship.HEAD if index == 0 else Relationship.PARTNER
        )
    for _ in range(children):
        MemberFactory(household=home, child=True)
    for _ in range(adult_children):
        # seed 004 §5: "hors enfants même majeurs"
        MemberFactory(
            household=home, relationship=Relationship.CHILD, birth_date=dt.date(2001, 1, 1)
        )
    return home


def envelope_project(
    seed, *, territory=None, operator=None, adults=1, children=0, adult_children=0, **traits
):
    """A project of the envelope's programme started on 1 October 2019, in Béthune by default
    (`proposed=True`, or any Trait of ProjectFactory, for another state)."""
    operator = operator or seed.chrs_artois
    home = envelope_household(territory or seed.bethune, operator, adults, children, adult_children)
    started = not (traits.get("proposed") or traits.get("approved"))
    fields = {"start_date": dt.date(2019, 10, 1)} if started else {}
    fields.update(traits)
    return ProjectFactory(
        household=home, operator=operator, programme=seed.envelope.programme, **fields
    )
