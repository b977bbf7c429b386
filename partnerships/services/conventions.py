"""A convention from draft to signature: its terms, parties, commitments (domain.md)."""

import datetime as dt
from collections.abc import Iterable

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from common.history import as_author
from partnerships.enums import ConventionStatus, RenewalPolicy
from partnerships.errors import ConventionError
from partnerships.models import (
    Commitment,
    Convention,
    ConventionParty,
    Organisation,
    OrganisationContact,
)
from partnerships.services.base import (
    MANAGE,
    NOT_YOURS,
    french_day,
    lock_convention,
    not_in_future,
    require,
)
from partnerships.services.dates import refresh_convention_dates
from partnerships.signals import convention_signing

# The terms of a convention (seed 001 art. 8 and 9, seed 002 §VII): once it is signed, they
# change only by amendment (amendments.py); the description stays editable.
TERMS = (
    "reference",
    "kind",
    "parent",
    "start_date",
    "end_date",
    "renewal_policy",
    "notice_months",
    "renewal_term_months",
    "amount",
    "contracted_hours_per_year",
    "contracted_hours_per_week",
    "supervision_hours_per_week",
    "annual_report_months",
)
EDITABLE_FIELDS = (
    "reference",
    "title",
    "kind",
    "purpose",
    "parent",
    "start_date",
    "end_date",
    "renewal_policy",
    "notice_months",
    "renewal_term_months",
    "amount",
    "contracted_hours_per_year",
    "contracted_hours_per_week",
    "supervision_hours_per_week",
    "annual_report_months",
)


def _check_terms(convention: Convention) -> None:
    if convention.end_date < convention.start_date:
        raise ConventionError(_("La date de fin précède la date de début."))
    # seed 001 art. 8: no tacit renewal means no renewal term; a tacit one needs its notice.
    if convention.renewal_policy == RenewalPolicy.TACIT and not convention.notice_months:
        raise ConventionError(
            _("Une convention à tacite reconduction précise le préavis de dénonciation.")
        )
    if convention.parent_id:
        parent = convention.parent
        if parent.pk == convention.pk:
            raise ConventionError(_("Une convention ne peut être son propre cadre."))
        # seed 002 §IV, §VI: local and annual conventions sit inside their framework's term.
        if convention.start_date < parent.start_date or convention.end_date > parent.end_in_force():
            raise ConventionError(
                _(
                    "Une convention locale ou financière s'inscrit dans la durée de sa "
                    "convention cadre (du %(start)s au %(end)s)."
                )
                % {"start": french_day(parent.start_date), "end": french_day(parent.end_in_force())}
            )
    clash = Convention.objects.filter(reference=convention.reference).exclude(pk=convention.pk)
    if clash.exists():
        raise ConventionError(
            _("La référence %(ref)s est déjà prise.") % {"ref": convention.reference}
        )


@transaction.atomic
def convention_create(*, by, parties: Iterable[tuple] = (), territories=None, **fields):
    """A new convention, as a draft, with its first parties (organisation, role,
    representative); the others are added before signature."""
    require(
        by,
        "partnerships.create_convention",
        None,
        _("Seuls les agents départementaux créent une convention."),
    )
    convention = Convention(
        status=ConventionStatus.DRAFT, **{k: v for k, v in fields.items() if k in EDITABLE_FIELDS}
    )
    _check_terms(convention)
    as_author(convention, by).save()
    if territories is not None:
        convention.territories.set(territories)
    for organisation, role, representative in parties:
        new_party(convention, organisation, role, representative, by)
    return convention


def changed_terms(convention: Convention, fields: dict) -> list[str]:
    """The labels of the terms that `fields` would change on `convention`."""
    changed = []
    for name in TERMS:
        if name not in fields:
            continue
        value = fields[name]
        current = getattr(convention, f"{name}_id" if name == "parent" else name)
        if name == "parent":
            value = value.pk if value is not None else None
        if value != current:
            changed.append(str(Convention._meta.get_field(name).verbose_name))
    return changed


