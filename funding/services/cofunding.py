"""Co-funding plans: the cost of an action and each funder's contribution (seed 003 §VII:
60 600 € net of VAT), kept by the staff of a party to the convention."""

from decimal import Decimal

from django.db import transaction
from django.utils.translation import gettext as _

from common.formatting import format_euros as euros
from common.history import as_author
from funding.errors import FundingError
from funding.models import CoFundingContribution, CoFundingPlan
from funding.rules import require


def _check_plan(label: str, cost: Decimal | None) -> None:
    if not label.strip():
        raise FundingError(_("Indiquez l'action financée."))
    if cost is None or cost <= 0:
        raise FundingError(_("Le coût total de l'action doit être positif."))


def _check_contribution(funder, recipient, amount: Decimal | None) -> None:
    if funder is None or recipient is None:
        raise FundingError(_("Indiquez le financeur et le destinataire de la contribution."))
    if amount is None or amount <= 0:
        raise FundingError(
            _("Le montant d'une contribution est positif (%(amount)s indiqué).")
            % {"amount": euros(amount) if amount is not None else "—"}
        )


@transaction.atomic
def cofunding_plan_create(*, convention, label: str, cost: Decimal, by) -> CoFundingPlan:
    plan = CoFundingPlan(convention=convention, label=label.strip(), cost=cost)
    require(by, "funding.manage_cofunding", plan)
    _check_plan(label, cost)
    as_author(plan, by).save()
    return plan


@transaction.atomic
def cofunding_plan_update(*, plan: CoFundingPlan, label: str, cost: Decimal, by) -> CoFundingPlan:
    """Change the action or its cost; the gap with the contributions follows (seed 003 §VII)."""
    plan = CoFundingPlan.objects.select_for_update().get(pk=plan.pk)
    require(by, "funding.manage_cofunding", plan)
    _check_plan(label, cost)
    plan.label = label.strip()
    plan.cost = cost
    as_author(plan, by).save()
    return plan


@transaction.atomic
def contribution_add(
    *, plan: CoFundingPlan, funder, recipient, amount: Decimal, by
) -> CoFundingContribution:
    plan = CoFundingPlan.objects.select_for_update().get(pk=plan.pk)
    require(by, "funding.manage_cofunding", plan)
    _check_contribution(funder, recipient, amount)
    contribution = CoFundingContribution(
        plan=plan, funder=funder, recipient=recipient, amount=amount
    )
    as_author(contribution, by).save()
    return contribution


@transaction.atomic
def contribution_update(
    *, contribution: CoFundingContribution, funder, recipient, amount: Decimal, by
) -> CoFundingContribution:
    contribution = (
        CoFundingContribution.objects.select_for_update(of=("self",))
        .select_related("plan__convention")
        .get(pk=contribution.pk)
    )
    require(by, "funding.manage_cofunding", contribution.plan)
    _check_contribution(funder, recipient, amount)
    contribution.funder = funder
    contribution.recipient = recipient
    contribution.amount = amount
    as_author(contribution, by).save()
    return contribution


@transaction.atomic
def contribution_remove(*, contribution: CoFundingContribution, by) -> None:
    contribution = CoFundingContribution.objects.select_related("plan__convention").get(
        pk=contribution.pk
    )
    require(by, "funding.manage_cofunding", contribution.plan)
    as_author(contribution, by).delete()
