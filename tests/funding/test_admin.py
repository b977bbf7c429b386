"""The funding admin goes through the money perimeter and never edits an instalment."""

import datetime as dt

import pytest
from django.urls import reverse

from funding import services
from partnerships.enums import Role
from tests.partnerships.factories import PASSWORD, member

pytestmark = pytest.mark.django_db


def change_url(obj):
    return reverse(f"admin:funding_{obj._meta.model_name}_change", args=[obj.pk])


def test_grant_of_another_department_is_404_in_admin(client, fas_grant):
    outsider = member(Role.DEPARTMENT_STAFF)
    client.login(email=outsider.email, password=PASSWORD)
    assert client.get(change_url(fas_grant)).status_code == 404
    history = reverse("admin:funding_grant_history", args=[fas_grant.pk])
    assert client.get(history).status_code == 404


def test_instalments_are_read_only_in_admin(client, fas_grant, agent):
    services.instalments_generate(grant=fas_grant, by=agent)
    services.grant_notify(grant=fas_grant, on=dt.date(2023, 4, 19), by=agent)
    instalment = fas_grant.instalments.get(year=2023, position=1)
    client.login(email=agent.email, password=PASSWORD)

    page = client.get(change_url(instalment))
    assert page.status_code == 200
    assert 'name="amount"' not in page.content.decode()
    client.post(change_url(instalment), {"amount": "1.00", "status": "paid"})
    instalment.refresh_from_db()
    assert (str(instalment.amount), instalment.status) == ("14000.00", "due")
    add = reverse("admin:funding_instalment_add")
    assert client.get(add).status_code == 404
