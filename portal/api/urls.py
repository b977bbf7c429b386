"""The API's addresses: each operation is wrapped to be logged (portal.ApiCall) and to answer
in French JSON when ninja answers 405 (its body is an English sentence). The schema and its
documentation page are public (they hold no data)."""

import functools
import time

from django.contrib.auth.decorators import login_not_required
from django.http import JsonResponse
from django.urls import URLPattern
from django.utils import timezone
from django.views.decorators.http import require_GET

from portal.api.endpoints import api
from portal.models import ApiCall

PUBLIC_NAMES = {"openapi-json", "openapi-view"}


def logged(view):
    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        started = time.perf_counter()
        response = view(request, *args, **kwargs)
        if response.status_code == 405:
            allowed = response.get("Allow", "GET")
            response = JsonResponse(
                {"detail": "Méthode refusée : l'API se lit seulement (GET)."}, status=405
            )
            response["Allow"] = allowed
        token = getattr(request, "api_token", None)
        # unscoped: the journal's own write, one row per call
        ApiCall.objects.create(
            token=token,
            organisation_id=token.organisation_id if token else None,
            method=request.method[:10],
            path=request.path[:300],
            query=request.META.get("QUERY_STRING", "")[:300],
            status=response.status_code,
            duration_ms=round((time.perf_counter() - started) * 1000),
            at=timezone.now(),
        )
        return response

    return wrapper


def _patterns():
    patterns, _app_name, _namespace = api.urls
    for pattern in patterns:
        if isinstance(pattern, URLPattern):
            callback = pattern.callback
            if pattern.name not in PUBLIC_NAMES:
                callback = logged(callback)
            else:
                # ninja's schema and docs views answer any method: read-only here too.
                callback = require_GET(callback)
            pattern.callback = login_not_required(callback)
        yield pattern


urlpatterns = list(_patterns())
app_name = "api"
