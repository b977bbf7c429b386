"""Amendments (avenants, seed 001 art. 9) and express renewals (seed 000 art. VII)."""

import datetime as dt
from collections.abc import Iterable
from decimal import Decimal

from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from common.formatting import format_euros
from common.history import as_author
from partnerships.enums import RenewalPolicy
from partnerships.errors import ConventionError
from partnerships.models import Amendment, Convention, ConventionParty
from partnerships.services.base import (
    MANAGE,
    NOT_YOURS,
    check_in_force,
    french_day,
    lock_convention,
    not_in_future,
    require,
)
from partnerships.services.conventions import new_party
from partnerships.services.dates import refresh_convention_dates


@transaction.atomic
def amendment_add(
    *,
    convention: Convention,
    by,
    signed_on: dt.date,
    summary: str,
    new_end_date: dt.date | None = None,
    amount_change: Decimal | None = None,
    add_parties: Iterable[tuple] = (),
    remove_parties: Iterable[ConventionParty] = (),
    new_renewal_policy: str = "",
    new_notice_months: int | None = None,
    new_renewal_term_months: int | None = None,
    is_renewal: bool = False,
    decision_reference: str = "",
) -> Amendment:
    """Avenant (seed 001 art. 9, seed 002 §VII): the one way a signed convention's terms
    change — end date, amount, renewal policy and notice, parties. The rows it replaces stay
    (the end and the amount in force are derived from the amendments); the renewal terms it
    sets are written on the convention and recorded on the amendment, so the history of the
    convention remains readable."""
    convention = lock_convention(convention)
    require(by, MANAGE, convention, NOT_YOURS)
    summary = summary.strip()
    if not summary:
        raise ConventionError(_("Indiquez l'objet de l'avenant."))
    not_in_future(signed_on, _("Un avenant ne peut pas être daté dans le futur."))
    check_in_force(convention, signed_on, _("Avenant impossible"))
    add_parties = list(add_parties)
    remove_parties = list(remove_parties)
    renewal = {
        name: value
        for name, value in (
            ("renewal_policy", new_renewal_policy or None),
            ("notice_months", new_notice_months),
            ("renewal_term_months", new_renewal_term_months),
        )
        if value is not None and value != getattr(convention, name)
    }
    if (
        new_end_date is None
        and amount_change is None
        and not renewal
        and not add_parties
        and not remove_parties
    ):
        raise ConventionError(
            _(
                "Un avenant change au moins une date de fin, un montant, le renouvellement "
                "ou les parties."
            )
        )
    # What they replace, kept on the amendment: a denunciation restores it (seed 002 §VII).
    replaced_terms = {name: getattr(convention, name) for name in renewal} or None
    if renewal:
        for name, value in renewal.items():
            setattr(convention, name, value)
        # seed 002 §VII: a tacit renewal is denounced with notice; the amended terms say which.
        if convention.renewal_policy == RenewalPolicy.TACIT and not convention.notice_months:
            raise ConventionError(
                _(
                    "Une convention à tacite reconduction précise le préavis de dénonciation : "
                    "indiquez-le dans l'avenant."
                )
            )
    if new_end_date is not None and new_end_date < max(signed_on, convention.start_date):
        raise ConventionError(
            _("La nouvelle date de fin ne peut précéder la signature de l'avenant.")
        )
    if amount_change is not None:
        current = convention.amount_in_force()
        if current is None:
            raise ConventionError(
                _("La convention n'a pas de montant : renseignez d'abord le montant initial.")
            )
        if current + amount_change < 0:
            raise ConventionError(
                _("Le montant en vigueur (%(amount)s) ne peut devenir négatif.")
                % {"amount": format_euros(current)}
            )
    bound = convention.parties_on(signed_on)
    for party in remove_parties:
        if party.convention_id != convention.pk or party not in bound:
            raise ConventionError(
                _("%(party)s n'est pas partie à la convention à cette date.") % {"party": party}
            )
    if len(bound) - len(remove_parties) + len(add_parties) < 2:
        raise ConventionError(_("Une convention lie au moins deux parties."))
    number = (convention.amendments.aggregate(n=Max("number"))["n"] or 0) + 1
    amendment = Amendment(
        convention=convention,
        number=number,
        signed_on=signed_on,
        summary=summary,
        new_end_date=new_end_date,
        amount_change=amount_change,
        new_renewal_policy=renewal.get("renewal_policy", ""),
        new_notice_months=renewal.get("notice_months"),
        new_renewal_term_months=renewal.get("renewal_term_months"),
        replaced_terms=replaced_terms,
        is_renewal=is_renewal,
        decision_reference=decision_reference.strip(),
    )
    as_author(amendment, by).save()
    if renewal:
        as_author(convention, by).save(update_fields=list(renewal))
    for party in remove_parties:
        party.removed_by = amendment
        as_author(party, by).save()
    for organisation, role, representative in add_parties:
        new_party(
            convention,
            organisation,
            role,
            representative,
            by,
            added_by=amendment,
            signed_on=signed_on,
        )
    refresh_convention_dates(convention)
    return amendment


@transaction.atomic
def convention_renew(
    *,
    convention: Convention,
    by,
    decided_on: dt.date,
    new_end_date: dt.date,
    decision_reference: str,
) -> Amendment:
    """Express renewal, decided by the parties (seed 000 art. VII: "reconductible").

    seed 001 art. 8: a convention that excludes renewal is never renewed; a tacit one renews
    itself and needs no decision.
    """
    locked = lock_convention(convention)
    require(by, MANAGE, locked, NOT_YOURS)
    if locked.renewal_policy == RenewalPolicy.NONE:
        raise ConventionError(
            _(
                "Cette convention exclut toute reconduction : une nouvelle convention doit "
                "être conclue (CPOM FAS 2023-2025, art. 8)."
            )
        )
    if locked.renewal_policy == RenewalPolicy.TACIT:
        raise ConventionError(
            _("Cette convention se reconduit tacitement : aucune décision n'est nécessaire.")
        )
    if not decision_reference.strip():
        raise ConventionError(_("Indiquez la décision qui reconduit la convention."))
    current_end = locked.end_in_force()
    if decided_on > current_end:
        raise ConventionError(
            _("La convention a pris fin le %(day)s : elle ne peut plus être reconduite.")
            % {"day": french_day(current_end)}
        )
    if new_end_date <= current_end:
        raise ConventionError(
            _("La reconduction prolonge la convention au-delà du %(day)s.")
            % {"day": french_day(current_end)}
        )
    return amendment_add(
        convention=locked,
        by=by,
        signed_on=decided_on,
        summary=_("Reconduction expresse jusqu'au %(day)s.") % {"day": french_day(new_end_date)},
        new_end_date=new_end_date,
        is_renewal=True,
        decision_reference=decision_reference,
    )
