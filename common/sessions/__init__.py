"""Session engines (SESSION_ENGINE): Django's, the session's row read by a statement compiled
once per process (issue 15: every request reads it). `common.sessions.db` keeps sessions in
the database, `common.sessions.cached_db` also in the cache (Redis), as Django's engines of
the same names do."""

import datetime as dt

from django.utils import timezone

from common.compiled import compiled


@compiled(str, dt.datetime)
def live_session(session_key, now):
    """The session of this key, unless it has expired (what Django's store reads)."""
    from django.contrib.sessions.models import Session

    # unscoped: a session by its key, as django.contrib.sessions' own store reads it
    return Session.objects.filter(session_key=session_key, expire_date__gt=now)


class CompiledRead:
    """`_get_session_from_db` of Django's database store, by the compiled statement."""

    def _get_session_from_db(self):
        key = self.session_key
        row = live_session.first(key, timezone.now()) if key else None
        if row is None:
            self._session_key = None
        return row
