"""Action plans and roadmaps (seed 002 §III-1, seed 003 §IV.2); annual reports (seed 001 art. 6)."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from governance import services
from governance.enums import MeetingStatus, ReportStatus
from governance.filters import PlanFilter, ReportFilter
from governance.forms import DayForm, PlanForm, ReportEditForm, ReportForm
from governance.models import ActionPlan, AnnualReport
from governance.schedule import committee_schedule
from governance.selectors import report_due_on, with_schedule
from governance.services import GovernanceError
from governance.views.common import form_page, handle_form
from partnerships import selectors as partnership_selectors
from partnerships.perimeter import get_visible_or_404
from partnerships.views.common import form_error, paginate, query_without_page, require

MANAGE_PLAN = "governance.manage_plan"
WRITE_REPORT = "governance.write_report"
VALIDATE_REPORT = "governance.validate_report"


def _list(request, template, filterset, name):
    page = paginate(request, filterset.qs)
    return render(
        request,
        template,
        {
            "filter": filterset,
            "page_obj": page,
            name: page.object_list,
            "query": query_without_page(request),
        },
    )


# ------------------------------------------------------------------------------- plans
def plan_list(request: HttpRequest) -> HttpResponse:
    queryset = (
        ActionPlan.objects.visible_to(request.user)
        .select_related("convention")
        .order_by("-period_start", "pk")
    )
    filterset = PlanFilter(request.GET, queryset=queryset, request=request)
    return _list(request, "governance/plan_list.html", filterset, "plans")


def plan_create(request: HttpRequest) -> HttpResponse:
    form = PlanForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        require(request.user, MANAGE_PLAN, _Holder(form.cleaned_data["convention"]))
        try:
            plan = services.action_plan_create(by=request.user, **form.cleaned_data)
        except GovernanceError as error:
            form_error(form, error)
        else:
            messages.success(request, _("Plan d'actions enregistré."))
            return redirect("governance:plan_detail", plan.pk)
    return form_page(
        request,
        form,
        title=_("Nouveau plan d'actions ou feuille de route"),
        submit=_("Enregistrer"),
        back_url=reverse("governance:plan_list"),
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
    return render(
        request,
        "governance/plan_detail.html",
        {
            "plan": plan,
            "can_transmit": can_manage and not plan.transmitted_on,
            "form": DayForm() if can_manage and not plan.transmitted_on else None,
        },
    )


def plan_transmit(request: HttpRequest, pk: int) -> HttpResponse:
    plan = _plan(request, pk)
    require(request.user, MANAGE_PLAN, plan)
    form = DayForm(request.POST or None)
    return handle_form(
        request,
        form,
        lambda f: services.action_plan_transmit(plan=plan, by=request.user, **f.cleaned_data),
        done=_("Plan transmis."),
        success_url=reverse("governance:plan_detail", args=[pk]),
        title=_("Transmettre le plan d'actions"),
        submit=_("Transmettre"),
        back_url=reverse("governance:plan_detail", args=[pk]),
    )


# ----------------------------------------------------------------------------- reports
def report_list(request: HttpRequest) -> HttpResponse:
    queryset = (
        AnnualReport.objects.visible_to(request.user)
        .select_related("convention", "validated_by")
        .order_by("-year", "convention__reference")
    )
    filterset = ReportFilter(request.GET, queryset=queryset, request=request)
    return _list(request, "governance/report_list.html", filterset, "reports")


def report_create(request: HttpRequest) -> HttpResponse:
    form = ReportForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        require(request.user, WRITE_REPORT, _Holder(form.cleaned_data["convention"]))
        try:
            report = services.annual_report_create(by=request.user, **form.cleaned_data)
        except GovernanceError as error:
            form_error(form, error)
        else:
            messages.success(request, _("Bilan créé."))
            return redirect("governance:report_detail", report.pk)
    return form_page(
        request,
        form,
        title=_("Nouveau bilan annuel"),
        submit=_("Créer le brouillon"),
        back_url=reverse("governance:report_list"),
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
            "dashboard": partnership_selectors.activity_dashboard(convention, report.year),
            "meetings": meetings,
            "values": values,
            "due_on": report_due_on(convention, report.year),
            "can_edit": can_write and report.status == ReportStatus.DRAFT,
            "can_submit": can_write and report.status == ReportStatus.DRAFT,
            "can_validate": can_validate and report.status == ReportStatus.SUBMITTED,
            "day_form": DayForm(),
        },
    )


def report_edit(request: HttpRequest, pk: int) -> HttpResponse:
    report = _report(request, pk)
    require(request.user, WRITE_REPORT, report)
    initial = {
        "activity_summary": report.activity_summary,
        "financial_summary": report.financial_summary,
    }
    form = ReportEditForm(request.POST or None, initial=initial)
    return handle_form(
        request,
        form,
        lambda f: services.annual_report_update(report=report, by=request.user, **f.cleaned_data),
        done=_("Bilan enregistré."),
        success_url=reverse("governance:report_detail", args=[pk]),
        title=_("Bilan %(year)s — %(ref)s") % {"year": report.year, "ref": report.convention},
        submit=_("Enregistrer"),
        back_url=reverse("governance:report_detail", args=[pk]),
    )


def report_submit(request: HttpRequest, pk: int) -> HttpResponse:
    report = _report(request, pk)
    require(request.user, WRITE_REPORT, report)
    form = DayForm(request.POST or None)
    return handle_form(
        request,
        form,
        lambda f: services.annual_report_submit(report=report, by=request.user, **f.cleaned_data),
        done=_("Bilan transmis."),
        success_url=reverse("governance:report_detail", args=[pk]),
        title=_("Transmettre le bilan %(year)s") % {"year": report.year},
        submit=_("Transmettre"),
        back_url=reverse("governance:report_detail", args=[pk]),
    )


def report_validate(request: HttpRequest, pk: int) -> HttpResponse:
    report = _report(request, pk)
    require(request.user, VALIDATE_REPORT, report)
    form = DayForm(request.POST or None)
    return handle_form(
        request,
        form,
        lambda f: services.annual_report_validate(report=report, by=request.user, **f.cleaned_data),
        done=_("Bilan validé."),
        success_url=reverse("governance:report_detail", args=[pk]),
        title=_("Valider le bilan %(year)s") % {"year": report.year},
        submit=_("Valider"),
        back_url=reverse("governance:report_detail", args=[pk]),
        intro=_(
            "Seed 001 art. 4.2 : la validation du bilan rend exigible le solde de 30 % de "
            "l'année. Pour une validation en séance, enregistrez plutôt la décision de la réunion."
        ),
    )
