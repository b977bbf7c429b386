"""The bench's table (issue 15): rounds of each size pooled before the percentiles, the growth
of the p50 from the small size to the large one, and each goal flagged where it is missed."""

import pytest

from tests.perf.bench import pooled, table


def _measured(households: int, pages: dict) -> dict:
    """What `bench.py measure` writes for one database: per page its query count, its timings
    and the bare replays of its SQL."""
    result = {"households": households, "pages": {}}
    for label, (queries, timings, bare) in pages.items():
        result["pages"][label] = {
            "url": "/",
            "queries": queries,
            "sql": ["SELECT 1"] * queries,
            "timings": sorted(timings),
            "bare": bare,
        }
    return result


def test_rounds_are_pooled_before_the_percentiles():
    first = _measured(100, {"Liste": (4, [10.0, 11.0, 12.0], [5.0, 5.0, 5.0])})
    second = _measured(100, {"Liste": (4, [20.0, 21.0, 22.0], [6.0, 6.0, 6.0])})
    row = pooled([first, second])["pages"]["Liste"]
    # Six timings 10 11 12 20 21 22: the median is between 12 and 20, not either round's.
    assert row["p50"] == 16.0
    assert row["bare_p50"] == 5.5
    assert row["ratio"] == pytest.approx(16.0 / 5.5)
    assert len(row["timings"]) == 6


def test_a_query_count_that_changes_between_rounds_stops_the_run():
    first = _measured(100, {"Liste": (4, [10.0], [5.0])})
    second = _measured(100, {"Liste": (5, [10.0], [5.0])})
    with pytest.raises(SystemExit, match="nombre de requêtes"):
        pooled([first, second])


def test_the_table_gives_the_growth_and_flags_each_missed_goal():
    small = pooled(
        [
            _measured(
                20_000,
                {
                    "Tenue": (7, [10.0] * 20, [4.0] * 20),
                    "Croît": (7, [10.0] * 20, [5.0] * 20),
                    "Lente": (7, [40.0] * 20, [30.0] * 20),
                },
            )
        ]
    )
    large = pooled(
        [
            _measured(
                100_000,
                {
                    # growth 1.2, ratio 3.0, p95 12: every goal met
                    "Tenue": (7, [12.0] * 20, [4.0] * 20),
                    # growth 1.5 and one more query than at 20 000
                    "Croît": (8, [15.0] * 20, [6.0] * 20),
                    # p95 over 100 ms and 3.5 times its SQL
                    "Lente": (7, [105.0] * 20, [30.0] * 20),
                },
            )
        ]
    )
    lines = {line.split(" | ")[0]: line for line in table(small, large, None).splitlines()}
    assert lines["| Tenue"] == "| Tenue | 7 | 7 | 10.0 | 12.0 | 1.20 | 12 | 3.0 |"
    assert lines["| Croît"] == "| Croît | 7 | 8 ⚠ | 10.0 | 15.0 | 1.50 ⚠ | 15 | 2.5 |"
    assert lines["| Lente"] == "| Lente | 7 | 7 | 40.0 | 105.0 | 2.62 ⚠ | 105 ⚠ | 3.5 ⚠ |"
