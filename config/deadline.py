"""A request answers within a deadline, whatever the database does.

The database's own timeouts (config/settings.py: connect, statement, lock) end a slow query,
a lock that is never released and a server that does not accept connections. A server that
accepts and then says nothing (paused, a network that drops packets without a reset) trips
none of them: every worker would wait until gunicorn kills it and the user would get a
dropped connection. Here a timer (SIGALRM, so only in a worker's main thread: gunicorn's sync
workers) interrupts the request once `seconds` have passed; Django answers with its French
500 page, and the connections the request held are closed, never reused.

The deadline covers the view, not a streamed body (exports are read after the view returns).
"""

import logging
import signal
import threading

from django.db import connections

logger = logging.getLogger(__name__)


class RequestDeadlineExceeded(Exception):
    """The request ran past its deadline (the database did not answer in time)."""


class RequestDeadline:
    def __init__(self, application, seconds: float):
        self.application = application
        self.seconds = seconds

    def _expire(self, signum, frame):
        raise RequestDeadlineExceeded(f"pas de réponse en {self.seconds:g} s")

    def __call__(self, environ, start_response):
        if self.seconds <= 0 or threading.current_thread() is not threading.main_thread():
            return self.application(environ, start_response)
        previous = signal.signal(signal.SIGALRM, self._expire)
        signal.setitimer(signal.ITIMER_REAL, self.seconds)
        expired = False
        try:
            return self.application(environ, start_response)
        except RequestDeadlineExceeded:
            # Outside Django's own handling (rare: before its middleware ran).
            expired = True
            raise
        finally:
            remaining, _interval = signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, previous)
            if expired or remaining == 0:
                # A connection interrupted in the middle of a query is never reused.
                logger.error(
                    "Requête interrompue après %s s : %s", self.seconds, environ.get("PATH_INFO")
                )
                connections.close_all()
