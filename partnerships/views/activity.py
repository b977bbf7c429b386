"""Action sheets and their indicators (seed 001 annexes); activity records, monthly synthesis
and dashboard (seed 003 §IV-§VI); incident reports (fiches de signalement)."""

from django.contrib import messages
from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from common.pages import form_page, list_page, post_action, require_perm
from partnerships import selectors, services
from partnerships.filters import ActivityFilter, IncidentFilter
from partnerships.forms import (
    AcknowledgeForm,
    ActivityForm,
    DeliverForm,
    IncidentForm,
    IndicatorValueForm,
    MonthForm,
    SupervisionForm,
    SynthesisAnalysisForm,
)
from partnerships.models import (
    ActionSheet,
    ActivityRecord,
    Convention,
    Deliverable,
    IncidentReport,
    Indicator,
    IndicatorValue,
    SynthesisAnalysis,
    activity_share_of,
)
from partnerships.perimeter import get_visible_or_404
from partnerships.selectors import convention_years, default_year, monthly_synthesis, sheet_progress
from partnerships.views.conventions import crumbs

MANAGE = "partnerships.manage_convention"


def _convention(request, pk: int) -> Convention:
    return get_visible_or_404(
        Convention.objects.prefetch_related(
            "parties__organisation", "activity_kinds", "activity_axes"
        ),
        request.user,
        pk=pk,
    )


# ------------------------------------------------------------------------------- sheets
def sheet_detail(request: HttpRequest, pk: int) -> HttpResponse:
    sheet = get_visible_or_404(
        ActionSheet.objects.select_related("convention").prefetch_related(
            Prefetch(
                "indicators",
                # unscoped: prefetch for the sheet get_visible_or_404 loads
                queryset=Indicator.objects.prefetch_related(
                    # unscoped: prefetch for the sheet get_visible_or_404 loads
                    Prefetch("values", queryset=IndicatorValue.objects.order_by("period_start"))
                ),
            ),
            "deliverables",
            "convention__parties",
        ),
        request.user,
        pk=pk,
    )
    return render(
        request,
        "partnerships/sheet_detail.html",
        {
            "sheet": sheet,
            "convention": sheet.convention,
            "progress": sheet_progress(sheet),
            "can_manage": request.user.has_perm(MANAGE, sheet.convention),
            "can_edit_sheet": request.user.has_perm(
                "partnerships.manage_action_sheet", sheet.convention
            ),
        },
    )


def indicator_value_add(request: HttpRequest, pk: int) -> HttpResponse:
    indicator = get_visible_or_404(
        Indicator.objects.select_related("sheet__convention"), request.user, pk=pk
    )
    convention = indicator.sheet.convention
    require_perm(request.user, MANAGE, convention)
    form = IndicatorValueForm(request.POST or None)
    return form_page(
        request,
        form,
        lambda f: services.indicator_value_record(
            indicator=indicator, by=request.user, **f.cleaned_data
        ),
        done=_("Valeur enregistrée."),
        success_url=reverse("partnerships:sheet_detail", args=[indicator.sheet_id]),
        title=_("Valeur de l'indicateur « %(label)s »") % {"label": indicator.label},
        submit_label=_("Enregistrer"),
        back_url=reverse("partnerships:sheet_detail", args=[indicator.sheet_id]),
        crumbs=crumbs(convention),
        intro=_("Période : %(period)s ; cible : %(target)s %(unit)s.")
        % {
            "period": indicator.get_period_display().lower(),
            "target": indicator.target if indicator.target is not None else "—",
            "unit": indicator.unit,
        },
    )


def deliverable_deliver(request: HttpRequest, pk: int) -> HttpResponse:
    deliverable = get_visible_or_404(
        Deliverable.objects.select_related("sheet__convention"), request.user, pk=pk
    )
    require_perm(request.user, MANAGE, deliverable.sheet.convention)
    form = DeliverForm(request.POST or None)
    return form_page(
        request,
        form,
        lambda f: services.deliverable_deliver(
            deliverable=deliverable, by=request.user, **f.cleaned_data
        ),
        done=_("Livrable remis."),
        success_url=reverse("partnerships:sheet_detail", args=[deliverable.sheet_id]),
        title=_("Remise du livrable « %(label)s »") % {"label": deliverable.label},
        submit_label=_("Enregistrer la remise"),
        back_url=reverse("partnerships:sheet_detail", args=[deliverable.sheet_id]),
        crumbs=crumbs(deliverable.sheet.convention),
    )


