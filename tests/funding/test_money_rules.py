"""The money rules every door obeys (issue 13, cases 4 and 7), with the documents' figures:
seed 001 rapport n° 56 (AE 375 000 €, proposition 60 000 €, solde 315 000 €), seed 001 art.
4.2 (20 000 € a year, 14 000 + 6 000), seed 004 §5 (45 measures, 20 Artois + 25 Lens-Hénin),
seed 003 §VII (co-funding)."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied

from funding import services
from funding.enums import InstalmentStatus
from funding.envelopes import allocation_set, envelope_create, envelope_update
from funding.errors import FundingError
from funding.models import BudgetLine, CoFundingContribution, Grant, GrantYear, MeasureAllocation
from partnerships.enums import Role
from tests.funding.factories import CoFundingPlanFactory
from tests.partnerships.factories import member

pytestmark = pytest.mark.django_db


def text(error) -> str:
    return " ".join(error.messages).replace("\xa0", " ").replace("\u202f", " ")


def balance(line) -> Decimal:
    return BudgetLine.objects.with_figures().get(pk=line.pk).balance


@pytest.fixture
def paid(fas_grant, agent):
    """seed 001 art. 4.2: the 2023 schedule 14 000 + 6 000, its 70 % paid."""
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


# ---------------------------------------------------------------------------- budget line
def test_a_500000_euro_grant_on_the_seed_line_is_refused_with_its_figures(
    fas_grant, budget_line, agent, cpom
):
    # seed 001 rapport n° 56: AE 375 000,00 ; proposition 60 000,00 ; solde 315 000,00
    with pytest.raises(FundingError) as refused:
        services.grant_create(
            convention=cpom,
            funder=budget_line.funder,
            beneficiary=fas_grant.beneficiary,
            budget_line=budget_line,
            yearly_amounts={2024: Decimal("500000")},
            by=agent,
        )
    message = text(refused.value)
    for figure in ("AE 375 000,00 €", "60 000,00 €", "315 000,00 € de solde", "500 000,00 €"):
        assert figure in message
    assert Grant.objects.count() == 1
    assert balance(budget_line) == Decimal("315000.00")


def test_a_year_raised_beyond_the_lines_balance_is_refused(fas_grant, budget_line, agent):
    # 2025 from 20 000 to 335 000,01 €: 315 000,01 € more than the line's balance of 315 000 €
    with pytest.raises(FundingError) as refused:
        services.grant_year_set(grant=fas_grant, year=2025, amount=Decimal("335000.01"), by=agent)
    assert "315 000,00 € de solde : 315 000,01 € la dépasseraient" in text(refused.value)
    services.grant_year_set(grant=fas_grant, year=2025, amount=Decimal("335000.00"), by=agent)
    assert balance(budget_line) == Decimal("0.00")


def test_moving_a_grant_to_a_line_without_the_balance_is_refused(fas_grant, agent, department):
    small = BudgetLine.objects.create(
        funder=department,
        year=2023,
        operation_code="C02-585F02",
        imputation="6568/93428",
        label="Ligne de 50 000 €",
        commitment_authorisation=Decimal("50000"),
    )
    with pytest.raises(FundingError) as refused:
        services.grant_update(grant=fas_grant, budget_line=small, by=agent)
    assert "50 000,00 € de solde : 60 000,00 € la dépasseraient" in text(refused.value)
    fas_grant.refresh_from_db()
    assert fas_grant.budget_line_id != small.pk


def test_the_ae_of_a_line_never_falls_below_its_grants(fas_grant, budget_line, agent):
    fields = {
        "year": 2023,
        "operation_code": "C02-585F01",
        "imputation": "6568/93428",
        "label": "Partenariats transversaux",
    }
    with pytest.raises(FundingError) as refused:
        services.budget_line_update(
            line=budget_line, commitment_authorisation=Decimal("59999.99"), by=agent, **fields
        )
    assert "totalisent 60 000,00 € : l'AE ne peut pas descendre" in text(refused.value)
    services.budget_line_update(
        line=budget_line, commitment_authorisation=Decimal("60000"), by=agent, **fields
    )
    assert balance(budget_line) == Decimal("0.00")


def test_a_second_line_with_the_same_code_is_refused_in_french(budget_line, agent, department):
    with pytest.raises(FundingError, match="existe déjà pour ce financeur"):
        services.budget_line_create(
            funder=department,
            year=2023,
            operation_code="C02-585F01",
            imputation="6568/93428",
            label="Doublon",
            commitment_authorisation=Decimal("1000"),
            by=agent,
        )
    assert BudgetLine.objects.count() == 1


# ----------------------------------------------------------------- yearly amounts, schedule
def test_a_grant_cut_below_what_was_paid_is_refused(paid, agent):
    # 20 000 € for 2023, of which 14 000 € paid: 2 € is refused
    with pytest.raises(FundingError) as refused:
        services.grant_year_set(grant=paid, year=2023, amount=Decimal("2"), by=agent)
    assert "14 000,00 € ont déjà été versés au titre de 2023" in text(refused.value)
    assert GrantYear.objects.get(grant=paid, year=2023).amount == Decimal("20000.00")


def test_a_year_whose_70_percent_is_paid_keeps_its_schedule(paid, agent):
    # seed 001 art. 4.2: the generated 14 000 + 6 000 cannot be recomputed once 14 000 are paid
    with pytest.raises(FundingError) as refused:
        services.grant_year_set(grant=paid, year=2023, amount=Decimal("18000"), by=agent)
    assert "L'échéancier 2023 (14 000,00 € + 6 000,00 €)" in text(refused.value)
    assert list(paid.instalments.filter(year=2023).values_list("amount", flat=True)) == [
        Decimal("14000.00"),
        Decimal("6000.00"),
    ]


def test_a_year_with_nothing_paid_gets_its_schedule_regenerated(paid, budget_line, agent):
    second = paid.instalments.get(year=2024, position=1)
    services.grant_year_set(grant=paid, year=2024, amount=Decimal("10000"), by=agent)

    year_2024 = paid.instalments.filter(year=2024).order_by("position")
    assert [i.amount for i in year_2024] == [Decimal("7000.00"), Decimal("3000.00")]
    assert year_2024[0].version == second.version + 1
    assert year_2024[0].history.first().history_user == agent
    # The line gets back the 10 000 € no longer proposed.
    assert balance(budget_line) == Decimal("325000.00")


def test_a_year_added_to_a_scheduled_grant_gets_its_70_30(paid, agent):
    services.grant_year_set(grant=paid, year=2026, amount=Decimal("20000"), by=agent)
    added = paid.instalments.filter(year=2026).order_by("position")
    assert [(i.amount, i.status) for i in added] == [
        (Decimal("14000.00"), InstalmentStatus.PLANNED),
        (Decimal("6000.00"), InstalmentStatus.PLANNED),
    ]


def test_a_scheduled_year_cannot_be_removed(paid, agent):
    with pytest.raises(FundingError, match="déjà généré"):
        services.grant_year_remove(grant=paid, year=2025, by=agent)
    assert paid.years.count() == 3


def test_negative_or_zero_yearly_amounts_are_refused_in_french(cpom, department, fas, agent):
    with pytest.raises(FundingError, match="Le montant annuel 2023 doit être positif"):
        services.grant_create(
            convention=cpom,
            funder=department,
            beneficiary=fas,
            yearly_amounts={2023: Decimal("-20000")},
            by=agent,
        )
    assert not Grant.objects.exists()


def test_a_grant_is_between_two_parties_of_the_convention(cpom, department, world, agent):
    with pytest.raises(FundingError, match="n'est pas partie à la convention 2023-121"):
        services.grant_create(
            convention=cpom,
            funder=department,
            beneficiary=world.orgs.chrs,
            yearly_amounts={2023: Decimal("20000")},
            by=agent,
        )


# ------------------------------------------------------------------------------- who may
def test_only_the_funders_staff_change_the_money(paid, world, budget_line):
    # The beneficiary's director, and the staff of another Département, are refused.
    for intruder in (world.users.fas_director, member(Role.DEPARTMENT_STAFF)):
        with pytest.raises(PermissionDenied):
            services.grant_year_set(grant=paid, year=2024, amount=Decimal("1"), by=intruder)
        with pytest.raises(PermissionDenied):
            services.grant_set_bank_details(
                grant=paid,
                iban="FR7630006000011234567890189",
                bic="",
                account_holder="X",
                by=intruder,
            )
        instalment = paid.instalments.get(year=2023, position=2)
        with pytest.raises(PermissionDenied):
            services.instalment_cancel(
                instalment=instalment, version=instalment.version, reason="x", by=intruder
            )
        with pytest.raises(PermissionDenied):
            services.budget_line_create(
                funder=budget_line.funder,
                year=2024,
                operation_code="X",
                imputation="Y",
                label="Z",
                commitment_authorisation=Decimal("1"),
                by=intruder,
            )
    assert GrantYear.objects.get(grant=paid, year=2024).amount == Decimal("20000.00")


# --------------------------------------------------------------------------- envelopes
def test_60_measures_on_a_25_measure_territory_are_refused(envelope_seed):
    # seed 004 §5: 45 measures, 20 for Artois and 25 for Lens-Hénin
    seed = envelope_seed
    with pytest.raises(FundingError) as refused:
        allocation_set(
            envelope=seed.envelope,
            territory=seed.lens,
            operator=seed.chrs_lens,
            measures=60,
            by=seed.agent,
        )
    assert "Lens-Hénin dispose de 25 mesures" in text(refused.value)
    assert "peut en recevoir 25 au plus" in text(refused.value)
    with pytest.raises(FundingError, match="45 mesures, dont 20 déjà allouées"):
        allocation_set(envelope=seed.envelope, territory=seed.lens, measures=60, by=seed.agent)
    assert MeasureAllocation.objects.get(territory=seed.lens, operator=None).measures == 25
    assert not MeasureAllocation.objects.filter(operator=seed.chrs_lens).exists()


def test_only_the_envelopes_staff_allocate(envelope_seed, world):
    for intruder in (world.users.director, member(Role.DEPARTMENT_STAFF)):
        with pytest.raises(PermissionDenied):
            allocation_set(
                envelope=envelope_seed.envelope,
                territory=envelope_seed.lens,
                measures=1,
                by=intruder,
            )


def test_an_envelope_ending_before_it_starts_is_refused_in_french(envelope_seed, world):
    seed = envelope_seed
    with pytest.raises(FundingError) as refused:
        envelope_create(
            programme=world.asrl,
            funder=seed.envelope.funder,
            manager=world.orgs.department,
            label="ASRL 2021",
            period_start=dt.date(2021, 12, 31),
            period_end=dt.date(2021, 1, 1),
            measures=45,
            unit_cost=Decimal("5000"),
            by=seed.agent,
        )
    assert "finit le 01/01/2021, avant de commencer le 31/12/2021" in text(refused.value)


def test_an_envelope_never_holds_fewer_measures_than_its_territories_received(envelope_seed):
    seed = envelope_seed
    envelope = seed.envelope
    with pytest.raises(FundingError, match="45 mesures sont déjà allouées"):
        envelope_update(
            envelope=envelope,
            manager=envelope.manager,
            label=envelope.label,
            period_start=envelope.period_start,
            period_end=envelope.period_end,
            measures=44,
            unit_cost=envelope.unit_cost,
            by=seed.agent,
        )


# ---------------------------------------------------------------------------- co-funding
def test_a_negative_contribution_is_refused_in_french(world):
    # seed 003 §VII: contributions of the funders to a 60 600 € action
    plan = CoFundingPlanFactory(convention=world.conventions.asrl)
    with pytest.raises(FundingError, match="Le montant d'une contribution est positif"):
        services.contribution_add(
            plan=plan,
            funder=world.orgs.department,
            recipient=world.orgs.chrs,
            amount=Decimal("-10000"),
            by=world.users.staff,
        )
    assert not CoFundingContribution.objects.exists()


def test_only_the_staff_of_a_party_keeps_a_cofunding_plan(world):
    plan = CoFundingPlanFactory(convention=world.conventions.asrl)
    for intruder in (world.users.director, member(Role.DEPARTMENT_STAFF)):
        with pytest.raises(PermissionDenied):
            services.cofunding_plan_update(plan=plan, label="x", cost=Decimal("1"), by=intruder)
