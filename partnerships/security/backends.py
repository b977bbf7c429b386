from axes.backends import AxesStandaloneBackend
from django.contrib.auth import backends as auth_backends
from django.contrib.auth import get_user_model

from common.compiled import compiled


class LockoutBackend(AxesStandaloneBackend):
    """django-axes' lockout, for every login that comes with a request: the login page, the
    administration's, the re-authentication. Code that checks a password without a request
    (a management command, a test) reaches no attacker and is not counted."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is None:
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)


@compiled(int)
def user_by_id(user_id):
    """The signed-in user, read on every request (issue 15: compiled once per process)."""
    # unscoped: the session's own user, as Django's ModelBackend.get_user reads it
    return get_user_model()._default_manager.filter(pk=user_id)


class ModelBackend(auth_backends.ModelBackend):
    """Django's, the session's user read by a compiled statement."""

    def get_user(self, user_id):
        user = user_by_id.first(int(user_id))
        return user if user is not None and self.user_can_authenticate(user) else None
