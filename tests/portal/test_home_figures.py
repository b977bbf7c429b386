"""The department agent's home: conventions in force today, counted by the conventions' own
date rules (amendments extend, a termination ends) on a few columns only."""

import datetime as dt

import pytest
from django.utils import timezone

from partnerships import services
from partnerships.enums import RenewalPolicy, Role
from portal.home import home_figures
from tests.partnerships.factories import (
    OrganisationFactory,
    UserFactory,
    convention_between,
    member,
)

pytestmark = pytest.mark.django_db


def test_conventions_in_force_follow_amendments_and_terminations():
    today = timezone.localdate()
    days = dt.timedelta
    department = OrganisationFactory(department=True, name="Département du Pas-de-Calais")
    partner = OrganisationFactory(name="Fédération des Acteurs de la Solidarité")
    agent = member(Role.DEPARTMENT_STAFF, department)
    admin = UserFactory(is_superuser=True, is_staff=True)
    dates = {"start_date": today - days(700), "signed_on": today - days(690)}
    no_renewal = {"renewal_policy": RenewalPolicy.NONE}
    convention_between(department, partner, end_date=today + days(400), **dates, **no_renewal)
    extended = convention_between(
        department, partner, end_date=today - days(30), **dates, **no_renewal
    )
    # seed 001 art. 8: no tacit renewal — only an amendment carries it past its end.
    services.amendment_add(
        convention=extended,
        by=admin,
        signed_on=today - days(60),
        summary="Prolongation d'un an",
        new_end_date=today + days(335),
    )
    ended = convention_between(
        department, partner, end_date=today - days(30), **dates, **no_renewal
    )
    terminated = convention_between(
        department, partner, end_date=today + days(400), **dates, **no_renewal
    )
    # seed 001 art. 9: the beneficiary renounces; the convention ends at the notification.
    services.convention_terminate(
        convention=terminated,
        by=admin,
        organisation=partner,
        notified_on=today - days(10),
        reason="Renonciation à la participation",
    )
    assert ended.end_on(today) < today
    figures = {str(f.label): f.value for f in home_figures(agent)}
    assert figures["Conventions en vigueur"] == 2
