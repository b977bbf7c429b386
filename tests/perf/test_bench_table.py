"""The bench's measures and table (issue 15): each page measured at both sizes in
alternation, its rounds pooled before the percentiles, the growth of the p50 from the small
size to the large one, and each goal flagged where it is missed."""

import pytest

from tests.perf.bench import _pooled_page, interleave, table


class _FakeServer:
    """Stands for a `bench.py serve` process: answers from fixed timings, and records each
    request in a log shared by both sizes, so that the order of the measures can be read."""

    def __init__(self, name, households, timings, log, queries=4):
        self.name, self.households, self.timings, self.log = name, households, timings, log
        self.queries = queries

    def ask(self, request):
        if request.get("labels"):
            return {"households": self.households, "labels": ["Liste", "Fiche"]}
        self.log.append((request["page"], self.name))
        timings = self.timings.pop(0)
        return {
            "url": "/",
            "queries": self.queries,
            "sql": ["SELECT 1"] * self.queries,
            "timings": timings,
            "bare": [5.0] * len(timings),
        }


def test_each_page_alternates_the_sizes_round_after_round():
    log = []
    small = _FakeServer("petite", 20_000, [[10.0]] * 6, log)
    large = _FakeServer("grande", 100_000, [[12.0]] * 6, log)
    measured_small, measured_large = interleave(small, large, rounds=3, repeat=1)
    assert log == [
        ("Liste", "petite"),
        ("Liste", "grande"),
        ("Liste", "grande"),
        ("Liste", "petite"),
        ("Liste", "petite"),
        ("Liste", "grande"),
        ("Fiche", "petite"),
        ("Fiche", "grande"),
        ("Fiche", "grande"),
        ("Fiche", "petite"),
        ("Fiche", "petite"),
        ("Fiche", "grande"),
    ]
    assert measured_small["households"] == 20_000 and measured_large["households"] == 100_000
    assert measured_large["pages"]["Liste"]["timings"] == [12.0, 12.0, 12.0]


def test_rounds_are_pooled_before_the_percentiles():
    rounds = [
        {"url": "/", "queries": 4, "sql": [], "timings": [10.0, 11.0, 12.0], "bare": [5.0] * 3},
        {"url": "/", "queries": 4, "sql": [], "timings": [20.0, 21.0, 22.0], "bare": [6.0] * 3},
    ]
    row = _pooled_page("Liste", rounds)
    # Six timings 10 11 12 20 21 22: the median is between 12 and 20, not either round's.
    assert row["p50"] == 16.0
    assert row["bare_p50"] == 5.5
    assert row["ratio"] == pytest.approx(16.0 / 5.5)
    assert len(row["timings"]) == 6


def test_a_query_count_that_changes_between_rounds_stops_the_run():
    rounds = [
        {"url": "/", "queries": 4, "sql": [], "timings": [10.0], "bare": [5.0]},
        {"url": "/", "queries": 5, "sql": [], "timings": [10.0], "bare": [5.0]},
    ]
    with pytest.raises(SystemExit, match="nombre de requêtes"):
        _pooled_page("Liste", rounds)


def _sized(households: int, pages: dict) -> dict:
    """One size's measures as `interleave` returns them: each page's rounds pooled."""
    return {
        "households": households,
        "rounds": 1,
        "pages": {
            label: _pooled_page(
                label,
                [{"url": "/", "queries": queries, "sql": [], "timings": timings, "bare": bare}],
            )
            for label, (queries, timings, bare) in pages.items()
        },
    }


def test_the_table_gives_the_growth_and_flags_each_missed_goal():
    small = _sized(
        20_000,
        {
            "Tenue": (7, [10.0] * 20, [4.0] * 20),
            "Croît": (7, [10.0] * 20, [5.0] * 20),
            "Lente": (7, [40.0] * 20, [30.0] * 20),
        },
    )
    large = _sized(
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
    lines = {line.split(" | ")[0]: line for line in table(small, large, None).splitlines()}
    assert lines["| Tenue"] == "| Tenue | 7 | 7 | 10.0 | 12.0 | 1.20 | 12 | 3.0 |"
    assert lines["| Croît"] == "| Croît | 7 | 8 ⚠ | 10.0 | 15.0 | 1.50 ⚠ | 15 | 2.5 |"
    assert lines["| Lente"] == "| Lente | 7 | 7 | 40.0 | 105.0 | 2.62 ⚠ | 105 ⚠ | 3.5 ⚠ |"
