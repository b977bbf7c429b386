"""The sessions a user has open, and ending them from another one."""

from importlib import import_module

from axes.helpers import get_client_ip_address
from django.conf import settings
from django.utils import timezone

from partnerships.models import UserSession


def _store(session_key: str | None = None):
    return import_module(settings.SESSION_ENGINE).SessionStore(session_key=session_key)


def client_address(request) -> str | None:
    """The client's address as django-axes reads it (behind the proxy, its forwarded one)."""
    return get_client_ip_address(request) or None


def session_open(request, user) -> None:
    key = request.session.session_key
    if not key:
        request.session.save()
        key = request.session.session_key
    UserSession.objects.update_or_create(
        session_key=key,
        defaults={
            "user": user,
            "last_seen": timezone.now(),
            "user_agent": request.META.get("HTTP_USER_AGENT", "")[:200],
            "ip_address": client_address(request),
        },
    )


def session_touch(request) -> None:
    key = request.session.session_key
    if key:
        UserSession.objects.filter(session_key=key).update(last_seen=timezone.now())


def session_closed(session_key: str | None) -> None:
    if session_key:
        UserSession.objects.filter(session_key=session_key).delete()


def session_end(record: UserSession) -> None:
    """End another session of the same user: its browser is logged out at its next request."""
    _store(record.session_key).delete()
    record.delete()
