"""2 000 000 contacts exported through the real path (issue 15): gunicorn answers the page's
export button with the redirect to « Mes exports », `manage.py db_worker` writes the file in
its own process. Run by `make bench-exports` (part of `make bench`), never by `make test`:
it copies a generated database (`MAILLAGE_EXPORT_BENCH_SOURCE`) and takes minutes.

Checked: every contact is in the file (CSV read back record by record) and the worker's
peak memory (ru_maxrss) stays bounded, whatever the number of rows. Times are measured and
printed (docs/benchmarks.md), never asserted (docs/testing.md)."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SOURCE = os.environ.get("MAILLAGE_EXPORT_BENCH_SOURCE")
ROWS = int(os.environ.get("MAILLAGE_EXPORT_BENCH_ROWS", "2000000"))
# The worker holds Django, one chunk of rows and openpyxl's buffers: not the file.
PEAK_MEMORY_MB = 250


@pytest.mark.skipif(not SOURCE, reason="MAILLAGE_EXPORT_BENCH_SOURCE non défini (make bench)")
@pytest.mark.parametrize("file_format", ["csv"])
def test_two_million_contacts_export_through_gunicorn_and_the_task_worker(tmp_path, file_format):
    figures_file = tmp_path / "figures.json"
    run = subprocess.run(
        [
            sys.executable,
            "tests/perf/export_bench.py",
            "--source",
            SOURCE,
            "--rows",
            str(ROWS),
            "--format",
            file_format,
            "--json",
            str(figures_file),
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert run.returncode == 0, run.stdout + run.stderr
    sys.stdout.write(run.stdout)
    figures = json.loads(figures_file.read_text())
    assert figures["contacts"] >= ROWS
    assert figures["file_rows"] == figures["contacts"]
    assert figures["status"] == 302 and figures["location"].endswith("/mes-exports/")
    assert figures["worker_peak_rss_mb"] < PEAK_MEMORY_MB, figures
