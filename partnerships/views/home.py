from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from partnerships.perimeter import memberships
from partnerships.selectors import home_figures


def home(request: HttpRequest) -> HttpResponse:
    context = {
        "figures": home_figures(request.user),
        "memberships": memberships(request.user),
    }
    return render(request, "home.html", context)
