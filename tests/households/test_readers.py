"""issue 16: « Qui peut voir ce dossier » — the panel names every structure and person who can
read the household's file, and why, by the rule of the perimeter itself."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from demo.loader import load_demo
from households import services
from households.models import Household, InterventionProject, ReferentChange
from households.readers import household_readers
from partnerships.enums import Role
from partnerships.models import Membership, User
from tests.households.factories import HouseholdFactory, ProjectFactory
from tests.partnerships.factories import MembershipFactory, UserFactory, member

pytestmark = pytest.mark.django_db


def readers_of(household: Household):
    household = Household.objects.select_related("territory").get(pk=household.pk)
    projects = list(household.projects.select_related("programme", "referent"))
    return household_readers(household, projects)


def reasons_of(readers, user) -> list[str]:
    return next((p.reasons for p in readers.people if p.person == user), [])


def structure(readers, organisation):
    return next(s for s in readers.structures if s.organisation == organisation)


def assert_panel_is_the_perimeter() -> int:
    """For every household and every user: named by the panel ⟺ visible_to gives it."""
    households = list(Household.objects.select_related("territory").order_by("pk"))
    named = {h.pk: readers_of(h).user_ids() for h in households}
    checked = 0
    for user in User.objects.order_by("pk"):
        fresh = User.objects.get(pk=user.pk)  # memberships are cached on the user object
        visible = set(Household.objects.visible_to(fresh).values_list("pk", flat=True))
        for household in households:
            assert (user.pk in named[household.pk]) == (household.pk in visible), (
                user.email,
                household.reference,
            )
            checked += 1
    return checked


def test_the_panel_names_exactly_who_visible_to_lets_in_for_every_demo_user(client):
    load_demo()
    # The demo's own handover (the joint SOLiHA × MTA household): shown on the file.
    change = ReferentChange.objects.select_related("project__household").get()
    client.force_login(User.objects.get(email="travailleur.social@maillage.test"))
    html = client.get(change.project.household.get_absolute_url()).content.decode()
    assert change.reason in html and "accès de transition" in html
    # A handover on top of the demo: its former referent then leaves for another structure,
    # so that the transition access is the only thing that opens the file to them.
    project = (
        InterventionProject.objects.exclude(status="closed")
        .select_related("operator", "referent")
        .order_by("pk")
        .first()
    )
    colleague = UserFactory(first_name="Sacha", last_name="Relais")
    MembershipFactory(user=colleague, organisation=project.operator, role=Role.SOCIAL_WORKER)
    former = project.referent
    services.project_change_referent(
        project=project, new_referent=colleague, reason="Mutation.", by=former
    )
    elsewhere = (
        Membership.objects.exclude(organisation=project.operator)
        .filter(role=Role.SOCIAL_WORKER)
        .order_by("pk")
        .first()
        .organisation
    )
    Membership.objects.filter(user=former, organisation=project.operator).update(is_active=False)
    MembershipFactory(user=former, organisation=elsewhere, role=Role.SOCIAL_WORKER)
    former = User.objects.get(pk=former.pk)
    assert project.household in Household.objects.visible_to(former)
    assert any("transition" in r for r in reasons_of(readers_of(project.household), former))

    demo_users = User.objects.filter(email__endswith="@maillage.test").count()
    assert demo_users >= 8
    assert assert_panel_is_the_perimeter() >= demo_users * Household.objects.count()


def test_each_reason_is_said(world, asrl_project, joint_project):
    superuser = UserFactory(is_superuser=True, is_staff=True)
    readers = readers_of(asrl_project.household)
    chrs = structure(readers, world.orgs.chrs)
    assert chrs.reasons == ["Structure référente", "Co-suivi opérateur"]
    assert {world.users.social_worker, world.users.director} <= set(chrs.people)
    assert world.users.social_worker.pk in readers.referents
    assert reasons_of(readers, world.users.coordinator) == [
        f"Coordinateur du territoire {world.territories.artois} ({world.orgs.department})"
    ]
    assert reasons_of(readers, superuser) == ["Administrateur de Maillage"]
    assert world.users.volunteer.pk not in readers.user_ids()

    joint = readers_of(joint_project.household)
    assert structure(joint, world.orgs.mta).reasons == ["Co-suivi partenaire"]
    # MTA's volunteers are not its professionals: only the one assigned reads the file.
    assert world.users.volunteer not in structure(joint, world.orgs.mta).people
    assert reasons_of(joint, world.users.volunteer) == ["Bénévole affecté"]
    assert world.users.mta_director in structure(joint, world.orgs.mta).people


def test_a_volunteer_who_left_their_association_is_no_longer_named(world, joint_project):
    Membership.objects.filter(user=world.users.volunteer).update(is_active=False)
    assert world.users.volunteer.pk not in readers_of(joint_project.household).user_ids()


def test_the_panel_on_the_file(client, world, asrl_project):
    client.force_login(world.users.social_worker)
    html = client.get(asrl_project.household.get_absolute_url()).content.decode()
    panel = html.split('id="titre-lecteurs"')[1].split("</section>")[0]
    assert "Qui peut voir ce dossier" in html
    assert str(world.orgs.chrs) in panel
    assert "Co-suivi opérateur" in panel
    assert str(world.users.director) in panel
    assert "Coordinateur du territoire" in panel


def test_the_panel_costs_the_same_queries_whatever_the_rows(world, household):
    def grow(n):
        for _ in range(n):
            ProjectFactory(
                household=household,
                programme=world.joint,
                operator=world.orgs.soliha,
                referent=world.users.soliha_worker,
                partners=[world.orgs.mta, world.orgs.siao],
                volunteers=[member(Role.VOLUNTEER, world.orgs.mta)],
            )
            member(Role.SOCIAL_WORKER, world.orgs.chrs)
            member(Role.COORDINATOR, world.orgs.department, territory=world.territories.artois)
            UserFactory(is_superuser=True)
        services.refresh_access(household)

    def count() -> tuple[int, int]:
        loaded = Household.objects.select_related("territory").get(pk=household.pk)
        projects = list(loaded.projects.select_related("programme", "referent"))
        with CaptureQueriesContext(connection) as queries:
            readers = household_readers(loaded, projects)
        return len(queries.captured_queries), len(readers.user_ids())

    grow(1)
    few, few_people = count()
    grow(5)
    many, many_people = count()
    assert many_people > few_people
    assert few == many == 3


def test_another_organisation_never_sees_the_panel(client, world, asrl_project):
    client.force_login(world.users.outsider)
    assert client.get(asrl_project.household.get_absolute_url()).status_code == 404
    assert world.users.outsider.pk not in readers_of(asrl_project.household).user_ids()


def test_a_household_without_project_lists_its_referring_structure(world):
    household = HouseholdFactory(organisation=world.orgs.soliha, territory=world.territories.lens)
    services.refresh_access(household)
    readers = readers_of(household)
    assert [s.organisation for s in readers.structures] == [world.orgs.soliha]
    assert world.users.coordinator.pk not in readers.user_ids()  # Lens is not in Artois
