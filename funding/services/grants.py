"""Grants (participations financières): created on a budget line, with their bank details."""

from collections.abc import Mapping
from decimal import Decimal

from django.db import transaction
from django.utils.translation import gettext as _

from common.formatting import format_euros as euros
from common.history import as_author
from common.money import ZERO
from common.validators import normalise_bic, normalise_iban
from funding.errors import FundingError
from funding.models import BudgetLine, Grant, GrantYear


@transaction.atomic
def grant_create(
    *,
    convention,
    funder,
    beneficiary,
    yearly_amounts: Mapping[int, Decimal],
    by,
    budget_line: BudgetLine | None = None,
    decision=None,
    iban: str = "",
    bic: str = "",
    account_holder: str = "",
) -> Grant:
    """A participation financière and its yearly amounts (seed 001 art. 4.1: 20 000 € × 3).

    Refused when it would take the budget line below zero (seed 001: AE 375 000 €).
    """
    if not yearly_amounts:
        raise FundingError(_("Indiquez au moins un montant annuel."))
    amounts = {int(year): Decimal(amount) for year, amount in yearly_amounts.items()}
    if any(amount <= 0 for amount in amounts.values()):
        raise FundingError(_("Chaque montant annuel doit être positif."))
    total = sum(amounts.values(), ZERO)
    if budget_line is not None:
        line = BudgetLine.objects.select_for_update().get(pk=budget_line.pk)
        if line.funder_id != funder.pk:
            raise FundingError(_("La ligne budgétaire appartient à un autre financeur."))
        figures = BudgetLine.objects.with_figures().get(pk=line.pk)
        if total > figures.balance:
            raise FundingError(
                _(
                    "La ligne %(code)s n'a plus que %(balance)s de solde : la participation de "
                    "%(total)s la dépasserait."
                )
                % {
                    "code": line.operation_code,
                    "balance": euros(figures.balance),
                    "total": euros(total),
                }
            )
    grant = Grant(
        convention=convention,
        funder=funder,
        beneficiary=beneficiary,
        budget_line=budget_line,
        decision=decision,
        iban=normalise_iban(iban),
        bic=normalise_bic(bic),
        account_holder=account_holder.strip(),
    )
    grant.full_clean()
    as_author(grant, by).save()
    for year, amount in sorted(amounts.items()):
        as_author(GrantYear(grant=grant, year=year, amount=amount), by).save()
    return grant


@transaction.atomic
def grant_set_bank_details(*, grant: Grant, iban: str, bic: str, account_holder: str, by) -> Grant:
    """Record the beneficiary's RIB (seed 001 art. 4.3): IBAN and BIC checked on save."""
    grant = Grant.objects.select_for_update().get(pk=grant.pk)
    grant.iban = normalise_iban(iban)
    grant.bic = normalise_bic(bic)
    grant.account_holder = account_holder.strip()
    grant.full_clean()
    as_author(grant, by).save()
    return grant
