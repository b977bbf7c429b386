from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from governance.selectors import HORIZON_DAYS, LOOKBACK_DAYS, due_items


def due(request: HttpRequest) -> HttpResponse:
    """What is due in the user's perimeter (meetings, reports, convention deadlines)."""
    items = due_items(request.user, timezone.localdate())
    return render(
        request,
        "governance/due.html",
        {"items": items, "horizon": HORIZON_DAYS, "lookback": LOOKBACK_DAYS},
    )
