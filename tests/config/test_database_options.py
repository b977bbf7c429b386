"""Every connection plans as the measurements of docs/benchmarks.md were taken (issue 15)."""

import pytest
from django.db import connection

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's planner settings"),
]


def _show(name: str) -> str:
    with connection.cursor() as cursor:
        cursor.execute(f"SHOW {name}")
        return cursor.fetchone()[0]


def test_the_planner_knows_the_data_is_in_memory_or_on_ssd():
    # At the default of 4, a social worker's projects at 100 000 households were joined to every
    # household by a sequential scan (docs/benchmarks.md, « Coût d'une page lue au hasard »).
    assert float(_show("random_page_cost")) == 1.1


def test_no_jit_compilation_for_short_queries():
    assert _show("jit") == "off"
