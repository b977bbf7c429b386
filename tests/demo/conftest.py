import pytest
from django.conf import settings
from django.db import transaction
from django.test import override_settings

from demo.loader import load_demo


def _storages(location) -> dict:
    return {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": location},
        },
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


@pytest.fixture(scope="module")
def demo_media(tmp_path_factory):
    """The demo's papers (real PDFs) for the whole module, never the developer's var/."""
    return tmp_path_factory.mktemp("demo") / "private"


@pytest.fixture(autouse=True)
def _private_media(settings, demo_media):
    """Here every test reads the files the module's demo wrote (tests/conftest.py gives each
    test a folder of its own elsewhere)."""
    settings.STORAGES = _storages(demo_media)


@pytest.fixture(scope="module")
def demo_once(django_db_setup, django_db_blocker, demo_media):
    """The demo loaded once for a module (it takes seconds), in a transaction rolled back
    when the module ends: each test runs in a savepoint inside it (pytest-django's `db`), so
    what a test changes is gone for the next one, as if the demo had been loaded for it."""
    with (
        override_settings(STORAGES=_storages(demo_media)),
        django_db_blocker.unblock(),
        transaction.atomic(),
    ):
        summary = load_demo()
        yield summary
        transaction.set_rollback(True)
