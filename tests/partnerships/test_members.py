"""issue 13, case 1 "people and roles": who grants which role where, through the services of
partnerships/services/members.py; each change is in the history and e-mailed to the person."""

import datetime as dt
import re
from unittest import mock

import pytest
from django.contrib.auth.tokens import default_token_generator
from django.test import Client

from partnerships import services
from partnerships.enums import Role
from partnerships.errors import MembershipError
from partnerships.models import Membership, User
from partnerships.tokens import invitation_token_generator
from tests.partnerships.factories import OrganisationFactory, UserFactory, member

pytestmark = pytest.mark.django_db


@pytest.fixture
def department_director(world):
    """An administrator of the département: a director of the Pas-de-Calais, whose
    territory is attached to it."""
    world.orgs.department.territories.add(world.territories.pas_de_calais)
    return member(Role.DIRECTOR, world.orgs.department, first_name="Claire")


@pytest.fixture
def mails(mailoutbox, django_capture_on_commit_callbacks):
    """The e-mails sent once the service's transaction commits."""

    class Outbox:
        def __call__(self, action):
            with django_capture_on_commit_callbacks(execute=True):
                result = action()
            return result

        @property
        def sent(self):
            return mailoutbox

    return Outbox()


def invite(by, organisation, role, *, email="nouvelle.personne@exemple.test", **extra):
    return services.member_invite(
        organisation=organisation,
        email=email,
        first_name="Lou",
        last_name="Nouveau",
        role=role,
        by=by,
        **extra,
    )


# ------------------------------------------------------------------------------ invitation
def test_a_director_invites_a_social_worker_who_chooses_a_password_through_the_link(world, mails):
    director = world.users.director
    membership = mails(lambda: invite(director, world.orgs.chrs, Role.SOCIAL_WORKER))
    user = membership.user
    assert (membership.organisation, membership.role, membership.is_active) == (
        world.orgs.chrs,
        Role.SOCIAL_WORKER,
        True,
    )
    assert not user.has_usable_password() and not user.is_staff
    assert membership.history.get().history_user == director
    [mail] = mails.sent
    assert mail.to == ["nouvelle.personne@exemple.test"]
    assert mail.subject == "Maillage : votre accès pour CHRS Le Relais"
    assert "« Travailleur social »" in mail.body and "choisir votre mot de passe" in mail.body
    link = re.search(r"/mot-de-passe/definir/\S+/", mail.body).group(0)

    browser = Client()
    form = browser.get(link, follow=True)
    assert form.status_code == 200 and "Choisir mon mot de passe" in form.content.decode()
    new_password = "tisserand-lumineux-2026"
    done = browser.post(
        form.redirect_chain[-1][0],
        {"new_password1": new_password, "new_password2": new_password},
    )
    assert done.status_code == 302
    user.refresh_from_db()
    assert user.check_password(new_password)
    again = browser.get(link, follow=True).content.decode()
    assert "n'est plus valable" in again  # the link is spent


def test_an_invitation_link_lasts_three_days_and_is_not_a_reset_link(world, mails):
    """An invitation waits in a mailbox: 3 days (a reset link asked for on the sign-in page
    lasts one hour), and neither link opens the other's page."""
    membership = mails(lambda: invite(world.users.director, world.orgs.chrs, Role.SOCIAL_WORKER))
    user = membership.user
    token = re.search(r"/mot-de-passe/definir/[^/]+/([^/]+)/", mails.sent[0].body).group(1)
    issued = invitation_token_generator._now()
    two_days = issued + dt.timedelta(days=2, hours=23)
    four_days = issued + dt.timedelta(days=3, minutes=1)
    with mock.patch.object(invitation_token_generator, "_now", return_value=two_days):
        assert invitation_token_generator.check_token(user, token)
    with mock.patch.object(invitation_token_generator, "_now", return_value=four_days):
        assert not invitation_token_generator.check_token(user, token)
    assert not default_token_generator.check_token(user, token)
    reset = default_token_generator.make_token(user)
    assert not invitation_token_generator.check_token(user, reset)


