"""issue 15: statements compiled once per process (common/compiled.py) give, for each call's
values, the rows their plain queryset gives; the reads of every request use them (the
session, the user, the second-factor device, the memberships, the bell)."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from common.compiled import Statement, compiled
from common.expressions import AmongValues, Keys
from common.sessions import live_session
from partnerships.models import Membership, Notification, Organisation
from partnerships.perimeter import active_memberships, memberships
from partnerships.security.backends import user_by_id
from partnerships.selectors import unread_notifications
from tests.partnerships.factories import OrganisationFactory, TerritoryFactory, member

pytestmark = pytest.mark.django_db


@compiled(int, str)
def organisations_named(network_id, name):
    # unscoped: a test's statement
    return Organisation.objects.filter(network_id=network_id, name=name).order_by("pk")


@compiled(dt.date, dt.datetime)
def memberships_between(created_on, created_before):
    # unscoped: a test's statement
    return Membership.objects.filter(
        created_at__date__gte=created_on, created_at__lt=created_before
    ).order_by("pk")


def test_each_call_reads_the_rows_of_its_own_values():
    network = OrganisationFactory(name="Réseau")
    first = OrganisationFactory(network=network, name="Entraide")
    OrganisationFactory(network=network, name="Solidarité")
    OrganisationFactory(name="Entraide")  # same name, another network
    other_network = OrganisationFactory(name="Autre réseau")
    second = OrganisationFactory(network=other_network, name="Entraide")

    assert organisations_named.list(network.pk, "Entraide") == [first]
    assert organisations_named.list(other_network.pk, "Entraide") == [second]
    assert organisations_named.list(network.pk, "Inconnue") == []
    assert organisations_named.count(network.pk, "Entraide") == 1
    for values in [(network.pk, "Entraide"), (other_network.pk, "Solidarité")]:
        assert organisations_named.list(*values) == list(organisations_named(*values))


@compiled(Keys)
def organisation_names(keys):
    # unscoped: a test's statement
    return Organisation.objects.filter(AmongValues("pk", keys)).values_list("pk", "name")


def test_a_page_s_keys_reach_the_statement_as_one_value_whatever_their_number():
    """issue 15: the rows of a page read by their keys (household_page, convention_page)."""
    organisations = [OrganisationFactory(name=f"Structure {n}") for n in range(5)]
    pks = [o.pk for o in organisations]
    with CaptureQueriesContext(connection) as first:
        assert set(organisation_names.queryset(Keys(pks[:1]))) == {(pks[0], "Structure 0")}
    for keys in (pks, pks[1:4], [pks[4], pks[0]], [], [10**12]):
        with CaptureQueriesContext(connection) as ctx:
            rows = set(organisation_names.queryset(Keys(keys)))
        assert (
            rows
            == set(organisation_names(keys))
            == {(o.pk, o.name) for o in organisations if o.pk in keys}
        )
        assert len(ctx.captured_queries) == 1
    # The same statement for any number of keys: compiled once, for the one database.
    assert len(organisation_names._compiled) == 1
    assert len(first.captured_queries) == 1


def test_dates_and_datetimes_reach_the_statement_as_django_passes_them():
    user = member("social_worker")
    created = Membership.objects.get(user=user).created_at
    day = timezone.localdate(created)
    assert memberships_between.list(day, created + dt.timedelta(seconds=1)) == list(
        Membership.objects.filter(user=user)
    )
    assert memberships_between.list(day + dt.timedelta(days=1), created) == []
    assert memberships_between.count(day, created + dt.timedelta(seconds=1)) == 1


def test_the_statement_is_compiled_once():
    OrganisationFactory(name="Entraide")
    organisations_named.list(1, "Entraide")
    statement = organisations_named._compiled[(Organisation.objects.all().db, False)][0]
    with CaptureQueriesContext(connection) as queries:
        organisations_named.list(2, "Autre")
    assert len(queries) == 1
    assert organisations_named._compiled[(Organisation.objects.all().db, False)][0] is statement


def test_a_builder_that_drops_an_argument_is_refused():
    # A builder whose statement does not use each value would give the same rows for all.
    ignored = Statement(lambda pk: Organisation.objects.order_by("pk"), (int,))
    with pytest.raises(ValueError, match="do not reach the statement"):
        ignored.list(1)
    with pytest.raises(TypeError):
        organisations_named.list(1)
    with pytest.raises(TypeError, match="no marker"):
        Statement(lambda value: Organisation.objects.all(), (float,))


def test_the_reads_of_every_request_are_those_of_their_querysets():
    territory = TerritoryFactory()
    coordinator = member("coordinator", territory=territory)
    worker = member("social_worker")
    for user in (coordinator, worker):
        assert active_memberships.list(user.pk) == list(
            Membership.objects.filter(user=user, is_active=True).order_by("created_at", "pk")
        )
        assert user_by_id.first(user.pk) == user
    assert memberships(coordinator)[0].territory == territory
    Membership.objects.filter(user=worker).update(is_active=False)
    assert active_memberships.list(worker.pk) == []

    Notification.objects.create(recipient=worker, kind="review_due", title="Bilan")
    Notification.objects.create(
        recipient=worker, kind="review_due", title="Lu", read_at=timezone.now()
    )
    Notification.objects.create(recipient=coordinator, kind="review_due", title="Autre")
    assert unread_notifications.count(worker.pk) == 1
    assert unread_notifications.count(coordinator.pk) == 1


def test_a_session_is_read_by_its_key_until_it_expires(client):
    user = member("social_worker")
    client.force_login(user)
    key = client.session.session_key
    now = timezone.now()
    assert live_session.first(key, now).session_key == key
    assert live_session.first("autre-cle", now) is None
    expiry = live_session.first(key, now).expire_date
    assert live_session.first(key, expiry) is None
