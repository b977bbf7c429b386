"""issue 13, case 1: the « Membres » page of a director, and the administration that only
shows memberships. "A director gives himself any role in any organisation" — no longer."""

import pytest
from django.urls import reverse

from partnerships.enums import Role
from partnerships.models import Membership, User
from portal.navigation import menu_for
from tests.households.factories import HouseholdFactory
from tests.partnerships.factories import PASSWORD, UserFactory, member

pytestmark = pytest.mark.django_db


def login(client, user):
    """A real login: password (django-axes counts it) and second factor (tests/conftest.py)."""
    assert client.login(email=user.email, password=PASSWORD)
    return client


# --------------------------------------------------------------------------------- case 1
@pytest.mark.parametrize("role", [Role.COORDINATOR, Role.DEPARTMENT_STAFF])
def test_a_director_cannot_give_himself_a_role_in_another_organisation_in_the_admin(
    client, world, fas_grant, role
):
    director = world.users.director
    # A household of the département followed by another structure (Lens-Hénin).
    other_household = HouseholdFactory(
        organisation=world.orgs.other, territory=world.territories.lens
    )
    before = set(Membership.objects.values_list("pk", "role", "organisation", "is_active"))
    login(client, director)
    response = client.post(
        "/admin/partnerships/membership/add/",
        {
            "user": director.pk,
            "organisation": world.orgs.department.pk,
            "role": role,
            "territory": world.territories.pas_de_calais.pk,
            "is_active": "on",
        },
    )
    assert response.status_code == 404
    assert set(Membership.objects.values_list("pk", "role", "organisation", "is_active")) == before
    # He still reads no household of the département outside his structure…
    assert client.get(reverse("households:household_list")).status_code == 200
    assert client.get(other_household.get_absolute_url()).status_code == 404
    listed = client.get(reverse("households:household_list")).content.decode()
    assert other_household.reference not in listed
    # … and cannot change the IBAN of a grant that is not his organisation's.
    iban = fas_grant.iban
    response = client.post(
        reverse("funding:grant_bank_details", args=[fas_grant.pk]),
        {"iban": "FR76 3000 6000 0112 3456 7890 189", "bic": "AGRIFRPP", "account_holder": "X"},
    )
    assert response.status_code == 404
    fas_grant.refresh_from_db()
    assert fas_grant.iban == iban


def test_the_membership_admin_only_shows_and_points_to_the_members_page(client, world):
    director = world.users.director
    login(client, director)
    changelist = client.get("/admin/partnerships/membership/")
    assert changelist.status_code == 200
    page = changelist.content.decode()
    assert reverse("partnerships:member_list") in page
    assert world.users.outsider.email not in page  # another organisation's people
    own = world.users.social_worker.memberships.get()
    change = client.get(f"/admin/partnerships/membership/{own.pk}/change/")
    assert change.status_code == 200 and 'name="_save"' not in change.content.decode()
    response = client.post(
        f"/admin/partnerships/membership/{own.pk}/change/",
        {"user": own.user_id, "organisation": own.organisation_id, "role": Role.DIRECTOR},
    )
    assert response.status_code == 404
    own.refresh_from_db()
    assert own.role == Role.SOCIAL_WORKER


def test_even_a_superuser_grants_roles_on_the_members_page_not_in_the_admin(client, world):
    superuser = UserFactory(is_superuser=True, is_staff=True)
    login(client, superuser)
    assert client.get("/admin/partnerships/membership/add/").status_code == 404
    own = world.users.social_worker.memberships.get()
    history = own.history.first()
    revert = client.post(
        f"/admin/partnerships/membership/{own.pk}/history/{history.pk}/",
        {"user": own.user_id, "organisation": world.orgs.department.pk, "role": "coordinator"},
    )
    assert revert.status_code == 405  # a past version is read, never restored
    own.refresh_from_db()
    assert (own.organisation, own.role) == (world.orgs.chrs, Role.SOCIAL_WORKER)


# ------------------------------------------------------------------------------- the page
def test_members_is_in_the_menu_of_directors_only(world):
    assert "Membres" in [str(i.label) for i in menu_for(world.users.director)]
    for user in (world.users.social_worker, world.users.staff, world.users.coordinator):
        assert "Membres" not in [str(i.label) for i in menu_for(user)]


def test_a_director_sees_the_members_of_their_organisation_only(client, world):
    login(client, world.users.director)
    response = client.get(reverse("partnerships:member_list"))
    assert response.status_code == 200
    page = response.content.decode()
    assert world.users.social_worker.email in page
    for outsider in (world.users.outsider, world.users.staff, world.users.soliha_worker):
        assert outsider.email not in page


