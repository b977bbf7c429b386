"""Action sheets annexed to a convention, their indicators and deliverables (seed 001 annexes).

seed 001 art. 3: the sheets frame the actions for the three years, and may evolve when the
parties agree in the convention's follow-up committees; the department staff of a party write
them down (partnerships.manage_action_sheet), and each change stays in the history.
"""

import datetime as dt
from decimal import Decimal

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _

from common.history import as_author
from partnerships.enums import IndicatorPeriod
from partnerships.errors import ConventionError
from partnerships.models import ActionSheet, Convention, Deliverable, Indicator

MANAGE = "partnerships.manage_action_sheet"


def _require(by, convention: Convention) -> None:
    if by is None or not by.has_perm(MANAGE, convention):
        raise PermissionDenied


def _check_sheet(convention: Convention, number: int, title: str, sheet=None) -> None:
    if number is None or number < 1:
        raise ConventionError(_("Le numéro de la fiche est un entier d'au moins 1."))
    if not title.strip():
        raise ConventionError(_("Indiquez l'intitulé de la fiche action."))
    taken = ActionSheet.objects.filter(convention=convention, number=number)
    if sheet is not None:
        taken = taken.exclude(pk=sheet.pk)
    if taken.exists():
        raise ConventionError(
            _("La convention %(ref)s a déjà une fiche action n° %(number)s.")
            % {"ref": convention.reference, "number": number}
        )


@transaction.atomic
def sheet_create(
    *,
    convention: Convention,
    number: int,
    title: str,
    by,
    context: str = "",
    objectives: str = "",
    actions: str = "",
    calendar: str = "",
) -> ActionSheet:
    convention = Convention.objects.select_for_update().get(pk=convention.pk)
    _require(by, convention)
    _check_sheet(convention, number, title)
    sheet = ActionSheet(
        convention=convention,
        number=number,
        title=title.strip(),
        context=context.strip(),
        objectives=objectives.strip(),
        actions=actions.strip(),
        calendar=calendar.strip(),
    )
    as_author(sheet, by).save()
    return sheet


@transaction.atomic
def sheet_update(
    *,
    sheet: ActionSheet,
    number: int,
    title: str,
    by,
    context: str = "",
    objectives: str = "",
    actions: str = "",
    calendar: str = "",
) -> ActionSheet:
    sheet = (
        ActionSheet.objects.select_for_update(of=("self",))
        .select_related("convention")
        .get(pk=sheet.pk)
    )
    _require(by, sheet.convention)
    _check_sheet(sheet.convention, number, title, sheet=sheet)
    sheet.number = number
    sheet.title = title.strip()
    sheet.context = context.strip()
    sheet.objectives = objectives.strip()
    sheet.actions = actions.strip()
    sheet.calendar = calendar.strip()
    as_author(sheet, by).save()
    return sheet


def _check_indicator(label: str, target: Decimal | None, period: str) -> None:
    if not label.strip():
        raise ConventionError(_("Indiquez le libellé de l'indicateur."))
    if target is not None and target < 0:
        raise ConventionError(_("La cible d'un indicateur ne peut pas être négative."))
    if period not in IndicatorPeriod.values:
        raise ConventionError(_("Choisissez la période de l'indicateur."))


@transaction.atomic
def indicator_add(
    *,
    sheet: ActionSheet,
    label: str,
    period: str,
    by,
    unit: str = "",
    target: Decimal | None = None,
) -> Indicator:
    """An indicator of the sheet, with its unit, target and period (seed 001 annexes)."""
    sheet = ActionSheet.objects.select_related("convention").get(pk=sheet.pk)
    _require(by, sheet.convention)
    _check_indicator(label, target, period)
    indicator = Indicator(
        sheet=sheet, label=label.strip(), unit=unit.strip(), target=target, period=period
    )
    as_author(indicator, by).save()
    return indicator


@transaction.atomic
def indicator_update(
    *,
    indicator: Indicator,
    label: str,
    period: str,
    by,
    unit: str = "",
    target: Decimal | None = None,
) -> Indicator:
    """Change an indicator; its period stays once values were recorded for its periods."""
    indicator = (
        Indicator.objects.select_for_update(of=("self",))
        .select_related("sheet__convention")
        .get(pk=indicator.pk)
    )
    _require(by, indicator.sheet.convention)
    _check_indicator(label, target, period)
    if period != indicator.period and indicator.values.exists():
        raise ConventionError(
            _(
                "Des valeurs sont déjà enregistrées par période « %(period)s » : la période de "
                "l'indicateur ne change plus."
            )
            % {"period": indicator.get_period_display().lower()}
        )
    indicator.label = label.strip()
    indicator.unit = unit.strip()
    indicator.target = target
    indicator.period = period
    as_author(indicator, by).save()
    return indicator


@transaction.atomic
def deliverable_add(
    *, sheet: ActionSheet, label: str, by, due_on: dt.date | None = None
) -> Deliverable:
    sheet = ActionSheet.objects.select_related("convention").get(pk=sheet.pk)
    _require(by, sheet.convention)
    if not label.strip():
        raise ConventionError(_("Indiquez le livrable attendu."))
    deliverable = Deliverable(sheet=sheet, label=label.strip(), due_on=due_on)
    as_author(deliverable, by).save()
    return deliverable


@transaction.atomic
def deliverable_update(
    *, deliverable: Deliverable, label: str, by, due_on: dt.date | None = None
) -> Deliverable:
    deliverable = (
        Deliverable.objects.select_for_update(of=("self",))
        .select_related("sheet__convention")
        .get(pk=deliverable.pk)
    )
    _require(by, deliverable.sheet.convention)
    if not label.strip():
        raise ConventionError(_("Indiquez le livrable attendu."))
    deliverable.label = label.strip()
    deliverable.due_on = due_on
    as_author(deliverable, by).save()
    return deliverable
