"""Benchmark of the main pages on a generated département (issue 7). Not part of `make test`.

    python tests/perf/bench.py measure                 # one database (DATABASE_URL): JSON out
    python tests/perf/bench.py run --small URL --large URL [--rounds N] [--exports] [--load-test]

`run` keeps one process per database (`serve`, so that settings are read afresh) and measures
page by page, alternating the two sizes round after round (issue 15: a drift of the machine
then weighs on both sizes of a page, not on its growth); then the load test against gunicorn on
the large one. It prints one Markdown table: query count at both sizes, server time p50 at both
sizes and its growth, p95 at the large size (Django test client in one process: middleware,
view, queries and template; no network), the ratio to bare SQL, each missed goal flagged, and
the load test's throughput.

Ratio to bare SQL (issue 15): for each page, the SQL the page runs is captured
(CaptureQueriesContext, parameters bound by psycopg's client-side cursor) and replayed bare on
a separate raw psycopg connection in autocommit, as Django runs (every statement executed as
captured, its BEGIN and COMMIT included, and its rows fetched: a page's writes, such as an
access log entry, are written by the replay too); page and replay alternate in the same loop,
and the ratio is the page's median over the replay's median.

    python tests/perf/bench.py ratios                  # one database: the ratio table
"""

import argparse
import gc
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
REPEAT = 40
DOMAIN = "dataset.maillage.test"


def _setup_django() -> None:
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ.setdefault("DEBUG", "0")
    os.environ.setdefault("SECURE_SSL_REDIRECT", "0")
    os.environ.setdefault("MAILLAGE_PLAIN_STATIC", "1")
    import django

    django.setup()
    from django.conf import settings

    settings.ALLOWED_HOSTS = ["testserver", "127.0.0.1", "localhost"]


def verified_client(email: str):
    """A test client logged in as `email`, its session past the second factor (issue 8)."""
    from django.test import Client
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from partnerships.models import User

    user = User.objects.get(email=email)
    device, _created = TOTPDevice.objects.get_or_create(
        user=user, name="bench", defaults={"confirmed": True}
    )
    client = Client()
    client.force_login(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return client


def pages() -> list[tuple[str, str, str]]:
    """(label, user e-mail, URL) of the pages measured; objects chosen the same way at any
    size: the largest operator's busiest project, the first CPOM, the busiest territory."""
    from django.db.models import Count
    from django.urls import reverse

    from households.models import InterventionProject
    from partnerships.models import Convention, Membership

    worker = f"social-worker-0001@{DOMAIN}"
    organisation = Membership.objects.get(user__email=worker).organisation_id
    project = (
        InterventionProject.objects.filter(operator=organisation, status="active")
        .annotate(n=Count("contacts"))
        .order_by("-n", "pk")
        .first()
    )
    convention = Convention.objects.filter(kind="cpom").order_by("reference").first()
    coordinator = (
        Membership.objects.filter(role="coordinator")
        .annotate(n=Count("territory__children__children__households"))
        .order_by("-n", "pk")
        .first()
        .user.email
    )
    staff, admin = f"department-staff-0001@{DOMAIN}", f"admin@{DOMAIN}"
    # The director of the social worker's structure: the admin's household lists are theirs.
    director = (
        Membership.objects.filter(organisation=organisation, role="director")
        .order_by("pk")
        .first()
        .user.email
    )
    households = reverse("households:household_list")
    return [
        (
            "Ménages, travailleur social (filtres)",
            worker,
            f"{households}?situation=hosted&tri=-cree",
        ),
        (
            "Ménages, coordinateur (filtres)",
            coordinator,
            f"{households}?situation=eviction_threat&critere=single_parent&tri=commune",
        ),
        (
            "Projets, travailleur social (échéance)",
            worker,
            reverse("households:project_list") + "?echeance=1",
        ),
        (
            "Dossier du ménage",
            worker,
            reverse("households:household_detail", args=[project.household_id]),
        ),
        ("Page projet", worker, reverse("households:project_detail", args=[project.pk])),
        ("Rencontres, travailleur social", worker, reverse("households:contact_list")),
        (
            "Page convention (CPOM)",
            staff,
            reverse("partnerships:convention_detail", args=[convention.pk]),
        ),
        ("Liste des conventions", staff, reverse("partnerships:convention_list")),
        ("Tableau de bord financements", staff, reverse("funding:dashboard")),
        ("Échéances", staff, reverse("portal:due")),
        ("Accueil, agent départemental", staff, reverse("home")),
        # A search is sent by POST (no name in an address): the page takes it as data.
        ("Recherche « dupre »", coordinator, (reverse("portal:search"), {"q": "dupre"})),
        ("Admin : rencontres", admin, "/admin/households/contact/"),
        ("Admin : ménages", admin, "/admin/households/household/"),
        ("Admin : projets", admin, "/admin/households/interventionproject/"),
        # The director's home of the administration: the projects awaiting their agreement.
        ("Admin : accueil, direction", director, "/admin/"),
        ("Admin : ménages, direction", director, "/admin/households/household/"),
        ("Admin : projets, direction", director, "/admin/households/interventionproject/"),
        ("Admin : rencontres, direction", director, "/admin/households/contact/"),
        ("Admin : conventions, agent", staff, "/admin/partnerships/convention/"),
        ("Admin : versements, agent", staff, "/admin/funding/instalment/"),
    ]


def bare_connection():
    """A raw psycopg connection to the application's database, outside Django."""
    import psycopg
    from django.db import connection

    params = connection.get_connection_params()
    params.pop("cursor_factory", None)
    params.pop("context", None)
    params.pop("server_side_binding", None)
    return psycopg.connect(**params, autocommit=True)


def replay(raw, statements: list[str]) -> float:
    """Milliseconds to run `statements` bare and fetch their rows."""
    start = time.perf_counter()
    with raw.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement.encode(), prepare=False)
            if cursor.description is not None:
                cursor.fetchall()
    elapsed = (time.perf_counter() - start) * 1000
    # The server-side cursors of the page (DECLARE … WITH HOLD, an .iterator()): Django
    # closes them without a statement that the capture records.
    raw.execute("CLOSE ALL")
    return elapsed


