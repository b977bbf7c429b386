"""The household file as a PDF, and the CSV / XLSX exports of the household lists."""

import datetime as dt

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from common.pages import export_filtered, perm_required, require_perm
from common.pdf import pdf_response
from households.audit import audited
from households.enums import AuditAction
from households.exports import (
    ContactExporter,
    HouseholdExporter,
    ProjectExporter,
    ReferralExporter,
)
from households.filters import ContactFilter, HouseholdFilter, ProjectFilter, ReferralFilter
from households.models import Household
from households.reports import commune_figures, commune_organisations, household_file_pdf
from households.selectors import (
    contact_rows,
    contacts_for,
    households_for,
    projects_for,
    referrals_for,
)
from households.views.lists import ACCESS, waiting_by_default
from partnerships.perimeter import get_visible_or_404
from partnerships.security import recent_auth_required


def _filed_household(request, pk: int) -> Household:
    """The file (contract, reviews) is for the professionals who follow the household; a
    volunteer sees the household on screen but gets no file (domain.md)."""
    household = get_visible_or_404(
        Household.objects.select_related("organisation", "territory"), request.user, pk=pk
    )
    require_perm(request.user, "households.manage_documents", household)
    return household


@perm_required(ACCESS)
@require_GET
@recent_auth_required(first=_filed_household, answers_file=True)
@audited(AuditAction.FILE_PDF)
def household_file(request: HttpRequest, pk: int) -> HttpResponse:
    household = _filed_household(request, pk)
    return pdf_response(household_file_pdf(household), f"dossier-{household.reference}.pdf")


@perm_required(ACCESS)
@recent_auth_required(answers_file=True)
@audited(AuditAction.EXPORT, target=None)
def household_export(request: HttpRequest) -> HttpResponse:
    rows = households_for(request.user).order_by("reference", "pk")
    return export_filtered(request, rows, HouseholdFilter, HouseholdExporter)


@perm_required(ACCESS)
@recent_auth_required(answers_file=True)
@audited(AuditAction.EXPORT, target=None)
def project_export(request: HttpRequest) -> HttpResponse:
    rows = projects_for(request.user, timezone.localdate()).order_by("planned_end", "pk")
    return export_filtered(request, rows, ProjectFilter, ProjectExporter)


@perm_required(ACCESS)
@recent_auth_required(answers_file=True)
@audited(AuditAction.EXPORT, target=None)
def referral_export(request: HttpRequest) -> HttpResponse:
    rows = referrals_for(request.user).order_by("received_on", "pk")
    return export_filtered(
        request, rows, ReferralFilter, ReferralExporter, data=waiting_by_default(request)
    )


@perm_required(ACCESS)
@recent_auth_required(answers_file=True)
@audited(AuditAction.EXPORT, target=None)
def contact_export(request: HttpRequest) -> HttpResponse:
    """The contacts list with its filters, shared summaries included (never the confidential
    note); streamed: memory stays flat over the 400 000 contacts of a département."""
    rows = contact_rows(contacts_for(request.user), with_summary=True)
    return export_filtered(request, rows, ContactFilter, ContactExporter)


@perm_required("households.read_commune_figures")
@require_GET
def commune_report(request: HttpRequest) -> HttpResponse:
    """seed 000 art. III: « Informer les communes du projet et de la mise à disposition d'un
    logement » and « du déroulement de la prise en charge des ménages concernées »: for each
    commune the user works for, counts over a year — never a name nor a reference."""
    this_year = timezone.localdate().year
    try:
        year = int(request.GET.get("annee", this_year))
    except ValueError:
        year = this_year
    year = min(max(year, 2000), this_year)
    start, end = dt.date(year, 1, 1), dt.date(year, 12, 31)
    communes = [commune_figures(o, start, end) for o in commune_organisations(request.user)]
    return render(
        request,
        "households/commune_report.html",
        {"communes": communes, "year": year, "years": range(this_year, this_year - 6, -1)},
    )
