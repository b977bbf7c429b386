"""Past one machine (issue 15): two app servers and a separate task worker, on one
PostgreSQL primary, its streaming read replica and Redis (tests/perf/cluster.py, what `make
cluster` starts). Whichever server answers, the session, the cache, a background job and its
document are the same; a write is read back at once from the other server (the browser is
pinned to the primary), and a plain read is the replica's — shown by pausing its replay: the
replica then answers with a page older than the write.

PostgreSQL only (a replica is PostgreSQL's). Without Redis or the right to make a replica,
skipped here and failed in CI.
"""

import http.client
import os
import re
import secrets
import shutil
import time
import urllib.parse
from http.cookies import SimpleCookie

import psycopg
import pytest
import redis
from django.conf import settings
from django.contrib.auth.hashers import PBKDF2PasswordHasher
from django.db import connection
from django.urls import reverse
from django.utils import timezone
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from partnerships.security.totp import DEVICE_NAME
from portal.models import ReportJob
from tests.perf.cluster import (
    HOST,
    REDIS_URL,
    Cluster,
    ClusterError,
    Replica,
    ensure_redis,
    free_port,
    stop_pid_file,
)

pytestmark = [
    pytest.mark.skipif(
        settings.DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql",
        reason="la réplique en lecture est celle de PostgreSQL (DATABASE_URL=postgres://…)",
    ),
    pytest.mark.django_db(transaction=True),
]


def _unavailable(reason: str):
    if "CI" in os.environ:
        pytest.fail(f"{reason} (obligatoire en CI)", pytrace=False)
    pytest.skip(reason)


class Browser:
    """One browser's cookies, sent to whichever server is asked; redirects not followed."""

    def __init__(self):
        self.cookies: dict[str, str] = {}

    def request(self, port, method, path, form=None, without=()):
        cookies = "; ".join(f"{k}={v}" for k, v in self.cookies.items() if k not in without)
        headers = {"Cookie": cookies, "Host": f"{HOST}:{port}"}
        body = None
        if form is not None:
            body = urllib.parse.urlencode(form)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            headers["Referer"] = f"http://{HOST}:{port}{path}"
        conn = http.client.HTTPConnection(HOST, port, timeout=30)
        try:
            conn.request(method, path, body=body, headers=headers)
            response = conn.getresponse()
            content = response.read()
        finally:
            conn.close()
        for header in response.headers.get_all("Set-Cookie") or []:
            for name, morsel in SimpleCookie(header).items():
                if morsel["max-age"] == "0" or morsel.value == "":
                    self.cookies.pop(name, None)
                else:
                    self.cookies[name] = morsel.value
        return response, content

    def get(self, port, path, **kwargs):
        return self.request(port, "GET", path, **kwargs)

    def post(self, port, path, form, **kwargs):
        """A form posted with the CSRF token of the page that shows it, on that server."""
        _page, html = self.get(port, path)
        token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)
        return self.request(
            port, "POST", path, form={**form, "csrfmiddlewaretoken": token.decode()}, **kwargs
        )


def _database_url() -> str:
    db = connection.settings_dict
    return f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


def _code(device: TOTPDevice) -> str:
    device.refresh_from_db()
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    return f"{totp.token():0{device.digits}d}"


@pytest.fixture
def replica():
    """The replica of `make cluster` when it runs; otherwise one started for the test (its
    data kept in var/cluster/pg for the next run)."""
    if shutil.which("runuser") is None and os.geteuid() == 0:
        _unavailable("runuser absent : la réplique tourne sous l'utilisateur postgres")
    replica = Replica(_database_url())
    already = replica.running() and replica.streaming()
    if not already:
        try:
            replica.ensure()
        except (ClusterError, OSError) as error:
            _unavailable(f"réplique PostgreSQL impossible ici : {error}")
    yield replica
    if not already:
        replica.stop()


@pytest.fixture
def redis_url(tmp_path):
    try:
        ensure_redis(REDIS_URL, tmp_path)
    except (ClusterError, OSError, redis.ConnectionError) as error:
        _unavailable(f"Redis indisponible : {error}")
    yield REDIS_URL
    stop_pid_file(tmp_path / "redis.pid")  # only if this test started it


@pytest.fixture
def cluster(world, replica, redis_url, tmp_path):
    cluster = Cluster(
        database_url=_database_url(),
        ports=[free_port(), free_port()],
        redis_url=redis_url,
        home=tmp_path / "cluster",
        replica=replica,
        extra_environment={
            # Keys of this run only, in a Redis others may use.
            "CACHE_KEY_PREFIX": f"test-cluster-{secrets.token_hex(4)}",
            "REPLICA_PIN_SECONDS": "5",
            # One worker a server: each is warmed up by the readiness probe.
            "WEB_CONCURRENCY": "1",
        },
    )
    cluster.start(say=lambda _message: None, migrate=False)
    yield cluster
    stopping = time.monotonic()
    cluster.stop_apps()
    print(f"stopped in {time.monotonic() - stopping:.1f} s")
    for log in sorted(cluster.home.glob("*.log")):
        print(f"--- {log.name}\n{log.read_text()[-2000:]}")


