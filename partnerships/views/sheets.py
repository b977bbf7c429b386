"""The department's pages for action sheets (seed 001 annexes): write a sheet, its indicators
and its deliverables. Values and deliveries are recorded from the sheet (views/activity.py)."""

from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils.translation import gettext as _

from common.pages import form_page, require_perm
from partnerships import services
from partnerships.forms import DeliverableForm, IndicatorForm, SheetForm
from partnerships.models import ActionSheet, Convention, Deliverable, Indicator
from partnerships.perimeter import get_visible_or_404
from partnerships.views.conventions import crumbs

MANAGE = "partnerships.manage_action_sheet"
SHEET_FIELDS = ("number", "title", "context", "objectives", "actions", "calendar")


def sheet_create(request: HttpRequest, pk: int) -> HttpResponse:
    convention = get_visible_or_404(
        Convention.objects.prefetch_related("parties"), request.user, pk=pk
    )
    require_perm(request.user, MANAGE, convention)
    following = convention.action_sheets.order_by("-number").values_list("number", flat=True)
    back = reverse("partnerships:convention_detail", args=[pk])
    return form_page(
        request,
        SheetForm(request.POST or None, initial={"number": (following.first() or 0) + 1}),
        lambda f: services.sheet_create(convention=convention, by=request.user, **f.cleaned_data),
        done=_("Fiche action créée : ajoutez ses indicateurs et ses livrables."),
        success_url=lambda sheet: reverse("partnerships:sheet_detail", args=[sheet.pk]),
        title=_("Nouvelle fiche action"),
        intro=_(
            "Les fiches posent le cadre des actions ; elles évoluent quand les parties "
            "s'accordent en instance de suivi (CPOM FAS 2023-2025, art. 3)."
        ),
        submit_label=_("Créer la fiche"),
        back_url=back,
        crumbs=crumbs(convention),
    )


def _sheet(request: HttpRequest, pk: int) -> ActionSheet:
    sheet = get_visible_or_404(
        ActionSheet.objects.select_related("convention").prefetch_related("convention__parties"),
        request.user,
        pk=pk,
    )
    require_perm(request.user, MANAGE, sheet.convention)
    return sheet


def _sheet_crumbs(sheet: ActionSheet) -> list[tuple[str, str]]:
    return [
        *crumbs(sheet.convention),
        (str(sheet), reverse("partnerships:sheet_detail", args=[sheet.pk])),
    ]


def sheet_edit(request: HttpRequest, pk: int) -> HttpResponse:
    sheet = _sheet(request, pk)
    back = reverse("partnerships:sheet_detail", args=[pk])
    return form_page(
        request,
        SheetForm(request.POST or None, initial={f: getattr(sheet, f) for f in SHEET_FIELDS}),
        lambda f: services.sheet_update(sheet=sheet, by=request.user, **f.cleaned_data),
        done=_("Fiche action enregistrée."),
        success_url=back,
        title=_("Modifier la fiche action"),
        submit_label=_("Enregistrer"),
        back_url=back,
        crumbs=_sheet_crumbs(sheet),
    )


def indicator_add(request: HttpRequest, pk: int) -> HttpResponse:
    sheet = _sheet(request, pk)
    back = reverse("partnerships:sheet_detail", args=[pk])
    return form_page(
        request,
        IndicatorForm(request.POST or None),
        lambda f: services.indicator_add(sheet=sheet, by=request.user, **f.cleaned_data),
        done=_("Indicateur ajouté."),
        success_url=back,
        title=_("Nouvel indicateur"),
        submit_label=_("Ajouter"),
        back_url=back,
        crumbs=_sheet_crumbs(sheet),
    )


def indicator_edit(request: HttpRequest, pk: int) -> HttpResponse:
    indicator = get_visible_or_404(
        Indicator.objects.select_related("sheet__convention"), request.user, pk=pk
    )
    sheet = _sheet(request, indicator.sheet_id)
    back = reverse("partnerships:sheet_detail", args=[sheet.pk])
    initial = {f: getattr(indicator, f) for f in ("label", "unit", "target", "period")}
    return form_page(
        request,
        IndicatorForm(request.POST or None, initial=initial),
        lambda f: services.indicator_update(indicator=indicator, by=request.user, **f.cleaned_data),
        done=_("Indicateur enregistré."),
        success_url=back,
        title=_("Indicateur « %(label)s »") % {"label": indicator.label},
        submit_label=_("Enregistrer"),
        back_url=back,
        crumbs=_sheet_crumbs(sheet),
    )


def deliverable_add(request: HttpRequest, pk: int) -> HttpResponse:
    sheet = _sheet(request, pk)
    back = reverse("partnerships:sheet_detail", args=[pk])
    return form_page(
        request,
        DeliverableForm(request.POST or None),
        lambda f: services.deliverable_add(sheet=sheet, by=request.user, **f.cleaned_data),
        done=_("Livrable ajouté."),
        success_url=back,
        title=_("Nouveau livrable"),
        submit_label=_("Ajouter"),
        back_url=back,
        crumbs=_sheet_crumbs(sheet),
    )


def deliverable_edit(request: HttpRequest, pk: int) -> HttpResponse:
    deliverable = get_visible_or_404(
        Deliverable.objects.select_related("sheet__convention"), request.user, pk=pk
    )
    sheet = _sheet(request, deliverable.sheet_id)
    back = reverse("partnerships:sheet_detail", args=[sheet.pk])
    return form_page(
        request,
        DeliverableForm(
            request.POST or None,
            initial={"label": deliverable.label, "due_on": deliverable.due_on},
        ),
        lambda f: services.deliverable_update(
            deliverable=deliverable, by=request.user, **f.cleaned_data
        ),
        done=_("Livrable enregistré."),
        success_url=back,
        title=_("Livrable « %(label)s »") % {"label": deliverable.label},
        submit_label=_("Enregistrer"),
        back_url=back,
        crumbs=_sheet_crumbs(sheet),
    )
