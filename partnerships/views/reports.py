"""The calendar feed and its private address, and the exports of the convention,
activity and incident lists.

Wired in partnerships/urls.py."""

from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from partnerships.calendar import (
    calendar_token_create,
    calendar_token_revoke,
    events_for,
    ics,
    user_for_token,
)
from partnerships.exports import (
    ActivityRecordExporter,
    ConventionExporter,
    IncidentExporter,
    export_filtered,
)
from partnerships.filters import ActivityFilter, ConventionFilter, IncidentFilter
from partnerships.models import ActivityRecord, Convention, IncidentReport
from partnerships.perimeter import get_visible_or_404
from partnerships.selectors import conventions_for


def _calendar_page(request, *, token=None, error="", status=200):
    from funding.models import CalendarToken

    active = CalendarToken.objects.visible_to(request.user).active().first()
    feed_url = (
        request.build_absolute_uri(reverse("partnerships:calendar_feed", args=[token]))
        if token
        else ""
    )
    return render(
        request,
        "partnerships/calendar.html",
        {"active": active, "feed_url": feed_url, "error": error},
        status=status,
    )


@never_cache
def calendar_settings(request: HttpRequest) -> HttpResponse:
    """See whether a private address exists, create a new one (shown once) or revoke it."""
    if request.method == "POST":
        action = request.POST.get("action")
        if action == "creer":
            _row, token = calendar_token_create(user=request.user)
            return _calendar_page(request, token=token)
        if action == "revoquer":
            try:
                calendar_token_revoke(user=request.user)
            except ValidationError as error:
                return _calendar_page(request, error=" ".join(error.messages), status=400)
            return _calendar_page(request)
        return _calendar_page(request, error="Action inconnue.", status=400)
    return _calendar_page(request)


@login_not_required
@require_GET
def calendar_feed(request: HttpRequest, token: str) -> HttpResponse:
    """The ICS feed: no login (calendar programs cannot log in), the token is the key."""
    user = user_for_token(token)
    if user is None:
        raise Http404
    body = ics(events_for(user), host=request.get_host().split(":")[0])
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="maillage.ics"'
    response["Cache-Control"] = "private, max-age=900"
    response["X-Robots-Tag"] = "noindex"
    return response


def convention_export(request: HttpRequest) -> HttpResponse:
    rows = conventions_for(request.user).order_by("-start_date", "reference")
    return export_filtered(request, rows, ConventionFilter, ConventionExporter)


def activity_export(request: HttpRequest, pk: int) -> HttpResponse:
    convention = get_visible_or_404(Convention.objects.all(), request.user, pk=pk)
    rows = (
        ActivityRecord.objects.visible_to(request.user)
        .filter(convention=convention)
        .order_by("-day", "pk")
    )
    return export_filtered(
        request, rows, ActivityFilter, ActivityRecordExporter, convention=convention
    )


def incident_export(request: HttpRequest) -> HttpResponse:
    rows = IncidentReport.objects.visible_to(request.user).order_by("-occurred_on", "pk")
    return export_filtered(request, rows, IncidentFilter, IncidentExporter)
