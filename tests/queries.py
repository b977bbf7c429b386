"""SQL snapshots: the queries a page runs, normalised, compared with a stored snapshot.

A failure shows the diff of two lists of SQL: the query that was added, removed or changed.
Snapshots live in `__snapshots__/<vendor>/` beside the test module, one set per database
(SQLite locally, PostgreSQL in CI: their SQL differs). After a wanted change, rewrite them
on both engines:

    pytest tests/test_page_queries.py --snapshot-update
    DATABASE_URL=postgres://… pytest tests/test_page_queries.py --snapshot-update --create-db
"""

import difflib
import re
from collections.abc import Callable
from pathlib import Path

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from syrupy.extensions.amber import AmberSnapshotExtension

# A quoted literal ('' is an escaped quote inside it).
_STRING = re.compile(r"'(?:[^']|'')*'")
# A literal that varies: it holds a digit, or it is a session key (32 letters or digits).
_VARIES = re.compile(r"\d|^'[a-z0-9]{32}'$")
# A number standing alone (not part of a name such as "T4" or "s1_x1").
_NUMBER = re.compile(r"(?<![\w.\"])-?\d+(?:\.\d+)?(?![\w\"])")
# PostgreSQL casts of literals ('…'::timestamptz, %s::date).
_CAST = re.compile(r"(%s)::\w+(?:\[\])?")
_IN_LIST = re.compile(r"\bIN \((?:%s(?:, )?)+\)")
# The access log's INSERT has one row per household a page shows: their number varies, and
# PostgreSQL's bulk form (UNNEST) differs from one row's (VALUES).
_AUDIT_ROWS = re.compile(
    r'(INSERT INTO "households_auditentry" \([^)]*\) )(?:VALUES .*|SELECT \* FROM UNNEST\(.*\))'
    r"( RETURNING .*)$"
)
_SAVEPOINT = re.compile(r'"s\d+_x\d+"')
# PostgreSQL's server-side cursors (QuerySet.iterator()) are named after the thread.
_CURSOR = re.compile(r'"_django_curs_\d+_\w+?_\d+"')


def normalise(sql: str) -> str:
    """The SQL without what changes from one run to the next: ids, dates, times, session
    keys, references from factory sequences (every literal holding a digit), the length of
    IN-lists and of the access log's rows, the names of savepoints and cursors."""
    sql = _SAVEPOINT.sub('"savepoint"', sql)
    sql = _CURSOR.sub('"cursor"', sql)
    sql = _STRING.sub(lambda m: "%s" if _VARIES.search(m.group()) else m.group(), sql)
    sql = _NUMBER.sub("%s", sql)
    sql = _CAST.sub(r"\1", sql)
    sql = _IN_LIST.sub("IN (…)", sql)
    sql = _AUDIT_ROWS.sub(r"\1VALUES (…)\2", sql)
    return sql


class PerDatabaseSnapshot(AmberSnapshotExtension):
    """Snapshots in `__snapshots__/sqlite/` or `__snapshots__/postgresql/`: the default
    extension of the `snapshot` fixture (addopts in pyproject.toml), so that rewriting the
    snapshots of one database never sees the other's as unused and deletes them."""

    @classmethod
    def dirname(cls, *, test_location) -> str:
        return str(Path(super().dirname(test_location=test_location)) / connection.vendor)


@pytest.fixture
def capture_queries() -> Callable[[Callable[[], object]], list[str]]:
    """`capture_queries(func)`: the normalised SQL of every query `func()` runs."""

    def capture(func: Callable[[], object]) -> list[str]:
        with CaptureQueriesContext(connection) as ctx:
            func()
        return [normalise(query["sql"]) for query in ctx.captured_queries]

    return capture


def queries_diff(expected: list[str], actual: list[str]) -> str:
    """The queries added (+) and removed (-), one a line, for an assertion message."""
    lines = difflib.unified_diff(expected, actual, "attendu", "obtenu", lineterm="", n=0)
    return "\n".join(lines)
