"""gunicorn settings: `gunicorn -c config/gunicorn.py config.wsgi` (docs/deployment.md).

Every value comes from the environment. The app servers keep no state of their own (sessions
in the database or Redis, files on S3, tasks in the database), so any number of them may run
behind the reverse proxy.
"""

import gc
import multiprocessing
import os

from gunicorn.http import wsgi as _wsgi

from config.warmup import warm_up

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
# Sync workers: Django and psycopg block; two per core plus one is gunicorn's own advice.
workers = int(os.environ.get("WEB_CONCURRENCY", multiprocessing.cpu_count() * 2 + 1))
threads = int(os.environ.get("GUNICORN_THREADS", "1"))
worker_class = "gthread" if threads > 1 else "sync"
# A PDF is built by a background task, never in a request: 30 s is already generous.
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
graceful_timeout = 30
keepalive = 5
# Recycle workers now and then, so that a slow leak never takes a server down.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "2000"))
max_requests_jitter = 200
# Behind the reverse proxy on the same machine; set FORWARDED_ALLOW_IPS for another layout.
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
accesslog = os.environ.get("GUNICORN_ACCESS_LOG", "-") or None
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")
# Load the application in each worker (not in the master): connections are never shared.
preload_app = False


# No `Server: gunicorn/<version>` header: it tells an attacker which release to look up
# (issue 14). gunicorn has no setting for it; its responses are built by this class in each
# worker, forked from the master that read this file.
_default_headers = _wsgi.Response.default_headers


def _without_server_header(self):
    return [line for line in _default_headers(self) if not line.lower().startswith("server:")]


_wsgi.Response.default_headers = _without_server_header


def post_worker_init(worker):
    """Move what the application loaded at start-up out of the garbage collector's reach.

    Measured (docs/benchmarks.md): without it, a full collection walks Django's whole heap
    every few requests and adds ~80 ms to one page in five; frozen, ~25 ms.
    """

    # Views imported, templates compiled, translations loaded before the first request
    # (config/warmup.py), then frozen with the rest.
    done = warm_up()
    worker.log.debug("warm-up: %(templates)s templates in %(seconds)s s", done)
    gc.collect()
    gc.freeze()
