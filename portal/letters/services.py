"""Writing a letter: who may send which, what it says, its reference, its PDF kept on the file.

Who may issue which letter (issue 19 item 3), checked here whatever the page that asks:

- the grant's notification and its instalments' notices: the funder's staff who manage the
  grant (`funding.manage_grant`), in the funder's name, to the beneficiary;
- the receipt of an application and the outcome of a call (seed 004 §6d: « Le porteur de
  projet sera informé par courrier des suites données »): the publisher's staff who manage
  the call (`funding.manage_call`), in the publisher's name, to the applicant;
- the receipt of an annual report: the funder's staff who validate it
  (`governance.validate_report`), to the convention's other parties;
- the orientation decision, to the household and to the prescriber: the coordinators who
  decide orientations on the territory (`households.decide_orientation`), in the name of
  their organisation;
- the attestation of accompaniment: the staff of the structures working on the project
  (`households.manage_project`), in the name of the operator.

A letter is written once and never changed: another letter is written instead.
"""

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from common.formatting import format_date_fr
from common.pdf import render_pdf
from funding.enums import ApplicationStatus, InstalmentStatus
from funding.models import Application, Grant, Instalment
from funding.services.calls import application_missing
from governance.enums import ReportStatus
from governance.models import AnnualReport
from governance.rules import report_funders
from households.enums import ProjectStatus, Relationship
from households.models import InterventionProject, Referral
from partnerships.enums import PartyRole
from partnerships.models import Organisation, OrganisationContact
from partnerships.perimeter import memberships
from portal.models import Letter, LetterKind


class LetterError(ValidationError):
    """A letter that cannot be written yet (or by this person): its reason in French."""


@dataclass(frozen=True)
class Spec:
    field: str  # the Letter's foreign key to the object
    model: type
    perm: str
    template: str
    button: str  # « Générer le courrier … »
    # The object the rule is asked about (an instalment's rights are its grant's).
    ruled: str = ""

    def rule_object(self, obj):
        return getattr(obj, self.ruled) if self.ruled else obj


SPECS: dict[str, Spec] = {
    LetterKind.GRANT_NOTIFICATION: Spec(
        "grant", Grant, "funding.manage_grant", "grant_notification", _("de notification")
    ),
    LetterKind.INSTALMENT_NOTICE: Spec(
        "instalment",
        Instalment,
        "funding.manage_grant",
        "instalment_notice",
        _("d'avis de versement"),
        ruled="grant",
    ),
    LetterKind.APPLICATION_RECEIPT: Spec(
        "application",
        Application,
        "funding.manage_call",
        "application_receipt",
        _("d'accusé de réception"),
        ruled="call",
    ),
    LetterKind.CALL_OUTCOME: Spec(
        "application",
        Application,
        "funding.manage_call",
        "call_outcome",
        _("de réponse"),
        ruled="call",
    ),
    LetterKind.REPORT_RECEIPT: Spec(
        "annual_report",
        AnnualReport,
        "governance.validate_report",
        "report_receipt",
        _("d'accusé de réception"),
    ),
    LetterKind.ORIENTATION_HOUSEHOLD: Spec(
        "referral",
        Referral,
        "households.decide_orientation",
        "orientation_household",
        _("au ménage"),
    ),
    LetterKind.ORIENTATION_PRESCRIBER: Spec(
        "referral",
        Referral,
        "households.decide_orientation",
        "orientation_prescriber",
        _("au prescripteur"),
    ),
    LetterKind.ATTESTATION: Spec(
        "project",
        InterventionProject,
        "households.manage_project",
        "attestation",
        _("d'attestation d'accompagnement"),
    ),
}


def kinds_for(model) -> list[str]:
    """The letters written about an object of this model, in the order of the buttons."""
    return [kind for kind, spec in SPECS.items() if spec.model is model]


def may_issue(user, kind: str, obj) -> bool:
    spec = SPECS[kind]
    return bool(user.is_authenticated and user.has_perm(spec.perm, spec.rule_object(obj)))


# ------------------------------------------------------------------------- what each says
@dataclass
class Draft:
    """What a letter says, before its reference and date are set."""

    sender: Organisation
    recipient: str  # the label kept on the file
    address: list[str]  # the lines of the recipient's block
    subject: str
    context: dict[str, Any]


def _address(organisation: Organisation) -> list[str]:
    city = " ".join(p for p in (organisation.postal_code, organisation.city) if p)
    return [line for line in (organisation.name, organisation.address, city) if line]


def _adults(household) -> list:
    """The adults a household's letters are addressed to (head and partner), never more."""
    return [
        m
        for m in household.members.all()
        if m.relationship in (Relationship.HEAD, Relationship.PARTNER)
    ] or list(household.members.all())[:1]


def _household_names(household) -> str:
    names = [f"{m.first_name} {m.last_name}" for m in _adults(household)]
    return " et ".join(names) if names else f"ménage {household.reference}"


