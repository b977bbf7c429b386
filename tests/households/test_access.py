"""issue 15: the perimeter is read from the access table (HouseholdAccess), not computed.

The table is kept by the services that change who follows a household; the perimeter read
from it must be the very one computed from the sources (household_perimeter_computed), for
every user, after every service call."""

import datetime as dt
import importlib
import random
from types import SimpleNamespace

import pytest
from django.core.management import call_command
from django.db import connection
from django.utils import timezone

from households import services
from households.enums import (
    AccessReason,
    HousingSituation,
    OrientationOutcome,
    ProjectStatus,
    ReferralStatus,
    Relationship,
)
from households.models import (
    FOLLOWING_ROLES,
    Contact,
    Household,
    HouseholdAccess,
    InterventionProject,
    Referral,
    household_perimeter,
)
from households.models.households import household_perimeter_computed
from households.services import HouseholdError
from partnerships.enums import Role
from partnerships.models import Membership, User
from tests.households.factories import ContactFactory, HouseholdFactory
from tests.partnerships.factories import UserFactory, member

pytestmark = pytest.mark.django_db


def accesses(household) -> set[tuple[str, str]]:
    """(who, reason) of the household's rows: an organisation's name or a person's e-mail."""
    rows = HouseholdAccess.objects.filter(household=household).select_related(
        "organisation", "user"
    )
    return {(r.organisation.name if r.organisation else r.user.email, r.reason) for r in rows}


def visible(user, rule, **options) -> set[int]:
    fresh = User.objects.get(pk=user.pk)  # memberships are cached on the user object
    return set(Household.objects.filter(rule(fresh, **options)).values_list("pk", flat=True))


def assert_same_perimeter() -> None:
    """Read and computed perimeters agree for every user, households and the rows that
    belong to them (projects, contacts: the household path of HouseholdChildQuerySet)."""
    checked = 0
    for user in User.objects.order_by("pk"):
        for professionals_only in (False, True):
            read = visible(user, household_perimeter, professionals_only=professionals_only)
            computed = visible(
                user, household_perimeter_computed, professionals_only=professionals_only
            )
            assert read == computed, (user.email, professionals_only)
            # the form a list's count reads (common.expressions.AmongKeys), the same rows
            counted = visible(
                user, household_perimeter, professionals_only=professionals_only, keys_first=True
            )
            assert counted == computed, (user.email, professionals_only)
        fresh = User.objects.get(pk=user.pk)
        computed = Household.objects.filter(household_perimeter_computed(fresh))
        # the keys the admin's lists start from (keys_visible_to), the same households
        keys = {next(iter(row.values())) for row in Household.objects.keys_visible_to(fresh)}
        assert keys == set(computed.values_list("pk", flat=True)), user.email
        for model in (InterventionProject, Contact, Referral):
            path = model.objects.all().household_path
            read = set(model.objects.visible_to(fresh).values_list("pk", flat=True))
            expected = model.objects.filter(**{f"{path}__in": computed.values("pk")})
            assert read == set(expected.values_list("pk", flat=True)), (user.email, model)
        checked += 1
    assert checked > 10


# ------------------------------------------------------------------ property: read = computed
@pytest.fixture
def actors(world):
    """People the random changes need: a worker of the SIAO (an operator the coordinator may
    designate), a second volunteer of MTA, a superuser who acts."""
    return SimpleNamespace(
        admin=UserFactory(is_superuser=True, is_staff=True),
        siao_worker=member(Role.SOCIAL_WORKER, world.orgs.siao),
        volunteer2=member(Role.VOLUNTEER, world.orgs.mta),
        fas_volunteer=member(Role.VOLUNTEER, world.orgs.fas),
    )


def _referent_of(world, actors, operator):
    return {
        world.orgs.chrs.pk: world.users.social_worker,
        world.orgs.soliha.pk: world.users.soliha_worker,
        world.orgs.other.pk: world.users.outsider,
        world.orgs.siao.pk: actors.siao_worker,
    }[operator.pk]


def _random_step(rng: random.Random, world, actors, today: dt.date) -> str:
    """One service call chosen at random among those that change who follows a household;
    when the chosen one has nothing to act on, a new household is referred instead."""
    step = rng.choice(
        ["referral", "orient", "orient", "propose", "joint", "partners", "vol", "handover"]
    )
    done = _step(step, rng, world, actors, today)
    return done or _step("referral", rng, world, actors, today)


