"""Session timeouts, the second-factor step, and the headers Django does not set itself."""

import uuid

from django.apps import apps
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.http import HttpResponse
from django.shortcuts import redirect
from django.urls import Resolver404, resolve, reverse
from django.utils.functional import SimpleLazyObject, empty
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django_otp.middleware import OTPMiddleware as DjangoOTPMiddleware
from django_otp.models import Device

from common.compiled import Statement
from partnerships.security.policy import LAST_SEEN, LOGIN_AT, needs_second_factor, now
from partnerships.security.sessions import session_touch

TOUCH_EVERY = 60  # seconds: the session and its record are written at most once a minute

# Reachable before the second factor: the step itself, enrolment, logging out, and the page
# that says a reset password is saved (the reset signs in; the code comes next).
BEFORE_SECOND_FACTOR = {
    "security:otp_verify",
    "security:otp_setup",
    "logout",
    "login",
    "password_reset_complete",
}


class SessionPolicyMiddleware:
    """issue 8: a session ends after 30 minutes idle, or 12 hours after the login."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated:
            expired = self._expired(request)
            if expired:
                logout(request)
                messages.info(request, expired)
                response = redirect_to_login(request.get_full_path())
                if request.headers.get("HX-Request"):
                    # htmx would swap the login page into a fragment: reload the whole page.
                    response = HttpResponse(status=204, headers={"HX-Redirect": response.url})
                return response
        return self.get_response(request)

    @staticmethod
    def _expired(request) -> str | None:
        session = request.session
        moment = now()
        login_at = session.get(LOGIN_AT)
        last_seen = session.get(LAST_SEEN)
        if login_at is None or moment - login_at > settings.SESSION_COOKIE_AGE:
            return _("Votre session a atteint sa durée maximale : reconnectez-vous.")
        if last_seen is not None and moment - last_seen > settings.SESSION_IDLE_TIMEOUT:
            return _("Votre session a expiré après une période d'inactivité : reconnectez-vous.")
        if last_seen is None or moment - last_seen >= TOUCH_EVERY:
            session[LAST_SEEN] = moment
            session_touch(request)
        return None


class SecondFactorMiddleware:
    """Until the TOTP code is given, an account that must have one reaches only the step."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if (
            user.is_authenticated
            and not user.is_verified()
            and needs_second_factor(user)
            and not self._allowed(request)
        ):
            step = reverse("security:otp_verify")
            return redirect(f"{step}?{urlencode({'next': request.get_full_path()})}")
        return self.get_response(request)

    @staticmethod
    def _allowed(request) -> bool:
        if request.path_info.startswith(settings.STATIC_URL):
            return True
        try:
            match = resolve(request.path_info)
        except Resolver404:
            return True  # a 404 page shows nothing
        return match.view_name in BEFORE_SECOND_FACTOR


class PermissionsPolicyMiddleware:
    """No camera, microphone, location or payment API for any page."""

    POLICY = "camera=(), microphone=(), geolocation=(), payment=(), usb=(), interest-cohort=()"

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", self.POLICY)
        return response


class RequestIdMiddleware:
    """Give every request an id, sent back in X-Request-ID and written in the access log, so
    that an entry of the log leads to the proxy's and the server's lines of the same request."""

    HEADER = "X-Request-ID"

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        given = request.headers.get(self.HEADER, "")
        valid = 8 <= len(given) <= 64 and all(c.isalnum() or c in "-_" for c in given)
        request.request_id = given if valid else uuid.uuid4().hex
        response = self.get_response(request)
        response.headers[self.HEADER] = request.request_id
        return response


_device_reads: dict = {}


def _resolved(user):
    """The object behind Django's lazy `request.user`."""
    if isinstance(user, SimpleLazyObject):
        if user._wrapped is empty:
            user._setup()
        return user._wrapped
    return user


def _device_by_id(model) -> Statement:
    """A second-factor device by its id, compiled once per process and kind of device."""
    statement = _device_reads.get(model)
    if statement is None:

        def build(device_id, model=model):
            # unscoped: the device the session was verified with, as django-otp reads it
            return model.objects.filter(id=device_id).order_by("pk")

        statement = _device_reads.setdefault(model, Statement(build, (int,)))
    return statement


class OTPMiddleware(DjangoOTPMiddleware):
    """django-otp's, the session's device read by a compiled statement (issue 15: every
    request reads it). The device must still belong to the user: django-otp checks it.

    The user is resolved here rather than wrapped in a second lazy object: the next
    middleware (SessionPolicyMiddleware) asks every request whether the user is
    authenticated, so nothing is read that would not be, and each of the hundred and more
    reads of `request.user` a page makes no longer goes through two proxies (issue 15)."""

    def _install_lazy_accessors(self, request):
        user = getattr(request, "user", None)
        super()._install_lazy_accessors(request)
        if user is not None:
            request.user = self._verify_user_sync(request, _resolved(user))

    def _device_from_persistent_id(self, persistent_id: str):
        persistent_id = self._normalize_persistent_id(persistent_id)
        try:
            model_label, device_id = persistent_id.rsplit("/", 1)
            model = apps.get_model(model_label)
            device_id = int(device_id)
        except (ValueError, LookupError):
            return None
        if not issubclass(model, Device):
            return None
        return _device_by_id(model).first(device_id)
