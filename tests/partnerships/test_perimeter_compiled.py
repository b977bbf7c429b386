"""issue 15: a statement that goes through `visible_to(user)` is compiled once per process for
each user's perimeter (partnerships.perimeter.per_user, common.compiled.Keyed). Each user
reads exactly what their plain queryset reads; a change of their memberships, of the day or
of the language is a new key, never a stale perimeter."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from common.compiled import Keyed
from partnerships.enums import Role
from partnerships.models import Convention, Membership, Organisation, User
from partnerships.perimeter import per_user, perimeter_key
from tests.partnerships.factories import (
    ConventionFactory,
    ConventionPartyFactory,
    MembershipFactory,
    OrganisationFactory,
    member,
)

pytestmark = pytest.mark.django_db


@per_user()
def visible_conventions(user):
    return Convention.objects.visible_to(user).order_by("reference")


@per_user(keys=1)
def conventions_started_by(user, day: dt.date):
    return Convention.objects.visible_to(user).filter(start_date__lte=day).order_by("reference")


@per_user(str)
def conventions_titled(user, title):
    return Convention.objects.visible_to(user).filter(title=title).order_by("reference")


def fresh(user) -> User:
    """The user as the next request reads them: memberships not cached yet."""
    return User.objects.get(pk=user.pk)


def convention_of(organisation, **fields) -> Convention:
    convention = ConventionFactory(**fields)
    ConventionPartyFactory(convention=convention, organisation=organisation)
    return convention


def test_each_user_reads_their_own_perimeter():
    first, second = OrganisationFactory(), OrganisationFactory()
    mine = convention_of(first, reference="A-1")
    theirs = convention_of(second, reference="B-1")
    both = convention_of(first, reference="C-1")
    ConventionPartyFactory(convention=both, organisation=second)
    staff = member(Role.DEPARTMENT_STAFF, organisation=first)
    director = member(Role.DIRECTOR, organisation=second)
    outsider = member(Role.SOCIAL_WORKER)
    admin = User.objects.create_superuser(email="root@example.fr", password="x-2026-motdepasse")

    assert visible_conventions.list(staff) == [mine, both]
    assert visible_conventions.list(director) == [theirs, both]
    assert visible_conventions.list(outsider) == []
    assert visible_conventions.count(outsider) == 0
    assert visible_conventions.list(admin) == [mine, theirs, both]
    for user in (staff, director, outsider, admin):
        assert visible_conventions.list(user) == list(visible_conventions(user))
        assert visible_conventions.count(user) == visible_conventions(user).count()


def test_a_perimeter_is_compiled_once_then_only_run():
    organisation = OrganisationFactory()
    convention_of(organisation)
    staff = member(Role.DEPARTMENT_STAFF, organisation=organisation)
    visible_conventions.list(staff)
    statement, _values = visible_conventions.statement(staff)
    next_request = fresh(staff)
    with CaptureQueriesContext(connection) as queries:
        again = visible_conventions.list(next_request)
    # The memberships of the new request, then the conventions: nothing built again.
    assert len(queries) == 2
    assert visible_conventions.statement(staff)[0] is statement
    assert again == list(visible_conventions(staff))


def test_a_new_or_ended_membership_is_a_new_perimeter_never_a_stale_one():
    first, second = OrganisationFactory(), OrganisationFactory()
    mine = convention_of(first, reference="A-1")
    later = convention_of(second, reference="B-1")
    user = member(Role.DEPARTMENT_STAFF, organisation=first)
    assert visible_conventions.list(fresh(user)) == [mine]

    joined = MembershipFactory(user=user, organisation=second, role=Role.DEPARTMENT_STAFF)
    assert visible_conventions.list(fresh(user)) == [mine, later]

    Membership.objects.filter(pk=joined.pk).update(is_active=False)
    Membership.objects.filter(user=user, organisation=first).update(is_active=False)
    assert visible_conventions.list(fresh(user)) == []
    assert perimeter_key(fresh(user)) == (user.pk, False, ())


def test_what_the_perimeter_reads_of_the_user_is_in_its_key():
    organisation = OrganisationFactory(kind="association")
    user = member(Role.SIGNATORY_PARTNER, organisation=organisation)
    before = perimeter_key(fresh(user))
    Organisation.objects.filter(pk=organisation.pk).update(kind="commune")
    assert perimeter_key(fresh(user)) != before
    User.objects.filter(pk=user.pk).update(is_superuser=True)
    assert perimeter_key(fresh(user))[1] is True


def test_the_day_is_part_of_the_key():
    organisation = OrganisationFactory()
    old = convention_of(organisation, reference="A-1", start_date=dt.date(2023, 1, 1))
    new = convention_of(
        organisation,
        reference="B-1",
        start_date=dt.date(2026, 1, 1),
        end_date=dt.date(2028, 12, 31),
    )
    staff = member(Role.DEPARTMENT_STAFF, organisation=organisation)
    assert conventions_started_by.list(staff, dt.date(2025, 6, 1)) == [old]
    assert conventions_started_by.list(staff, dt.date(2026, 6, 1)) == [old, new]
    assert conventions_started_by.list(staff, dt.date(2025, 6, 1)) == [old]


def test_values_are_put_in_and_the_language_is_part_of_the_key():
    organisation = OrganisationFactory()
    first = convention_of(organisation, title="Accompagnement")
    convention_of(organisation, title="Hébergement")
    staff = member(Role.DEPARTMENT_STAFF, organisation=organisation)
    assert conventions_titled.list(staff, "Accompagnement") == [first]
    assert conventions_titled.list(staff, "Inconnu") == []
    french = conventions_titled.statement(staff, "Accompagnement")[0]
    with translation.override("en"):
        assert conventions_titled.statement(staff, "Accompagnement")[0] is not french


def test_the_least_recently_used_perimeters_are_forgotten():
    kept = Keyed(visible_conventions.build, perimeter_key, 0, (), size=2)
    users = [member(Role.DEPARTMENT_STAFF) for _ in range(3)]
    for user in users:
        kept.list(user)
    assert len(kept._statements) == 2
    assert perimeter_key(users[0]) not in {key[0] for key in kept._statements}


def test_a_builder_that_reads_the_database_is_refused():
    # What it read would be frozen in the statement for as long as the process lives.
    @per_user()
    def reads_while_building(user):
        first = Organisation.objects.order_by("pk").first()
        return Convention.objects.visible_to(user).filter(parties__organisation=first)

    with pytest.raises(RuntimeError, match="reads the database"):
        reads_while_building.list(member(Role.DEPARTMENT_STAFF))
    with pytest.raises(TypeError):
        conventions_started_by.list(member(Role.DEPARTMENT_STAFF))
