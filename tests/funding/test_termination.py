"""Termination stops the money (issue 13, case 5), seed 001 art. 9: "La résiliation mettra fin
à l'aide apportée par le Département qui pourra exiger le reversement des sommes versées non
encore engagées". The FAS CPOM: 20 000 € a year, 14 000 + 6 000."""

import datetime as dt
from decimal import Decimal
from io import StringIO

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from common.dates import add_months
from funding import services
from funding.enums import InstalmentStatus, ReimbursementReason
from funding.errors import FundingError
from funding.models import Instalment, ReimbursementClaim
from partnerships import services as conventions
from partnerships.enums import PartyRole, TerminationKind
from partnerships.models import Termination
from tests.partnerships.factories import (
    PASSWORD,
    ConventionFactory,
    ConventionPartyFactory,
    TerminationFactory,
)

pytestmark = pytest.mark.django_db

NOTICE = dt.date(2023, 9, 1)
TERMINATED = dt.date(2023, 10, 2)


@pytest.fixture
def paid(fas_grant, agent):
    """2023: the 70 % (14 000 €) due on notification and paid; the 30 % still planned."""
    services.instalments_generate(grant=fas_grant, by=agent)
    services.grant_notify(grant=fas_grant, on=dt.date(2023, 4, 19), by=agent)
    first = fas_grant.instalments.get(year=2023, position=1)
    services.instalment_pay(
        instalment=first,
        version=first.version,
        paid_on=dt.date(2023, 5, 10),
        mandate_reference="MAND-2023-1",
        by=agent,
    )
    return fas_grant


def terminate(cpom, by, organisation, **fields):
    return conventions.convention_terminate(
        convention=cpom,
        by=by,
        organisation=organisation,
        formal_notice_on=fields.pop("formal_notice_on", NOTICE),
        notified_on=fields.pop("notified_on", TERMINATED),
        reason=fields.pop("reason", "Engagements non respectés après mise en demeure"),
        **fields,
    )


def statuses(grant):
    return {(i.year, i.position): i.status for i in grant.instalments.all()}


def test_termination_cancels_what_is_not_paid_with_its_reason(paid, cpom, department, agent):
    terminate(cpom, agent, department)

    assert statuses(paid) == {
        (2023, 1): InstalmentStatus.PAID,
        **dict.fromkeys(
            [(2023, 2), (2024, 1), (2024, 2), (2025, 1), (2025, 2)], InstalmentStatus.CANCELLED
        ),
    }
    cancelled = paid.instalments.get(year=2023, position=2)
    assert "Fin de la convention 2023-121 (résiliation" in cancelled.cancellation_reason
    assert "effective le 02/10/2023" in cancelled.cancellation_reason
    assert "Engagements non respectés" in cancelled.cancellation_reason
    assert cancelled.history.first().history_user == agent


def test_the_sums_paid_and_not_engaged_become_a_reimbursement_claim(paid, cpom, department, agent):
    # The Département chooses the amount: 5 000 € of the 14 000 € paid were not engaged.
    terminate(cpom, agent, department, amount_to_repay=Decimal("5000"))

    claim = ReimbursementClaim.objects.get(grant=paid)
    assert (claim.amount, claim.reason, claim.claimed_on) == (
        Decimal("5000.00"),
        ReimbursementReason.TERMINATION,
        TERMINATED,
    )
    assert claim.history.first().history_user == agent


def test_a_claim_beyond_what_was_paid_refuses_the_whole_termination(paid, cpom, department, agent):
    with pytest.raises(ValidationError) as refused:
        terminate(cpom, agent, department, amount_to_repay=Decimal("14000.01"))
    assert "versé 14\xa0000,00\xa0€" in " ".join(refused.value.messages)
    assert not Termination.objects.exists()
    assert not ReimbursementClaim.objects.exists()
    assert paid.instalments.filter(status=InstalmentStatus.PLANNED).count() == 5


def test_only_the_funder_sets_the_amount_to_repay(paid, cpom, fas, world):
    # seed 001 art. 9: the beneficiary may renounce; the Département decides what comes back.
    with pytest.raises(FundingError, match="Seul le financeur"):
        terminate(
            cpom,
            world.users.fas_director,
            fas,
            formal_notice_on=None,
            amount_to_repay=Decimal("1000"),
        )
    assert not Termination.objects.exists()

    terminate(cpom, world.users.fas_director, fas, formal_notice_on=None, reason="Renonciation")
    assert not paid.instalments.filter(status__in=["planned", "due"]).exists()


