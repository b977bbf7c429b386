"""Sessions in the cache and the database (Django's `cached_db` engine), read from the
database by a compiled statement when the cache has lost them."""

from django.contrib.sessions.backends import cached_db

from common.sessions import CompiledRead


class SessionStore(CompiledRead, cached_db.SessionStore):
    pass