class Measurer:
    """Measures pages of one database in this process: each page warmed up once (3 views),
    its SQL captured once, then as many rounds as asked, each of `repeat` views alternating
    with the bare replay of the captured SQL."""

    def __init__(self):
        from django.db import connection

        # As config/gunicorn.py does in each worker once the application is loaded.
        verified_client(f"admin@{DOMAIN}").get("/")
        gc.collect()
        gc.freeze()
        self.raw = bare_connection() if connection.vendor == "postgresql" else None
        self.targets = {label: (email, target) for label, email, target in pages()}
        self.clients, self.prepared = {}, {}

    def households(self) -> int:
        from households.models import Household

        return Household.objects.count()

    def _prepare(self, label: str):
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        email, target = self.targets[label]
        client = self.clients.get(email) or self.clients.setdefault(email, verified_client(email))
        url, data = target if isinstance(target, tuple) else (target, None)

        def fetch(client=client, url=url, data=data):
            return client.post(url, data) if data is not None else client.get(url)

        for _warm in range(3):
            response = fetch()
            if response.status_code != 200:
                raise SystemExit(f"{label}: {url} answered {response.status_code}")
        with CaptureQueriesContext(connection) as ctx:
            fetch()
        # Read now: the next request resets connection.queries, which captured_queries slices.
        sql = [q["sql"] for q in ctx.captured_queries]
        self.prepared[label] = (url, fetch, sql)
        return self.prepared[label]

    def page(self, label: str, repeat: int = REPEAT) -> dict:
        """One round of `label`: its URL, query count, SQL, timings and bare replays (ms)."""
        url, fetch, sql = self.prepared.get(label) or self._prepare(label)
        timings, bare = [], []
        for _ in range(repeat):
            start = time.perf_counter()
            fetch()
            timings.append((time.perf_counter() - start) * 1000)
            if self.raw is not None:
                bare.append(replay(self.raw, sql))
        return {"url": url, "queries": len(sql), "sql": sql, "timings": timings, "bare": bare}


def measure(selected: list[str] | None = None, repeat: int = REPEAT) -> dict:
    """Every page (or those whose label holds one of `selected`), one round each."""
    measurer = Measurer()
    results = {"households": measurer.households(), "pages": {}}
    for label in measurer.targets:
        if selected and not any(word.lower() in label.lower() for word in selected):
            continue
        row = measurer.page(label, repeat)
        results["pages"][label] = {"url": row["url"], "queries": row["queries"], "sql": row["sql"]}
        results["pages"][label].update(_summary(row["timings"], row["bare"]))
        if row["bare"]:
            print(f"{label}: {results['pages'][label]['ratio']:.1f}", file=sys.stderr, flush=True)
    if measurer.raw is not None:
        measurer.raw.close()
    return results


