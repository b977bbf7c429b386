"""The four lists: households, projects (due, behind), referrals waiting for a decision."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from households.filters import HouseholdFilter, ProjectFilter, ReferralFilter
from households.selectors import households_for, projects_for, referrals_for
from households.views.common import household_access, paginate, query_without_page


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
