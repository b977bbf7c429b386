"""What a convention's termination does to its money (seed 001 art. 9): the instalments not
yet paid are cancelled when it takes effect, and the sums paid but not yet engaged that the
funder asks back become a reimbursement claim. Run on the signal partnerships sends
(partnerships.signals.convention_terminated, connected in funding/apps.py)."""

from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from common.formatting import format_euros as euros
from common.money import ZERO
from funding.enums import InstalmentStatus, ReimbursementReason
from funding.errors import FundingError
from funding.models import Grant, ReimbursementClaim
from funding.services.reimbursements import reimbursement_claim
from funding.services.schedule import instalments_stop
from partnerships.models import Termination


def _grant_to_reclaim(termination, amount: Decimal) -> Grant | None:
    """The one grant whose paid sums are claimed back; None when the convention's money is
    not followed here (no grant: the amount stays on the termination only)."""
    grants = list(
        Grant.objects.with_totals()
        .filter(convention=termination.convention_id)
        .select_related("funder", "convention")
        .order_by("pk")
    )
    if not grants:
        return None
    paid = [g for g in grants if g.paid - g.reclaimed > 0]
    if not paid:
        raise FundingError(
            _(
                "Rien n'a été versé au titre de la convention %(ref)s : il n'y a pas de "
                "reversement de %(amount)s à demander."
            )
            % {"ref": termination.convention.reference, "amount": euros(amount)}
        )
    if len(paid) > 1:
        raise FundingError(
            _(
                "La convention %(ref)s a plusieurs participations versées : laissez le montant "
                "à reverser vide et demandez chaque reversement depuis la page de la "
                "participation."
            )
            % {"ref": termination.convention.reference}
        )
    return paid[0]


@transaction.atomic
def grants_stop(*, termination, by) -> ReimbursementClaim | None:
    """The money side of a termination, in the termination's own transaction.

    Cancels the convention's instalments not yet paid once the termination is effective, and
    claims back `termination.amount_to_repay` (the sums paid and not yet engaged, which the
    funder chooses) through the reimbursement service, which checks that the acting user
    works for the funder and that the amount was paid and not yet claimed.
    """
    instalments_stop(termination=termination, by=by, on=timezone.localdate())
    amount = termination.amount_to_repay or ZERO
    if amount <= 0:
        return None
    grant = _grant_to_reclaim(termination, amount)
    if grant is None:
        return None
    if not by.has_perm("funding.manage_grant", grant):
        raise FundingError(
            _(
                "Seul le financeur (%(funder)s) fixe le montant à reverser : laissez ce champ "
                "vide, il demandera le reversement depuis la page de la participation."
            )
            % {"funder": grant.funder}
        )
    return reimbursement_claim(
        grant=grant,
        amount=amount,
        reason=ReimbursementReason.TERMINATION,
        claimed_on=termination.notified_on,
        details=_(
            "%(kind)s notifiée le %(day)s : sommes versées non encore engagées "
            "(convention, art. 9)."
        )
        % {
            "kind": termination.get_kind_display(),
            "day": termination.notified_on.strftime("%d/%m/%Y"),
        },
        by=by,
    )


@transaction.atomic
def terminations_take_effect(*, on, by=None) -> int:
    """The daily run: instalments of the conventions whose denunciation took effect since
    (after its notice) are cancelled. `by` None is the automatic task in the history."""
    open_statuses = (InstalmentStatus.PLANNED, InstalmentStatus.DUE)
    terminations = (
        Termination.objects.filter(
            effective_on__lte=on, convention__grants__instalments__status__in=open_statuses
        )
        .select_related("convention")
        .distinct()
        .order_by("effective_on", "pk")
    )
    cancelled = 0
    for termination in terminations:
        cancelled += len(instalments_stop(termination=termination, by=by, on=on))
    return cancelled