@transaction.atomic
def convention_update(*, convention: Convention, by, **fields) -> Convention:
    """Terms change freely until signature; afterwards only an amendment changes them
    (seed 001 art. 9: "modifiée … par voie d'avenant"; seed 002 §VII): the title, the
    purpose and the territories concerned stay editable."""
    convention = lock_convention(convention)
    require(by, MANAGE, convention, NOT_YOURS)
    if convention.signed_on:
        changed = changed_terms(convention, fields)
        if changed:
            raise ConventionError(
                _(
                    "La convention est signée : ses termes (%(terms)s) ne changent plus que "
                    "par avenant. Enregistrez un avenant depuis la fiche de la convention."
                )
                % {"terms": ", ".join(changed)}
            )
    for name, value in fields.items():
        if name in EDITABLE_FIELDS:
            setattr(convention, name, value)
    _check_terms(convention)
    as_author(convention, by).save()
    refresh_convention_dates(convention)
    if fields.get("territories") is not None:
        convention.territories.set(fields["territories"])
    return convention


def _check_representative(organisation, representative) -> None:
    if representative is not None and representative.organisation_id != organisation.pk:
        raise ConventionError(
            _("%(person)s ne représente pas %(org)s.")
            % {"person": representative.full_name, "org": organisation}
        )


def new_party(convention, organisation, role, representative, by, **extra) -> ConventionParty:
    _check_representative(organisation, representative)
    if convention.parties.filter(organisation=organisation, role=role).exists():
        raise ConventionError(
            _("%(org)s est déjà partie à la convention en cette qualité.") % {"org": organisation}
        )
    party = ConventionParty(
        convention=convention,
        organisation=organisation,
        role=role,
        representative=representative,
        **extra,
    )
    as_author(party, by).save()
    return party


@transaction.atomic
def party_add(
    *,
    convention: Convention,
    by,
    organisation: Organisation,
    role: str,
    representative: OrganisationContact | None = None,
) -> ConventionParty:
    """Parties are listed before signature; later, an amendment adds them."""
    convention = lock_convention(convention)
    require(by, MANAGE, convention, NOT_YOURS)
    if convention.signed_on:
        raise ConventionError(
            _("La convention est signée : une nouvelle partie s'ajoute par avenant.")
        )
    return new_party(convention, organisation, role, representative, by)


@transaction.atomic
def commitment_add(*, party: ConventionParty, by, text: str, due_on: dt.date | None = None):
    convention = party.convention
    require(by, MANAGE, convention, NOT_YOURS)
    text = text.strip()
    if not text:
        raise ConventionError(_("Décrivez l'engagement."))
    if due_on and due_on < convention.start_date:
        raise ConventionError(
            _("L'échéance précède le début de la convention (%(day)s).")
            % {"day": french_day(convention.start_date)}
        )
    commitment = Commitment(party=party, text=text, due_on=due_on)
    as_author(commitment, by).save()
    return commitment


@transaction.atomic
def convention_submit(*, convention: Convention, by) -> Convention:
    """Draft → awaiting signature, once it binds two parties or more (domain.md)."""
    convention = lock_convention(convention)
    require(by, MANAGE, convention, NOT_YOURS)
    if convention.status != ConventionStatus.DRAFT:
        raise ConventionError(_("Seul un brouillon peut être soumis à la signature."))
    if convention.parties.count() < 2:
        raise ConventionError(_("Une convention lie au moins deux parties."))
    convention.status = ConventionStatus.AWAITING_SIGNATURE
    as_author(convention, by).save()
    return convention


@transaction.atomic
def convention_sign(
    *, convention: Convention, by, signed_on: dt.date, signed_at: str = ""
) -> Convention:
    """Awaiting signature → active: the last signature makes the convention binding."""
    convention = lock_convention(convention)
    require(by, MANAGE, convention, NOT_YOURS)
    if convention.status != ConventionStatus.AWAITING_SIGNATURE:
        raise ConventionError(_("La convention n'est pas en attente de signature."))
    not_in_future(signed_on, _("La date de signature ne peut pas être dans le futur."))
    if signed_on > convention.end_date:
        raise ConventionError(_("Une convention ne se signe pas après sa date de fin."))
    convention_signing.send(sender=Convention, convention=convention, signed_on=signed_on, by=by)
    convention.signed_on = signed_on
    convention.signed_at = signed_at.strip()
    convention.set_dates_on(timezone.localdate())
    as_author(convention, by).save()
    refresh_convention_dates(convention)
    for party in convention.parties.filter(signed_on__isnull=True):
        party.signed_on = signed_on
        as_author(party, by).save()
    return convention
