"""Budget lines and grants (participations financières): created and changed by the funder's
staff, never beyond the line's balance, never below what was paid (seed 001 art. 3-4)."""

from collections.abc import Mapping
from decimal import Decimal

from django.db import transaction
from django.db.models import Sum
from django.utils.translation import gettext as _

from common.concurrency import EditConflict, claim
from common.formatting import format_euros as euros
from common.history import as_author
from common.money import ZERO
from common.validators import normalise_bic, normalise_iban
from funding.enums import InstalmentStatus
from funding.errors import FundingError
from funding.models import BudgetLine, Grant, GrantYear, Instalment
from funding.rules import require
from funding.services.schedule import (
    CONFLICT,
    instalments_generate,
    schedule_for_year,
    split_amount,
)


# ----------------------------------------------------------------------------- budget lines
def _check_line_fields(*, operation_code, imputation, label, commitment_authorisation) -> None:
    if not (operation_code.strip() and imputation.strip() and label.strip()):
        raise FundingError(_("Indiquez le code opération, l'imputation et le libellé."))
    if commitment_authorisation is None or commitment_authorisation < 0:
        raise FundingError(_("L'autorisation d'engagement (AE) ne peut pas être négative."))


def _check_line_unique(line: BudgetLine) -> None:
    taken = BudgetLine.objects.filter(
        funder=line.funder_id,
        year=line.year,
        operation_code=line.operation_code,
        imputation=line.imputation,
    ).exclude(pk=line.pk)
    if taken.exists():
        raise FundingError(
            _(
                "La ligne %(code)s %(imputation)s de l'exercice %(year)s existe déjà pour ce "
                "financeur."
            )
            % {"code": line.operation_code, "imputation": line.imputation, "year": line.year}
        )


@transaction.atomic
def budget_line_create(
    *,
    funder,
    year: int,
    operation_code: str,
    imputation: str,
    label: str,
    commitment_authorisation: Decimal,
    by,
) -> BudgetLine:
    """A funder's budget line (seed 001 art. 3: C02-585F01, 6568/93428, AE 375 000 €)."""
    line = BudgetLine(
        funder=funder,
        year=year,
        operation_code=operation_code.strip(),
        imputation=imputation.strip(),
        label=label.strip(),
        commitment_authorisation=commitment_authorisation,
    )
    require(by, "funding.manage_budget_line", line)
    _check_line_fields(
        operation_code=operation_code,
        imputation=imputation,
        label=label,
        commitment_authorisation=commitment_authorisation,
    )
    _check_line_unique(line)
    as_author(line, by).save()
    return line


@transaction.atomic
def budget_line_update(
    *,
    line: BudgetLine,
    year: int,
    operation_code: str,
    imputation: str,
    label: str,
    commitment_authorisation: Decimal,
    by,
) -> BudgetLine:
    """Correct a line; its AE never falls below the grants already imputed on it (seed 001:
    the balance, AE − proposition, is never negative)."""
    line = BudgetLine.objects.select_for_update().get(pk=line.pk)
    require(by, "funding.manage_budget_line", line)
    _check_line_fields(
        operation_code=operation_code,
        imputation=imputation,
        label=label,
        commitment_authorisation=commitment_authorisation,
    )
    proposed = BudgetLine.objects.with_figures().get(pk=line.pk).proposed
    if commitment_authorisation < proposed:
        raise FundingError(
            _(
                "Les participations imputées sur la ligne %(code)s totalisent %(proposed)s : "
                "l'AE ne peut pas descendre à %(ae)s."
            )
            % {
                "code": line.operation_code,
                "proposed": euros(proposed),
                "ae": euros(commitment_authorisation),
            }
        )
    line.year = year
    line.operation_code = operation_code.strip()
    line.imputation = imputation.strip()
    line.label = label.strip()
    line.commitment_authorisation = commitment_authorisation
    _check_line_unique(line)
    as_author(line, by).save()
    return line


