"""The calendar feed and its private address."""

from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from portal.calendar import (
    calendar_token_create,
    calendar_token_revoke,
    events_for,
    ics,
    user_for_token,
)
from portal.models import CalendarToken


def _calendar_page(request, *, token=None, error="", status=200):

    active = CalendarToken.objects.visible_to(request.user).active().first()
    feed_url = (
        request.build_absolute_uri(reverse("portal:calendar_feed", args=[token])) if token else ""
    )
    return render(
        request,
        "portal/calendar.html",
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