def test_nothing_is_made_due_or_paid_on_or_after_the_termination(paid, cpom, agent):
    """A termination recorded by another door (without the signal): the services still
    refuse to release or pay from its effective date."""
    TerminationFactory(
        convention=cpom,
        kind=TerminationKind.TERMINATION,
        notified_on=TERMINATED,
        formal_notice_on=NOTICE,
    )
    # The report of 2023 validated on the day of the termination: its 30 % is not released.
    services.instalments_release(
        convention=cpom, year=2023, condition="report_validated", on=TERMINATED, by=agent
    )
    thirty = paid.instalments.get(year=2023, position=2)
    assert thirty.status == InstalmentStatus.CANCELLED
    assert "02/10/2023" in thirty.cancellation_reason

    # A 70 % made due before, paid on the day the termination took effect: refused.
    seventy = paid.instalments.get(year=2024, position=1)
    Instalment.objects.filter(pk=seventy.pk).update(
        status=InstalmentStatus.DUE, due_on=dt.date(2023, 9, 1)
    )
    seventy.refresh_from_db()
    with pytest.raises(FundingError, match="a pris fin le 02/10/2023"):
        services.instalment_pay(
            instalment=seventy,
            version=seventy.version,
            paid_on=TERMINATED,
            mandate_reference="MAND-2023-2",
            by=agent,
        )
    seventy.refresh_from_db()
    assert seventy.status == InstalmentStatus.DUE
    with pytest.raises(FundingError, match="a pris fin"):
        services.instalments_generate(grant=paid, by=agent)


def test_a_denunciation_stops_the_money_when_its_notice_ends(world, agent):
    """seed 002 §VII: in force during the 3 months' notice; the daily run cancels what is
    left once the denunciation takes effect."""
    today = timezone.localdate()
    convention = ConventionFactory(
        reference="2026-CPOM",
        start_date=today.replace(month=1, day=1),
        end_date=today.replace(year=today.year + 2, month=12, day=31),
        signed_on=today.replace(month=1, day=1),
        notice_months=3,
    )
    ConventionPartyFactory(
        convention=convention, organisation=world.orgs.department, role=PartyRole.FUNDER
    )
    ConventionPartyFactory(
        convention=convention, organisation=world.orgs.fas, role=PartyRole.BENEFICIARY
    )
    grant = services.grant_create(
        convention=convention,
        funder=world.orgs.department,
        beneficiary=world.orgs.fas,
        yearly_amounts={today.year: Decimal("20000")},
        by=agent,
    )
    services.instalments_generate(grant=grant, by=agent)
    # The beneficiary's own letter (issue 14: a party records only its own letters).
    termination = conventions.convention_denounce(
        convention=convention,
        by=world.users.fas_director,
        organisation=world.orgs.fas,
        notified_on=today,
    )
    effective = add_months(today, 3)
    assert termination.effective_on == effective
    assert grant.instalments.filter(status=InstalmentStatus.PLANNED).count() == 2

    assert services.terminations_take_effect(on=effective - dt.timedelta(days=1)) == 0
    assert services.terminations_take_effect(on=effective) == 2
    assert not grant.instalments.exclude(status=InstalmentStatus.CANCELLED).exists()
    assert "Fin de la convention 2026-CPOM (dénonciation" in (
        grant.instalments.first().cancellation_reason
    )


def test_the_daily_command_applies_the_terminations(paid, cpom):
    TerminationFactory(convention=cpom, notified_on=TERMINATED, formal_notice_on=NOTICE)
    out = StringIO()
    call_command("apply_terminations", stdout=out)
    assert "5 versement(s) annulé(s)" in out.getvalue()
    cancelled = paid.instalments.filter(status=InstalmentStatus.CANCELLED)
    assert cancelled.count() == 5
    assert cancelled.first().history.first().history_user is None


def test_the_termination_page_stops_the_money_and_claims_the_amount(
    client, paid, cpom, department, agent
):
    client.login(email=agent.email, password=PASSWORD)
    url = reverse("partnerships:convention_terminate", args=[cpom.pk])
    form = {
        "organisation": department.pk,
        "formal_notice_on": NOTICE.isoformat(),
        "notified_on": TERMINATED.isoformat(),
        "reason": "Engagements non respectés après mise en demeure",
    }
    too_much = client.post(url, {**form, "amount_to_repay": "14000.01"})
    assert too_much.status_code == 400
    assert "versé 14" in too_much.content.decode()
    assert not Termination.objects.exists()

    response = client.post(url, {**form, "amount_to_repay": "5000"})
    assert response.status_code == 302
    assert ReimbursementClaim.objects.get(grant=paid).amount == Decimal("5000.00")
    assert not paid.instalments.filter(status__in=["planned", "due"]).exists()