def _check_balance(line: BudgetLine | None, extra: Decimal) -> None:
    """seed 001 rapport: AE 375 000 €, proposition 60 000 €, solde 315 000 €. What a grant adds
    to a line never exceeds its balance. The line is locked by the caller."""
    if line is None or extra <= 0:
        return
    figures = BudgetLine.objects.with_figures().get(pk=line.pk)
    if extra > figures.balance:
        raise FundingError(
            _(
                "La ligne %(code)s (AE %(ae)s, déjà proposé %(proposed)s) n'a plus que "
                "%(balance)s de solde : %(extra)s la dépasseraient."
            )
            % {
                "code": figures.operation_code,
                "ae": euros(figures.available),
                "proposed": euros(figures.proposed),
                "balance": euros(figures.balance),
                "extra": euros(extra),
            }
        )


def _lock_line(line: BudgetLine | None, funder) -> BudgetLine | None:
    if line is None:
        return None
    line = BudgetLine.objects.select_for_update().get(pk=line.pk)
    if line.funder_id != funder.pk:
        raise FundingError(_("La ligne budgétaire appartient à un autre financeur."))
    return line


def _check_parties(convention, funder, beneficiary) -> None:
    parties = set(convention.parties.values_list("organisation", flat=True))
    for organisation in (funder, beneficiary):
        if organisation.pk not in parties:
            raise FundingError(
                _("%(org)s n'est pas partie à la convention %(ref)s.")
                % {"org": organisation, "ref": convention.reference}
            )
    if funder.pk == beneficiary.pk:
        raise FundingError(_("Le financeur et le bénéficiaire sont deux structures distinctes."))


def _check_amount(year: int, amount) -> Decimal:
    if amount is None:
        raise FundingError(_("Indiquez le montant de l'exercice %(year)s.") % {"year": year})
    amount = Decimal(amount)
    if amount <= 0:
        raise FundingError(
            _("Le montant annuel %(year)s doit être positif (%(amount)s indiqué).")
            % {"year": year, "amount": euros(amount)}
        )
    return amount


# ----------------------------------------------------------------------------------- grants
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
    """A participation financière and its yearly amounts (seed 001 art. 4.1: 20 000 € × 3),
    by the funder's staff, between two parties of the convention.

    Refused when it would take the budget line below zero (seed 001: AE 375 000 €).
    """
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
    require(by, "funding.manage_grant", grant)
    if not yearly_amounts:
        raise FundingError(_("Indiquez au moins un montant annuel."))
    amounts = {int(year): _check_amount(int(year), a) for year, a in yearly_amounts.items()}
    _check_parties(convention, funder, beneficiary)
    line = _lock_line(budget_line, funder)
    _check_balance(line, sum(amounts.values(), ZERO))
    grant.full_clean()
    as_author(grant, by).save()
    for year, amount in sorted(amounts.items()):
        as_author(GrantYear(grant=grant, year=year, amount=amount), by).save()
    return grant


@transaction.atomic
def grant_update(*, grant: Grant, by, budget_line: BudgetLine | None, decision=None) -> Grant:
    """Change the line a grant is imputed on, or the deliberation that decided it. The whole
    grant moves to the new line, within its balance."""
    grant = Grant.objects.select_for_update(of=("self",)).get(pk=grant.pk)
    require(by, "funding.manage_grant", grant)
    if budget_line is not None and budget_line.pk != grant.budget_line_id:
        line = _lock_line(budget_line, grant.funder)
        total = grant.years.aggregate(t=Sum("amount"))["t"] or ZERO
        _check_balance(line, total)
    grant.budget_line = budget_line
    grant.decision = decision
    as_author(grant, by).save()
    return grant


def _year_schedule(grant: Grant, year: int, amount: Decimal) -> list[tuple[Instalment, Decimal]]:
    """Each instalment of the year with the amount the 70/30 split of `amount` gives it."""
    instalments = list(grant.instalments.filter(year=year).order_by("position"))
    if not instalments:
        return []
    first = grant.years.order_by("year").values_list("year", flat=True).first()
    plan = schedule_for_year(first_year=year == first)
    shares = [share for share, _condition in plan]
    parts = split_amount(amount, shares)
    return [(i, parts[i.position - 1]) for i in instalments if i.position <= len(parts)]