def test_an_unknown_person_needs_a_name_and_a_valid_address(world):
    with pytest.raises(MembershipError, match="adresse e-mail valide"):
        invite(world.users.director, world.orgs.chrs, Role.SOCIAL_WORKER, email="pas-une-adresse")
    with pytest.raises(MembershipError, match="prénom et le nom"):
        services.member_invite(
            organisation=world.orgs.chrs,
            email="x@exemple.test",
            first_name="",
            last_name="",
            role=Role.VOLUNTEER,
            by=world.users.director,
        )
    assert not User.objects.filter(email__in=["pas-une-adresse", "x@exemple.test"]).exists()


def test_a_known_person_gets_the_role_without_a_new_account(world, mails):
    worker, director, chrs = world.users.soliha_worker, world.users.director, world.orgs.chrs
    membership = mails(lambda: invite(director, chrs, Role.SOCIAL_WORKER, email=worker.email))
    assert membership.user == worker
    assert "choisir votre mot de passe" not in mails.sent[0].body
    with pytest.raises(MembershipError, match="déjà travailleur social de CHRS Le Relais"):
        invite(world.users.director, world.orgs.chrs, Role.SOCIAL_WORKER, email=worker.email)


def test_inviting_again_a_person_who_never_came_sends_a_new_link(world, mails):
    director = world.users.director
    first = mails(lambda: invite(director, world.orgs.chrs, Role.VOLUNTEER))
    again = mails(lambda: invite(director, world.orgs.chrs, Role.VOLUNTEER))
    assert again == first
    assert Membership.objects.filter(user=first.user).count() == 1
    assert len(mails.sent) == 2 and "renvoie votre invitation" in mails.sent[1].body


# -------------------------------------------------------------------------- who grants what
@pytest.mark.parametrize("role", [Role.SOCIAL_WORKER, Role.VOLUNTEER, Role.DIRECTOR])
def test_a_director_grants_the_roles_of_their_structure_up_to_director(world, role):
    membership = invite(world.users.director, world.orgs.chrs, role)
    assert membership.role == role
    assert membership.user.is_staff == (role == Role.DIRECTOR)


@pytest.mark.parametrize("role", [Role.COORDINATOR, Role.DEPARTMENT_STAFF])
def test_a_director_of_a_partner_cannot_grant_department_roles(world, role):
    with pytest.raises(MembershipError, match="Agent départemental|administrateurs du département"):
        invite(world.users.director, world.orgs.chrs, role, territory=world.territories.artois)
    assert not User.objects.filter(email="nouvelle.personne@exemple.test").exists()


@pytest.mark.parametrize(
    "role", [Role.SOCIAL_WORKER, Role.DIRECTOR, Role.COORDINATOR, Role.DEPARTMENT_STAFF]
)
def test_nobody_grants_a_role_in_an_organisation_they_do_not_direct(world, role):
    territory = world.territories.artois if role == Role.COORDINATOR else None
    for organisation in (world.orgs.department, world.orgs.other):
        with pytest.raises(MembershipError, match="Vous ne dirigez pas"):
            invite(world.users.director, organisation, role, territory=territory)
    # Department staff direct nothing: they grant nothing either.
    with pytest.raises(MembershipError, match="Vous ne dirigez pas"):
        invite(world.users.staff, world.orgs.department, role, territory=territory)
    assert not User.objects.filter(email="nouvelle.personne@exemple.test").exists()


def test_the_departement_appoints_a_coordinator_on_a_territory_of_its_own(
    world, department_director
):
    lens, department = world.territories.lens, world.orgs.department
    coordinator = invite(department_director, department, Role.COORDINATOR, territory=lens)
    assert (coordinator.role, coordinator.territory) == (Role.COORDINATOR, lens)
    with pytest.raises(MembershipError, match="n'est pas un territoire de"):
        invite(
            department_director,
            world.orgs.department,
            Role.COORDINATOR,
            email="autre@exemple.test",
            territory=world.territories.marcq,  # the Nord, not the Pas-de-Calais
        )
    with pytest.raises(MembershipError, match="doit avoir un territoire"):
        invite(department_director, world.orgs.department, Role.COORDINATOR, email="b@exemple.test")