def _grant(grant: Grant, by, reason: str) -> Draft:
    years = list(grant.years.order_by("year"))
    if not years:
        raise LetterError(_("La participation n'a aucun montant annuel à notifier."))
    instalments = list(
        grant.instalments.exclude(status=InstalmentStatus.CANCELLED).order_by("year", "position")
    )
    return Draft(
        sender=grant.funder,
        recipient=grant.beneficiary.name,
        address=_address(grant.beneficiary),
        subject=_("Notification de la participation financière — convention %(ref)s")
        % {"ref": grant.convention.reference},
        context={
            "grant": grant,
            "years": years,
            "total": sum(y.amount for y in years),
            "instalments": instalments,
            "decision": grant.decision,
        },
    )


def _instalment(instalment: Instalment, by, reason: str) -> Draft:
    if instalment.status not in (InstalmentStatus.DUE, InstalmentStatus.PAID):
        raise LetterError(_("Seul un versement exigible ou versé fait l'objet d'un avis."))
    grant = instalment.grant
    return Draft(
        sender=grant.funder,
        recipient=grant.beneficiary.name,
        address=_address(grant.beneficiary),
        subject=_("Avis de versement — participation %(year)s, convention %(ref)s")
        % {"year": instalment.year, "ref": grant.convention.reference},
        context={
            "grant": grant,
            "instalment": instalment,
            "paid": instalment.status == InstalmentStatus.PAID,
            # The end of the account only: a letter travels.
            "account_end": grant.iban.replace(" ", "")[-4:] if grant.iban else "",
        },
    )


def _receipt(application: Application, by, reason: str) -> Draft:
    if application.status == ApplicationStatus.DRAFT or not application.submitted_at:
        raise LetterError(_("La candidature n'est pas encore déposée."))
    call = application.call
    return Draft(
        sender=call.publisher,
        recipient=application.organisation.name,
        address=_address(application.organisation),
        subject=_("Accusé de réception de votre candidature — %(call)s") % {"call": call.title},
        context={
            "application": application,
            "call": call,
            "documents": list(
                application.documents.select_related("required_document").order_by(
                    "required_document__position", "pk"
                )
            ),
            "requests": list(application.requests.select_related("territory")),
        },
    )


OUTCOME_STATUSES = (
    ApplicationStatus.SELECTED,
    ApplicationStatus.NOT_SELECTED,
    ApplicationStatus.REJECTED_INCOMPLETE,
)


def _outcome(application: Application, by, reason: str) -> Draft:
    if application.status not in OUTCOME_STATUSES:
        raise LetterError(_("Le jury n'a pas encore rendu son avis sur cette candidature."))
    call = application.call
    reason = reason.strip()
    missing = []
    if application.status == ApplicationStatus.REJECTED_INCOMPLETE:
        missing = application_missing(application)
    elif application.status == ApplicationStatus.NOT_SELECTED and not reason:
        raise LetterError(_("Indiquez le motif pour lequel la candidature n'est pas retenue."))
    return Draft(
        sender=call.publisher,
        recipient=application.organisation.name,
        address=_address(application.organisation),
        subject=_("Suite donnée à votre candidature — %(call)s") % {"call": call.title},
        context={
            "application": application,
            "call": call,
            "selected": application.status == ApplicationStatus.SELECTED,
            "incomplete": application.status == ApplicationStatus.REJECTED_INCOMPLETE,
            "requests": list(application.requests.select_related("territory")),
            "missing": missing,
            "reason": reason,
            "adopted_by": call.adopted_by,
        },
    )


def _report(report: AnnualReport, by, reason: str) -> Draft:
    if report.status == ReportStatus.DRAFT or not report.submitted_on:
        raise LetterError(_("Le bilan n'a pas encore été transmis."))
    convention = report.convention
    funders = report_funders(convention)
    mine = {m.organisation_id for m in memberships(by)}
    sender_id = min(funders & mine or funders or {0})
    sender = Organisation.objects.filter(pk=sender_id).first()
    if sender is None:
        raise LetterError(_("La convention n'a pas de financeur pour accuser réception."))
    parties = [
        p.organisation
        for p in convention.parties.select_related("organisation").order_by("pk")
        if p.organisation_id not in funders
    ]
    first = next(
        (p.organisation for p in convention.parties.all() if p.role == PartyRole.BENEFICIARY),
        parties[0] if parties else None,
    )
    if first is None:
        raise LetterError(_("La convention n'a pas d'autre partie à qui écrire."))
    return Draft(
        sender=sender,
        recipient=first.name,
        address=_address(first),
        subject=_("Accusé de réception du bilan %(year)s — convention %(ref)s")
        % {"year": report.year, "ref": convention.reference},
        context={"report": report, "convention": convention},
    )


def _orientation(referral: Referral, by, to_household: bool) -> Draft:
    orientation = getattr(referral, "orientation", None)
    if orientation is None:
        raise LetterError(_("Aucune orientation n'est encore décidée sur cette saisine."))
    own = [m.organisation for m in memberships(by)]
    sender = own[0] if own else orientation.operator or referral.referred_by
    household = referral.household
    if to_household:
        recipient = _household_names(household)
        address = [recipient]
    else:
        recipient = referral.referred_by.name
        address = _address(referral.referred_by)
    return Draft(
        sender=sender,
        recipient=recipient,
        address=address,
        subject=_("Décision d'orientation — saisine du %(day)s")
        % {"day": format_date_fr(referral.received_on)},
        context={
            "referral": referral,
            "orientation": orientation,
            "household": household,
            "household_names": _household_names(household),
            "to_household": to_household,
        },
    )


