"""issue 14, case 10: a party's staff recorded a denunciation or a termination in the name of
another party. A person records only the letters of a structure they belong to."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from partnerships.models import Termination
from tests.partnerships.factories import convention_between

pytestmark = pytest.mark.django_db


@pytest.fixture
def convention(world):
    today = timezone.localdate()
    return convention_between(
        world.orgs.department,
        world.orgs.chrs,
        start_date=today - dt.timedelta(days=400),
        end_date=today + dt.timedelta(days=400),
    )


def _letter(client, name, convention, organisation, **data):
    today = timezone.localdate()
    return client.post(
        reverse(f"partnerships:convention_{name}", args=[convention.pk]),
        {
            "organisation": organisation.pk,
            "notified_on": today.strftime("%d/%m/%Y"),
            "formal_notice_on": (today - dt.timedelta(days=60)).strftime("%d/%m/%Y"),
            "reason": "Engagements non tenus",
            **data,
        },
    )


@pytest.mark.parametrize("name", ["denounce", "terminate"])
def test_the_departments_agent_cannot_send_the_operators_letter(client, world, convention, name):
    client.force_login(world.users.staff)
    response = _letter(client, name, convention, world.orgs.chrs)
    assert response.status_code == 400
    assert "votre propre structure" in response.content.decode()
    assert not Termination.objects.filter(convention=convention).exists()


@pytest.mark.parametrize("name", ["denounce", "terminate"])
def test_the_operators_director_cannot_send_the_departments_letter(client, world, convention, name):
    client.force_login(world.users.director)
    response = _letter(client, name, convention, world.orgs.department)
    assert response.status_code == 400
    assert not Termination.objects.filter(convention=convention).exists()


@pytest.mark.parametrize("name", ["denounce", "terminate"])
def test_a_party_records_its_own_letter(client, world, convention, name):
    client.force_login(world.users.staff)
    response = _letter(client, name, convention, world.orgs.department)
    assert response.status_code == 302, response.content.decode()[:3000]
    termination = Termination.objects.get(convention=convention)
    assert termination.by_organisation == world.orgs.department
