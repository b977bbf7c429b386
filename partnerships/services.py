"""Writes on conventions, their parties, amendments, terminations, action sheets and activity.

Each service checks the rule of the source documents it enforces, runs in one transaction and
raises ConventionError (a ValidationError with a French message) when the rule says no.
"""

import datetime as dt
from collections.abc import Iterable
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Max, Sum
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from common.formatting import format_euros
from common.history import as_author
from partnerships.enums import ConventionStatus, PartyRole, RenewalPolicy, Role, TerminationKind
from partnerships.models import (
    ActivityAxis,
    ActivityKind,
    ActivityRecord,
    Amendment,
    Commitment,
    Convention,
    ConventionParty,
    Deliverable,
    IncidentAcknowledgement,
    IncidentReport,
    Indicator,
    IndicatorValue,
    Membership,
    Organisation,
    OrganisationContact,
    Termination,
)
from partnerships.perimeter import org_ids


class ConventionError(ValidationError):
    """A rule of the conventions said no; the message is French and shown as is."""


def _french(day: dt.date) -> str:
    return day.strftime("%d/%m/%Y")


def _lock(convention: Convention) -> Convention:
    return (
        Convention.objects.select_for_update()
        .prefetch_related("amendments", "terminations", "parties")
        .get(pk=convention.pk)
    )


def _not_in_future(day: dt.date, message: str) -> None:
    if day > timezone.localdate():
        raise ConventionError(message)


# ----------------------------------------------------------------------------- conventions
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
                % {"start": _french(parent.start_date), "end": _french(parent.end_in_force())}
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
    convention = Convention(
        status=ConventionStatus.DRAFT, **{k: v for k, v in fields.items() if k in EDITABLE_FIELDS}
    )
    _check_terms(convention)
    as_author(convention, by).save()
    if territories is not None:
        convention.territories.set(territories)
    for organisation, role, representative in parties:
        _new_party(convention, organisation, role, representative, by)
    return convention


@transaction.atomic
def convention_update(*, convention: Convention, by, **fields) -> Convention:
    """Terms change freely until signature; afterwards only an amendment changes them."""
    convention = _lock(convention)
    if convention.signed_on:
        raise ConventionError(
            _("La convention est signée : ses termes ne changent plus que par avenant.")
        )
    for name, value in fields.items():
        if name in EDITABLE_FIELDS:
            setattr(convention, name, value)
    _check_terms(convention)
    as_author(convention, by).save()
    if fields.get("territories") is not None:
        convention.territories.set(fields["territories"])
    return convention


def _check_representative(organisation, representative) -> None:
    if representative is not None and representative.organisation_id != organisation.pk:
        raise ConventionError(
            _("%(person)s ne représente pas %(org)s.")
            % {"person": representative.full_name, "org": organisation}
        )


def _new_party(convention, organisation, role, representative, by, **extra) -> ConventionParty:
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
    convention = _lock(convention)
    if convention.signed_on:
        raise ConventionError(
            _("La convention est signée : une nouvelle partie s'ajoute par avenant.")
        )
    return _new_party(convention, organisation, role, representative, by)


@transaction.atomic
def commitment_add(*, party: ConventionParty, by, text: str, due_on: dt.date | None = None):
    text = text.strip()
    if not text:
        raise ConventionError(_("Décrivez l'engagement."))
    convention = party.convention
    if due_on and due_on < convention.start_date:
        raise ConventionError(
            _("L'échéance précède le début de la convention (%(day)s).")
            % {"day": _french(convention.start_date)}
        )
    commitment = Commitment(party=party, text=text, due_on=due_on)
    as_author(commitment, by).save()
    return commitment


