import hashlib
import os
import random
import sys
from pathlib import Path

import django
import pytest
from django.db.models.query import QuerySet
from django.test import Client, RequestFactory
from django.test.utils import CaptureQueriesContext

# The shared fixtures: the world and its scenarios, the SQL snapshots.
pytest_plugins = ["tests.world", "tests.queries"]

# Unordered querysets come back in a random order; the seed is printed in the header and
# can be set to replay a failure: MAILLAGE_SHUFFLE_SEED=1234 pytest …
SHUFFLE_SEED = os.environ.get("MAILLAGE_SHUFFLE_SEED") or str(random.randrange(10_000))
_shuffler = random.Random()


def pytest_report_header(config):
    return f"querysets sans ordre mélangés : MAILLAGE_SHUFFLE_SEED={SHUFFLE_SEED}"


def _migrations_digest() -> str:
    """A digest of every migration file and of Django's version: it names the SQLite test
    database, so a changed migration gets a fresh database and an unchanged one is reused."""
    root = Path(__file__).resolve().parent.parent
    digest = hashlib.sha256(django.get_version().encode())
    for path in sorted(root.glob("*/migrations/*.py")):
        digest.update(str(path.relative_to(root)).encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


@pytest.fixture(scope="session")
def django_db_modify_db_settings(django_db_modify_db_settings_parallel_suffix):
    """On SQLite the test database is a file reused from run to run (`--reuse-db` in
    pyproject.toml): a single test file runs in seconds instead of paying every migration.
    PostgreSQL (CI) keeps pytest-django's own naming, and CI passes --create-db."""
    from django.conf import settings

    database = settings.DATABASES["default"]
    if database["ENGINE"].endswith("sqlite3"):
        folder = Path(settings.VAR_DIR) / "test-databases"
        folder.mkdir(parents=True, exist_ok=True)
        digest = _migrations_digest()
        # One file per pytest-xdist worker (`make test` runs one per core): two processes
        # writing one SQLite file lock each other out.
        worker = os.environ.get("PYTEST_XDIST_WORKER", "")
        name = folder / f"test-{digest}{'-' + worker if worker else ''}.sqlite3"
        for stale in folder.glob("test-*.sqlite3"):
            if not stale.name.startswith(f"test-{digest}"):
                stale.unlink(missing_ok=True)
        database.setdefault("TEST", {})["NAME"] = str(name)


# Every id starts above 100 000 in tests: a `{{ obj.pk }}` written without `|unlocalize`
# renders « 100 001 » under USE_THOUSAND_SEPARATOR, which breaks an element's id, a link's
# query string or an admin action's hidden value — in production from the 1 000th row on.
FIRST_ID = 100_000


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """pytest-django's database, with every table's id sequence moved past FIRST_ID."""
    from django.db import connection

    with django_db_blocker.unblock(), connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT format('%I.%I', schemaname, sequencename) FROM pg_sequences"
                " WHERE schemaname = current_schema()"
            )
            for (sequence,) in cursor.fetchall():
                cursor.execute(
                    "SELECT setval(%s, GREATEST(%s, (SELECT last_value FROM " + sequence + ")))",
                    [sequence, FIRST_ID],
                )
        elif connection.vendor == "sqlite":
            tables = connection.introspection.table_names(cursor)
            cursor.execute("SELECT name FROM sqlite_sequence")
            known = {name for (name,) in cursor.fetchall()}
            for table in tables:
                if table in known:
                    cursor.execute(
                        "UPDATE sqlite_sequence SET seq = MAX(seq, %s) WHERE name = %s",
                        [FIRST_ID, table],
                    )
                else:
                    cursor.execute(
                        "INSERT INTO sqlite_sequence (name, seq) VALUES (%s, %s)", [table, FIRST_ID]
                    )


@pytest.fixture(autouse=True, scope="session")
def _test_settings():
    """Hashing with PBKDF2 costs ~0.3 s a user; tests don't test the hasher."""
    from django.conf import settings

    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # The test client and the live server speak plain HTTP.
    settings.SECURE_SSL_REDIRECT = False


@pytest.fixture(autouse=True, scope="session")
def _shuffle_unordered_querysets():
    """A queryset without ORDER BY comes back in whatever order the database likes, which
    differs between SQLite and PostgreSQL and from one plan to the next. In tests its rows
    are shuffled, so code that takes "the first" of an unordered queryset fails here rather
    than in production. Ordered querysets (order_by, Meta.ordering) are left alone."""
    original = QuerySet._fetch_all

    def _fetch_all(self):
        fresh = self._result_cache is None
        original(self)
        if fresh and len(self._result_cache) > 1 and not self.ordered:
            _shuffler.shuffle(self._result_cache)

    QuerySet._fetch_all = _fetch_all
    yield
    QuerySet._fetch_all = original


