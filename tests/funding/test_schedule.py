"""The 70/30 instalments of seed 001 art. 4.2, released by governance events."""

import datetime as dt
from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction

from funding import services
from funding.enums import InstalmentStatus, ReleaseCondition
from funding.errors import EditConflict, FundingError
from funding.models import Instalment
from governance.enums import PlanPeriod
from governance.models import ActionPlan
from governance.signals import action_plan_transmitted, annual_report_validated
from tests.funding.factories import GrantFactory, GrantYearFactory, InstalmentFactory
from tests.governance.factories import ActionPlanFactory, AnnualReportFactory

pytestmark = pytest.mark.django_db


def amounts(grant):
    return [
        (i.year, i.position, i.share, i.amount, i.condition, i.status)
        for i in grant.instalments.order_by("year", "position")
    ]


def test_split_puts_the_rounding_remainder_on_the_last_share():
    # seed 001 art. 4.2: 70 % / 30 %, summing exactly to the year's amount
    assert services.split_amount(Decimal("20000.00"), [Decimal("0.70"), Decimal("0.30")]) == [
        Decimal("14000.00"),
        Decimal("6000.00"),
    ]
    odd = services.split_amount(Decimal("20000.01"), [Decimal("0.70"), Decimal("0.30")])
    assert odd == [Decimal("14000.01"), Decimal("6000.00")]
    assert sum(odd) == Decimal("20000.01")


def test_schedule_of_the_fas_cpom_is_70_30_each_year(fas_grant, agent):
    # seed 001 art. 4.2: 2023 on signature and notification, 2024-2025 on the action programme
    services.instalments_generate(grant=fas_grant, by=agent)

    signature, programme, report = (
        ReleaseCondition.SIGNATURE,
        ReleaseCondition.ACTION_PROGRAMME,
        ReleaseCondition.REPORT_VALIDATED,
    )
    seventy, thirty = Decimal("0.7000"), Decimal("0.3000")
    assert amounts(fas_grant) == [
        (2023, 1, seventy, Decimal("14000.00"), signature, "planned"),
        (2023, 2, thirty, Decimal("6000.00"), report, "planned"),
        (2024, 1, seventy, Decimal("14000.00"), programme, "planned"),
        (2024, 2, thirty, Decimal("6000.00"), report, "planned"),
        (2025, 1, seventy, Decimal("14000.00"), programme, "planned"),
        (2025, 2, thirty, Decimal("6000.00"), report, "planned"),
    ]


def test_odd_yearly_amount_keeps_the_year_exact(agent, department):
    grant = GrantFactory(funder=department)
    GrantYearFactory(grant=grant, year=2023, amount=Decimal("20000.01"))
    services.instalments_generate(grant=grant, by=agent)

    shares = list(grant.instalments.values_list("amount", flat=True))
    assert shares == [Decimal("14000.01"), Decimal("6000.00")]


def test_generating_twice_adds_nothing(fas_grant, agent):
    services.instalments_generate(grant=fas_grant, by=agent)
    again = services.instalments_generate(grant=fas_grant, by=agent)

    assert again == []
    assert fas_grant.instalments.count() == 6


def test_database_refuses_a_second_instalment_at_the_same_rank(fas_grant, agent):
    services.instalments_generate(grant=fas_grant, by=agent)
    with pytest.raises(IntegrityError), transaction.atomic():
        InstalmentFactory(grant=fas_grant, year=2023, position=1)


def test_instalments_never_exceed_the_grant(agent, department):
    grant = GrantFactory(funder=department)
    GrantYearFactory(grant=grant, year=2023, amount=Decimal("20000.00"))
    InstalmentFactory(grant=grant, year=2023, position=3, amount=Decimal("5000.00"))

    with pytest.raises(FundingError, match="dépasseraient la participation"):
        services.instalments_generate(grant=grant, by=agent)
    assert grant.instalments.count() == 1


def test_notification_of_the_signed_convention_makes_the_first_70_percent_due(fas_grant, agent):
    # seed 001 art. 4.2: "dès la signature et la notification de la convention cadre"
    services.instalments_generate(grant=fas_grant, by=agent)
    services.grant_notify(grant=fas_grant, on=dt.date(2023, 4, 19), by=agent)

    first = fas_grant.instalments.get(year=2023, position=1)
    assert (first.status, first.due_on) == (InstalmentStatus.DUE, dt.date(2023, 4, 19))
    assert fas_grant.instalments.filter(status=InstalmentStatus.DUE).count() == 1
    assert first.history.first().history_user == agent


