"""Optional read replica (issue 7): safe reads of a request go to DATABASE_REPLICA_URL.

Only the reads of GET and HEAD requests are sent to the replica, and not for a few seconds
after the same browser wrote something (a cookie pins it to the primary), so that nobody reads
a page older than their own change. Writes, transactions, background tasks and management
commands always use the primary. Without DATABASE_REPLICA_URL none of this is installed.
"""

from contextvars import ContextVar

from django.conf import settings
from django.db import transaction

REPLICA = "replica"
PIN_COOKIE = "maillage_primary"
_reads_on_replica: ContextVar[bool] = ContextVar("maillage_reads_on_replica", default=False)


class ReplicaRouter:
    def db_for_read(self, model, **hints):
        if _reads_on_replica.get() and not transaction.get_connection("default").in_atomic_block:
            return REPLICA
        return "default"

    def db_for_write(self, model, **hints):
        return "default"

    def allow_relation(self, obj1, obj2, **hints):
        # Both aliases hold the same data: objects read on either may be related.
        return True

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return db == "default"


class ReplicaMiddleware:
    """Reads of safe requests on the replica; any other request pins the browser to the
    primary for REPLICA_PIN_SECONDS (replication lag stays below it)."""

    SAFE = {"GET", "HEAD", "OPTIONS"}

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        use_replica = request.method in self.SAFE and PIN_COOKIE not in request.COOKIES
        token = _reads_on_replica.set(use_replica)
        try:
            response = self.get_response(request)
        finally:
            _reads_on_replica.reset(token)
        if request.method not in self.SAFE:
            response.set_cookie(
                PIN_COOKIE,
                "1",
                max_age=settings.REPLICA_PIN_SECONDS,
                httponly=True,
                secure=request.is_secure(),
                samesite="Lax",
            )
        return response
