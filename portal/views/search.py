"""Search across households, organisations and conventions, inside the user's perimeter."""

from django import forms
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

from portal.search import MAX_LENGTH, MIN_LENGTH, search


class SearchForm(forms.Form):
    q = forms.CharField(
        label=_("Nom, référence ou partie de nom"),
        min_length=MIN_LENGTH,
        max_length=MAX_LENGTH,
        strip=True,
        error_messages={
            "required": _("Saisissez au moins %(min)s caractères.") % {"min": MIN_LENGTH},
            "min_length": _("Saisissez au moins %(limit_value)d caractères."),
            "max_length": _("La recherche est limitée à %(limit_value)d caractères."),
        },
    )


def search_view(request: HttpRequest) -> HttpResponse:
    """GET only; a search never writes. Households only for roles that may open a file."""
    form = SearchForm(request.GET or None)
    results = None
    if form.is_valid():
        results = search(
            request.user,
            form.cleaned_data["q"],
            with_households=request.user.has_perm("households.access"),
        )
    status = 400 if request.GET and not form.is_valid() else 200
    return render(request, "portal/search.html", {"form": form, "results": results}, status=status)
