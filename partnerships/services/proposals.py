"""Amendments and terminations proposed to the convention's committee.

An amendment (seed 001 art. 9, seed 002 §VII) or a denunciation / termination may be recorded
directly (amendments.py, terminations.py: the deliberation happened outside Maillage), or
proposed first: the proposal waits on the agenda of the committee of its convention
(governance/agenda.py), and the committee's decision either applies it through the same
service, with the same rules (notice, dates, formal notice), or leaves the convention
unchanged. Who records the outcome runs the convention (partnerships.manage_convention).
"""

import datetime as dt
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from common.history import as_author
from common.money import ZERO
from partnerships.enums import ProposalStatus, TerminationKind
from partnerships.errors import ConventionError
from partnerships.models import AmendmentProposal, Convention, Organisation, TerminationProposal
from partnerships.services.amendments import amendment_add
from partnerships.services.base import (
    MANAGE,
    NOT_YOURS,
    check_in_force,
    lock_convention,
    not_in_future,
    party_of,
    require,
)
from partnerships.services.terminations import (
    _check_acts_for,
    _check_not_terminated,
    convention_denounce,
    convention_terminate,
)


def _proposal_day(proposed_on: dt.date | None) -> dt.date:
    if proposed_on is None:
        return timezone.localdate()
    not_in_future(proposed_on, _("Une proposition ne peut pas être datée dans le futur."))
    return proposed_on


@transaction.atomic
def amendment_propose(
    *,
    convention: Convention,
    by,
    summary: str,
    new_end_date: dt.date | None = None,
    amount_change: Decimal | None = None,
    new_renewal_policy: str = "",
    new_notice_months: int | None = None,
    new_renewal_term_months: int | None = None,
    proposed_on: dt.date | None = None,
) -> AmendmentProposal:
    """An amendment submitted to the committee of the convention (on `proposed_on`, today by
    default); the terms are checked again by amendment_add when the committee adopts it."""
    convention = lock_convention(convention)
    require(by, MANAGE, convention, NOT_YOURS)
    summary = summary.strip()
    if not summary:
        raise ConventionError(_("Indiquez l'objet de l'avenant."))
    today = _proposal_day(proposed_on)
    check_in_force(convention, today, _("Avenant impossible"))
    if (
        new_end_date is None
        and amount_change is None
        and not new_renewal_policy
        and new_notice_months is None
        and new_renewal_term_months is None
    ):
        raise ConventionError(
            _("Un avenant change au moins une date de fin, un montant ou le renouvellement.")
        )
    proposal = AmendmentProposal(
        convention=convention,
        proposed_on=today,
        summary=summary,
        new_end_date=new_end_date,
        amount_change=amount_change,
        new_renewal_policy=new_renewal_policy,
        new_notice_months=new_notice_months,
        new_renewal_term_months=new_renewal_term_months,
    )
    as_author(proposal, by).save()
    return proposal


@transaction.atomic
def termination_propose(
    *,
    convention: Convention,
    by,
    kind: str,
    organisation: Organisation,
    reason: str = "",
    formal_notice_on: dt.date | None = None,
    amount_to_repay: Decimal | None = None,
    proposed_on: dt.date | None = None,
) -> TerminationProposal:
    """A denunciation (seed 002 §VII) or termination (seed 001 art. 9) submitted to the
    committee, on behalf of one party; its letter is recorded when the committee adopts it."""
    convention = lock_convention(convention)
    if kind not in TerminationKind.values:
        raise ConventionError(_("Indiquez s'il s'agit d'une dénonciation ou d'une résiliation."))
    _check_not_terminated(convention)
    today = _proposal_day(proposed_on)
    party_of(convention, organisation, today)
    _check_acts_for(by, organisation)
    check_in_force(convention, today, _("Fin de la convention impossible"))
    if TerminationProposal.objects.filter(  # unscoped: the convention locked just above
        convention=convention, status=ProposalStatus.PROPOSED
    ).exists():
        raise ConventionError(
            _("Une dénonciation ou une résiliation attend déjà la décision de l'instance.")
        )
    if kind == TerminationKind.TERMINATION and not reason.strip():
        raise ConventionError(_("Motivez la résiliation."))
    amount_to_repay = ZERO if amount_to_repay is None else amount_to_repay
    if amount_to_repay < 0:
        raise ConventionError(_("Le montant à reverser ne peut pas être négatif."))
    if kind == TerminationKind.DENUNCIATION and (formal_notice_on or amount_to_repay):
        raise ConventionError(
            _("Mise en demeure et reversement concernent la résiliation, pas la dénonciation.")
        )
    proposal = TerminationProposal(
        convention=convention,
        proposed_on=today,
        kind=kind,
        by_organisation=organisation,
        reason=reason.strip(),
        formal_notice_on=formal_notice_on,
        amount_to_repay=amount_to_repay,
    )
    as_author(proposal, by).save()
    return proposal


