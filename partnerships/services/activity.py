"""What a convention's operator reports: indicator values and deliverables of its action
sheets (seed 001), its daily activity (seed 003 §IV)."""

import datetime as dt
from collections.abc import Iterable
from decimal import Decimal

from django.db import transaction
from django.db.models import Sum
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from common.dates import add_months
from common.history import as_author
from partnerships.enums import NotificationKind, PartyRole
from partnerships.errors import ConventionError
from partnerships.models import (
    ActivityAxis,
    ActivityKind,
    ActivityRecord,
    Convention,
    Deliverable,
    Indicator,
    IndicatorValue,
    Membership,
    Organisation,
    SupervisionTime,
    SynthesisAnalysis,
    Territory,
)
from partnerships.models.activity import activity_places
from partnerships.perimeter import org_ids
from partnerships.services.base import (
    french_day,
    lock_convention,
    not_in_future,
    party_of,
    require,
)
from partnerships.services.incidents import NOTIFIED_ROLES
from partnerships.services.notifications import notify

RECORD = "partnerships.record_activity"
NOT_OPERATOR = _(
    "Seuls l'opérateur de la convention et ceux qui la pilotent saisissent son activité."
)


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
            % {"period": indicator.get_period_display().lower(), "day": french_day(expected)}
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
    not_in_future(delivered_on, _("La date de remise ne peut pas être dans le futur."))
    deliverable.delivered_on = delivered_on
    as_author(deliverable, by).save()
    return deliverable


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
    commune: Territory | None = None,
    district: Territory | None = None,
) -> ActivityRecord:
    """A day's activity of the operator (seed 003 §IV.2: daily records in the convention's
    own activities and axes), and where it took place (seed 003 §VI: each signatory commune
    reads its own share)."""
    convention = lock_convention(convention)
    require(by, RECORD, convention, NOT_OPERATOR)
    _check_place(convention, commune, district)
    not_in_future(day, _("Une activité ne peut pas être enregistrée dans le futur."))
    parties = party_of(convention, operator, day)
    if not any(p.role == PartyRole.OPERATOR for p in parties):
        raise ConventionError(
            _("%(org)s n'est pas opérateur de cette convention.") % {"org": operator}
        )
    if day < convention.start_date or not convention.in_force_on(day):
        raise ConventionError(
            _("La convention n'est pas en vigueur le %(day)s.") % {"day": french_day(day)}
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
        commune=commune,
        district=district,
    )
    as_author(record, by).save()
    record.organisations_represented.set(list(organisations_represented))
    return record


def _check_place(convention: Convention, commune, district) -> None:
    communes, districts, required = activity_places(convention)
    if commune is None and required:
        # seed 003 §VI: « sur le périmètre d'intervention respectif de chacun ».
        raise ConventionError(
            _("Indiquez la commune de l'activité : chaque commune signataire lit sa part.")
        )
    if commune is not None and not communes.filter(pk=commune.pk).exists():
        raise ConventionError(
            _("%(place)s n'est pas une commune de la convention.") % {"place": commune}
        )
    if district is not None and not districts.filter(pk=district.pk).exists():
        raise ConventionError(
            _("%(place)s n'est pas un quartier de la convention.") % {"place": district}
        )


def _operator_of(convention: Convention, operator: Organisation, day: dt.date) -> None:
    parties = party_of(convention, operator, day)
    if not any(p.role == PartyRole.OPERATOR for p in parties):
        raise ConventionError(
            _("%(org)s n'est pas opérateur de cette convention.") % {"org": operator}
        )


def monday_of(day: dt.date) -> dt.date:
    return day - dt.timedelta(days=day.weekday())