def serve() -> None:
    """Measure on request, for `run`: one JSON line in (`{"page": label, "repeat": n}`, or
    `{"labels": true}`), one JSON line out, until stdin closes. `run` keeps one such process
    per database and alternates them page by page."""
    measurer = Measurer()
    for line in sys.stdin:
        asked = json.loads(line)
        if asked.get("labels"):
            answer = {"households": measurer.households(), "labels": list(measurer.targets)}
        else:
            answer = measurer.page(asked["page"], asked.get("repeat", REPEAT))
        sys.stdout.write(json.dumps(answer) + "\n")
        sys.stdout.flush()


class _Server:
    """A `bench.py serve` process on one database."""

    def __init__(self, database_url: str):
        env = {**os.environ, "DATABASE_URL": database_url}
        self.process = subprocess.Popen(
            [sys.executable, __file__, "serve"],
            env=env,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,  # its errors reach this process's stderr
            text=True,
        )

    def ask(self, request: dict) -> dict:
        self.process.stdin.write(json.dumps(request) + "\n")
        self.process.stdin.flush()
        line = self.process.stdout.readline()
        if not line:
            raise SystemExit(f"bench.py serve stopped (exit {self.process.wait()})")
        return json.loads(line)

    def close(self) -> None:
        self.process.stdin.close()
        self.process.wait()


def measure_interleaved(small_url: str, large_url: str, rounds: int, repeat: int = REPEAT):
    """Both databases measured page by page, in alternation (`interleave`), each by its own
    `bench.py serve` process."""
    small, large = _Server(small_url), _Server(large_url)
    try:
        return interleave(small, large, rounds, repeat)
    finally:
        small.close()
        large.close()


def interleave(small, large, rounds: int, repeat: int = REPEAT):
    """For each page, `rounds` rounds at each size: small then large, then large then small…
    A drift of the machine (another process, the CPU's clock) then weighs on both sizes of a
    page alike, instead of on the growth between them. Returns the measures of each size, a
    page's rounds pooled (`_pooled_page`)."""
    sizes = {"small": small.ask({"labels": True}), "large": large.ask({"labels": True})}
    results = {
        name: {"households": info["households"], "pages": {}, "rounds": rounds}
        for name, info in sizes.items()
    }
    for label in sizes["large"]["labels"]:
        measured = {"small": [], "large": []}
        order = (("small", small), ("large", large))
        for round_ in range(rounds):
            for name, server in order if round_ % 2 == 0 else order[::-1]:
                measured[name].append(server.ask({"page": label, "repeat": repeat}))
        for name, rows in measured.items():
            results[name]["pages"][label] = _pooled_page(label, rows)
        growth = results["large"]["pages"][label]["p50"] / results["small"]["pages"][label]["p50"]
        print(f"{label}: {growth:.2f}", file=sys.stderr, flush=True)
    return results["small"], results["large"]


def _pooled_page(label: str, rows: list[dict]) -> dict:
    """The rounds of one page at one size as one measure: their timings (and bare replays)
    together. Query counts must agree from round to round."""
    if len({row["queries"] for row in rows}) != 1:
        raise SystemExit(f"{label} : nombre de requêtes différent d'une série à l'autre")
    first = rows[0]
    page = {"url": first["url"], "queries": first["queries"], "sql": first["sql"]}
    page.update(
        _summary(
            [t for row in rows for t in row["timings"]], [t for row in rows for t in row["bare"]]
        )
    )
    return page


def _summary(timings: list[float], bare: list[float]) -> dict:
    """p50 and p95 of a page's timings, and, with its bare replays, its ratio to them. The
    timings are kept: `run` pools the rounds of each size before taking the percentiles."""
    timings = sorted(timings)
    summary = {
        "timings": timings,
        "p50": statistics.median(timings),
        "p95": timings[int(len(timings) * 0.95) - 1],
    }
    if bare:
        summary["bare"] = bare
        summary["bare_p50"] = statistics.median(bare)
        summary["ratio"] = summary["p50"] / summary["bare_p50"]
    return summary


def ratio_table(results: dict) -> str:
    """Page median, bare SQL median and their ratio, page by page (issue 15: ≤ 3)."""
    lines = [
        f"| page (N={results['households']}) | requêtes | page p50 (ms) | SQL nu p50 (ms) "
        "| rapport |",
        "| --- | ---: | ---: | ---: | ---: |",
    ]
    for label, row in results["pages"].items():
        flag = "" if row["ratio"] <= RATIO_MAX else " ⚠"
        lines.append(
            f"| {label} | {row['queries']} | {row['p50']:.1f} | {row['bare_p50']:.1f} "
            f"| {row['ratio']:.1f}{flag} |"
        )
    return "\n".join(lines)


