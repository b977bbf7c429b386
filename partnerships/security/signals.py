from django.contrib.auth.signals import user_logged_in, user_logged_out
from django.dispatch import receiver

from partnerships.security.policy import AUTH_AT, LAST_SEEN, LOGIN_AT, now
from partnerships.security.sessions import session_closed, session_open


@receiver(user_logged_in, dispatch_uid="maillage_session_opened")
def on_login(sender, request, user, **kwargs):
    if request is None or not hasattr(request, "session"):
        return
    moment = now()
    request.session[LOGIN_AT] = moment
    request.session[AUTH_AT] = moment
    request.session[LAST_SEEN] = moment
    session_open(request, user)


@receiver(user_logged_out, dispatch_uid="maillage_session_closed")
def on_logout(sender, request, user, **kwargs):
    if request is not None and hasattr(request, "session"):
        session_closed(request.session.session_key)