def test_the_departement_appoints_its_staff_who_enter_the_administration(
    world, department_director
):
    staff = invite(department_director, world.orgs.department, Role.DEPARTMENT_STAFF)
    assert staff.user.is_staff
    other_department = OrganisationFactory(department=True)
    with pytest.raises(MembershipError, match="Vous ne dirigez pas"):
        invite(department_director, other_department, Role.DEPARTMENT_STAFF, email="c@exemple.test")


def test_department_staff_only_work_in_a_departement(world):
    superuser = UserFactory(is_superuser=True, is_staff=True)
    with pytest.raises(MembershipError, match="s'exerce dans un département"):
        invite(superuser, world.orgs.chrs, Role.DEPARTMENT_STAFF)
    assert invite(superuser, world.orgs.department, Role.DEPARTMENT_STAFF).user.is_staff


# ---------------------------------------------------------------------- change, take back
def test_a_director_changes_a_role_and_the_person_is_told(world, mails):
    director = world.users.director
    membership = world.users.social_worker.memberships.get()
    mails(lambda: services.member_set_role(membership=membership, role=Role.DIRECTOR, by=director))
    membership.refresh_from_db()
    assert membership.role == Role.DIRECTOR and membership.user.is_staff
    assert membership.history.first().history_user == director
    [mail] = mails.sent
    assert mail.to == [world.users.social_worker.email]
    assert "« Travailleur social » devient « Directeur / président »" in mail.body


def test_a_director_cannot_change_their_own_role(world):
    director = world.users.director
    with pytest.raises(MembershipError, match="votre propre rôle"):
        services.member_deactivate(membership=director.memberships.get(), by=director)
    assert director.memberships.get().is_active


def test_a_director_cannot_turn_a_member_into_a_coordinator(world):
    membership = world.users.social_worker.memberships.get()
    with pytest.raises(MembershipError, match="administrateurs du département"):
        services.member_set_role(
            membership=membership,
            role=Role.COORDINATOR,
            territory=world.territories.artois,
            by=world.users.director,
        )
    membership.refresh_from_db()
    assert membership.role == Role.SOCIAL_WORKER


def test_only_the_departement_moves_its_coordinator(world, department_director):
    membership = world.users.coordinator.memberships.get()
    with pytest.raises(MembershipError, match="Vous ne dirigez pas"):
        services.member_set_role(
            membership=membership,
            role=Role.COORDINATOR,
            territory=world.territories.lens,
            by=world.users.director,
        )
    services.member_set_role(
        membership=membership,
        role=Role.COORDINATOR,
        territory=world.territories.lens,
        by=department_director,
    )
    membership.refresh_from_db()
    assert membership.territory == world.territories.lens


def test_a_role_taken_back_closes_what_it_opened(client, world, household, mails):
    director = world.users.director
    worker = world.users.social_worker
    membership = worker.memberships.get()
    mails(lambda: services.member_deactivate(membership=membership, by=director))
    membership.refresh_from_db()
    assert not membership.is_active
    assert membership.history.first().history_user == director
    assert "a retiré votre rôle « Travailleur social » pour CHRS Le Relais" in mails.sent[0].body
    client.force_login(worker)
    assert client.get(household.get_absolute_url()).status_code == 404
    with pytest.raises(MembershipError, match="déjà retiré"):
        services.member_deactivate(membership=membership, by=director)


def test_taking_back_a_role_elsewhere_is_refused(world):
    membership = world.users.outsider.memberships.get()
    with pytest.raises(MembershipError, match="Vous ne dirigez pas"):
        services.member_deactivate(membership=membership, by=world.users.director)
    membership.refresh_from_db()
    assert membership.is_active