def _session_key_in_redis(cluster, session_key):
    prefix = cluster.extra_environment["CACHE_KEY_PREFIX"]
    return f"{prefix}:1:django.contrib.sessions.cached_db{session_key}"


def _expire_session_row(session_key):
    """The database's copy of the session is out of date: only Redis's copy still logs in."""
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE django_session SET expire_date = now() - interval '1 day' "
            "WHERE session_key = %s",
            [session_key],
        )
        assert cursor.rowcount == 1


def test_sessions_cache_jobs_and_documents_whichever_server_answers(cluster, world):
    a, b = cluster.ports
    staff = world.users.staff
    # The servers hash with Django's defaults, not the tests' MD5.
    staff.password = PBKDF2PasswordHasher().encode(world.password, PBKDF2PasswordHasher().salt())
    staff.save(update_fields=["password"])
    device = TOTPDevice.objects.create(user=staff, name=DEVICE_NAME, confirmed=True)
    cluster.replica.catch_up()

    # Login on A: password, then the authenticator's code.
    browser = Browser()
    response, _ = browser.post(
        a, reverse("login"), {"username": staff.email, "password": world.password}
    )
    assert response.status == 302, "password accepted"
    response, _ = browser.get(a, response.headers["Location"])
    assert response.status == 302, "the second factor is asked for"
    step = response.headers["Location"]
    assert step.startswith(reverse("security:otp_verify"))
    response, _ = browser.post(a, step, {"token": _code(device)})
    assert response.status == 302 and response.headers["Location"] == "/", "code accepted"
    session_key = browser.cookies["sessionid"]

    # The session A wrote is in Redis (the cache); B reads it there even once the database's
    # copy is out of date.
    store = redis.Redis.from_url(cluster.redis_url)
    assert store.exists(_session_key_in_redis(cluster, session_key))
    _expire_session_row(session_key)
    cluster.replica.catch_up()
    response, html = browser.get(b, "/")
    assert response.status == 200, "logged in on B with A's session"
    assert b'id="menu-principal"' in html

    # A write on A (a department report asked for), read back at once on B; meanwhile the
    # replica replays nothing, so a read it answers is older than the write.
    year = timezone.localdate().year - 1
    reports = reverse("portal:reports")
    token = _csrf(browser, a, reports)
    with cluster.replica.replay_paused():
        response, _ = browser.request(
            a,
            "POST",
            reverse("portal:department_report_request"),
            form={"year": year, "csrfmiddlewaretoken": token},
        )
        assert response.status == 302, "report requested on A"
        job = ReportJob.objects.get(requested_by=staff)
        assert response.headers["Location"] == reverse("portal:report_job", args=[job.pk])
        assert "maillage_primary" in browser.cookies, "the browser is pinned to the primary"
        job_link = reverse("portal:report_job", args=[job.pk]).encode()

        response, html = browser.get(b, reports)
        assert response.status == 200
        assert job_link in html, "pinned: B reads the primary, the job is there"

        response, html = browser.get(b, reports, without=("maillage_primary",))
        assert response.status == 200
        assert job_link not in html, "not pinned: B reads the replica, paused before the write"
        with psycopg.connect(cluster.replica_url, connect_timeout=5) as replica:
            assert replica.execute("SELECT pg_is_in_recovery()").fetchone()[0]
            table = ReportJob._meta.db_table
            assert not replica.execute(
                f"SELECT count(*) FROM {table} WHERE id = %s", [job.pk]
            ).fetchone()[0]

    # The worker (its own process) builds the report; B serves it from the shared storage.
    del browser.cookies["maillage_primary"]
    cluster.replica.catch_up()
    download = reverse("portal:report_job_download", args=[job.pk]).encode()
    deadline = time.monotonic() + 40
    while True:
        response, html = browser.get(b, reverse("portal:report_job", args=[job.pk]))
        assert response.status == 200
        if download in html:
            break
        assert b"alert-danger" not in html, html.decode()
        assert time.monotonic() < deadline, "the worker did not build the report"
        time.sleep(0.5)
    response, pdf = browser.get(b, download.decode())
    assert response.status == 200
    assert response.headers["Content-Type"] == "application/pdf"
    assert pdf.startswith(b"%PDF")
    job.refresh_from_db()
    stored = cluster.shared_dir / "private" / job.file.name
    assert stored.read_bytes() == pdf, "the document is in the storage every server shares"

    # Last, Redis again: with the database's copy out of date, removing Redis's logs out.
    _expire_session_row(session_key)
    cluster.replica.catch_up()
    response, _ = browser.get(b, "/")
    assert response.status == 200
    assert store.delete(_session_key_in_redis(cluster, session_key)) == 1
    response, _ = browser.get(b, "/")
    assert response.status == 302
    assert response.headers["Location"].startswith(reverse("login"))


def _csrf(browser, port, path) -> str:
    _page, html = browser.get(port, path)
    return re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1).decode()