def _attestation(project: InterventionProject, by, reason: str) -> Draft:
    if not project.start_date or project.status == ProjectStatus.PROPOSED:
        raise LetterError(_("L'accompagnement n'a pas encore commencé."))
    closure = getattr(project, "closure", None)
    names = _household_names(project.household)
    return Draft(
        sender=project.operator,
        recipient=names,
        address=[names],
        subject=_("Attestation d'accompagnement"),
        context={
            "project": project,
            "household_names": names,
            "several": len(_adults(project.household)) > 1,
            "closure": closure,
            "referent": project.referent,
        },
    )


BUILDERS = {
    LetterKind.GRANT_NOTIFICATION: _grant,
    LetterKind.INSTALMENT_NOTICE: _instalment,
    LetterKind.APPLICATION_RECEIPT: _receipt,
    LetterKind.CALL_OUTCOME: _outcome,
    LetterKind.REPORT_RECEIPT: _report,
    LetterKind.ORIENTATION_HOUSEHOLD: lambda obj, by, reason: _orientation(obj, by, True),
    LetterKind.ORIENTATION_PRESCRIBER: lambda obj, by, reason: _orientation(obj, by, False),
    LetterKind.ATTESTATION: _attestation,
}


# ------------------------------------------------------------------------- the letter
def signatory(sender: Organisation, by) -> tuple[str, str]:
    """Who signs: the organisation's first representative (its president, its director), or
    else the person who writes the letter, with their role in the organisation."""
    # unscoped: the sender's own representatives, for its own letter
    contact = OrganisationContact.objects.filter(organisation=sender).order_by("pk").first()
    if contact is not None:
        return contact.full_name, contact.title
    role = next(
        (m.get_role_display() for m in memberships(by) if m.organisation_id == sender.pk), ""
    )
    return by.get_full_name() or by.get_username(), role


def _code(sender: Organisation) -> str:
    """The reference's prefix: the organisation's initials (its short name when it has one)."""
    source = sender.short_name or "".join(
        word[0] for word in re.split(r"[\s'-]+", sender.name) if word and word[0].isupper()
    )
    code = re.sub(r"[^A-Z0-9]", "", source.upper())[:10]
    return code or f"ORG{sender.pk}"


def _reference(sender: Organisation, today: dt.date) -> str:
    """`FAS-2026-0003`: the sender's letters of the year, numbered in order. The sender's row is
    locked while the number is taken, so that two letters never share one."""
    Organisation.objects.select_for_update().filter(pk=sender.pk).first()
    prefix = f"{_code(sender)}-{today.year}-"
    taken = Letter.objects.filter(organisation=sender, reference__startswith=prefix).count()
    return f"{prefix}{taken + 1:04d}"


def letter_context(kind: str, obj, by, *, reason: str = "", today: dt.date | None = None):
    """The template and the context of a letter (the tests lay it out without keeping it)."""
    spec = SPECS[kind]
    draft = BUILDERS[kind](obj, by, reason)
    today = today or timezone.localdate()
    name, title = signatory(draft.sender, by)
    context = {
        "kind": kind,
        "kind_label": LetterKind(kind).label,
        "sender": draft.sender,
        "organisations": [draft.sender],
        "recipient": draft.recipient,
        "address": draft.address,
        "subject": draft.subject,
        "document_title": f"{LetterKind(kind).label} — {draft.recipient}",
        "generated_on": today,
        "reference": "",
        "signatory_name": name,
        "signatory_title": title,
        **draft.context,
    }
    return f"portal/letters/{spec.template}.html", context, draft


@transaction.atomic
def letter_generate(*, kind: str, obj, by, reason: str = "") -> Letter:
    """Write one letter about `obj`, render it and keep it on the file."""
    if kind not in SPECS:
        raise LetterError(_("Ce courrier n'existe pas."))
    spec = SPECS[kind]
    if not isinstance(obj, spec.model):
        raise LetterError(_("Ce courrier ne porte pas sur cet objet."))
    if not may_issue(by, kind, obj):
        raise LetterError(_("Vous ne pouvez pas éditer ce courrier."))
    template, context, draft = letter_context(kind, obj, by, reason=reason)
    reference = _reference(draft.sender, context["generated_on"])
    context["reference"] = reference
    content = render_pdf(template, context)
    signed = ", ".join(p for p in (context["signatory_name"], context["signatory_title"]) if p)
    return Letter.objects.create(
        kind=kind,
        reference=reference,
        organisation=draft.sender,
        recipient=draft.recipient[:300],
        subject=str(draft.subject)[:300],
        signatory=signed[:300],
        content=content,
        created_by=by,
        **{spec.field: obj},
    )
