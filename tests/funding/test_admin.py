"""The funding admin goes through the money perimeter and never edits an instalment."""

import datetime as dt
from decimal import Decimal
from types import SimpleNamespace

import pytest
from django.urls import reverse

from funding import services
from funding.enums import ReimbursementReason
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


# ------------------------------------------------------------------ history revert (issue 13)
def history_form(obj, record):
    name = f"admin:funding_{obj._meta.model_name}_simple_history"
    return reverse(name, args=[obj.pk, record.history_id])


@pytest.fixture
def paid_history(fas_grant, agent):
    """seed 001: the 14 000 € of 2023 made due then paid; a claim made then cancelled; the
    FAS bank details changed once. Each object has an older version that a revert would
    restore."""
    services.instalments_generate(grant=fas_grant, by=agent)
    services.grant_notify(grant=fas_grant, on=dt.date(2023, 4, 19), by=agent)
    instalment = fas_grant.instalments.get(year=2023, position=1)
    services.instalment_pay(
        instalment=instalment,
        version=instalment.version,
        paid_on=dt.date(2023, 5, 2),
        mandate_reference="MANDAT-2023-0042",
        by=agent,
    )
    claim = services.reimbursement_claim(
        grant=fas_grant,
        amount=Decimal("2000"),
        reason=ReimbursementReason.NOT_CARRIED_OUT,
        claimed_on=dt.date(2024, 6, 1),
        by=agent,
    )
    services.grant_set_bank_details(
        grant=fas_grant,
        iban="FR14 2004 1010 0505 0001 3M02 606",
        bic="PSSTFRPPLIL",
        account_holder="FAS HAUTS-DE-FRANCE",
        by=agent,
    )
    instalment.refresh_from_db()
    fas_grant.refresh_from_db()
    return SimpleNamespace(grant=fas_grant, instalment=instalment, claim=claim)


def _snapshot(scene):
    scene.grant.refresh_from_db()
    scene.instalment.refresh_from_db()
    scene.claim.refresh_from_db()
    return (
        scene.grant.iban,
        scene.grant.bic,
        scene.instalment.status,
        scene.instalment.paid_on,
        scene.instalment.mandate_reference,
        scene.claim.status,
        scene.grant.history.count(),
        scene.instalment.history.count(),
        scene.claim.history.count(),
    )


@pytest.mark.parametrize("who", ["fas_director", "staff"])
def test_history_revert_changes_nothing_for_view_or_edit_money_roles(
    client, world, paid_history, who
):
    """issue 13 case 2: with view-only money rights (the beneficiary's director) or with the
    edit role (department staff), POSTing a past version changes nothing: revert is off."""
    user = getattr(world.users, who)
    client.force_login(user)
    scene = paid_history
    before = _snapshot(scene)
    oldest = {obj: obj.history.order_by("history_id").first() for obj in scene.__dict__.values()}
    attempts = [
        (scene.grant, {"iban": "FR7630006000011234567890189", "bic": "AGRIFRPP", "_save": "1"}),
        (scene.instalment, {"status": "due", "paid_on": "", "mandate_reference": "", "_save": "1"}),
        (scene.claim, {"status": "cancelled", "_save": "1"}),
    ]
    for obj, data in attempts:
        url = history_form(obj, oldest[obj])
        # The past version is still there to read, for whoever sees the object.
        assert client.get(url).status_code == 200
        response = client.post(url, data)
        assert response.status_code == 405, (obj, response.status_code)
    assert _snapshot(scene) == before
    assert (before[0], before[2], before[5]) == ("FR1420041010050500013M02606", "paid", "claimed")
