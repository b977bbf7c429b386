"""The perimeter of every role (domain.md § The people and their perimeter)."""

import pytest

from funding.models import Grant
from governance.models import Committee, Meeting
from households.models import Contact, Household, InterventionProject
from partnerships.enums import Role
from partnerships.models import ActivityRecord, Convention, Organisation
from tests.funding.factories import GrantFactory
from tests.governance.factories import MeetingFactory
from tests.households.factories import ContactFactory, HouseholdFactory, ProjectFactory
from tests.partnerships.factories import (
    OrganisationFactory,
    TerritoryFactory,
    UserFactory,
    convention_between,
    member,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    """Two operators A and B, a department, a commune; households on two territories."""
    artois = TerritoryFactory(name="Artois")
    arras = TerritoryFactory(name="Arras", parent=artois, kind="commune")
    lens = TerritoryFactory(name="Lens-Hénin")
    org_a = OrganisationFactory(name="SOLiHA Métropole Nord")
    org_b = OrganisationFactory(name="Opérateur B")
    mta = OrganisationFactory(name="Marcq Terre d'Accueil")
    department = OrganisationFactory(department=True)
    commune = OrganisationFactory(name="Commune de Lille", kind="commune")

    volunteer = member(Role.VOLUNTEER, mta)
    households = {
        "a": HouseholdFactory(organisation=org_a, territory=arras),
        "b": HouseholdFactory(organisation=org_b, territory=lens),
        "co": HouseholdFactory(organisation=org_b, territory=lens),
        "vol": HouseholdFactory(organisation=org_a, territory=lens),
    }
    ProjectFactory(household=households["a"])
    ProjectFactory(household=households["b"])
    co_project = ProjectFactory(household=households["co"])
    co_project.partners.add(org_a)
    vol_project = ProjectFactory(household=households["vol"])
    vol_project.partners.add(mta)
    vol_project.volunteers.add(volunteer)

    convention_ab = convention_between(department, org_a, reference="2023-121")
    convention_b = convention_between(department, org_b, reference="2023-999")
    convention_commune = convention_between(commune, org_b, reference="MED-2019")
    GrantFactory(convention=convention_ab, funder=department, beneficiary=org_a)
    GrantFactory(convention=convention_b, funder=department, beneficiary=org_b)
    MeetingFactory(committee__convention=convention_ab, committee__organisation=department)
    MeetingFactory(committee__convention=convention_commune, committee__organisation=commune)

    users = {
        "social_worker": member(Role.SOCIAL_WORKER, org_a),
        "volunteer": volunteer,
        "coordinator": member(Role.COORDINATOR, department, territory=artois),
        "director": member(Role.DIRECTOR, org_a),
        "department_staff": member(Role.DEPARTMENT_STAFF, department),
        "signatory_partner": member(Role.SIGNATORY_PARTNER, commune),
        "superuser": UserFactory(is_superuser=True, is_staff=True),
        "nobody": UserFactory(),
    }
    return {"h": households, "u": users, "orgs": {"a": org_a, "b": org_b}}


def refs(queryset):
    return {obj.reference for obj in queryset}


def visible_households(world, who):
    user = world["u"][who]
    return {
        key
        for key, h in world["h"].items()
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
def test_household_perimeter_of_each_role(world, who, expected):
    assert visible_households(world, who) == expected


def test_children_of_households_follow_the_same_perimeter(world):
    user = world["u"]["volunteer"]
    visible_projects = InterventionProject.objects.visible_to(user)
    assert {p.household_id for p in visible_projects} == {world["h"]["vol"].pk}


def test_volunteer_never_reads_confidential_notes(world):
    contact = ContactFactory(project=world["h"]["vol"].projects.get())
    volunteer = world["u"]["volunteer"]
    social_worker = world["u"]["social_worker"]
    assert Contact.objects.visible_to(volunteer).filter(pk=contact.pk).exists()
    assert not volunteer.has_perm("households.read_confidential_notes", contact.project.household)
    assert social_worker.has_perm("households.read_confidential_notes", contact.project.household)
    assert not world["u"]["department_staff"].has_perm(
        "households.read_confidential_notes", contact.project.household
    )


@pytest.mark.parametrize(
    ("who", "expected"),
    [
        ("social_worker", {"2023-121"}),
        ("director", {"2023-121"}),
        ("department_staff", {"2023-121", "2023-999"}),
        # seed 003 §VI: each signatory sees its own perimeter only
        ("signatory_partner", {"MED-2019"}),
        ("volunteer", set()),
        ("superuser", {"2023-121", "2023-999", "MED-2019"}),
    ],
)
def test_convention_perimeter_of_each_role(world, who, expected):
    assert refs(Convention.objects.visible_to(world["u"][who])) == expected


@pytest.mark.parametrize(
    ("who", "expected_beneficiaries"),
    [
        ("department_staff", {"SOLiHA Métropole Nord", "Opérateur B"}),
        ("director", {"SOLiHA Métropole Nord"}),
        ("social_worker", set()),
        ("volunteer", set()),
        ("coordinator", set()),
        ("signatory_partner", set()),
    ],
)
def test_money_is_read_by_funding_roles_only(world, who, expected_beneficiaries):
    grants = Grant.objects.visible_to(world["u"][who]).select_related("beneficiary")
    assert {g.beneficiary.name for g in grants} == expected_beneficiaries


def test_governance_follows_the_convention(world):
    partner = world["u"]["signatory_partner"]
    staff = world["u"]["department_staff"]
    assert {c.organisation.name for c in Committee.objects.visible_to(partner)} == {
        "Commune de Lille"
    }
    assert Meeting.objects.visible_to(staff).count() == 1


def test_organisations_visible_are_own_and_partners(world):
    names = {o.name for o in Organisation.objects.visible_to(world["u"]["social_worker"])}
    assert "SOLiHA Métropole Nord" in names
    assert "Opérateur B" not in names


def test_activity_of_unsigned_conventions_is_hidden(world):
    assert ActivityRecord.objects.visible_to(world["u"]["volunteer"]).count() == 0


def test_director_approves_only_for_own_structures(world):
    director = world["u"]["director"]
    own = world["h"]["a"].projects.get()
    other = world["h"]["b"].projects.get()
    assert director.has_perm("households.approve_project", own)
    assert not director.has_perm("households.approve_project", other)
    assert not world["u"]["social_worker"].has_perm("households.approve_project", own)


def test_coordinator_decides_orientation_in_own_territory_only(world):
    from tests.households.factories import ReferralFactory

    coordinator = world["u"]["coordinator"]
    in_artois = ReferralFactory(household=world["h"]["a"])
    in_lens = ReferralFactory(household=world["h"]["b"])
    assert coordinator.has_perm("households.decide_orientation", in_artois)
    assert not coordinator.has_perm("households.decide_orientation", in_lens)


def test_only_the_funder_staff_manages_a_grant(world):
    grant = Grant.objects.get(convention__reference="2023-121")
    assert world["u"]["department_staff"].has_perm("funding.manage_grant", grant)
    assert not world["u"]["director"].has_perm("funding.manage_grant", grant)


def test_volunteer_logs_contacts_only_on_assigned_projects(world):
    volunteer = world["u"]["volunteer"]
    assert volunteer.has_perm("households.log_contact", world["h"]["vol"].projects.get())
    assert not volunteer.has_perm("households.log_contact", world["h"]["a"].projects.get())
