"""Load test (issue 7): wrk, 50 connections for 60 s, against gunicorn on the loopback only.

Each request picks one of the logged-in sessions (social workers of several operators, a
coordinator, department staff) and one of the pages that user may open; every answer other
than 200 counts as an error. Called by `bench.py run --load-test`.
"""

import json
import os
import re
import secrets
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
HOST = "127.0.0.1"
RAW_DIR = ROOT / "var" / "bench"
CONNECTIONS, DURATION, THREADS = 50, 60, 2
# Seconds of the same load before the measured minute, reported apart: gunicorn's port is
# open before its workers have booted (a few seconds on 2 cores), and the first requests
# measured the boot, not the pages (30 to 48 of them waited more than 10 s on a slow
# machine; none once the workers answer, docs/benchmarks.md).
WARMUP = 15
DOMAIN = "dataset.maillage.test"

LUA = """
local sessions = %(sessions)s
local threads = {}
setup = function(thread)
  table.insert(threads, thread)
end
init = function(args)
  errors = 0
  math.randomseed(62 + #threads)
end
request = function()
  local s = sessions[math.random(#sessions)]
  local path = s.paths[math.random(#s.paths)]
  return wrk.format("GET", path, {["Cookie"] = "sessionid=" .. s.cookie})
end
-- A redirect (to the login or the second-factor step) is an error here, not only 4xx/5xx.
response = function(status, headers, body)
  if status ~= 200 then errors = errors + 1 end
end
-- Exact figures for the report, one per line, in microseconds (wrk's own units): no parsing
-- of the human summary above them.
done = function(summary, latency, requests)
  local total = 0
  for _, thread in ipairs(threads) do total = total + thread:get("errors") end
  io.write(string.format("STATUS_ERRORS %%d\\n", total))
  io.write(string.format("REQUESTS %%d\\n", summary.requests))
  io.write(string.format("DURATION_US %%d\\n", summary.duration))
  local e = summary.errors
  io.write(string.format("SOCKET_ERRORS %%d\\n", e.connect + e.read + e.write + e.timeout))
  -- Each kind on its own: a refused connection, a dropped one, or no answer in time.
  for _, kind in ipairs({"connect", "read", "write", "timeout"}) do
    io.write(string.format("SOCKET_%%s %%d\\n", string.upper(kind), e[kind]))
  end
  io.write(string.format("NON_2XX_3XX %%d\\n", e.status))
  for _, p in ipairs({50, 90, 95, 99}) do
    io.write(string.format("LATENCY_P%%d_US %%d\\n", p, latency:percentile(p)))
  end
  io.write(string.format("LATENCY_MAX_US %%d\\n", latency.max))
  io.write(string.format("LATENCY_MEAN_US %%d\\n", latency.mean))
  -- wrk's whole latency histogram (one bucket a microsecond): runs against several servers
  -- at once are merged exactly (merged_percentiles).
  for i = 1, #latency do
    local us, count = latency(i)
    io.write(string.format("HIST %%d %%d\\n", us, count))
  end
end
"""


def sessions() -> list[dict]:
    """Logged-in sessions and the pages each may open (run inside Django)."""
    from django.urls import reverse

    from households.models import InterventionProject
    from partnerships.models import Convention, Membership
    from tests.perf.bench import verified_client

    out = []
    workers = Membership.objects.filter(role="social_worker").order_by("user__email")[:10]
    for membership in workers:
        client = verified_client(membership.user.email)
        projects = InterventionProject.objects.filter(operator=membership.organisation_id)
        paths = [
            reverse("households:household_list"),
            reverse("households:household_list") + "?situation=hosted&tri=-cree",
            reverse("households:household_list") + "?page=2",
            reverse("households:project_list"),
            reverse("households:project_list") + "?echeance=1",
        ]
        for project in projects.order_by("pk")[:10]:
            paths.append(reverse("households:project_detail", args=[project.pk]))
            paths.append(reverse("households:household_detail", args=[project.household_id]))
        out.append({"cookie": client.cookies["sessionid"].value, "paths": paths})
    staff = verified_client(f"department-staff-0001@{DOMAIN}")
    conventions = Convention.objects.order_by("reference")[:10]
    out.append(
        {
            "cookie": staff.cookies["sessionid"].value,
            "paths": [
                reverse("home"),
                reverse("partnerships:convention_list"),
                reverse("funding:dashboard"),
                reverse("portal:due"),
                reverse("portal:search"),  # the form; a search itself is a POST
                *(reverse("partnerships:convention_detail", args=[c.pk]) for c in conventions),
            ],
        }
    )
    coordinator = Membership.objects.filter(role="coordinator").order_by("user__email").first()
    client = verified_client(coordinator.user.email)
    out.append(
        {
            "cookie": client.cookies["sessionid"].value,
            "paths": [
                reverse("households:household_list"),
                reverse("households:household_list") + "?critere=single_parent",
                reverse("portal:search"),
            ],
        }
    )
    return out


def _lua_table(items: list[dict]) -> str:
    rows = []
    for item in items:
        paths = ", ".join(json.dumps(p) for p in item["paths"])
        rows.append(f'{{cookie = "{item["cookie"]}", paths = {{{paths}}}}}')
    return "{" + ",\n".join(rows) + "}"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        return probe.getsockname()[1]


def _server_env(database_url: str, port: int) -> dict:
    return {
        **os.environ,
        "DATABASE_URL": database_url,
        "DEBUG": "0",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": HOST,
        "SECURE_SSL_REDIRECT": "0",
        "MAILLAGE_PLAIN_STATIC": "1",
        "CONN_MAX_AGE": "60",
        "GUNICORN_BIND": f"{HOST}:{port}",
        "GUNICORN_ACCESS_LOG": "",
        "GUNICORN_LOG_LEVEL": "warning",
        "LOG_LEVEL": "ERROR",
    }


