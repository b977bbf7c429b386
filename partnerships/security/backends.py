from axes.backends import AxesStandaloneBackend


class LockoutBackend(AxesStandaloneBackend):
    """django-axes' lockout, for every login that comes with a request: the login page, the
    administration's, the re-authentication. Code that checks a password without a request
    (a management command, a test) reaches no attacker and is not counted."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is None:
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)
