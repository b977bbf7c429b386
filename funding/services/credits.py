"""Crédits de paiement (CP): what a budget line may pay each year (seed 001 rapport n°56).

« Le versement de la participation financière reste conditionné d'une part aux crédits de
paiement inscrits chaque année au Budget Primitif du Département » : the funder's staff enter
each year's CP on the line; the payments made that year on the grants imputed on the line
(counted by the year of their payment) never exceed them. A line on which no CP was ever
entered does not follow them: its payments are bounded by its grants only.
"""

from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction
from django.db.models import Sum
from django.utils.translation import gettext as _

from common.formatting import format_euros as euros
from common.history import as_author
from common.money import ZERO
from funding.enums import InstalmentStatus
from funding.errors import FundingError
from funding.models import BudgetLine, Instalment, PaymentCredit
from funding.rules import require


@dataclass(frozen=True)
class CreditYear:
    """One year of a line: CP voted, paid on the line that year, what remains."""

    year: int
    credits: Decimal
    paid: Decimal

    @property
    def remaining(self) -> Decimal:
        return self.credits - self.paid


def _paid_on_line(line_id: int) -> dict[int, Decimal]:
    rows = (
        Instalment.objects.filter(
            grant__budget_line=line_id, status=InstalmentStatus.PAID, paid_on__isnull=False
        )
        .order_by()
        .values_list("paid_on__year")
        .annotate(total=Sum("amount"))
    )
    return dict(rows)


def credit_years(line: BudgetLine) -> list[CreditYear]:
    """Each year with CP or payments on the line: CP, paid, remaining (two queries)."""
    credits = dict(line.payment_credits.order_by().values_list("year", "amount"))
    paid = _paid_on_line(line.pk)
    return [
        CreditYear(year, credits.get(year, ZERO), paid.get(year, ZERO))
        for year in sorted(credits.keys() | paid.keys())
    ]


@transaction.atomic
def payment_credit_set(*, line: BudgetLine, year: int, amount: Decimal, by) -> PaymentCredit:
    """Enter (or correct) the CP of one year on a line, by the funder's staff; never below
    what the line already paid that year."""
    line = BudgetLine.objects.select_for_update().get(pk=line.pk)
    require(by, "funding.manage_budget_line", line)
    if amount is None or amount < 0:
        raise FundingError(_("Les crédits de paiement ne peuvent pas être négatifs."))
    if not year or year < 2000 or year > 2100:
        raise FundingError(_("Indiquez l'année du budget primitif (par exemple 2024)."))
    paid = _paid_on_line(line.pk).get(year, ZERO)
    if amount < paid:
        raise FundingError(
            _(
                "La ligne %(code)s a déjà versé %(paid)s en %(year)s : ses crédits de paiement "
                "%(year)s ne peuvent pas descendre à %(amount)s."
            )
            % {
                "code": line.operation_code,
                "paid": euros(paid),
                "year": year,
                "amount": euros(amount),
            }
        )
    credit = PaymentCredit.objects.filter(budget_line=line, year=year).first()
    if credit is None:
        credit = PaymentCredit(budget_line=line, year=year)
    credit.amount = amount
    as_author(credit, by).save()
    return credit


def check_payment_credits(instalment: Instalment, paid_on) -> None:
    """Refuse a payment the year's CP of the grant's line do not cover (seed 001 rapport n°56).

    Called by instalment_pay inside its transaction; the line is locked so that two payments
    at once cannot both take the last credits.
    """
    line_id = instalment.grant.budget_line_id
    if line_id is None:
        return
    line = BudgetLine.objects.select_for_update().get(pk=line_id)
    credits = dict(line.payment_credits.order_by().values_list("year", "amount"))
    if not credits:
        return
    year = paid_on.year
    available = credits.get(year, ZERO) - _paid_on_line(line_id).get(year, ZERO)
    if instalment.amount > available:
        raise FundingError(
            _(
                "Les crédits de paiement %(year)s de la ligne %(code)s (%(credits)s inscrits au "
                "budget primitif) ne couvrent pas ce versement de %(amount)s : il en reste "
                "%(available)s."
            )
            % {
                "year": year,
                "code": line.operation_code,
                "credits": euros(credits.get(year, ZERO)),
                "amount": euros(instalment.amount),
                "available": euros(max(available, ZERO)),
            }
        )