def _lock_proposal(model, proposal, by, decided_on: dt.date, decision_reference: str):
    # unscoped: locked, then the acting user is checked against its convention just below
    proposal = model.objects.select_for_update().get(pk=proposal.pk)
    convention = lock_convention(proposal.convention)
    require(by, MANAGE, convention, NOT_YOURS)
    if proposal.status != ProposalStatus.PROPOSED:
        raise ConventionError(_("L'instance s'est déjà prononcée sur cette proposition."))
    if decided_on < proposal.proposed_on:
        raise ConventionError(_("L'instance ne peut se prononcer avant la proposition."))
    if not decision_reference.strip():
        raise ConventionError(_("Indiquez la décision de l'instance."))
    return proposal, convention


def _close(proposal, by, *, adopted: bool, decided_on: dt.date, decision_reference: str):
    proposal.status = ProposalStatus.ADOPTED if adopted else ProposalStatus.REFUSED
    proposal.decided_on = decided_on
    proposal.decision_reference = decision_reference.strip()[:300]
    as_author(proposal, by).save()
    return proposal


@transaction.atomic
def amendment_proposal_decide(
    *,
    proposal: AmendmentProposal,
    by,
    adopted: bool,
    decided_on: dt.date,
    decision_reference: str,
    signed_on: dt.date | None = None,
) -> AmendmentProposal:
    """The committee's outcome: adopted, the amendment is signed (amendment_add, same rules:
    in force on the day, notice for a tacit renewal…); refused, the convention is unchanged."""
    proposal, convention = _lock_proposal(
        AmendmentProposal, proposal, by, decided_on, decision_reference
    )
    if adopted:
        signed_on = signed_on or decided_on
        if signed_on < decided_on:
            raise ConventionError(_("L'avenant se signe après la décision qui l'adopte."))
        proposal.amendment = amendment_add(
            convention=convention,
            by=by,
            signed_on=signed_on,
            summary=proposal.summary,
            new_end_date=proposal.new_end_date,
            amount_change=proposal.amount_change,
            new_renewal_policy=proposal.new_renewal_policy,
            new_notice_months=proposal.new_notice_months,
            new_renewal_term_months=proposal.new_renewal_term_months,
            decision_reference=decision_reference[:120],
        )
    return _close(
        proposal, by, adopted=adopted, decided_on=decided_on, decision_reference=decision_reference
    )


@transaction.atomic
def termination_proposal_decide(
    *,
    proposal: TerminationProposal,
    by,
    adopted: bool,
    decided_on: dt.date,
    decision_reference: str,
    notified_on: dt.date | None = None,
) -> TerminationProposal:
    """The committee's outcome: adopted, the letter is recorded as notified on `notified_on`
    (convention_denounce: in force during the notice, seed 002 §VII; convention_terminate:
    after a formal notice when the funder terminates, seed 001 art. 9); refused, the
    convention is unchanged."""
    proposal, convention = _lock_proposal(
        TerminationProposal, proposal, by, decided_on, decision_reference
    )
    if adopted:
        notified_on = notified_on or decided_on
        if notified_on < decided_on:
            raise ConventionError(_("La lettre est notifiée après la décision qui l'adopte."))
        if proposal.kind == TerminationKind.DENUNCIATION:
            proposal.termination = convention_denounce(
                convention=convention,
                by=by,
                organisation=proposal.by_organisation,
                notified_on=notified_on,
                reason=proposal.reason,
            )
        else:
            proposal.termination = convention_terminate(
                convention=convention,
                by=by,
                organisation=proposal.by_organisation,
                notified_on=notified_on,
                formal_notice_on=proposal.formal_notice_on,
                reason=proposal.reason,
                amount_to_repay=proposal.amount_to_repay,
            )
    return _close(
        proposal, by, adopted=adopted, decided_on=decided_on, decision_reference=decision_reference
    )
