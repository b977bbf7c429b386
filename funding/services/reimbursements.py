"""Reversements claimed back from a beneficiary (seed 001 art. 4.4)."""

import datetime as dt
from decimal import Decimal

from django.db import transaction
from django.utils.translation import gettext as _

from common.formatting import format_euros as euros
from common.history import as_author
from funding.enums import ReimbursementStatus
from funding.errors import FundingError
from funding.models import Grant, ReimbursementClaim
from funding.rules import require


@transaction.atomic
def reimbursement_claim(
    *, grant: Grant, amount: Decimal, reason: str, claimed_on: dt.date, by, details: str = ""
) -> ReimbursementClaim:
    """Call back all or part of what was paid (seed 001 art. 4.4), never more than was paid
    and not already claimed."""
    grant = Grant.objects.select_for_update().get(pk=grant.pk)
    require(by, "funding.manage_grant", grant)
    if amount is None or amount <= 0:
        raise FundingError(_("Le montant à reverser doit être positif."))
    figures = Grant.objects.with_totals().get(pk=grant.pk)
    claimable = figures.paid - figures.reclaimed
    if amount > claimable:
        raise FundingError(
            _(
                "On ne peut demander le reversement que de ce qui a été versé et pas encore "
                "réclamé : %(claimable)s (versé %(paid)s, déjà réclamé %(reclaimed)s)."
            )
            % {
                "claimable": euros(claimable),
                "paid": euros(figures.paid),
                "reclaimed": euros(figures.reclaimed),
            }
        )
    claim = ReimbursementClaim(
        grant=grant, amount=amount, reason=reason, details=details.strip(), claimed_on=claimed_on
    )
    claim.full_clean()
    as_author(claim, by).save()
    return claim


def _move_claim(claim, *, allowed: tuple[str, ...], to: str, by, **changes) -> ReimbursementClaim:
    claim = (
        ReimbursementClaim.objects.select_for_update(of=("self",))
        .select_related("grant")
        .get(pk=claim.pk)
    )
    require(by, "funding.manage_grant", claim.grant)
    if claim.status not in allowed:
        raise FundingError(
            _("Cette demande est « %(status)s » : cette étape n'est plus possible.")
            % {"status": claim.get_status_display()}
        )
    claim.status = to
    for field, value in changes.items():
        setattr(claim, field, value)
    as_author(claim, by).save()
    return claim


@transaction.atomic
def reimbursement_contest(*, claim: ReimbursementClaim, by) -> ReimbursementClaim:
    return _move_claim(
        claim, allowed=(ReimbursementStatus.CLAIMED,), to=ReimbursementStatus.CONTESTED, by=by
    )


@transaction.atomic
def reimbursement_issue_title(
    *, claim: ReimbursementClaim, number: str, issued_on: dt.date, by
) -> ReimbursementClaim:
    """seed 001 art. 4.4: the Département "se réserve la possibilité d'appeler, par voie de
    titre exécutoire, au reversement": the title of receipts (its number and date) calls the
    sum back; a claim contested by the association may still be called."""
    number = (number or "").strip()
    if not number:
        raise FundingError(_("Indiquez le numéro du titre exécutoire."))
    if len(number) > 40:
        raise FundingError(_("Le numéro du titre exécutoire tient en 40 caractères."))
    if issued_on is None or issued_on < claim.claimed_on:
        raise FundingError(_("Le titre exécutoire ne peut précéder la demande de reversement."))
    return _move_claim(
        claim,
        allowed=(ReimbursementStatus.CLAIMED, ReimbursementStatus.CONTESTED),
        to=ReimbursementStatus.TITLE_ISSUED,
        by=by,
        title_number=number,
        title_issued_on=issued_on,
    )


@transaction.atomic
def reimbursement_recover(
    *, claim: ReimbursementClaim, recovered_on: dt.date, by
) -> ReimbursementClaim:
    """The sum came back: it leaves what the beneficiary has net received. It is recovered on
    the executory title that called it back (seed 001 art. 4.4), never before the title."""
    current = ReimbursementClaim.objects.only("status", "title_issued_on").get(pk=claim.pk)
    if current.status in (ReimbursementStatus.CLAIMED, ReimbursementStatus.CONTESTED):
        raise FundingError(
            _(
                "Le reversement s'appelle par titre exécutoire (convention, art. 4.4) : "
                "enregistrez le titre avant son recouvrement."
            )
        )
    if current.title_issued_on and recovered_on < current.title_issued_on:
        raise FundingError(_("Le recouvrement ne peut précéder le titre exécutoire."))
    return _move_claim(
        claim,
        allowed=(ReimbursementStatus.TITLE_ISSUED,),
        to=ReimbursementStatus.RECOVERED,
        by=by,
        recovered_on=recovered_on,
    )


@transaction.atomic
def reimbursement_cancel(*, claim: ReimbursementClaim, by) -> ReimbursementClaim:
    """Withdrawn before it came back (a title issued is cancelled by the accountant's own
    act, recorded here the same way)."""
    return _move_claim(
        claim,
        allowed=(
            ReimbursementStatus.CLAIMED,
            ReimbursementStatus.CONTESTED,
            ReimbursementStatus.TITLE_ISSUED,
        ),
        to=ReimbursementStatus.CANCELLED,
        by=by,
    )
