"""Budget lines, grants, reversements and co-funding, with the documents' figures."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from funding import services
from funding.enums import ReimbursementReason, ReimbursementStatus
from funding.errors import FundingError
from funding.models import BudgetLine, CoFundingPlan, Grant, GrantYear
from partnerships.enums import OrganisationKind
from tests.funding.factories import CoFundingPlanFactory, ContributionFactory
from tests.partnerships.factories import ConventionFactory, OrganisationFactory

pytestmark = pytest.mark.django_db


def test_budget_line_shows_available_proposed_and_balance(fas_grant, budget_line):
    # seed 001: AE 375 000,00 ; disponible 375 000,00 ; proposition 60 000,00 ; solde 315 000,00
    line = BudgetLine.objects.with_figures().get(pk=budget_line.pk)
    assert (line.available, line.proposed, line.balance) == (
        Decimal("375000.00"),
        Decimal("60000.00"),
        Decimal("315000.00"),
    )


def test_grant_total_is_the_sum_of_its_years(fas_grant):
    # seed 001 art. 4.1: 20 000 € a year for 2023-2025, 60 000 €
    assert Grant.objects.with_totals().get(pk=fas_grant.pk).total == Decimal("60000.00")


def test_grant_beyond_the_budget_lines_balance_is_refused(fas_grant, budget_line, agent, cpom):
    # seed 001 rapport n° 56: AE 375 000 €, proposition 60 000 €, solde 315 000 €
    with pytest.raises(FundingError) as refused:
        services.grant_create(
            convention=cpom,
            funder=budget_line.funder,
            beneficiary=fas_grant.beneficiary,
            budget_line=budget_line,
            yearly_amounts={2023: Decimal("315000.01")},
            by=agent,
        )
    assert "315\xa0000,00\xa0€ de solde" in refused.value.message
    assert Grant.objects.count() == 1


def test_grant_with_a_wrong_iban_is_refused(cpom, department, fas, agent):
    with pytest.raises(ValidationError, match="IBAN n'est pas valide"):
        services.grant_create(
            convention=cpom,
            funder=department,
            beneficiary=fas,
            yearly_amounts={2023: Decimal("20000")},
            iban="FR76 1627 5006 0008 0002 5263 076",
            by=agent,
        )
    assert not GrantYear.objects.exists()


def test_bank_details_are_checked_and_kept_in_history(fas_grant, agent):
    with pytest.raises(ValidationError, match="IBAN"):
        services.grant_set_bank_details(
            grant=fas_grant, iban="FR00 0000", bic="CEPAFRPP627", account_holder="FAS", by=agent
        )
    services.grant_set_bank_details(
        grant=fas_grant,
        iban="FR7630006000011234567890189",
        bic="AGRIFRPP",
        account_holder="FAS HDF",
        by=agent,
    )
    fas_grant.refresh_from_db()
    assert fas_grant.iban == "FR7630006000011234567890189"
    assert fas_grant.history.first().history_user == agent


def test_a_malformed_bic_is_refused_and_nothing_changes(fas_grant, agent):
    before = (fas_grant.iban, fas_grant.bic)
    with pytest.raises(ValidationError, match="Ce BIC n'est pas valide") as refused:
        services.grant_set_bank_details(
            grant=fas_grant,
            iban="FR7630006000011234567890189",
            bic="CEPAPFRPP627",  # the document's misprint: 12 characters
            account_holder="FAS",
            by=agent,
        )
    assert list(refused.value.message_dict) == ["bic"]
    fas_grant.refresh_from_db()
    assert (fas_grant.iban, fas_grant.bic) == before


@pytest.fixture
def paid_grant(fas_grant, agent):
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


def test_reimbursement_cannot_exceed_what_was_paid(paid_grant, agent):
    # seed 001 art. 4.4: reversement of all or part of the participation paid
    with pytest.raises(FundingError) as refused:
        services.reimbursement_claim(
            grant=paid_grant,
            amount=Decimal("14000.01"),
            reason=ReimbursementReason.NOT_CARRIED_OUT,
            claimed_on=dt.date(2024, 6, 1),
            by=agent,
        )
    assert "réclamé : 14\xa0000,00\xa0€" in refused.value.message
    services.reimbursement_claim(
        grant=paid_grant,
        amount=Decimal("10000"),
        reason=ReimbursementReason.PARTLY_MET,
        claimed_on=dt.date(2024, 6, 1),
        by=agent,
    )
    with pytest.raises(FundingError) as refused:
        services.reimbursement_claim(
            grant=paid_grant,
            amount=Decimal("4000.01"),
            reason=ReimbursementReason.UNJUSTIFIED_USE,
            claimed_on=dt.date(2024, 6, 2),
            by=agent,
        )
    assert "déjà réclamé 10\xa0000,00\xa0€" in refused.value.message


def test_recovered_reimbursement_lowers_what_was_net_received(paid_grant, agent):
    claim = services.reimbursement_claim(
        grant=paid_grant,
        amount=Decimal("4200.00"),
        reason=ReimbursementReason.PARTLY_MET,
        details="Objectifs de la fiche action IAE/RSA partiellement atteints.",
        claimed_on=dt.date(2024, 6, 1),
        by=agent,
    )
    totals = Grant.objects.with_totals().get(pk=paid_grant.pk)
    assert (totals.paid, totals.reclaimed, totals.net_received) == (
        Decimal("14000.00"),
        Decimal("4200.00"),
        Decimal("14000.00"),
    )

    services.reimbursement_contest(claim=claim, by=agent)
    services.reimbursement_issue_title(
        claim=claim, number="T-2024-000512", issued_on=dt.date(2024, 7, 15), by=agent
    )
    services.reimbursement_recover(claim=claim, recovered_on=dt.date(2024, 9, 1), by=agent)

    totals = Grant.objects.with_totals().get(pk=paid_grant.pk)
    assert totals.net_received == Decimal("9800.00")
    claim.refresh_from_db()
    assert claim.status == ReimbursementStatus.RECOVERED
    assert [h.status for h in claim.history.order_by("history_date")] == [
        "claimed",
        "contested",
        "title_issued",
        "recovered",
    ]


def test_a_reimbursement_is_called_by_an_executory_title_before_it_is_recovered(paid_grant, agent):
    # seed 001 art. 4.4: "Le Département se réserve la possibilité d'appeler, par voie de titre
    # exécutoire, au reversement de tout ou partie de la participation financière annuelle":
    # of the 14 000 € paid (70 % of 20 000 €), 4 200 € are called back.
    claim = services.reimbursement_claim(
        grant=paid_grant,
        amount=Decimal("4200.00"),
        reason=ReimbursementReason.PARTLY_MET,
        claimed_on=dt.date(2024, 6, 1),
        by=agent,
    )
    with pytest.raises(FundingError, match="titre exécutoire"):
        services.reimbursement_recover(claim=claim, recovered_on=dt.date(2024, 9, 1), by=agent)
    for number, issued_on, message in (
        ("  ", dt.date(2024, 7, 15), "numéro du titre"),
        ("T-2024-000512", dt.date(2024, 5, 31), "ne peut précéder la demande"),
        ("T" * 41, dt.date(2024, 7, 15), "40 caractères"),
    ):
        with pytest.raises(FundingError, match=message):
            services.reimbursement_issue_title(
                claim=claim, number=number, issued_on=issued_on, by=agent
            )
    claim.refresh_from_db()
    assert (claim.status, claim.title_number, claim.title_issued_on) == ("claimed", "", None)

    services.reimbursement_issue_title(
        claim=claim, number=" T-2024-000512 ", issued_on=dt.date(2024, 7, 15), by=agent
    )
    claim.refresh_from_db()
    assert (claim.status, claim.title_number, claim.title_issued_on) == (
        ReimbursementStatus.TITLE_ISSUED,
        "T-2024-000512",
        dt.date(2024, 7, 15),
    )
    # Still owed until recovered: what the beneficiary net received is unchanged.
    assert Grant.objects.with_totals().get(pk=paid_grant.pk).net_received == Decimal("14000.00")
    with pytest.raises(FundingError, match="Titre exécutoire émis"):
        services.reimbursement_issue_title(
            claim=claim, number="T-2024-000513", issued_on=dt.date(2024, 7, 16), by=agent
        )
    with pytest.raises(FundingError, match="précéder le titre"):
        services.reimbursement_recover(claim=claim, recovered_on=dt.date(2024, 7, 14), by=agent)
    services.reimbursement_recover(claim=claim, recovered_on=dt.date(2024, 9, 1), by=agent)
    assert Grant.objects.with_totals().get(pk=paid_grant.pk).net_received == Decimal("9800.00")


def test_a_recovered_reimbursement_cannot_be_cancelled(paid_grant, agent):
    claim = services.reimbursement_claim(
        grant=paid_grant,
        amount=Decimal("100"),
        reason=ReimbursementReason.UNJUSTIFIED_USE,
        claimed_on=dt.date(2024, 6, 1),
        by=agent,
    )
    services.reimbursement_issue_title(
        claim=claim, number="T-2024-000600", issued_on=dt.date(2024, 6, 15), by=agent
    )
    services.reimbursement_recover(claim=claim, recovered_on=dt.date(2024, 7, 1), by=agent)
    with pytest.raises(FundingError, match="Recouvré"):
        services.reimbursement_cancel(claim=claim, by=agent)


def test_mediation_cofunding_of_60600_euros_is_balanced():
    # seed 003 §VII: Lille-Lomme 10 000 € to Citéo, Capinghem 10 000 € to ASLH,
    # ASLH 40 600 € to Citéo, for a cost of 60 600 € net of VAT
    citeo = OrganisationFactory(name="Citéo", kind=OrganisationKind.MEDIATION_OPERATOR)
    aslh = OrganisationFactory(name="ASL Humanicité", kind=OrganisationKind.ASSOCIATION)
    plan = CoFundingPlanFactory(convention=ConventionFactory())
    ContributionFactory(
        plan=plan, funder=OrganisationFactory(name="Ville de Lille"), recipient=citeo
    )
    ContributionFactory(plan=plan, funder=OrganisationFactory(name="Capinghem"), recipient=aslh)
    ContributionFactory(plan=plan, funder=aslh, recipient=citeo, amount=Decimal("40600"))

    totals = CoFundingPlan.objects.with_totals().get(pk=plan.pk)
    assert (totals.contributed, totals.gap) == (Decimal("60600.00"), Decimal("0.00"))


def test_cofunding_gap_is_shown_when_a_contribution_is_missing():
    plan = CoFundingPlanFactory()
    ContributionFactory(plan=plan)
    ContributionFactory(plan=plan)

    assert CoFundingPlan.objects.with_totals().get(pk=plan.pk).gap == Decimal("40600.00")
