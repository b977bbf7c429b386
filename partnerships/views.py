from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from partnerships.models import Convention
from partnerships.perimeter import get_visible_or_404, memberships
from partnerships.selectors import home_figures


def home(request: HttpRequest) -> HttpResponse:
    context = {
        "figures": home_figures(request.user),
        "memberships": memberships(request.user),
    }
    return render(request, "home.html", context)


def convention_list(request: HttpRequest) -> HttpResponse:
    conventions = (
        Convention.objects.visible_to(request.user)
        .select_related("parent")
        .prefetch_related("parties__organisation", "amendments")
        .order_by("-start_date", "reference")
    )
    return render(request, "partnerships/convention_list.html", {"conventions": conventions})


def convention_detail(request: HttpRequest, pk: int) -> HttpResponse:
    convention = get_visible_or_404(
        Convention.objects.select_related("parent").prefetch_related(
            "parties__organisation",
            "parties__representative",
            "amendments",
            "terminations__by_organisation",
        ),
        request.user,
        pk=pk,
    )
    return render(request, "partnerships/convention_detail.html", {"convention": convention})