def _step(step, rng, world, actors, today) -> str | None:
    by = actors.admin
    operators = [world.orgs.chrs, world.orgs.soliha, world.orgs.other, world.orgs.siao]
    partners = [world.orgs.mta, world.orgs.siao, world.orgs.fas]
    volunteers = [world.users.volunteer, actors.volunteer2, actors.fas_volunteer]
    territories = [world.territories.arras, world.territories.lens, world.territories.marcq]
    if step == "referral":
        services.referral_receive_new_household(
            by=by,
            organisation=rng.choice(operators),
            territory=rng.choice(territories),
            housing_situation=HousingSituation.HOSTED,
            informed_on=None,
            priorities=[],
            first_name="Alex",
            last_name="Fictif",
            birth_date=None,
            relationship=Relationship.HEAD,
            referred_by=rng.choice([world.orgs.siao, world.orgs.commune]),
            programme=world.asrl,
            received_on=today,
            situation="Hébergé chez un tiers.",
        )
    elif step == "orient":
        waiting = list(Referral.objects.waiting().order_by("pk"))
        if not waiting:
            return None
        oriented = rng.random() < 0.7
        services.orientation_decide(
            referral=rng.choice(waiting),
            by=by,
            outcome=OrientationOutcome.ORIENTED if oriented else OrientationOutcome.REFUSED,
            decided_on=today,
            operator=rng.choice(operators) if oriented else None,
            reason="" if oriented else "Hors critères.",
            slisl_head="Chef du SLISL",
            slisl_opinion="favourable",
            slisl_opinion_on=today,
        )
    elif step == "propose":
        ready = [
            r
            for r in Referral.objects.filter(status=ReferralStatus.ORIENTED).select_related(
                "orientation__operator", "household"
            )
            if not r.household.projects.filter(programme=r.programme).exists()
        ]
        if not ready:
            return None
        referral = rng.choice(ready)
        operator = referral.orientation.operator
        services.project_propose(
            household=referral.household,
            by=by,
            programme=world.asrl,
            operator=operator,
            referent=_referent_of(world, actors, operator),
            objectives="Accéder à un logement.",
            referral=referral,
        )
    elif step == "joint":
        households = [
            h
            for h in Household.objects.order_by("pk")
            if not h.projects.filter(programme=world.joint).exists()
        ]
        if not households:
            return None
        chosen = rng.sample(partners, rng.randint(0, 2))
        enrolled = [v for v in volunteers if v.memberships.get().organisation in chosen]
        services.project_propose(
            household=rng.choice(households),
            by=by,
            programme=world.joint,
            operator=world.orgs.soliha,
            referent=world.users.soliha_worker,
            objectives="Accompagnement partagé.",
            partners=chosen,
            volunteers=rng.sample(enrolled, rng.randint(0, len(enrolled))),
        )
    elif step == "partners":
        proposed = list(
            InterventionProject.objects.filter(
                programme=world.joint, status=ProjectStatus.PROPOSED
            ).order_by("pk")
        )
        if not proposed:
            return None
        services.project_set_partners(
            project=rng.choice(proposed), by=by, partners=rng.sample(partners, rng.randint(0, 3))
        )
    elif step == "handover":
        # issue 16: the former referent keeps a transition access (read both ways).
        projects = [
            p
            for p in InterventionProject.objects.exclude(status=ProjectStatus.CLOSED).order_by("pk")
            if Membership.objects.filter(organisation=p.operator_id, role__in=FOLLOWING_ROLES)
            .exclude(user=p.referent_id)
            .exists()
        ]
        if not projects:
            return None
        project = rng.choice(projects)
        colleague = (
            Membership.objects.filter(organisation=project.operator_id, role__in=FOLLOWING_ROLES)
            .exclude(user=project.referent_id)
            .order_by("pk")
            .first()
            .user
        )
        services.project_change_referent(
            project=project, new_referent=colleague, reason="Passation.", by=by
        )
    else:
        projects = list(InterventionProject.objects.filter(programme=world.joint).order_by("pk"))
        if not projects:
            return None
        project = rng.choice(projects)
        structures = services.project_structures(project)
        enrolled = [v for v in volunteers if v.memberships.get().organisation_id in structures]
        services.project_set_volunteers(
            project=project, by=by, volunteers=rng.sample(enrolled, rng.randint(0, len(enrolled)))
        )
    return step


