"""What a convention's operator reports: indicator values and deliverables of its action
sheets (seed 001), its daily activity (seed 003 §IV)."""

import datetime as dt
from collections.abc import Iterable
from decimal import Decimal

from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from common.history import as_author
from partnerships.enums import PartyRole
from partnerships.errors import ConventionError
from partnerships.models import (
    ActivityAxis,
    ActivityKind,
    ActivityRecord,
    Convention,
    Deliverable,
    Indicator,
    IndicatorValue,
    Organisation,
)
from partnerships.services.base import french_day, lock_convention, not_in_future, party_of


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
) -> ActivityRecord:
    """A day's activity of the operator (seed 003 §IV.2: daily records in the convention's
    own activities and axes)."""
    convention = lock_convention(convention)
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
    )
    as_author(record, by).save()
    record.organisations_represented.set(list(organisations_represented))
    return record
