import pytest
from django.test.utils import CaptureQueriesContext


@pytest.fixture(autouse=True, scope="session")
def _test_settings():
    """Hashing with PBKDF2 costs ~0.3 s a user; tests don't test the hasher."""
    from django.conf import settings

    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # The test client and the live server speak plain HTTP.
    settings.SECURE_SSL_REDIRECT = False


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
