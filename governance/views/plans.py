"""Action plans and roadmaps (seed 002 §III-1, seed 003 §IV.2); annual reports (seed 001 art. 6)."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from common.pages import form_page, list_page, require_perm
from governance import services
from governance.enums import DecisionSubject, MeetingStatus, ReportStatus
from governance.filters import PlanFilter, ReportFilter
from governance.forms import (
    DayForm,
    ObjectiveForm,
    PlanForm,
    ReportEditForm,
    ReportForm,
    ReportValidationForm,
)
from governance.models import ActionPlan, AnnualReport, PlanObjective
from governance.schedule import committee_schedule
from governance.selectors import (
    objective_counts,
    report_due_on,
    reports_with_lateness,
    with_schedule,
    year_objectives,
)
from governance.views.committees import crumbs
from partnerships import selectors as partnership_selectors
from partnerships.perimeter import get_visible_or_404

MANAGE_PLAN = "governance.manage_plan"
WRITE_REPORT = "governance.write_report"
VALIDATE_REPORT = "governance.validate_report"


# ------------------------------------------------------------------------------- plans
def plan_list(request: HttpRequest) -> HttpResponse:
    queryset = (
        ActionPlan.objects.visible_to(request.user)
        .select_related("convention")
        .order_by("-period_start", "pk")
    )
    context = list_page(request, queryset, PlanFilter, export="governance:plan_export")
    return render(request, "governance/plan_list.html", context)


def plan_create(request: HttpRequest) -> HttpResponse:
    form = PlanForm(request.POST or None, user=request.user)

    def create(form):
        require_perm(request.user, MANAGE_PLAN, _Holder(form.cleaned_data["convention"]))
        return services.action_plan_create(by=request.user, **form.cleaned_data)

    return form_page(
        request,
        form,
        create,
        done=_("Plan d'actions enregistré."),
        success_url=lambda plan: reverse("governance:plan_detail", args=[plan.pk]),
        title=_("Nouveau plan d'actions ou feuille de route"),
        submit_label=_("Enregistrer"),
        back_url=reverse("governance:plan_list"),
        crumbs=crumbs(),
    )


class _Holder:
    """The permission of a plan or report not yet created is that of its convention."""

    def __init__(self, convention):
        self.convention = convention


def _plan(request, pk: int) -> ActionPlan:
    return get_visible_or_404(
        ActionPlan.objects.select_related("convention").prefetch_related("convention__parties"),
        request.user,
        pk=pk,
    )


def plan_detail(request: HttpRequest, pk: int) -> HttpResponse:
    plan = _plan(request, pk)
    can_manage = request.user.has_perm(MANAGE_PLAN, plan)
    objectives = list(plan.objective_lines.select_related("assessed_by"))
    return render(
        request,
        "governance/plan_detail.html",
        {
            "plan": plan,
            "objectives": objectives,
            "summary": objective_counts(objectives),
            "can_assess": can_manage,
            "form": DayForm() if can_manage and not plan.transmitted_on else None,
        },
    )


def plan_objective_assess(request: HttpRequest, pk: int, objective: int) -> HttpResponse:
    """seed 002 §V: « étudier l'atteinte des objectifs du plan d'actions annuel »."""
    plan = _plan(request, pk)
    item = get_object_or_404(PlanObjective, plan=plan, pk=objective)
    require_perm(request.user, MANAGE_PLAN, plan)
    url = reverse("governance:plan_detail", args=[pk]) + f"#objectif-{item.position}"
    initial = {"status": item.status, "comment": item.comment} if item.assessed_on else None
    return form_page(
        request,
        ObjectiveForm(request.POST or None, initial=initial),
        lambda f: services.plan_objective_assess(objective=item, by=request.user, **f.cleaned_data),
        done=_("Atteinte de l'objectif enregistrée."),
        success_url=url,
        title=_("Objectif %(n)s — %(plan)s") % {"n": item.position, "plan": plan},
        intro=item.text,
        submit_label=_("Enregistrer l'évaluation"),
        back_url=url,
        crumbs=crumbs(),
    )


def plan_transmit(request: HttpRequest, pk: int) -> HttpResponse:
    plan = _plan(request, pk)
    require_perm(request.user, MANAGE_PLAN, plan)
    url = reverse("governance:plan_detail", args=[pk])
    return form_page(
        request,
        DayForm(request.POST or None),
        lambda f: services.action_plan_transmit(plan=plan, by=request.user, **f.cleaned_data),
        done=_("Plan transmis."),
        success_url=url,
        title=_("Transmettre le plan d'actions"),
        submit_label=_("Transmettre"),
        back_url=url,
        crumbs=crumbs(),
    )


# ----------------------------------------------------------------------------- reports
def report_list(request: HttpRequest) -> HttpResponse:
    # Reports past their deadline first (issue 18), then the most recent.
    queryset = reports_with_lateness(
        AnnualReport.objects.visible_to(request.user).select_related("convention", "validated_by"),
        timezone.localdate(),
    ).order_by("-is_late", "-year", "convention__reference")
    context = list_page(request, queryset, ReportFilter, export="governance:report_export")
    return render(request, "governance/report_list.html", context)


def report_create(request: HttpRequest) -> HttpResponse:
    form = ReportForm(request.POST or None, user=request.user)

    def create(form):
        require_perm(request.user, WRITE_REPORT, _Holder(form.cleaned_data["convention"]))
        return services.annual_report_create(by=request.user, **form.cleaned_data)

    return form_page(
        request,
        form,
        create,
        done=_("Bilan créé."),
        success_url=lambda report: reverse("governance:report_detail", args=[report.pk]),
        title=_("Nouveau bilan annuel"),
        submit_label=_("Créer le brouillon"),
        back_url=reverse("governance:report_list"),
        crumbs=crumbs(),
    )


def _report(request, pk: int) -> AnnualReport:
    return get_visible_or_404(
        AnnualReport.objects.select_related(
            "convention", "validated_by__meeting__committee"
        ).prefetch_related("convention__parties"),
        request.user,
        pk=pk,
    )


def report_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The report with the year's figures computed from the records: activity against the
    contracted volume, indicators against targets, meetings held against those due."""
    report = _report(request, pk)
    convention = report.convention
    user = request.user
    today = timezone.localdate()
    committees = with_schedule(convention.committees.all())
    meetings = []
    for committee in committees:
        periods = [p for p in committee_schedule(committee, today) if p.start.year == report.year]
        meetings.append(
            {
                "committee": committee,
                "due": len([p for p in periods if p.end <= today]),
                "held": sum(
                    1
                    for m in committee.meetings.all()
                    if m.status == MeetingStatus.HELD and m.held_on.year == report.year
                ),
            }
        )
    values = []
    for sheet in convention.action_sheets.prefetch_related("indicators__values"):
        for indicator in sheet.indicators.all():
            for value in indicator.values.all():
                if value.period_start.year == report.year:
                    value.achievement = indicator.achievement(value.value)
                    values.append((sheet, indicator, value))
    can_write = user.has_perm(WRITE_REPORT, report)
    can_validate = user.has_perm(VALIDATE_REPORT, report)
    return render(
        request,
        "governance/report_detail.html",
        {
            "report": report,
            "convention": convention,
            "dashboard": partnership_selectors.activity_dashboard(convention, report.year, user),
            "meetings": meetings,
            "values": values,
            "objectives": year_objectives(convention, report.year),
            "due_on": report_due_on(convention, report.year),
            "can_edit": can_write and report.status == ReportStatus.DRAFT,
            "can_submit": can_write and report.status == ReportStatus.DRAFT,
            "can_validate": can_validate and report.status == ReportStatus.SUBMITTED,
        },
    )


