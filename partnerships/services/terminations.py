"""Denunciation by a party (seed 002 §VII) and termination (seed 001 art. 9)."""

import datetime as dt
from decimal import Decimal

from django.db import transaction
from django.utils.translation import gettext as _

from common.dates import add_months
from common.history import as_author
from common.money import ZERO
from partnerships.enums import PartyRole, TerminationKind
from partnerships.errors import ConventionError
from partnerships.models import Amendment, Convention, Organisation, Termination
from partnerships.perimeter import org_ids
from partnerships.services.base import (
    check_in_force,
    french_day,
    lock_convention,
    not_in_future,
    party_of,
)
from partnerships.services.dates import refresh_convention_dates
from partnerships.signals import convention_terminated


def _check_acts_for(by, organisation: Organisation) -> None:
    """A party's people record its own letters, not another party's (issue 14)."""
    if not by.is_superuser and organisation.pk not in org_ids(by):
        raise ConventionError(
            _("Vous ne pouvez enregistrer qu'une lettre de votre propre structure.")
        )


def _check_not_terminated(convention: Convention) -> None:
    if convention.terminations.exists():
        raise ConventionError(_("Une dénonciation ou une résiliation est déjà enregistrée."))


@transaction.atomic
def convention_denounce(
    *,
    convention: Convention,
    by,
    organisation: Organisation,
    notified_on: dt.date,
    reason: str = "",
) -> Termination:
    """Denunciation by a party, by registered letter; the convention stays in force during
    the notice (seed 002 §VII: three months from the receipt of the letter)."""
    convention = lock_convention(convention)
    not_in_future(notified_on, _("La notification ne peut pas être datée dans le futur."))
    _check_not_terminated(convention)
    party_of(convention, organisation, notified_on)
    _check_acts_for(by, organisation)
    check_in_force(convention, notified_on, _("Dénonciation impossible"))
    termination = Termination(
        convention=convention,
        kind=TerminationKind.DENUNCIATION,
        by_organisation=organisation,
        notified_on=notified_on,
        notice_months=convention.notice_months,
        reason=reason.strip(),
    )
    as_author(termination, by).save()
    refresh_convention_dates(convention)
    convention_terminated.send(sender=Termination, termination=termination, by=by)
    return termination


@transaction.atomic
def amendment_denounce(
    *,
    amendment: Amendment,
    by,
    organisation: Organisation,
    notified_on: dt.date,
    reason: str = "",
) -> Amendment:
    """Denunciation of one amendment by a party, with the same notice as the convention.

    seed 002 §VII: « La convention cadre de partenariat ainsi que les éventuels avenants dont
    elle pourra faire l'objet peuvent être dénoncés par l'une ou l'autre des parties par
    courrier avec accusé de réception. Dans ce cas, ils resteront applicables durant le
    préavis de trois mois à compter de la réception de la lettre de dénonciation. » The
    convention goes on; from the end of the notice the amendment's amount, end date and
    parties no longer apply (Convention.amount_in_force, dated_by, ConventionParty.bound_on),
    and the renewal terms it replaced come back (Convention.terms_on, restored by
    refresh_convention_dates and the nightly command).
    """
    convention = lock_convention(amendment.convention)
    amendment = Amendment.objects.select_for_update().get(pk=amendment.pk)
    not_in_future(notified_on, _("La notification ne peut pas être datée dans le futur."))
    if amendment.lapses_on is not None:
        raise ConventionError(
            _("L'avenant n° %(number)s est déjà dénoncé ; il cesse de s'appliquer le %(day)s.")
            % {"number": amendment.number, "day": french_day(amendment.lapses_on)}
        )
    if notified_on < amendment.signed_on:
        raise ConventionError(
            _("La lettre de dénonciation précède la signature de l'avenant (%(day)s).")
            % {"day": french_day(amendment.signed_on)}
        )
    # The renewal terms it replaced come back after the notice; an old amendment whose
    # replaced terms the history did not keep (migration 0018) cannot restore them.
    if amendment.sets_renewal_terms() and not amendment.replaced_terms_known():
        raise ConventionError(
            _(
                "L'avenant n° %(number)s a changé le renouvellement ou le préavis de la "
                "convention et Maillage ne connaît pas les conditions qu'il a remplacées : "
                "dénoncez la convention elle-même, ou signez un nouvel avenant."
            )
            % {"number": amendment.number}
        )
    party_of(convention, organisation, notified_on)
    _check_acts_for(by, organisation)
    check_in_force(convention, notified_on, _("Dénonciation impossible"))
    amendment.denounced_by = organisation
    amendment.denounced_notified_on = notified_on
    amendment.denunciation_notice_months = convention.notice_months
    amendment.lapses_on = add_months(notified_on, convention.notice_months)
    amendment.denunciation_reason = reason.strip()
    as_author(amendment, by).save()
    refresh_convention_dates(convention)
    return amendment


@transaction.atomic
def convention_terminate(
    *,
    convention: Convention,
    by,
    organisation: Organisation,
    notified_on: dt.date,
    formal_notice_on: dt.date | None = None,
    reason: str = "",
    amount_to_repay: Decimal = ZERO,
) -> Termination:
    """Termination by registered letter, effective on notification (seed 001 art. 9).

    The funder terminates unilaterally only after a formal notice to comply that went
    unheeded; the beneficiary may renounce the funding at any time.
    """
    convention = lock_convention(convention)
    not_in_future(notified_on, _("La notification ne peut pas être datée dans le futur."))
    _check_not_terminated(convention)
    parties = party_of(convention, organisation, notified_on)
    _check_acts_for(by, organisation)
    check_in_force(convention, notified_on, _("Résiliation impossible"))
    funder = any(p.role in (PartyRole.FUNDER, PartyRole.COMMISSIONING) for p in parties)
    if funder and formal_notice_on is None:
        raise ConventionError(
            _("Le financeur ne résilie qu'après une mise en demeure restée sans effet.")
        )
    if formal_notice_on is not None and formal_notice_on > notified_on:
        raise ConventionError(_("La mise en demeure précède la résiliation."))
    if not reason.strip():
        raise ConventionError(_("Motivez la résiliation."))
    if amount_to_repay < 0:
        raise ConventionError(_("Le montant à reverser ne peut pas être négatif."))
    termination = Termination(
        convention=convention,
        kind=TerminationKind.TERMINATION,
        by_organisation=organisation,
        notified_on=notified_on,
        formal_notice_on=formal_notice_on,
        notice_months=0,
        reason=reason.strip(),
        amount_to_repay=amount_to_repay,
    )
    as_author(termination, by).save()
    refresh_convention_dates(convention)
    convention_terminated.send(sender=Termination, termination=termination, by=by)
    return termination
