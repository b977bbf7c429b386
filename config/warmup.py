"""What a gunicorn worker reads once, before it takes its first request (issue 15).

A new worker (at start, after a deployment, and every GUNICORN_MAX_REQUESTS requests) used to
import the views, compile each template and load the translations on the first requests it
answered: on a 2-core machine under 50 connections, 30 of the first minute's requests waited
more than 10 s (docs/benchmarks.md). config/gunicorn.py calls `warm_up()` in each worker
before it accepts a connection, then freezes what it read out of the garbage collector's
reach. Nothing here reads the database.
"""

import time
from pathlib import Path

from django.conf import settings
from django.template import TemplateDoesNotExist, TemplateSyntaxError, engines
from django.template.utils import get_app_template_dirs
from django.urls import get_resolver
from django.utils import translation

SUFFIXES = (".html", ".txt")


def template_names() -> list[str]:
    """The name of every template the project and its applications hold, once each."""
    engine = engines["django"].engine
    directories = [Path(d) for d in engine.dirs] + [
        Path(d) for d in get_app_template_dirs("templates")
    ]
    names = set()
    for directory in directories:
        for path in directory.rglob("*"):
            if path.suffix in SUFFIXES and path.is_file():
                names.add(path.relative_to(directory).as_posix())
    return sorted(names)


def warm_up() -> dict:
    """Import every view (the URL configuration), compile every template into the cached
    loader, load the translations. Returns what was done, for the worker's log."""
    start = time.perf_counter()
    get_resolver().url_patterns  # noqa: B018 (imports the URL configuration and its views)
    compiled = 0
    django = engines["django"]
    for name in template_names():
        try:
            django.get_template(name)
        except (TemplateDoesNotExist, TemplateSyntaxError):
            continue  # a fragment that only compiles within its parent: compiled there
        compiled += 1
    with translation.override(settings.LANGUAGE_CODE):
        translation.gettext("Accueil")
    return {"templates": compiled, "seconds": round(time.perf_counter() - start, 2)}