# ----------------------------------------------------------------------------- activity
def activity_list(request: HttpRequest, pk: int) -> HttpResponse:
    convention = _convention(request, pk)
    queryset = (
        ActivityRecord.objects.visible_to(request.user)
        .filter(convention=convention)
        .select_related("kind", "axis", "operator", "commune", "district")
        .prefetch_related("organisations_represented")
        .order_by("-day", "pk")
    )
    context = list_page(
        request,
        queryset,
        ActivityFilter,
        convention=convention,
        export="partnerships:activity_export",
        export_args=(convention.pk,),
    )
    context["convention"] = convention
    context["can_record"] = request.user.has_perm("partnerships.record_activity", convention)
    context["share"] = activity_share_of(request.user, convention)
    return render(request, "partnerships/activity_list.html", context)


def activity_add(request: HttpRequest, pk: int) -> HttpResponse:
    convention = _convention(request, pk)
    require_perm(request.user, "partnerships.record_activity", convention)
    form = ActivityForm(request.POST or None, convention=convention)
    return form_page(
        request,
        form,
        lambda f: services.activity_record(
            convention=convention, by=request.user, **f.cleaned_data
        ),
        done=_("Activité enregistrée."),
        success_url=reverse("partnerships:activity_list", args=[pk]),
        title=_("Enregistrer une activité"),
        submit_label=_("Enregistrer"),
        back_url=reverse("partnerships:activity_list", args=[pk]),
        crumbs=crumbs(convention),
        intro=_(
            "Relevé quotidien des activités de médiation (convention de médiation Citéo, §IV.2)."
        ),
    )


def _month(request, convention):
    today = timezone.localdate()
    form = MonthForm(request.GET or None)
    month = form.cleaned_data["month"] if form.is_bound and form.is_valid() else None
    if month is None:
        month = today if convention.start_date <= today <= convention.end_in_force() else None
        month = month or convention.start_date
        if not form.is_bound:
            form = MonthForm(initial={"month": month.strftime("%Y-%m")})
    return form, month.replace(day=1)


def activity_month(request: HttpRequest, pk: int) -> HttpResponse:
    convention = _convention(request, pk)
    form, month = _month(request, convention)
    return render(
        request,
        "partnerships/activity_month.html",
        {
            "convention": convention,
            "form": form,
            "synthesis": monthly_synthesis(convention, month, request.user),
            "can_write": request.user.has_perm("partnerships.write_synthesis", convention),
            "can_record": request.user.has_perm("partnerships.record_activity", convention),
        },
        status=400 if form.is_bound and form.errors else 200,
    )


def synthesis_write(request: HttpRequest, pk: int) -> HttpResponse:
    """seed 003 §V.2: the operator writes the month's analysis and recommendations."""
    convention = _convention(request, pk)
    require_perm(request.user, "partnerships.write_synthesis", convention)
    _form, month = _month(request, convention)
    back = reverse("partnerships:activity_month", args=[pk]) + f"?month={month:%Y-%m}"
    # unscoped: the analysis of a convention the view loaded through visible_to
    current = SynthesisAnalysis.objects.filter(convention=convention, month=month).first()
    initial = {}
    if current:
        initial = {
            "operator": current.operator_id,
            "analysis": current.analysis,
            "recommendations": current.recommendations,
        }
    form = SynthesisAnalysisForm(
        request.POST or None, initial=initial, convention=convention, user=request.user
    )
    return form_page(
        request,
        form,
        lambda f: services.synthesis_analysis_write(
            convention=convention, by=request.user, month=month, **f.cleaned_data
        ),
        done=_("Analyse de la synthèse mensuelle enregistrée."),
        success_url=back + "#analyse",
        title=_("Analyse et préconisations — %(month)s") % {"month": date_format(month, "F Y")},
        submit_label=_("Enregistrer"),
        back_url=back,
        crumbs=crumbs(convention),
        intro=_(
            "Synthèse mensuelle des activités de médiation sociale : analyse des résultats et "
            "préconisations d'ajustements opérationnels, lues par les partenaires de la "
            "convention (convention de médiation Citéo, §V.2)."
        ),
    )