@pytest.mark.parametrize("seed", [15, 16, 17])
def test_the_read_perimeter_is_the_computed_one_after_every_service(
    world, actors, asrl_project, joint_project, seed
):
    ContactFactory(project=asrl_project)
    ContactFactory(project=joint_project)
    HouseholdFactory(organisation=world.orgs.soliha, territory=world.territories.lens)
    assert_same_perimeter()
    rng = random.Random(seed)
    today = timezone.localdate()
    done = []
    for _ in range(12):
        done.append(_random_step(rng, world, actors, today))
        assert_same_perimeter()
    # The run did change who follows what in several ways.
    assert len(set(done)) >= 4, done


# ------------------------------------------------------------------ each service keeps the rows
def test_a_new_household_is_followed_by_its_referring_structure(world):
    household = services.household_create(
        by=world.users.social_worker,
        organisation=world.orgs.chrs,
        territory=world.territories.arras,
        housing_situation=HousingSituation.HOSTED,
    )
    assert accesses(household) == {(world.orgs.chrs.name, AccessReason.REFERRING)}


def test_an_orientation_gives_the_designated_operator_access(world, household):
    referral = services.referral_receive(
        household=household,
        by=world.users.social_worker,
        referred_by=world.orgs.siao,
        programme=world.asrl,
        received_on=dt.date(2024, 1, 10),
        situation="Hébergé chez un tiers.",
    )
    assert household.pk not in visible(world.users.soliha_worker, household_perimeter)
    services.orientation_decide(
        referral=referral,
        by=world.users.coordinator,
        outcome=OrientationOutcome.ORIENTED,
        decided_on=dt.date(2024, 1, 20),
        operator=world.orgs.soliha,
        slisl_head="Mme Delattre, cheffe du SLISL de l'Artois",
        slisl_opinion="favourable",
        slisl_opinion_on=dt.date(2024, 1, 18),
    )
    assert (world.orgs.soliha.name, AccessReason.ORIENTATION) in accesses(household)
    assert household.pk in visible(world.users.soliha_worker, household_perimeter)


def test_a_refused_orientation_gives_no_access(world, household):
    referral = services.referral_receive(
        household=household,
        by=world.users.social_worker,
        referred_by=world.orgs.siao,
        programme=world.asrl,
        received_on=dt.date(2024, 1, 10),
        situation="Hébergé chez un tiers.",
    )
    services.orientation_decide(
        referral=referral,
        by=world.users.coordinator,
        outcome=OrientationOutcome.REFUSED,
        decided_on=dt.date(2024, 1, 20),
        reason="Hors critères.",
    )
    assert accesses(household) == {(world.orgs.chrs.name, AccessReason.REFERRING)}


@pytest.fixture
def proposed_joint(world):
    return services.project_propose(
        household=HouseholdFactory(organisation=world.orgs.soliha),
        by=world.users.soliha_worker,
        programme=world.joint,
        operator=world.orgs.soliha,
        referent=world.users.soliha_worker,
        objectives="Accompagnement partagé.",
        partners=[world.orgs.mta],
        volunteers=[world.users.volunteer],
    )


def test_a_proposed_project_gives_its_operator_partners_and_volunteers_access(
    world, proposed_joint
):
    assert accesses(proposed_joint.household) == {
        (world.orgs.soliha.name, AccessReason.REFERRING),
        (world.orgs.soliha.name, AccessReason.OPERATOR),
        (world.orgs.mta.name, AccessReason.PARTNER),
        (world.users.volunteer.email, AccessReason.VOLUNTEER),
    }


def test_a_partner_taken_off_loses_access_and_its_volunteers_are_unassigned(
    client, world, proposed_joint
):
    household = proposed_joint.household
    client.force_login(world.users.mta_director)
    assert client.get(household.get_absolute_url()).status_code == 200

    services.project_set_partners(
        project=proposed_joint, by=world.users.soliha_worker, partners=[world.orgs.siao]
    )

    assert accesses(household) == {
        (world.orgs.soliha.name, AccessReason.REFERRING),
        (world.orgs.soliha.name, AccessReason.OPERATOR),
        (world.orgs.siao.name, AccessReason.PARTNER),
    }
    assert not proposed_joint.volunteers.exists()
    assert client.get(household.get_absolute_url()).status_code == 404
    client.force_login(world.users.volunteer)
    assert client.get(household.get_absolute_url()).status_code == 404


