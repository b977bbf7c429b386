"""Incident reports (fiches de signalement, seed 003 §V.2, §VI): sent to parties, acknowledged."""

import datetime as dt
from collections.abc import Iterable

from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _

from common.history import as_author
from partnerships.enums import NotificationKind, Role
from partnerships.errors import ConventionError
from partnerships.models import (
    Convention,
    IncidentAcknowledgement,
    IncidentReport,
    Membership,
    Organisation,
)
from partnerships.perimeter import org_ids
from partnerships.services.base import french_day, lock_convention, not_in_future, party_of
from partnerships.services.notifications import notify

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
    convention = lock_convention(convention)
    not_in_future(occurred_on, _("La date des faits ne peut pas être dans le futur."))
    party_of(convention, reported_by, occurred_on)
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
    _notify_recipients(report, by)
    return report


def _notify_recipients(report: IncidentReport, by) -> None:
    """seed 003 §V.2: "transmis aux interlocuteurs identifiés par mail" — the directors,
    staff and signatory partners of each recipient, as they chose to hear of it (issue 16).
    The notification names the convention and the day only: never the facts."""
    people = (
        Membership.objects.active()
        .filter(organisation__in=report.recipients.all(), role__in=NOTIFIED_ROLES)
        .select_related("user")
        .order_by("user_id")
    )
    notify(
        recipients=[m.user for m in people],
        kind=NotificationKind.INCIDENT_REPORTED,
        title=_("Fiche de signalement du %(day)s — convention %(ref)s")
        % {"day": french_day(report.occurred_on), "ref": report.convention.reference},
        obj=report,
        url=reverse("partnerships:incident_detail", args=[report.pk]),
        reference=report.convention.reference,
        by=by,
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