def test_notification_before_signature_is_refused(fas_grant, agent):
    with pytest.raises(FundingError, match="ne peut précéder la signature"):
        services.grant_notify(grant=fas_grant, on=dt.date(2023, 3, 1), by=agent)
    fas_grant.refresh_from_db()
    assert fas_grant.notified_on is None


def test_schedule_generated_after_notification_is_due_at_once(fas_grant, agent):
    services.grant_notify(grant=fas_grant, on=dt.date(2023, 4, 19), by=agent)
    services.instalments_generate(grant=fas_grant, by=agent)

    assert fas_grant.instalments.get(year=2023, position=1).status == InstalmentStatus.DUE


def test_validated_report_signal_makes_the_years_30_percent_due(fas_grant, agent, cpom):
    # seed 001 art. 4.2: the 30 % after the year's report is produced and validated
    services.instalments_generate(grant=fas_grant, by=agent)
    report = AnnualReportFactory(convention=cpom, year=2023)

    annual_report_validated.send(
        sender=type(report), report=report, on=dt.date(2024, 3, 15), by=agent
    )

    balance = fas_grant.instalments.get(year=2023, position=2)
    assert (balance.status, balance.due_on) == (InstalmentStatus.DUE, dt.date(2024, 3, 15))
    assert fas_grant.instalments.filter(status=InstalmentStatus.DUE).count() == 1
    assert balance.history.first().history_user == agent


def test_transmitted_action_programme_signal_makes_the_later_years_70_percent_due(
    fas_grant, agent, cpom
):
    # seed 001 art. 4.2: later years, 70 % on transmission of the provisional programme
    services.instalments_generate(grant=fas_grant, by=agent)
    plan = ActionPlanFactory(
        convention=cpom,
        period=PlanPeriod.YEAR,
        period_start=dt.date(2024, 1, 1),
        objectives="Animation du réseau",
    )

    action_plan_transmitted.send(sender=ActionPlan, plan=plan, on=dt.date(2024, 1, 31), by=agent)

    due = fas_grant.instalments.filter(status=InstalmentStatus.DUE)
    assert [(i.year, i.position, i.amount) for i in due] == [(2024, 1, Decimal("14000.00"))]


def test_a_monthly_roadmap_releases_nothing(fas_grant, agent, cpom):
    services.instalments_generate(grant=fas_grant, by=agent)
    plan = ActionPlanFactory(
        convention=cpom,
        period=PlanPeriod.MONTH,
        period_start=dt.date(2024, 2, 1),
        objectives="Feuille de route de février",
    )

    assert services.release_for_action_plan(plan=plan, on=dt.date(2024, 2, 1), by=agent) == 0
    assert not fas_grant.instalments.filter(status=InstalmentStatus.DUE).exists()


def test_release_service_is_idempotent(fas_grant, agent, cpom):
    services.instalments_generate(grant=fas_grant, by=agent)
    report = AnnualReportFactory(convention=cpom, year=2023)

    assert services.release_for_report(report=report, on=dt.date(2024, 3, 15), by=agent) == 1
    assert services.release_for_report(report=report, on=dt.date(2024, 4, 1), by=agent) == 0
    assert fas_grant.instalments.get(year=2023, position=2).due_on == dt.date(2024, 3, 15)


def test_report_validated_before_the_schedule_is_honoured_at_generation(fas_grant, agent, cpom):
    AnnualReportFactory(
        convention=cpom,
        year=2023,
        validated=True,
        submitted_on=dt.date(2024, 2, 1),
        validation=dt.date(2024, 3, 15),
    )
    services.instalments_generate(grant=fas_grant, by=agent)

    assert fas_grant.instalments.get(year=2023, position=2).due_on == dt.date(2024, 3, 15)


@pytest.fixture
def due_instalment(fas_grant, agent):
    services.instalments_generate(grant=fas_grant, by=agent)
    services.grant_notify(grant=fas_grant, on=dt.date(2023, 4, 19), by=agent)
    return fas_grant.instalments.get(year=2023, position=1)


