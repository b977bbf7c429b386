from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from partnerships.perimeter import memberships
from portal.home import home_figures, secretary_todo


def home(request: HttpRequest) -> HttpResponse:
    context = {
        "figures": home_figures(request.user),
        "memberships": memberships(request.user),
        "secretary_todo": secretary_todo(request.user),
    }
    return render(request, "portal/home.html", context)