@transaction.atomic
def convention_submit(*, convention: Convention, by) -> Convention:
    """Draft → awaiting signature, once it binds two parties or more (domain.md)."""
    convention = _lock(convention)
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
    convention = _lock(convention)
    if convention.status != ConventionStatus.AWAITING_SIGNATURE:
        raise ConventionError(_("La convention n'est pas en attente de signature."))
    _not_in_future(signed_on, _("La date de signature ne peut pas être dans le futur."))
    if signed_on > convention.end_date:
        raise ConventionError(_("Une convention ne se signe pas après sa date de fin."))
    convention.signed_on = signed_on
    convention.signed_at = signed_at.strip()
    convention.status = convention.status_on(timezone.localdate())
    as_author(convention, by).save()
    for party in convention.parties.filter(signed_on__isnull=True):
        party.signed_on = signed_on
        as_author(party, by).save()
    return convention


# ------------------------------------------------------------------------------ amendments
def _check_in_force(convention: Convention, day: dt.date, what: str) -> None:
    if not convention.in_force_on(day):
        raise ConventionError(
            _("%(what)s : la convention n'est pas en vigueur le %(day)s (%(status)s).")
            % {
                "what": what,
                "day": _french(day),
                "status": ConventionStatus(convention.status_on(day)).label.lower(),
            }
        )


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
    is_renewal: bool = False,
    decision_reference: str = "",
) -> Amendment:
    """Avenant (seed 001 art. 9): it changes dates, amounts or parties; the rows it replaces
    stay, so the history of the convention remains readable."""
    convention = _lock(convention)
    summary = summary.strip()
    if not summary:
        raise ConventionError(_("Indiquez l'objet de l'avenant."))
    _not_in_future(signed_on, _("Un avenant ne peut pas être daté dans le futur."))
    _check_in_force(convention, signed_on, _("Avenant impossible"))
    add_parties = list(add_parties)
    remove_parties = list(remove_parties)
    if new_end_date is None and amount_change is None and not add_parties and not remove_parties:
        raise ConventionError(
            _("Un avenant change au moins une date de fin, un montant ou les parties.")
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
        is_renewal=is_renewal,
        decision_reference=decision_reference.strip(),
    )
    as_author(amendment, by).save()
    for party in remove_parties:
        party.removed_by = amendment
        as_author(party, by).save()
    for organisation, role, representative in add_parties:
        _new_party(
            convention,
            organisation,
            role,
            representative,
            by,
            added_by=amendment,
            signed_on=signed_on,
        )
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
    locked = _lock(convention)
    if locked.renewal_policy == RenewalPolicy.NONE:
        raise ConventionError(
            _(
                "Cette convention exclut toute reconduction : une nouvelle convention doit "
                "être conclue (seed 001 art. 8)."
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
            % {"day": _french(current_end)}
        )
    if new_end_date <= current_end:
        raise ConventionError(
            _("La reconduction prolonge la convention au-delà du %(day)s.")
            % {"day": _french(current_end)}
        )
    return amendment_add(
        convention=locked,
        by=by,
        signed_on=decided_on,
        summary=_("Reconduction expresse jusqu'au %(day)s.") % {"day": _french(new_end_date)},
        new_end_date=new_end_date,
        is_renewal=True,
        decision_reference=decision_reference,
    )


# ---------------------------------------------------------------------------- terminations
def _party_of(convention: Convention, organisation: Organisation, day: dt.date):
    parties = [p for p in convention.parties_on(day) if p.organisation_id == organisation.pk]
    if not parties:
        raise ConventionError(
            _("%(org)s n'est pas partie à la convention.") % {"org": organisation}
        )
    return parties


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
    convention = _lock(convention)
    _not_in_future(notified_on, _("La notification ne peut pas être datée dans le futur."))
    _check_not_terminated(convention)
    _party_of(convention, organisation, notified_on)
    _check_in_force(convention, notified_on, _("Dénonciation impossible"))
    termination = Termination(
        convention=convention,
        kind=TerminationKind.DENUNCIATION,
        by_organisation=organisation,
        notified_on=notified_on,
        notice_months=convention.notice_months,
        reason=reason.strip(),
    )
    as_author(termination, by).save()
    return termination


@transaction.atomic
def convention_terminate(
    *,
    convention: Convention,
    by,
    organisation: Organisation,
    notified_on: dt.date,
    formal_notice_on: dt.date | None = None,
    reason: str = "",
    amount_to_repay: Decimal = Decimal("0.00"),
) -> Termination:
    """Termination by registered letter, effective on notification (seed 001 art. 9).

    The funder terminates unilaterally only after a formal notice to comply that went
    unheeded; the beneficiary may renounce the funding at any time.
    """
    convention = _lock(convention)
    _not_in_future(notified_on, _("La notification ne peut pas être datée dans le futur."))
    _check_not_terminated(convention)
    parties = _party_of(convention, organisation, notified_on)
    _check_in_force(convention, notified_on, _("Résiliation impossible"))
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
    return termination


# -------------------------------------------------------------------- action sheets (seed 001)
@transaction.atomic
def indicator_value_record(
    *, indicator: Indicator, by, period_start: dt.date, value: Decimal, comment: str = ""
) -> IndicatorValue:
    """The value of an indicator for one of its periods (recorded again = corrected)."""
    indicator = Indicator.objects.select_related("sheet__convention").get(pk=indicator.pk)
    convention = indicator.sheet.convention
    if value < 0:
        raise ConventionError(_("Une valeur d'indicateur ne peut pas être négative."))
    expected = indicator.period_of(period_start)
    if expected != period_start:
        raise ConventionError(
            _("Une période « %(period)s » commence le %(day)s.")
            % {"period": indicator.get_period_display().lower(), "day": _french(expected)}
        )
    if period_start > convention.end_on(period_start) or period_start > timezone.localdate():
        raise ConventionError(
            _("Cette période est hors de la durée de la convention ou pas encore commencée.")
        )
    if indicator.period_of(convention.start_date) > period_start:
        raise ConventionError(_("Cette période précède le début de la convention."))
    row = IndicatorValue.objects.filter(indicator=indicator, period_start=period_start).first()
    row = row or IndicatorValue(indicator=indicator, period_start=period_start)
    row.value = value
    row.comment = comment.strip()
    as_author(row, by).save()
    return row


@transaction.atomic
def deliverable_deliver(*, deliverable: Deliverable, by, delivered_on: dt.date) -> Deliverable:
    deliverable = Deliverable.objects.select_for_update().get(pk=deliverable.pk)
    if deliverable.delivered_on:
        raise ConventionError(_("Ce livrable est déjà remis."))
    _not_in_future(delivered_on, _("La date de remise ne peut pas être dans le futur."))
    deliverable.delivered_on = delivered_on
    as_author(deliverable, by).save()
    return deliverable


# ------------------------------------------------------------------- activity (seed 003 §IV)
@transaction.atomic
def activity_record(
    *,
    convention: Convention,
    by,
    operator: Organisation,
    day: dt.date,
    kind: ActivityKind,
    axis: ActivityAxis | None,
    hours: Decimal,
    participants: int = 0,
    organisations_represented: Iterable[Organisation] = (),
    notes: str = "",
) -> ActivityRecord:
    """A day's activity of the operator (seed 003 §IV.2: daily records in the convention's
    own activities and axes)."""
    convention = _lock(convention)
    _not_in_future(day, _("Une activité ne peut pas être enregistrée dans le futur."))
    parties = _party_of(convention, operator, day)
    if not any(p.role == PartyRole.OPERATOR for p in parties):
        raise ConventionError(
            _("%(org)s n'est pas opérateur de cette convention.") % {"org": operator}
        )
    if day < convention.start_date or not convention.in_force_on(day):
        raise ConventionError(
            _("La convention n'est pas en vigueur le %(day)s.") % {"day": _french(day)}
        )
    if kind.convention_id != convention.pk:
        raise ConventionError(_("Cette activité n'appartient pas à la convention."))
    if axis is not None and axis.convention_id != convention.pk:
        raise ConventionError(_("Cet axe n'appartient pas à la convention."))
    if hours <= 0:
        raise ConventionError(_("Indiquez une durée positive."))
    already = ActivityRecord.objects.filter(
        convention=convention, operator=operator, day=day
    ).aggregate(t=Sum("hours"))["t"] or Decimal("0")
    if already + hours > 24:
        raise ConventionError(
            _("Avec les %(already)s h déjà enregistrées, cette journée dépasserait 24 heures.")
            % {"already": already}
        )
    if participants < 0:
        raise ConventionError(_("Le nombre de participants ne peut pas être négatif."))
    record = ActivityRecord(
        convention=convention,
        operator=operator,
        day=day,
        kind=kind,
        axis=axis,
        hours=hours,
        participants=participants,
        notes=notes.strip(),
    )
    as_author(record, by).save()
    record.organisations_represented.set(list(organisations_represented))
    return record


# -------------------------------------------------------------- incident reports (seed 003)
NOTIFIED_ROLES = (Role.DIRECTOR, Role.DEPARTMENT_STAFF, Role.SIGNATORY_PARTNER)


@transaction.atomic
def incident_report_create(
    *,
    convention: Convention,
    by,
    reported_by: Organisation,
    occurred_on: dt.date,
    kind: str,
    place: str,
    description: str,
    recipients: Iterable[Organisation],
) -> IncidentReport:
    """Fiche de signalement sent to the partners named for it (seed 003 §V.2, §VI): only
    parties of the convention receive it, and they are told by e-mail."""
    convention = _lock(convention)
    _not_in_future(occurred_on, _("La date des faits ne peut pas être dans le futur."))
    _party_of(convention, reported_by, occurred_on)
    recipients = list(recipients)
    if not recipients:
        raise ConventionError(_("Désignez au moins un destinataire."))
    party_ids = {p.organisation_id for p in convention.parties_on(occurred_on)}
    outsiders = [o.name for o in recipients if o.pk not in party_ids]
    if outsiders:
        raise ConventionError(
            _("Seules les parties à la convention reçoivent une fiche : %(names)s.")
            % {"names": ", ".join(outsiders)}
        )
    if not kind.strip() or not description.strip():
        raise ConventionError(_("Indiquez la nature des faits et leur description."))
    report = IncidentReport(
        convention=convention,
        reported_by=reported_by,
        occurred_on=occurred_on,
        kind=kind.strip(),
        place=place.strip(),
        description=description.strip(),
    )
    as_author(report, by).save()
    report.recipients.set(recipients)
    transaction.on_commit(lambda: _notify_recipients(report.pk))
    return report


def _notify_recipients(report_id: int) -> None:
    report = IncidentReport.objects.select_related("convention").get(pk=report_id)
    emails = sorted(
        set(
            Membership.objects.active()
            .filter(organisation__in=report.recipients.all(), role__in=NOTIFIED_ROLES)
            .values_list("user__email", flat=True)
        )
    )
    if not emails:
        return
    path = reverse("partnerships:incident_detail", args=[report.pk])
    # The message names the facts only: an incident report holds no personal data.
    send_mail(
        subject=_("Fiche de signalement — %(ref)s") % {"ref": report.convention.reference},
        message=_(
            "Une fiche de signalement vous est adressée : %(kind)s, le %(day)s.\n"
            "Consultez-la et accusez-en réception dans Maillage : %(path)s"
        )
        % {"kind": report.kind, "day": _french(report.occurred_on), "path": path},
        from_email=settings.DEFAULT_FROM_EMAIL,
        recipient_list=emails,
    )


@transaction.atomic
def incident_acknowledge(
    *, report: IncidentReport, by, organisation: Organisation, on: dt.date
) -> IncidentAcknowledgement:
    if not report.recipients.filter(pk=organisation.pk).exists():
        raise ConventionError(
            _("%(org)s n'est pas destinataire de cette fiche.") % {"org": organisation}
        )
    if not by.is_superuser and organisation.pk not in org_ids(by):
        raise ConventionError(_("Vous n'êtes pas membre de %(org)s.") % {"org": organisation})
    if report.acknowledgements.filter(organisation=organisation).exists():
        raise ConventionError(_("La réception de cette fiche est déjà confirmée."))
    if on < report.occurred_on:
        raise ConventionError(_("La réception ne peut précéder les faits."))
    ack = IncidentAcknowledgement(
        report=report, organisation=organisation, acknowledged_on=on, acknowledged_by=by
    )
    as_author(ack, by).save()
    return ack
