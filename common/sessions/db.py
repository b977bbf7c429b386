"""Sessions in the database (Django's `db` engine), read by a compiled statement."""

from django.contrib.sessions.backends import db

from common.sessions import CompiledRead


class SessionStore(CompiledRead, db.SessionStore):
    pass
