"""The perimeter of every role (domain.md § The people and their perimeter)."""

import pytest

from funding.models import Grant
from governance.models import Committee, Meeting
from households.models import Contact, Household, InterventionProject
from partnerships.models import ActivityRecord, Convention, Organisation
from tests.funding.factories import GrantFactory
from tests.governance.factories import MeetingFactory
from tests.households.factories import ContactFactory, HouseholdFactory, ProjectFactory
from tests.partnerships.convention_factories import ActivityRecordFactory
from tests.partnerships.factories import (
    UserFactory,
    convention_between,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def households(world):
    """On the shared world: households of the CHRS in Arras (a) and in Lens (vol, followed
    with MTA's volunteer), of Opérateur B in Lens (b, and co, co-followed by the CHRS);
    conventions of the Département with the CHRS (ASRL-2019) and with B (2023-999), of the
    commune with B (MED-2019); grants of the first two, a meeting under each of ASRL-2019 and
    MED-2019."""
    chrs, other = world.orgs.chrs, world.orgs.other
    arras, lens = world.territories.arras, world.territories.lens
    households = {
        "a": HouseholdFactory(organisation=chrs, territory=arras),
        "b": HouseholdFactory(organisation=other, territory=lens),
        "co": HouseholdFactory(organisation=other, territory=lens),
        "vol": HouseholdFactory(organisation=chrs, territory=lens),
    }
    ProjectFactory(household=households["a"])
    ProjectFactory(household=households["b"])
    ProjectFactory(household=households["co"], partners=[chrs])
    ProjectFactory(
        household=households["vol"], partners=[world.orgs.mta], volunteers=[world.users.volunteer]
    )

    department = world.orgs.department
    convention_b = convention_between(department, other, reference="2023-999")
    GrantFactory(convention=world.conventions.asrl, funder=department, beneficiary=chrs)
    GrantFactory(convention=convention_b, funder=department, beneficiary=other)
    MeetingFactory(committee__convention=world.conventions.asrl, committee__organisation=department)
    MeetingFactory(
        committee__convention=world.conventions.mediation,
        committee__organisation=world.orgs.commune,
    )
    return households


@pytest.fixture
def people(world):
    """The world's people by role, and two more: a superuser and a person of no structure."""
    users = world.users
    return {
        "social_worker": users.social_worker,
        "volunteer": users.volunteer,
        "coordinator": users.coordinator,
        "director": users.director,
        "department_staff": users.staff,
        "signatory_partner": users.partner,
        "superuser": UserFactory(is_superuser=True, is_staff=True),
        "nobody": UserFactory(),
    }


def refs(queryset):
    return {obj.reference for obj in queryset}


def visible_households(households, user):
    return {
        key
        for key, h in households.items()
        if Household.objects.visible_to(user).filter(pk=h.pk).exists()
    }


@pytest.mark.parametrize(
    ("who", "expected"),
    [
        # a social worker sees their organisation's households and those it co-follows
        ("social_worker", {"a", "co", "vol"}),
        # a volunteer only the households they are assigned to
        ("volunteer", {"vol"}),
        # a coordinator the households of their territory (Arras is in Artois)
        ("coordinator", {"a"}),
        ("director", {"a", "co", "vol"}),
        # department staff and signatory partners: no names at all
        ("department_staff", set()),
        ("signatory_partner", set()),
        ("superuser", {"a", "b", "co", "vol"}),
        ("nobody", set()),
    ],
)
def test_household_perimeter_of_each_role(households, people, who, expected):
    assert visible_households(households, people[who]) == expected


def test_children_of_households_follow_the_same_perimeter(households, people):
    user = people["volunteer"]
    visible_projects = InterventionProject.objects.visible_to(user)
    assert {p.household_id for p in visible_projects} == {households["vol"].pk}


def test_volunteer_never_reads_confidential_notes(households, people):
    contact = ContactFactory(project=households["vol"].projects.get())
    volunteer = people["volunteer"]
    social_worker = people["social_worker"]
    assert Contact.objects.visible_to(volunteer).filter(pk=contact.pk).exists()
    assert not volunteer.has_perm("households.read_confidential_notes", contact.project.household)
    assert social_worker.has_perm("households.read_confidential_notes", contact.project.household)
    assert not people["department_staff"].has_perm(
        "households.read_confidential_notes", contact.project.household
    )


@pytest.mark.parametrize(
    ("who", "expected"),
    [
        ("social_worker", {"ASRL-2019"}),
        ("director", {"ASRL-2019"}),
        ("department_staff", {"ASRL-2019", "2023-999"}),
        # seed 003 §VI: each signatory sees its own perimeter only
        ("signatory_partner", {"MED-2019"}),
        # any role sees the conventions its structure is party to
        ("volunteer", {"CADRE-2021"}),
        ("superuser", {"ASRL-2019", "CADRE-2021", "MED-2019", "2023-999"}),
    ],
)
def test_convention_perimeter_of_each_role(households, people, who, expected):
    assert refs(Convention.objects.visible_to(people[who])) == expected


@pytest.mark.parametrize(
    ("who", "expected_beneficiaries"),
    [
        ("department_staff", {"CHRS Le Relais", "Opérateur B"}),
        ("director", {"CHRS Le Relais"}),
        ("social_worker", set()),
        ("volunteer", set()),
        ("coordinator", set()),
        ("signatory_partner", set()),
    ],
)
def test_money_is_read_by_funding_roles_only(households, people, who, expected_beneficiaries):
    grants = Grant.objects.visible_to(people[who]).select_related("beneficiary")
    assert {g.beneficiary.name for g in grants} == expected_beneficiaries


def test_governance_follows_the_convention(households, people):
    partner = people["signatory_partner"]
    staff = people["department_staff"]
    assert {c.organisation.name for c in Committee.objects.visible_to(partner)} == {
        "Commune de Lille"
    }
    assert Meeting.objects.visible_to(staff).count() == 1


def test_organisations_visible_are_own_and_partners(households, people):
    names = {o.name for o in Organisation.objects.visible_to(people["social_worker"])}
    assert "CHRS Le Relais" in names
    assert "Opérateur B" not in names


def test_activity_is_read_through_the_conventions_of_ones_structure(world, people):
    # It used to count the volunteer's activity records when none existed at all.
    mine = ActivityRecordFactory(convention=world.conventions.joint, operator=world.orgs.mta)
    ActivityRecordFactory(convention=world.conventions.mediation, operator=world.orgs.other)
    assert list(ActivityRecord.objects.visible_to(people["volunteer"])) == [mine]


def test_director_approves_only_for_own_structures(households, people):
    director = people["director"]
    own = households["a"].projects.get()
    other = households["b"].projects.get()
    assert director.has_perm("households.approve_project", own)
    assert not director.has_perm("households.approve_project", other)
    assert not people["social_worker"].has_perm("households.approve_project", own)


def test_coordinator_decides_orientation_in_own_territory_only(households, people):
    from tests.households.factories import ReferralFactory

    coordinator = people["coordinator"]
    in_artois = ReferralFactory(household=households["a"])
    in_lens = ReferralFactory(household=households["b"])
    assert coordinator.has_perm("households.decide_orientation", in_artois)
    assert not coordinator.has_perm("households.decide_orientation", in_lens)


def test_only_the_funder_staff_manages_a_grant(households, people):
    grant = Grant.objects.get(convention__reference="ASRL-2019")
    assert people["department_staff"].has_perm("funding.manage_grant", grant)
    assert not people["director"].has_perm("funding.manage_grant", grant)


def test_volunteer_logs_contacts_only_on_assigned_projects(households, people):
    volunteer = people["volunteer"]
    assert volunteer.has_perm("households.log_contact", households["vol"].projects.get())
    assert not volunteer.has_perm("households.log_contact", households["a"].projects.get())
