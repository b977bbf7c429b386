"""The lists: households, projects (due, behind), referrals waiting for a decision, contacts."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from common.paginators import CappedCountPaginator
from households.filters import ContactFilter, HouseholdFilter, ProjectFilter, ReferralFilter
from households.selectors import (
    contact_page,
    contacts_for,
    households_for,
    projects_for,
    referrals_for,
)
from households.views.common import PER_PAGE, household_access, paginate, query_without_page


def _list(request, template: str, filterset, extra=None) -> HttpResponse:
    page = paginate(request, filterset.qs)
    context = {
        "filter": filterset,
        "page_obj": page,
        "rows": page.object_list,
        "query": query_without_page(request),
        "today": timezone.localdate(),
        **(extra or {}),
    }
    return render(request, template, context)


@household_access
def household_list(request: HttpRequest) -> HttpResponse:
    queryset = households_for(request.user).order_by("reference")
    filterset = HouseholdFilter(request.GET, queryset=queryset, request=request)
    return _list(request, "households/household_list.html", filterset)


@household_access
def project_list(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    queryset = projects_for(request.user, today).order_by("planned_end", "pk")
    filterset = ProjectFilter(request.GET, queryset=queryset, request=request)
    return _list(request, "households/project_list.html", filterset)


@household_access
def referral_list(request: HttpRequest) -> HttpResponse:
    queryset = referrals_for(request.user).order_by("received_on", "pk")
    data = request.GET.copy()
    # Opened from the menu, the list shows what waits for a decision.
    data.setdefault("statut", "attente")
    filterset = ReferralFilter(data, queryset=queryset, request=request)
    return _list(request, "households/referral_list.html", filterset)


class ContactPaginator(CappedCountPaginator):
    # Counting 10 001 contacts of a social worker's perimeter takes 35 ms at N=20 000 (the
    # perimeter is tested household by household); 1 001 take 3 ms. 40 pages, then filters.
    cap = 1_000


@household_access
def contact_list(request: HttpRequest) -> HttpResponse:
    """Every contact of the perimeter, newest first (issue 7: 400 000 rows at N=20 000). The
    shared summaries stay on the project page and in the export."""
    filterset = ContactFilter(request.GET, queryset=contacts_for(request.user), request=request)
    pks = filterset.qs.values_list("pk", flat=True)
    page = ContactPaginator(pks, PER_PAGE).get_page(request.GET.get("page"))
    context = {
        "filter": filterset,
        "page_obj": page,
        "rows": contact_page(list(page.object_list)),
        "query": query_without_page(request),
    }
    return render(request, "households/contact_list.html", context)