@pytest.mark.parametrize("name", ["social_worker", "volunteer", "staff", "partner"])
def test_the_members_page_is_404_for_those_who_direct_nothing(client, world, name):
    login(client, getattr(world.users, name))
    assert client.get(reverse("partnerships:member_list")).status_code == 404
    assert client.get(reverse("partnerships:member_invite")).status_code == 404


def test_a_director_invites_from_the_page(
    client, world, mailoutbox, django_capture_on_commit_callbacks
):
    login(client, world.users.director)
    url = reverse("partnerships:member_invite")
    form = client.get(url).content.decode()
    assert 'value="coordinator"' not in form and 'value="department_staff"' not in form
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            url,
            {
                "organisation": world.orgs.chrs.pk,
                "email": "Nina.Bertin@exemple.test",
                "first_name": "Nina",
                "last_name": "Bertin",
                "role": Role.VOLUNTEER,
            },
        )
    assert response.status_code == 302
    membership = Membership.objects.get(user__email="nina.bertin@exemple.test")
    assert (membership.organisation, membership.role) == (world.orgs.chrs, Role.VOLUNTEER)
    assert mailoutbox[-1].to == ["nina.bertin@exemple.test"]


@pytest.mark.parametrize(
    ("organisation", "role"),
    [("other", Role.SOCIAL_WORKER), ("chrs", Role.COORDINATOR), ("department", Role.DIRECTOR)],
)
def test_the_invite_form_refuses_what_the_director_may_not_grant(client, world, organisation, role):
    login(client, world.users.director)
    response = client.post(
        reverse("partnerships:member_invite"),
        {
            "organisation": getattr(world.orgs, organisation).pk,
            "email": "intrus@exemple.test",
            "first_name": "Ina",
            "last_name": "Trus",
            "role": role,
        },
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "Sélectionnez un choix valide" in page
    assert 'value="intrus@exemple.test"' in page  # the input is kept
    assert not User.objects.filter(email="intrus@exemple.test").exists()


def test_a_director_changes_a_role_and_takes_it_back_from_the_page(client, world):
    membership = world.users.social_worker.memberships.get()
    login(client, world.users.director)
    url = reverse("partnerships:member_role", args=[membership.pk])
    assert client.post(url, {"role": Role.VOLUNTEER}).status_code == 302
    membership.refresh_from_db()
    assert membership.role == Role.VOLUNTEER
    response = client.post(reverse("partnerships:member_deactivate", args=[membership.pk]))
    assert response.status_code == 302
    membership.refresh_from_db()
    assert not membership.is_active


def test_the_role_pages_of_another_organisation_are_404(client, world):
    membership = world.users.outsider.memberships.get()
    login(client, world.users.director)
    for name in ("member_role", "member_deactivate"):
        url = reverse(f"partnerships:{name}", args=[membership.pk])
        assert client.post(url, {"role": Role.DIRECTOR}).status_code == 404
    membership.refresh_from_db()
    assert (membership.role, membership.is_active) == (Role.SOCIAL_WORKER, True)


def test_a_social_worker_cannot_reach_their_own_role_page(client, world):
    membership = world.users.social_worker.memberships.get()
    login(client, world.users.social_worker)
    url = reverse("partnerships:member_role", args=[membership.pk])
    assert client.post(url, {"role": Role.DIRECTOR}).status_code == 404
    membership.refresh_from_db()
    assert membership.role == Role.SOCIAL_WORKER


def test_the_members_list_queries_do_not_grow_with_rows(client, world, count_queries):
    login(client, world.users.director)
    url = reverse("partnerships:member_list")
    client.get(url)
    few, _ = count_queries(lambda: client.get(url))
    for _index in range(6):
        member(Role.VOLUNTEER, world.orgs.chrs)
    many, sql = count_queries(lambda: client.get(url))
    assert many == few, "\n".join(sql)


def test_the_members_list_filters_and_sorts(client, world):
    login(client, world.users.director)
    url = reverse("partnerships:member_list")
    page = client.get(url, {"role": Role.SOCIAL_WORKER, "tri": "-nom"}).content.decode()
    assert world.users.social_worker.email in page
    assert world.users.director.email not in page
    assert "Aucun membre ne correspond" in client.get(url, {"statut": "retire"}).content.decode()


def test_the_user_admin_shows_roles_without_editing_them(client, world):
    login(client, UserFactory(is_superuser=True, is_staff=True))
    worker = world.users.social_worker
    page = client.get(f"/admin/partnerships/user/{worker.pk}/change/").content.decode()
    assert reverse("partnerships:member_list") in page
    assert 'name="memberships-0-role"' not in page and "Travailleur social" in page
    login(client, world.users.director)  # a director never enters the accounts
    assert client.get(f"/admin/partnerships/user/{worker.pk}/change/").status_code == 404
