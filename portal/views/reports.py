"""Reports people take away: a convention's annual report (PDF) and the department-wide
report built in the background, with its progress and its download."""

from django import forms
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET, require_POST

from common.pages import form_page, require_perm
from common.pdf import pdf_response
from partnerships.models import Convention
from partnerships.perimeter import get_visible_or_404
from portal.jobs import build_department_report, report_job_request
from portal.models import ReportJob
from portal.reports import convention_annual_report_pdf, convention_report_years

RUN_DEPARTMENT_REPORT = "portal.run_department_report"


class ConventionReportForm(forms.Form):
    convention = forms.ModelChoiceField(
        queryset=Convention.objects.none(), label=_("Convention"), empty_label=None
    )
    year = forms.IntegerField(label=_("Année"), min_value=2000, max_value=2100)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["convention"].queryset = Convention.objects.visible_to(user).order_by(
            "reference"
        )


class DepartmentReportForm(forms.Form):
    year = forms.IntegerField(label=_("Année du rapport"), min_value=2000, max_value=2100)


def reports_home(request: HttpRequest) -> HttpResponse:
    """The documents to take away: a convention's bilan annuel, the department report."""
    today = timezone.localdate()
    form = ConventionReportForm(
        request.GET or None, user=request.user, initial={"year": today.year - 1}
    )
    if request.GET and form.is_valid():
        convention = form.cleaned_data["convention"]
        year = form.cleaned_data["year"]
        if year in convention_report_years(convention):
            return redirect("portal:convention_report_pdf", pk=convention.pk, year=year)
        form.add_error(
            "year",
            _("La convention %(reference)s ne couvre pas l'année %(year)s.")
            % {"reference": convention.reference, "year": year},
        )
    return _home_page(request, form, DepartmentReportForm(initial={"year": today.year - 1}))


def _home_page(request, form, department_form, status=None):
    may_run = request.user.has_perm(RUN_DEPARTMENT_REPORT)
    jobs = ReportJob.objects.visible_to(request.user)[:10] if may_run else []
    if status is None:
        status = 400 if form.is_bound and form.errors or department_form.errors else 200
    return render(
        request,
        "portal/reports.html",
        {"form": form, "department_form": department_form, "may_run": may_run, "jobs": jobs},
        status=status,
    )


@require_GET
def convention_report_pdf(request: HttpRequest, pk: int, year: int) -> HttpResponse:
    convention = get_visible_or_404(
        Convention.objects.prefetch_related("amendments"), request.user, pk=pk
    )
    content = convention_annual_report_pdf(convention, year, request.user)
    return pdf_response(content, f"bilan-{convention.reference}-{year}.pdf")


@require_POST
def department_report_request(request: HttpRequest) -> HttpResponse:
    require_perm(request.user, RUN_DEPARTMENT_REPORT)

    def request_report(form):
        job = report_job_request(year=form.cleaned_data["year"], by=request.user)
        build_department_report.enqueue(job.pk)
        return job

    blank = ConventionReportForm(user=request.user, initial={"year": timezone.localdate().year - 1})
    return form_page(
        request,
        DepartmentReportForm(request.POST),
        request_report,
        error_field="year",
        success_url=lambda job: reverse("portal:report_job", args=[job.pk]),
        page=lambda form, status: _home_page(request, blank, form, status=status),
    )


def report_job(request: HttpRequest, pk: int) -> HttpResponse:
    """The job's progress; htmx polls the partial every 2 seconds until it is finished."""
    job = get_visible_or_404(ReportJob.objects.all(), request.user, pk=pk)
    template = "portal/_report_job.html" if request.htmx else "portal/report_job.html"
    return render(request, template, {"job": job})


def report_job_download(request: HttpRequest, pk: int) -> FileResponse:
    job = get_visible_or_404(ReportJob.objects.all(), request.user, pk=pk)
    if not job.file:
        raise Http404  # not built yet, or failed: nothing to download
    return FileResponse(
        job.file.open("rb"),
        as_attachment=True,
        filename=f"rapport-departemental-{job.year}.pdf",
        content_type="application/pdf",
    )
