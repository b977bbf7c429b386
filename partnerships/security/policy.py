"""Who must give a second factor, and when a password must be typed again."""

import time
from functools import wraps
from urllib.parse import urlencode

from django.conf import settings
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme

from partnerships.enums import HOUSEHOLD_ROLES, Role
from partnerships.perimeter import has_role

# Session keys (seconds since the epoch).
LOGIN_AT = "maillage_login_at"  # the password was checked at login
AUTH_AT = "maillage_auth_at"  # the password was last typed (login or re-authentication)
LAST_SEEN = "maillage_last_seen"  # last request, refreshed at most once a minute

SECOND_FACTOR_ROLES = (*HOUSEHOLD_ROLES, Role.DIRECTOR, Role.DEPARTMENT_STAFF)


def needs_second_factor(user) -> bool:
    """issue 8: a TOTP second factor for every account that can read personal household data
    (social workers, volunteers, coordinators, directors), for department staff, and for
    whoever enters the administration. Only a pure signatory partner, who reads aggregates,
    logs in with the password alone."""
    if not getattr(user, "is_authenticated", False):
        return False
    if user.is_superuser or user.is_staff:
        return True
    return has_role(user, *SECOND_FACTOR_ROLES)


def now() -> int:
    return int(time.time())


def mark_authenticated(request) -> None:
    request.session[AUTH_AT] = now()


def recently_authenticated(request, minutes: int | None = None) -> bool:
    minutes = settings.RECENT_AUTH_MINUTES if minutes is None else minutes
    at = request.session.get(AUTH_AT)
    return at is not None and now() - at <= minutes * 60


# The re-authentication page is told that its `next` answers a file (an export, a PDF):
# once the identity is confirmed it stays on screen, says so and starts the download,
# instead of leaving the form displayed while the browser saves the file (issue 18).
FILE_PARAM = "fichier"
BACK_PARAM = "retour"


def reauth_url(next_url: str, *, back: str = "") -> str:
    """The re-authentication page, then `next_url`; with `back` (the page the user was on),
    `next_url` answers a file and `back` is where the user returns once it is saved."""
    params = {"next": next_url}
    if back:
        params.update({FILE_PARAM: "1", BACK_PARAM: back})
    return f"{reverse('security:reauth')}?{urlencode(params)}"


def _same_site_referer(request) -> str:
    referer = request.headers.get("Referer", "")
    if url_has_allowed_host_and_scheme(referer, allowed_hosts={request.get_host()}):
        return referer
    return ""


def _back_to(request) -> str:
    """Where to go once the identity is confirmed: the page itself for a GET; for a form
    sent (POST), the page that showed it, to send it again."""
    if request.method in ("GET", "HEAD"):
        return request.get_full_path()
    return _same_site_referer(request) or reverse("home")


def recent_auth_required(
    view=None, *, minutes: int | None = None, first=None, answers_file: bool = False
):
    """Ask for the password (and the code) again before a sensitive operation: exporting
    personal data, changing bank details (issue 8). Usable bare or with `minutes=`.

    `first(request, *args, **kwargs)` is the view's own access check (perimeter, rule): run
    before, so that a user who may not reach the object gets its 404, not a password prompt.

    `answers_file`: the view answers a file (or sends to « Mes exports » for a large export);
    the re-authentication page then starts it and offers the way back to the page the user
    was on, instead of redirecting (the form would stay on screen during the download)."""

    def decorate(func):
        @wraps(func)
        def wrapper(request, *args, **kwargs):
            if first is not None:
                first(request, *args, **kwargs)
            if not recently_authenticated(request, minutes):
                back = ""
                if answers_file and request.method in ("GET", "HEAD"):
                    back = _same_site_referer(request) or reverse("home")
                return redirect(reauth_url(_back_to(request), back=back))
            return func(request, *args, **kwargs)

        return wrapper

    return decorate(view) if view is not None else decorate
