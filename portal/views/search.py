"""Search across households, organisations and conventions, inside the user's perimeter."""

from django import forms
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods

from households.audit import audit_households
from households.enums import AuditAction
from portal.search import LIMIT, MAX_LENGTH, MIN_LENGTH, search


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


@require_http_methods(["GET", "POST"])
def search_view(request: HttpRequest) -> HttpResponse:
    """The words typed, often a person's name, are sent by POST: they never go into an
    address, and so never into the proxy's or the server's logs, nor the browser's history
    (issue 14). GET shows the empty form; a search never writes, except the access log: one
    entry per household shown. Households only for roles that may open a file."""
    form = SearchForm(request.POST if request.method == "POST" else None)
    results = None
    if form.is_valid():
        results = search(
            request.user,
            form.cleaned_data["q"],
            with_households=request.user.has_perm("households.access"),
        )
        shown = results.households[:LIMIT]
        if shown:
            audit_households(
                request=request,
                action=AuditAction.SEARCH,
                household_ids=[household.pk for household in shown],
            )
    status = 400 if form.is_bound and not form.is_valid() else 200
    return render(request, "portal/search.html", {"form": form, "results": results}, status=status)