def test_partners_change_only_while_proposed_and_never_drop_one_that_agreed(world, joint_project):
    with pytest.raises(HouseholdError, match="tant que le projet est proposé"):
        services.project_set_partners(
            project=joint_project, by=world.users.soliha_worker, partners=[]
        )
    assert (world.orgs.mta.name, AccessReason.PARTNER) in accesses(joint_project.household)


def test_a_volunteer_unassigned_loses_access_at_once(client, world, joint_project):
    household = joint_project.household
    client.force_login(world.users.volunteer)
    assert client.get(household.get_absolute_url()).status_code == 200

    services.project_set_volunteers(
        project=joint_project, by=world.users.soliha_worker, volunteers=[]
    )

    assert (world.users.volunteer.email, AccessReason.VOLUNTEER) not in accesses(household)
    assert client.get(household.get_absolute_url()).status_code == 404
    services.project_set_volunteers(
        project=joint_project, by=world.users.soliha_worker, volunteers=[world.users.volunteer]
    )
    assert client.get(household.get_absolute_url()).status_code == 200


def test_a_volunteer_must_belong_to_a_structure_of_the_project(world, asrl_project):
    with pytest.raises(HouseholdError, match="structure du projet"):
        services.project_set_volunteers(
            project=asrl_project, by=world.users.social_worker, volunteers=[world.users.volunteer]
        )
    assert not HouseholdAccess.objects.filter(reason=AccessReason.VOLUNTEER).exists()


def test_someone_of_another_organisation_gets_404_on_the_household(client, world, asrl_project):
    client.force_login(world.users.outsider)
    assert client.get(asrl_project.household.get_absolute_url()).status_code == 404
    assert client.get(asrl_project.get_absolute_url()).status_code == 404
    client.force_login(world.users.social_worker)
    assert client.get(asrl_project.household.get_absolute_url()).status_code == 200


def test_an_access_until_a_date_ends_on_that_date(world, household):
    """The room issue 16 uses (handover: the former referent keeps a read-only access)."""
    outsider = world.users.outsider
    access = HouseholdAccess.objects.create(
        household=household,
        user=outsider,
        reason=AccessReason.HANDOVER,
        until=timezone.now() + dt.timedelta(days=30),
    )
    assert household.pk in visible(outsider, household_perimeter)
    access.until = timezone.now() - dt.timedelta(seconds=1)
    access.save()
    assert household.pk not in visible(outsider, household_perimeter)
    # A handover is not derived from the sources: a rebuild keeps it.
    services.rebuild_access()
    assert HouseholdAccess.objects.filter(pk=access.pk).exists()


# ------------------------------------------------------------------ repair, backfill
def test_rebuild_repairs_the_table_and_a_second_run_writes_nothing(
    world, asrl_project, joint_project
):
    expected = set(
        HouseholdAccess.objects.values_list("household", "organisation", "user", "reason")
    )
    HouseholdAccess.objects.filter(reason=AccessReason.PARTNER).delete()
    HouseholdAccess.objects.create(
        household=asrl_project.household, organisation=world.orgs.other, reason="operator"
    )
    out = SimpleNamespace(text="")

    class Capture:
        def write(self, text):
            out.text += text

    call_command("rebuild_household_access", stdout=Capture())
    assert "1 ajouté(s), 1 retiré(s)" in out.text
    after = set(HouseholdAccess.objects.values_list("household", "organisation", "user", "reason"))
    assert after == expected
    out.text = ""
    call_command("rebuild_household_access", batch=1, stdout=Capture())
    assert "0 ajouté(s), 0 retiré(s)" in out.text


def test_the_migration_backfill_gives_what_the_services_keep(world, asrl_project, joint_project):
    kept = set(HouseholdAccess.objects.values_list("household", "organisation", "user", "reason"))
    assert len(kept) >= 6
    HouseholdAccess.objects.all().delete()
    migration = importlib.import_module("households.migrations.0009_household_access")
    migration.backfill(None, SimpleNamespace(connection=connection))
    filled = set(HouseholdAccess.objects.values_list("household", "organisation", "user", "reason"))
    assert filled == kept