def _peak_rss_mb() -> float:
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def measure_pdf() -> dict:
    """The department-wide annual PDF of last year, as its background task builds it."""
    from django.utils import timezone

    from partnerships.models import User
    from portal.reports import department_report_pdf

    user = User.objects.get(email=f"department-staff-0001@{DOMAIN}")
    year = timezone.localdate().year - 1
    before = _peak_rss_mb()
    start = time.perf_counter()
    pdf = department_report_pdf(user, year, progress=lambda percent: None)
    return {
        "seconds": time.perf_counter() - start,
        "bytes": len(pdf),
        "peak_rss_mb": _peak_rss_mb(),
        "rss_before_mb": before,
    }


def measure_contacts_csv() -> dict:
    """Every contact through the application's export (households:contact_export, issue 7):
    asked by a verified administrator as the page's button does. Beyond EXPORT_SYNC_MAX_ROWS
    it is a background job (issue 15); the immediate task backend writes it in this process
    before the redirect, so the time and memory are the job's. tests/perf/export_bench.py
    measures the production path (gunicorn, then `db_worker`) on 2 000 000 contacts."""
    from django.conf import settings
    from django.urls import reverse

    from portal.models import ExportJob

    # The "export ready" e-mail must not go to stdout, which carries the JSON figures.
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    client = verified_client(f"admin@{DOMAIN}")
    before = _peak_rss_mb()
    start = time.perf_counter()
    response = client.get(reverse("households:contact_export"), {"format": "csv"})
    if response.status_code != 302:
        raise SystemExit(f"export des rencontres : {response.status_code}")
    job = ExportJob.objects.order_by("-pk").first()
    if job is None or job.status != "done":
        raise SystemExit(f"export des rencontres : tâche {job and job.status}")
    size = job.file.size
    rows = job.row_count
    job.file.delete(save=False)
    job.delete()
    return {
        "seconds": time.perf_counter() - start,
        "rows": rows,
        "megabytes": size / 1e6,
        "peak_rss_mb": _peak_rss_mb(),
        "rss_before_mb": before,
    }


def _measure_in_subprocess(database_url: str, command: str = "measure") -> dict:
    env = {**os.environ, "DATABASE_URL": database_url}
    out = subprocess.run(
        [sys.executable, __file__, command], env=env, check=True, capture_output=True, text=True
    )
    return json.loads(out.stdout)


# The goals of issue 15, flagged in the table: p95 at the large size, growth of the p50 from
# the small size to the large one, ratio of the page to its bare SQL.
P95_MAX_MS, GROWTH_MAX, RATIO_MAX = 100, 1.3, 3