@transaction.atomic
def grant_year_set(*, grant: Grant, year: int, amount: Decimal, by) -> GrantYear:
    """Add a financial year to a grant or change its amount.

    - within the budget line's balance (seed 001: never beyond the AE);
    - never below what was already paid that year;
    - the year's 70/30 schedule follows: regenerated while nothing of the year is paid,
      and the change is refused once a payment fixed it (seed 001 art. 4.2).
    """
    grant = Grant.objects.select_for_update(of=("self",)).get(pk=grant.pk)
    require(by, "funding.manage_grant", grant)
    year = int(year)
    amount = _check_amount(year, amount)
    row = GrantYear.objects.filter(grant=grant, year=year).first()
    before = row.amount if row else ZERO
    if amount == before:
        return row
    paid = (
        grant.instalments.filter(year=year, status=InstalmentStatus.PAID).aggregate(
            t=Sum("amount")
        )["t"]
        or ZERO
    )
    if amount < paid:
        raise FundingError(
            _(
                "%(paid)s ont déjà été versés au titre de %(year)s : le montant de l'exercice ne "
                "peut pas descendre à %(amount)s."
            )
            % {"paid": euros(paid), "year": year, "amount": euros(amount)}
        )
    schedule = _year_schedule(grant, year, amount)
    fixed = [(i, new) for i, new in schedule if not i.open and i.amount != new]
    if fixed:
        current = " + ".join(euros(i.amount) for i, _new in schedule)
        raise FundingError(
            _(
                "L'échéancier %(year)s (%(current)s) a déjà un versement effectué ou annulé : "
                "le montant de l'exercice ne peut plus passer à %(amount)s. Demandez un "
                "reversement ou ajoutez un exercice."
            )
            % {"year": year, "current": current, "amount": euros(amount)}
        )
    scheduled = grant.instalments.exists()
    if row is None and scheduled and year < min(grant.years.values_list("year", flat=True)):
        raise FundingError(
            _(
                "L'échéancier commence en %(first)s : un exercice antérieur changerait la "
                "condition de son premier versement (signature et notification)."
            )
            % {"first": grant.years.order_by("year").values_list("year", flat=True).first()}
        )
    _check_balance(_lock_line(grant.budget_line, grant.funder), amount - before)
    row = row or GrantYear(grant=grant, year=year)
    row.amount = amount
    as_author(row, by).save()
    for instalment, new in schedule:
        if instalment.open and instalment.amount != new:
            # Regenerated in place: the version moves, so a payment form opened on the old
            # amount is refused as stale.
            if not claim(Instalment.objects, instalment, instalment.version):
                raise EditConflict(str(CONFLICT))
            instalment.amount = new
            as_author(instalment, by).save()
    if scheduled and not schedule:
        # A year added to a scheduled grant gets its 70/30 at once.
        instalments_generate(grant=grant, by=by)
    return row


@transaction.atomic
def grant_year_remove(*, grant: Grant, year: int, by) -> None:
    """Remove a financial year entered by mistake, as long as no instalment was scheduled."""
    grant = Grant.objects.select_for_update(of=("self",)).get(pk=grant.pk)
    require(by, "funding.manage_grant", grant)
    row = GrantYear.objects.filter(grant=grant, year=year).first()
    if row is None:
        raise FundingError(_("Cet exercice n'existe pas pour cette participation."))
    if grant.instalments.filter(year=year).exists():
        raise FundingError(
            _(
                "L'échéancier %(year)s est déjà généré : changez le montant de l'exercice ou "
                "annulez ses versements, il ne peut plus être supprimé."
            )
            % {"year": year}
        )
    if grant.years.count() == 1:
        raise FundingError(_("Une participation garde au moins un exercice."))
    as_author(row, by).delete()


@transaction.atomic
def grant_set_bank_details(*, grant: Grant, iban: str, bic: str, account_holder: str, by) -> Grant:
    """Record the beneficiary's RIB (seed 001 art. 4.3): IBAN and BIC checked on save."""
    grant = Grant.objects.select_for_update().get(pk=grant.pk)
    require(by, "funding.manage_grant", grant)
    grant.iban = normalise_iban(iban)
    grant.bic = normalise_bic(bic)
    grant.account_holder = account_holder.strip()
    grant.full_clean()
    as_author(grant, by).save()
    return grant