def supervision_add(request: HttpRequest, pk: int) -> HttpResponse:
    """seed 003 §IV.1: the operator records the supervision time of a week."""
    convention = _convention(request, pk)
    require_perm(request.user, "partnerships.record_activity", convention)
    form = SupervisionForm(request.POST or None, convention=convention)
    back = reverse("partnerships:activity_month", args=[pk])
    return form_page(
        request,
        form,
        lambda f: services.supervision_record(
            convention=convention, by=request.user, **f.cleaned_data
        ),
        done=_("Temps d'encadrement enregistré."),
        success_url=lambda row: f"{back}?month={row.week_start:%Y-%m}#encadrement",
        title=_("Temps d'encadrement de la semaine"),
        submit_label=_("Enregistrer"),
        back_url=back,
        crumbs=crumbs(convention),
        intro=_(
            "La prestation inclut un temps d'encadrement équivalent à 1/2 journée par semaine "
            "(convention de médiation Citéo, §IV.1). Saisir à nouveau une semaine la corrige."
        ),
    )


def activity_dashboard(request: HttpRequest, pk: int) -> HttpResponse:
    convention = _convention(request, pk)
    today = timezone.localdate()
    years = convention_years(convention, today)
    asked = request.GET.get("annee", "")
    year = int(asked) if asked.isdigit() else None
    if year not in years:
        year = default_year(convention, today)
    dashboard = selectors.activity_dashboard(convention, year, request.user)
    return render(
        request,
        "partnerships/activity_dashboard.html",
        {
            "convention": convention,
            "dashboard": dashboard,
            "years": years,
            "chart_data": dashboard.chart_data(),
        },
    )


# ---------------------------------------------------------------------------- incidents
def incident_list(request: HttpRequest) -> HttpResponse:
    queryset = (
        IncidentReport.objects.visible_to(request.user)
        .select_related("convention", "reported_by")
        .prefetch_related("recipients", "acknowledgements")
        .order_by("-occurred_on", "pk")
    )
    context = list_page(request, queryset, IncidentFilter, export="partnerships:incident_export")
    return render(request, "partnerships/incident_list.html", context)


def incident_add(request: HttpRequest, pk: int) -> HttpResponse:
    convention = _convention(request, pk)
    require_perm(request.user, "partnerships.report_incident", convention)
    form = IncidentForm(request.POST or None, convention=convention, user=request.user)
    return form_page(
        request,
        form,
        lambda f: services.incident_report_create(
            convention=convention, by=request.user, **f.cleaned_data
        ),
        done=_("Fiche de signalement transmise à ses destinataires."),
        success_url=lambda report: reverse("partnerships:incident_detail", args=[report.pk]),
        title=_("Nouvelle fiche de signalement"),
        submit_label=_("Transmettre"),
        back_url=reverse("partnerships:convention_detail", args=[pk]),
        crumbs=crumbs(convention),
        intro=_(
            "Transmise aux interlocuteurs désignés, parties à la convention (convention de "
            "médiation Citéo, §V.2)."
        ),
    )


def _incident(request, pk: int) -> IncidentReport:
    return get_visible_or_404(
        IncidentReport.objects.select_related("convention", "reported_by").prefetch_related(
            "recipients", "acknowledgements__organisation", "acknowledgements__acknowledged_by"
        ),
        request.user,
        pk=pk,
    )


def incident_detail(request: HttpRequest, pk: int) -> HttpResponse:
    report = _incident(request, pk)
    form = None
    if request.user.has_perm("partnerships.acknowledge_incident", report):
        form = AcknowledgeForm(report=report, user=request.user)
        if not form.fields["organisation"].queryset.exists():
            form = None
    return render(
        request,
        "partnerships/incident_detail.html",
        {"report": report, "convention": report.convention, "form": form},
    )


@require_POST
def incident_acknowledge(request: HttpRequest, pk: int) -> HttpResponse:
    report = _incident(request, pk)
    require_perm(request.user, "partnerships.acknowledge_incident", report)
    form = AcknowledgeForm(request.POST, report=report, user=request.user)
    if not form.is_valid():
        messages.error(request, _("Choisissez la structure pour laquelle vous confirmez."))
        return redirect("partnerships:incident_detail", report.pk)
    return post_action(
        request,
        lambda: services.incident_acknowledge(
            report=report,
            by=request.user,
            organisation=form.cleaned_data["organisation"],
            on=timezone.localdate(),
        ),
        done=_("Réception confirmée."),
        then=reverse("partnerships:incident_detail", args=[report.pk]),
    )