@pytest.fixture(autouse=True)
def _shuffle_seed(request):
    """Each test shuffles from the session's seed and its own name: a failure replays alone."""
    _shuffler.seed(f"{SHUFFLE_SEED}:{request.node.nodeid}")


@pytest.fixture(autouse=True)
def _private_media(settings, tmp_path):
    """Uploaded documents go to a throw-away folder, never the developer's var/."""
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": tmp_path / "private"},
        },
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


@pytest.fixture
def count_queries(django_assert_num_queries):
    """Count the queries of a callable; returns (number, the SQL) for readable failures."""
    from django.db import connection

    def run(func):
        with CaptureQueriesContext(connection) as ctx:
            func()
        return len(ctx.captured_queries), [q["sql"] for q in ctx.captured_queries]

    return run


def verify_second_factor(client, user) -> None:
    """Give a logged-in test client the second factor, as the code step does: a confirmed
    TOTP device for the user, and django-otp's own login() marking the session verified."""
    from django.http import HttpRequest
    from django_otp import login as otp_login

    from partnerships.security.totp import DEVICE_NAME, confirmed_device

    device = confirmed_device(user)
    if device is None:
        from django_otp.plugins.otp_totp.models import TOTPDevice

        device = TOTPDevice.objects.create(user=user, name=DEVICE_NAME, confirmed=True)
    session = client.session
    request = HttpRequest()
    request.session = session
    request.user = user
    otp_login(request, device)
    session.save()


@pytest.fixture(autouse=True)
def _login_with_second_factor(monkeypatch):
    """`client.login(email=…, password=…)` and `client.force_login(user)` log in for real:
    the password through authenticate() with a request (django-axes counts the failures and
    refuses a locked-out account), then the second factor that every account reading
    personal data must give (partnerships/security/). Tests of the steps themselves use
    `raw_client`, which does neither."""
    from django.contrib.auth import authenticate

    original_login = Client._login

    def _login(self, user, backend=None):
        original_login(self, user, backend)
        if not getattr(self, "raw", False):
            verify_second_factor(self, user)

    def login(self, **credentials):
        request = RequestFactory().post("/connexion/")
        user = authenticate(request, **credentials)
        if user is None:
            return False
        self._login(user)
        return True

    monkeypatch.setattr(Client, "_login", _login)
    monkeypatch.setattr(Client, "login", login)


@pytest.fixture
def raw_client():
    """A test client whose login stops after the password: no second factor given."""
    client = Client()
    client.raw = True
    return client


@pytest.fixture(autouse=True, scope="session")
def _strict_templates(_fail_for_invalid_template_variable):
    """`--fail-on-template-vars` (pyproject.toml) fails a test on an undefined variable, but
    Django swallows some failed lookups without asking it: a missing reverse one-to-one (its
    DoesNotExist is a "silent" failure), a method that needs arguments or alters data. The
    template then gets `string_if_invalid` itself, truthy and printable: `{% if
    referral.orientation %}` is true and prints an object's repr. This one fails there too."""
    from django.conf import settings

    options = settings.TEMPLATES[0]["OPTIONS"]
    loose = options.get("string_if_invalid")
    if not loose or not hasattr(loose, "fail"):
        yield  # pytest run without --fail-on-template-vars
        return

    class StrictInvalid:
        fail = True  # turned off by @pytest.mark.ignore_template_errors, as pytest-django's

        def __contains__(self, key):
            return key == "%s"

        def __mod__(self, var):
            return loose % var if self.fail else loose.origin_value

        def _refuse(self, what):
            if self.fail:
                pytest.fail(
                    f"{loose._get_origin()} {what} a failed lookup (a missing related object, "
                    "a method that needs arguments): pass the value from the view instead."
                )
            return loose.origin_value

        def __bool__(self):
            # FilterExpression.resolve asks first whether string_if_invalid is set, then
            # formats it with the variable's name (__mod__): that path names the variable.
            if sys._getframe(1).f_code.co_name == "resolve":
                return True
            self._refuse("tested")
            return False

        def __str__(self):
            return self._refuse("printed")

        def __html__(self):
            return self._refuse("printed")

    options["string_if_invalid"] = StrictInvalid()
    yield
    options["string_if_invalid"] = loose