def _report_form(request, report, form, action, **page) -> HttpResponse:
    url = reverse("governance:report_detail", args=[report.pk])
    return form_page(request, form, action, success_url=url, back_url=url, crumbs=crumbs(), **page)


def report_edit(request: HttpRequest, pk: int) -> HttpResponse:
    report = _report(request, pk)
    require_perm(request.user, WRITE_REPORT, report)
    initial = {
        "activity_summary": report.activity_summary,
        "financial_summary": report.financial_summary,
    }
    return _report_form(
        request,
        report,
        ReportEditForm(request.POST or None, initial=initial),
        lambda f: services.annual_report_update(report=report, by=request.user, **f.cleaned_data),
        done=_("Bilan enregistré."),
        title=_("Bilan %(year)s — %(ref)s") % {"year": report.year, "ref": report.convention},
        submit_label=_("Enregistrer"),
    )


def report_submit(request: HttpRequest, pk: int) -> HttpResponse:
    report = _report(request, pk)
    require_perm(request.user, WRITE_REPORT, report)
    return _report_form(
        request,
        report,
        DayForm(request.POST or None),
        lambda f: services.annual_report_submit(report=report, by=request.user, **f.cleaned_data),
        done=_("Bilan transmis."),
        title=_("Transmettre le bilan %(year)s") % {"year": report.year},
        submit_label=_("Transmettre"),
    )


def report_validate(request: HttpRequest, pk: int) -> HttpResponse:
    """A report is validated by a decision of a meeting, nowhere else (seed 001 art. 4.2,
    art. 5): this page records that decision. The validation may also be refused by another
    app's receiver of the governance signal (funding's FundingError): its transaction rolled
    the decision and the status back, the form says why."""
    report = _report(request, pk)
    require_perm(request.user, VALIDATE_REPORT, report)
    form = ReportValidationForm(request.POST or None, user=request.user, report=report)
    intro = _(
        "CPOM FAS 2023-2025, art. 4.2 : la validation du bilan, décidée en séance par une "
        "instance de la "
        "convention où siège le financeur, rend exigible le solde de 30 % de l'année."
    )
    if not form.fields["meeting"].queryset.exists():
        intro += " " + _(
            "Aucune réunion ne convient encore : déclarez tenue une réunion d'une instance de "
            "la convention où siège le financeur, postérieure à la transmission du bilan."
        )
    return _report_form(
        request,
        report,
        form,
        lambda f: services.decision_record(
            by=request.user,
            subject=DecisionSubject.VALIDATE_REPORT,
            report=report,
            **f.service_kwargs(),
        ),
        done=_("Bilan validé par la décision de la réunion."),
        title=_("Valider le bilan %(year)s en séance") % {"year": report.year},
        submit_label=_("Enregistrer la décision de validation"),
        intro=intro,
    )