def test_payment_of_a_due_instalment_is_recorded_with_who_and_when(due_instalment, agent):
    services.instalment_pay(
        instalment=due_instalment,
        version=due_instalment.version,
        paid_on=dt.date(2023, 5, 10),
        mandate_reference="MAND-2023-0412",
        by=agent,
    )

    due_instalment.refresh_from_db()
    assert due_instalment.status == InstalmentStatus.PAID
    assert due_instalment.paid_on == dt.date(2023, 5, 10)
    last = due_instalment.history.first()
    assert (last.status, last.history_user) == (InstalmentStatus.PAID, agent)


def test_no_payment_without_bank_details(due_instalment, agent):
    # seed 001 art. 4.3: paid only once a RIB has been produced
    grant = due_instalment.grant
    grant.iban = ""
    grant.save()

    with pytest.raises(FundingError, match="Aucun RIB"):
        services.instalment_pay(
            instalment=due_instalment,
            version=due_instalment.version,
            paid_on=dt.date(2023, 5, 10),
            mandate_reference="MAND-1",
            by=agent,
        )
    due_instalment.refresh_from_db()
    assert due_instalment.status == InstalmentStatus.DUE


def test_an_instalment_whose_condition_is_not_met_cannot_be_paid(fas_grant, agent):
    services.instalments_generate(grant=fas_grant, by=agent)
    planned = fas_grant.instalments.get(year=2023, position=2)

    with pytest.raises(FundingError, match="validation du bilan"):
        services.instalment_pay(
            instalment=planned,
            version=planned.version,
            paid_on=dt.date(2023, 5, 10),
            mandate_reference="MAND-2",
            by=agent,
        )


def test_two_stale_copies_cannot_both_record_the_payment(due_instalment, agent):
    first = Instalment.objects.get(pk=due_instalment.pk)
    second = Instalment.objects.get(pk=due_instalment.pk)
    services.instalment_pay(
        instalment=first,
        version=first.version,
        paid_on=dt.date(2023, 5, 10),
        mandate_reference="MAND-A",
        by=agent,
    )

    with pytest.raises(EditConflict, match="modifié par quelqu'un d'autre"):
        services.instalment_pay(
            instalment=second,
            version=second.version,
            paid_on=dt.date(2023, 5, 11),
            mandate_reference="MAND-B",
            by=agent,
        )
    due_instalment.refresh_from_db()
    assert (due_instalment.mandate_reference, due_instalment.paid_on) == (
        "MAND-A",
        dt.date(2023, 5, 10),
    )


def test_stale_cancel_after_payment_is_a_conflict(due_instalment, agent):
    stale_version = due_instalment.version
    services.instalment_pay(
        instalment=due_instalment,
        version=stale_version,
        paid_on=dt.date(2023, 5, 10),
        mandate_reference="MAND-C",
        by=agent,
    )
    with pytest.raises(EditConflict):
        services.instalment_cancel(
            instalment=due_instalment, version=stale_version, reason="Erreur", by=agent
        )
    assert Instalment.objects.get(pk=due_instalment.pk).status == InstalmentStatus.PAID


def test_a_mandate_is_recorded_once(fas_grant, due_instalment, agent, cpom):
    services.instalment_pay(
        instalment=due_instalment,
        version=due_instalment.version,
        paid_on=dt.date(2023, 5, 10),
        mandate_reference="MAND-D",
        by=agent,
    )
    report = AnnualReportFactory(convention=cpom, year=2023)
    services.release_for_report(report=report, on=dt.date(2024, 3, 15), by=agent)
    balance = fas_grant.instalments.get(year=2023, position=2)

    with pytest.raises(FundingError, match="déjà enregistré"):
        services.instalment_pay(
            instalment=balance,
            version=balance.version,
            paid_on=dt.date(2024, 4, 2),
            mandate_reference="MAND-D",
            by=agent,
        )
    with pytest.raises(IntegrityError), transaction.atomic():
        Instalment.objects.filter(pk=balance.pk).update(mandate_reference="MAND-D")


def test_cancel_needs_a_reason(due_instalment, agent):
    with pytest.raises(FundingError, match="motif"):
        services.instalment_cancel(
            instalment=due_instalment, version=due_instalment.version, reason=" ", by=agent
        )
    services.instalment_cancel(
        instalment=due_instalment,
        version=due_instalment.version,
        reason="Convention résiliée",
        by=agent,
    )
    due_instalment.refresh_from_db()
    assert due_instalment.status == InstalmentStatus.CANCELLED