def _wait_for_port(port: int, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with socket.socket() as sock:
            if sock.connect_ex((HOST, port)) == 0:
                return
        time.sleep(0.2)
    raise RuntimeError("gunicorn did not start")


def parse_wrk(text: str) -> dict:
    """The figures the Lua `done` hook wrote, exactly (latencies in milliseconds)."""
    figures = {key: int(value) for key, value in re.findall(r"^([A-Z0-9_]+) (\d+)$", text, re.M)}
    wanted = ("REQUESTS", "DURATION_US", "STATUS_ERRORS", "SOCKET_ERRORS", "NON_2XX_3XX")
    missing = [key for key in wanted if key not in figures]
    if missing:
        raise ValueError(f"wrk output lacks {missing}")
    return {
        "requests": figures["REQUESTS"],
        "rps": figures["REQUESTS"] / (figures["DURATION_US"] / 1e6),
        **{
            f"p{p}": figures[f"LATENCY_P{p}_US"] / 1000
            for p in (50, 90, 95, 99)
            if f"LATENCY_P{p}_US" in figures
        },
        "max": figures.get("LATENCY_MAX_US", 0) / 1000,
        "mean": figures.get("LATENCY_MEAN_US", 0) / 1000,
        # A redirect (to the login or the second-factor step) is an error here, not only
        # 4xx/5xx; socket errors (connect, read, write, timeout) too.
        "errors": figures["STATUS_ERRORS"] + figures["SOCKET_ERRORS"],
        # What the errors were: answers other than 200, then each kind of socket error.
        "error_kinds": {
            "status": figures["STATUS_ERRORS"],
            **{
                kind: figures[f"SOCKET_{kind.upper()}"]
                for kind in ("connect", "read", "write", "timeout")
                if f"SOCKET_{kind.upper()}" in figures
            },
        },
    }


def histogram(text: str) -> dict[int, int]:
    """The latency histogram the Lua hook wrote: {microseconds: requests}."""
    return {int(us): int(n) for us, n in re.findall(r"^HIST (\d+) (\d+)$", text, re.M)}


def merged_percentiles(texts: list[str], percents=(50, 90, 95, 99)) -> dict:
    """Percentiles (ms) of several wrk runs taken together, computed as wrk computes its own
    (stats_percentile: the first latency whose cumulated count reaches the rank)."""
    merged: dict[int, int] = {}
    for text in texts:
        for us, count in histogram(text).items():
            merged[us] = merged.get(us, 0) + count
    total = sum(merged.values())
    # No latency at all (every request timed out): no percentile either.
    figures = {f"p{p}": None for p in percents}
    for p in percents:
        rank = int(p / 100 * total + 0.5 + 0.5)  # C's round() of p/100 × count + 0.5
        seen = 0
        for us in sorted(merged):
            seen += merged[us]
            if seen >= rank:
                figures[f"p{p}"] = us / 1000
                break
    figures["max"] = max(merged) / 1000 if merged else 0
    figures["requests_in_histogram"] = total
    return figures


def run_load_test(database_url: str, port: int | None = None) -> dict:
    port = port or free_port()
    env = _server_env(database_url, port)
    made = subprocess.run(
        [sys.executable, __file__, "sessions"],
        env=env,
        check=True,
        capture_output=True,
        text=True,
    )
    script = LUA % {"sessions": _lua_table(json.loads(made.stdout))}
    server = subprocess.Popen(
        [str(Path(sys.executable).parent / "gunicorn"), "-c", "config/gunicorn.py", "config.wsgi"],
        cwd=ROOT,
        env=env,
        start_new_session=True,
    )
    try:
        _wait_for_port(port)
        workers = int(env.get("WEB_CONCURRENCY", os.cpu_count() * 2 + 1))
        with tempfile.NamedTemporaryFile("w", suffix=".lua") as lua:
            lua.write(script)
            lua.flush()

            def wrk(seconds: int) -> subprocess.CompletedProcess:
                return subprocess.run(
                    [
                        "wrk",
                        f"-t{THREADS}",
                        f"-c{CONNECTIONS}",
                        f"-d{seconds}s",
                        "--latency",
                        "--timeout",
                        "10s",
                        "-s",
                        lua.name,
                        f"http://{HOST}:{port}/",
                    ],
                    check=True,
                    capture_output=True,
                    text=True,
                    timeout=seconds + 60,
                )

            warmup_text = wrk(WARMUP).stdout if WARMUP else None
            result = wrk(DURATION)
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)
    text = result.stdout
    RAW_DIR.mkdir(parents=True, exist_ok=True)
    stamp = time.strftime("%Y%m%d-%H%M%S")
    raw = RAW_DIR / f"wrk-{stamp}.txt"
    raw.write_text(text)
    warmup = None
    if warmup_text is not None:
        # The warm-up's raw output is kept too: its errors are read, not guessed.
        warmup_raw = RAW_DIR / f"wrk-{stamp}-mise-en-route.txt"
        warmup_raw.write_text(warmup_text)
        warmup = {**parse_wrk(warmup_text), "raw_file": str(warmup_raw.relative_to(ROOT))}
    return {
        "connections": CONNECTIONS,
        "duration": DURATION,
        "workers": workers,
        "port": port,
        "warmup": {"seconds": WARMUP, **warmup} if warmup else None,
        **parse_wrk(text),
        "raw": text,
        "raw_file": str(raw.relative_to(ROOT)),
    }


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    if sys.argv[1:] == ["sessions"]:
        from tests.perf.bench import _setup_django

        _setup_django()
        json.dump(sessions(), sys.stdout)
    else:
        raise SystemExit("usage: loadtest.py sessions (bench.py run --load-test calls it)")
