"""A sick database fails fast (issue 15): through gunicorn as production runs it, a request
that meets a database which does not answer gets the French error page within 10 seconds,
and the next request after the database is back is served normally.

The database is frozen by a lock held by another connection on the session table, which
every logged-in request reads first. PostgreSQL only (the production database).
"""

import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import psycopg
import pytest
from django.conf import settings
from django.db import connection

ROOT = Path(__file__).resolve().parents[2]
GUNICORN = Path(sys.executable).parent / "gunicorn"
pytestmark = [
    pytest.mark.skipif(
        settings.DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql",
        reason="le serveur de production est PostgreSQL",
    ),
    pytest.mark.django_db(transaction=True),
]


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _database_url() -> str:
    db = connection.settings_dict
    return f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


def _gunicorn(port: int, **env) -> subprocess.Popen:
    environment = {
        **os.environ,
        "DATABASE_URL": _database_url(),
        "DEBUG": "0",
        "SECRET_KEY": settings.SECRET_KEY,
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "0",
        "GUNICORN_BIND": f"127.0.0.1:{port}",
        "WEB_CONCURRENCY": "1",
        "GUNICORN_ACCESS_LOG": "",
        # The files as they are, without collectstatic's manifest.
        "MAILLAGE_PLAIN_STATIC": "1",
        **env,
    }
    # config/wsgi.py itself marks the process as a web one.
    environment.pop("DJANGO_SETTINGS_MODULE", None)
    environment.pop("MAILLAGE_PROCESS", None)
    server = subprocess.Popen(
        [str(GUNICORN), "-c", "config/gunicorn.py", "config.wsgi"],
        cwd=ROOT,
        env=environment,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", port)) == 0:
                return server
        if server.poll() is not None:
            raise AssertionError(server.stderr.read().decode())
        time.sleep(0.2)
    server.kill()
    raise AssertionError("gunicorn n'a pas démarré")


def _get(port: int, cookie: str) -> tuple[int, str, float]:
    request = urllib.request.Request(
        f"http://127.0.0.1:{port}/", headers={"Cookie": f"sessionid={cookie}"}
    )
    started = time.monotonic()
    try:
        with urllib.request.urlopen(request, timeout=40) as response:
            status, body = response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        status, body = error.code, error.read().decode()
    return status, body, time.monotonic() - started


@pytest.fixture
def logged_in(client, world):
    client.force_login(world.users.social_worker)
    return client.cookies["sessionid"].value


@pytest.fixture
def frozen_sessions():
    """Another connection holds the session table: every logged-in request waits on it."""

    def freeze():
        db = connection.settings_dict
        holder = psycopg.connect(
            host=db["HOST"] or "127.0.0.1",
            port=db["PORT"] or 5432,
            user=db["USER"],
            dbname=db["NAME"],
        )
        holder.execute("LOCK TABLE django_session IN ACCESS EXCLUSIVE MODE")
        return holder

    return freeze


@pytest.mark.parametrize(
    "limits",
    [
        # The database's own timeouts of a web process (config/settings.py) alone.
        {"REQUEST_DEADLINE_SECONDS": "0"},
        # None of them: the request's deadline alone (config/deadline.py), as when a server
        # accepts connections and then says nothing.
        {"DB_LOCK_TIMEOUT_MS": "0", "DB_STATEMENT_TIMEOUT_MS": "0"},
    ],
    ids=["timeouts", "deadline"],
)
def test_a_frozen_database_gets_the_french_error_page_within_10_seconds(
    logged_in, frozen_sessions, limits
):
    port = _free_port()
    server = _gunicorn(port, **limits)
    try:
        status, _body, _ = _get(port, logged_in)
        assert status == 200
        holder = frozen_sessions()
        try:
            status, body, took = _get(port, logged_in)
        finally:
            holder.close()
        assert status == 500
        assert "Une erreur est survenue" in body
        assert took < 10, f"{took:.1f} s"
        status, _body, took = _get(port, logged_in)
        assert status == 200, "the worker serves again once the database answers"
    finally:
        server.terminate()
        _out, errors = server.communicate(timeout=30)
        print(errors.decode()[-3000:])