@transaction.atomic
def supervision_record(
    *,
    convention: Convention,
    by,
    operator: Organisation,
    week_start: dt.date,
    hours: Decimal,
    notes: str = "",
) -> SupervisionTime:
    """The supervision time of one week (seed 003 §IV.1: « La prestation inclut un temps
    d'encadrement équivalent à 1/2 journée par semaine »); recorded again = corrected."""
    convention = lock_convention(convention)
    require(by, RECORD, convention, NOT_OPERATOR)
    if week_start.weekday() != 0:
        raise ConventionError(
            _("Une semaine commence le lundi : le %(day)s.")
            % {"day": french_day(monday_of(week_start))}
        )
    not_in_future(week_start, _("Cette semaine n'a pas encore commencé."))
    if not (
        convention.in_force_on(week_start)
        or convention.in_force_on(week_start + dt.timedelta(days=6))
    ):
        raise ConventionError(
            _("La convention n'est pas en vigueur la semaine du %(day)s.")
            % {"day": french_day(week_start)}
        )
    _operator_of(convention, operator, max(week_start, convention.start_date))
    if hours < 0 or hours > 168:
        raise ConventionError(_("Les heures d'une semaine vont de 0 à 168."))
    row = SupervisionTime.objects.filter(convention=convention, week_start=week_start).first()
    row = row or SupervisionTime(convention=convention, week_start=week_start)
    row.operator = operator
    row.hours = hours
    row.notes = notes.strip()
    as_author(row, by).save()
    return row


WRITE_SYNTHESIS = "partnerships.write_synthesis"


@transaction.atomic
def synthesis_analysis_write(
    *,
    convention: Convention,
    by,
    operator: Organisation,
    month: dt.date,
    analysis: str,
    recommendations: str = "",
) -> SynthesisAnalysis:
    """The operator's part of the monthly synthesis (seed 003 §V.2: « analyse des résultats
    et des évolutions », « Préconisations d'ajustements opérationnels, d'actions coordonnées
    visant la résolution durable des problématiques »), read by every partner of the
    convention; written again = updated (the history keeps the earlier text)."""
    convention = lock_convention(convention)
    require(
        by,
        WRITE_SYNTHESIS,
        convention,
        _("Seul l'opérateur de la convention rédige l'analyse de la synthèse mensuelle."),
    )
    first = month.replace(day=1)
    last = add_months(first, 1) - dt.timedelta(days=1)
    if first > timezone.localdate():
        raise ConventionError(_("Ce mois n'a pas encore commencé."))
    if last < convention.start_date or first > convention.end_on(first):
        raise ConventionError(_("Ce mois est hors de la durée de la convention."))
    _operator_of(convention, operator, max(first, convention.start_date))
    if not by.is_superuser and operator.pk not in org_ids(by):
        raise ConventionError(_("Vous rédigez l'analyse au nom de votre propre structure."))
    analysis = analysis.strip()
    if not analysis:
        raise ConventionError(_("Rédigez l'analyse des résultats du mois."))
    row = SynthesisAnalysis.objects.filter(convention=convention, month=first).first()
    row = row or SynthesisAnalysis(convention=convention, month=first)
    row.operator = operator
    row.analysis = analysis
    row.recommendations = recommendations.strip()
    row.written_by = by
    as_author(row, by).save()
    _notify_partners(row, by)
    return row


def _notify_partners(row: SynthesisAnalysis, by) -> None:
    """seed 003 §VI: « analyse partagée des résultats » — the directors, staff and signatory
    partners of the other parties hear once a month that the analysis is written (a
    correction tells nobody again); the notification names the convention and the month."""
    convention = row.convention
    others = [
        p.organisation_id for p in convention.parties.all() if p.organisation_id != row.operator_id
    ]
    people = (
        Membership.objects.active()
        .filter(organisation__in=others, role__in=NOTIFIED_ROLES)
        .select_related("user")
        .order_by("user_id")
    )
    notify(
        recipients=[m.user for m in people],
        kind=NotificationKind.SYNTHESIS_WRITTEN,
        title=_("Analyse et préconisations de %(month)s — convention %(ref)s")
        % {"month": date_format(row.month, "F Y"), "ref": convention.reference},
        obj=row,
        url=reverse("partnerships:activity_month", args=[convention.pk])
        + f"?month={row.month:%Y-%m}#analyse",
        reference=convention.reference,
        key=f"synthesis-{convention.pk}-{row.month:%Y-%m}",
        by=by,
    )
