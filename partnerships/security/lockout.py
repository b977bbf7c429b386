"""Three lockout rules over django-axes' records (issue 14, docs/security.md §1).

1. account + address (django-axes itself): AXES_FAILURE_LIMIT failures (10) for one account
   from one address lock that pair for AXES_COOLOFF_TIME (30 minutes). The owner, from any
   other address, is not locked out by a stranger.
2. address: LOCKOUT_ADDRESS_LIMIT failures (30) from one address in LOCKOUT_ADDRESS_MINUTES
   (30), whatever the accounts, lock that address: one machine cannot try a few passwords on
   every account.
3. account: LOCKOUT_ACCOUNT_LIMIT failures (50) for one account in LOCKOUT_ACCOUNT_HOURS (24)
   since its last successful login, whatever the addresses, lock the account: many machines
   cannot share the guessing of one password. The owner unlocks it by resetting the
   password by e-mail (the reset logs in, which starts the count again).

Every form that checks a password counts: the login pages, the password change, the
re-authentication; a request for a reset link counts too. The client's address is the one
django-ipware reads behind the proxy (config/settings.py).
"""

import datetime as dt

from axes.handlers.database import AxesDatabaseHandler
from axes.handlers.proxy import AxesProxyHandler
from axes.models import AccessFailureLog
from django.conf import settings
from django.contrib.auth import get_user_model, logout
from django.shortcuts import render
from django.utils import timezone

ACCOUNT_ADDRESS = "account_address"
ADDRESS = "address"
ACCOUNT = "account"


def username_of(request, credentials: dict | None = None) -> str | None:
    """The account an attempt is for, as typed, folded like the login folds it (e-mail
    addresses match whatever their case): `Anne@x.fr` and `anne@x.fr` are one account."""
    if credentials:
        raw = credentials.get(settings.AXES_USERNAME_FORM_FIELD)
    else:
        raw = getattr(request, "data", request.POST).get(settings.AXES_USERNAME_FORM_FIELD)
    if not isinstance(raw, str):
        return None
    return raw.strip().lower() or None


def broader_rule(request, credentials: dict | None = None) -> str | None:
    """Rule 2 or 3 when it holds for this request, else None."""
    moment = getattr(request, "axes_attempt_time", None) or timezone.now()
    failures = AccessFailureLog.objects
    address = getattr(request, "axes_ip_address", None)
    if address:
        since = moment - dt.timedelta(minutes=settings.LOCKOUT_ADDRESS_MINUTES)
        recent = failures.filter(ip_address=address, attempt_time__gte=since)
        if recent.count() >= settings.LOCKOUT_ADDRESS_LIMIT:
            return ADDRESS
    username = username_of(request, credentials)
    if username:
        since = moment - dt.timedelta(hours=settings.LOCKOUT_ACCOUNT_HOURS)
        last_login = (
            get_user_model()
            .objects.filter(email__iexact=username)
            .values_list("last_login", flat=True)
            .first()
        )
        if last_login is not None and last_login > since:
            since = last_login
        recent = failures.filter(username=username, attempt_time__gte=since)
        if recent.count() >= settings.LOCKOUT_ACCOUNT_LIMIT:
            return ACCOUNT
    return None


class LockoutHandler(AxesDatabaseHandler):
    """django-axes' database handler, with rules 2 and 3 added to its own rule 1."""

    def is_locked(self, request, credentials=None) -> bool:
        if super().is_locked(request, credentials):
            request.maillage_lockout = ACCOUNT_ADDRESS
            return True
        rule = broader_rule(request, credentials)
        if rule is not None:
            request.maillage_lockout = rule
            return True
        return False

    def user_login_failed(self, sender, credentials: dict, request=None, **kwargs):
        super().user_login_failed(sender, credentials, request, **kwargs)
        if request is None:
            return
        if request.axes_locked_out:
            if not getattr(request, "maillage_lockout", None):
                request.maillage_lockout = ACCOUNT_ADDRESS
            return
        rule = broader_rule(request, credentials)
        if rule is not None:
            request.axes_locked_out = True
            request.axes_credentials = credentials
            request.maillage_lockout = rule


def lockout_response(request, original_response=None, credentials=None):
    """The page of a locked-out attempt (429), which says which rule and what to do. A
    signed-in person locked out on the password change or the re-authentication is signed
    out too: whoever guesses a password in an open session loses the session."""
    if getattr(request, "user", None) is not None and request.user.is_authenticated:
        logout(request)
    context = {
        "rule": getattr(request, "maillage_lockout", ACCOUNT_ADDRESS),
        "pair_minutes": int(settings.AXES_COOLOFF_TIME * 60),
        "address_minutes": settings.LOCKOUT_ADDRESS_MINUTES,
        "account_hours": settings.LOCKOUT_ACCOUNT_HOURS,
    }
    return render(
        request, "registration/locked_out.html", context, status=settings.AXES_HTTP_RESPONSE_CODE
    )


def count_attempt(request, username: str) -> bool:
    """Count a request that checks no password but must be limited like one: a reset link
    asked for an address. False when the requester is locked out (nothing is to be done).

    Rules 1 and 2 apply; rule 3 does not stop it, since the reset is how the owner of an
    account locked from many addresses gets back in."""
    credentials = {settings.AXES_USERNAME_FORM_FIELD: username}
    AxesProxyHandler.update_request(request)
    handler = AxesProxyHandler.get_implementation()
    if handler.is_locked(request, credentials) and request.maillage_lockout != ACCOUNT:
        request.axes_locked_out = True
        return False
    request.maillage_lockout = None
    handler.user_login_failed(sender=__name__, credentials=credentials, request=request)
    if request.axes_locked_out and request.maillage_lockout == ACCOUNT:
        request.axes_locked_out = False
    return not request.axes_locked_out