def table(small: dict, large: dict, load: dict | None, exports: dict | None = None) -> str:
    n_small, n_large = small["households"], large["households"]
    rounds = large.get("rounds", 1)
    lines = [
        f"| page | requêtes N={n_small} | requêtes N={n_large} | p50 N={n_small} (ms) "
        f"| p50 N={n_large} (ms) | croissance p50 | p95 N={n_large} (ms) "
        f"| rapport au SQL nu N={n_large} |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for label, row in large["pages"].items():
        before = small["pages"][label]
        flag = "" if before["queries"] == row["queries"] else " ⚠"
        growth = row["p50"] / before["p50"]
        ratio = "—"
        if "ratio" in row:
            ratio = f"{row['ratio']:.1f}" + ("" if row["ratio"] <= RATIO_MAX else " ⚠")
        lines.append(
            f"| {label} | {before['queries']} | {row['queries']}{flag} | {before['p50']:.1f} "
            f"| {row['p50']:.1f} | {growth:.2f}{'' if growth <= GROWTH_MAX else ' ⚠'} "
            f"| {row['p95']:.0f}{'' if row['p95'] <= P95_MAX_MS else ' ⚠'} | {ratio} |"
        )
    lines.append("")
    lines.append(
        f"Page par page, {rounds} série(s) de {len(row['timings']) // rounds} affichages à "
        f"chaque taille, en alternance ({n_small} puis {n_large}, puis {n_large} puis "
        f"{n_small}…) ; percentiles sur l'ensemble des séries d'une taille. ⚠ : au-delà de "
        "l'objectif (p95 ≤ "
        f"{P95_MAX_MS} ms, croissance ≤ {GROWTH_MAX}, rapport ≤ {RATIO_MAX}), ou nombre de "
        "requêtes différent d'une taille à l'autre."
    )
    if exports:
        pdf, csv_ = exports["pdf"], exports["csv"]
        lines.append("")
        lines.append(
            f"Rapport annuel départemental (PDF, N={n_large}) : {pdf['seconds']:.1f} s, "
            f"{pdf['bytes'] / 1e6:.1f} Mo, pic mémoire du processus {pdf['peak_rss_mb']:.0f} Mo "
            f"(dont {pdf['rss_before_mb']:.0f} Mo avant le rapport)."
        )
        lines.append(
            f"CSV de toutes les rencontres ({csv_['rows']} lignes, {csv_['megabytes']:.0f} Mo) : "
            f"{csv_['seconds']:.1f} s, pic mémoire du processus {csv_['peak_rss_mb']:.0f} Mo "
            f"(dont {csv_['rss_before_mb']:.0f} Mo avant l'export)."
        )
    if load:
        lines.append("")
        lines.append(
            f"Charge (wrk, {load['connections']} connexions, {load['duration']} s, gunicorn "
            f"{load['workers']} workers, N={n_large}) : {load['requests']} requêtes, "
            f"{load['rps']:.1f} req/s, latence p50 {load['p50']:.1f} ms / p95 {load['p95']:.1f} ms"
            f" / p99 {load['p99']:.1f} ms / max {load['max']:.1f} ms, erreurs : {load['errors']}"
            f" (sortie brute de wrk : {load['raw_file']})."
        )
        warmup = load.get("warmup")
        if warmup:
            lines.append(
                f"Mise en route avant la minute mesurée ({warmup['seconds']} s, même charge, "
                f"non comptée) : {warmup['requests']} requêtes, erreurs : {warmup['errors']}"
                f"{_error_kinds(warmup)}."
            )
    return "\n".join(lines)


ERROR_KINDS = {
    "status": "réponses autres que 200",
    "connect": "connexions refusées",
    "read": "connexions coupées en lecture",
    "write": "connexions coupées en écriture",
    "timeout": "sans réponse dans le délai de wrk",
}


def _error_kinds(figures: dict) -> str:
    """« (3 réponses autres que 200, 47 sans réponse…) », and where wrk's output is kept."""
    kinds = [
        f"{count} {ERROR_KINDS[kind]}"
        for kind, count in figures.get("error_kinds", {}).items()
        if count and kind in ERROR_KINDS
    ]
    raw = figures.get("raw_file")
    return (f" ({', '.join(kinds)})" if kinds else "") + (f", sortie brute : {raw}" if raw else "")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("measure")
    sub.add_parser("serve")
    ratios = sub.add_parser("ratios")
    ratios.add_argument("pages", nargs="*", help="only the pages whose label holds one of these")
    ratios.add_argument("--repeat", type=int, default=REPEAT, help="measures of each page")
    sub.add_parser("pdf")
    sub.add_parser("csv")
    run = sub.add_parser("run")
    run.add_argument("--small", required=True, help="DATABASE_URL of the small data set")
    run.add_argument("--large", required=True, help="DATABASE_URL of the large data set")
    run.add_argument("--load-test", action="store_true", help="then wrk against gunicorn")
    run.add_argument("--exports", action="store_true", help="then the annual PDF and the CSV")
    run.add_argument("--json", help="also write the raw measurements to this file")
    run.add_argument(
        "--rounds", type=int, default=2, help="rounds of each page at each size (default 2)"
    )
    run.add_argument("--port", type=int, help="port of gunicorn for the load test (free one)")
    args = parser.parse_args()
    if args.command == "ratios":
        _setup_django()
        sys.stdout.write(ratio_table(measure(args.pages, args.repeat)) + "\n")
        return
    if args.command == "serve":
        _setup_django()
        serve()
        return
    if args.command in ("measure", "pdf", "csv"):
        _setup_django()
        work = {"measure": measure, "pdf": measure_pdf, "csv": measure_contacts_csv}
        json.dump(work[args.command](), sys.stdout)
        return
    small, large = measure_interleaved(args.small, args.large, args.rounds)
    load = exports = None
    if args.exports:
        exports = {
            "pdf": _measure_in_subprocess(args.large, "pdf"),
            "csv": _measure_in_subprocess(args.large, "csv"),
        }
    if args.load_test:
        from tests.perf.loadtest import run_load_test

        load = run_load_test(args.large, args.port)
    if args.json:
        Path(args.json).write_text(
            json.dumps({"small": small, "large": large, "load": load, "exports": exports})
        )
    sys.stdout.write(table(small, large, load, exports) + "\n")


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    main()
