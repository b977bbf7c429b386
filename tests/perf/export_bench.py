"""Exports of any size (issue 15): 2 000 000 contacts through the real path. Not `make test`.

    python tests/perf/export_bench.py --source maillage_bench_100000 [--rows 2000000]
                                      [--format csv|xlsx] [--json FILE]
    DATABASE_URL=… python tests/perf/export_bench.py decision   # read only

1. copies the source database (`createdb -T`, the original is never touched), migrates the
   copy and, if it holds fewer contacts than `--rows`, adds copies of its contacts
   (`INSERT … SELECT … generate_series`) up to that number;
2. starts gunicorn as docs/deployment.md runs it (config/gunicorn.py, MAILLAGE_PROCESS=web:
   request deadline and statement timeout on), with the `django_tasks_db` task backend, and
   asks for the administrator's contacts export like the page's button: the answer must be
   the redirect to « Mes exports », in less than a second;
3. runs the task worker as production does (`manage.py db_worker`, its own process, no web
   timeout) until the job is done, and reads its peak memory (ru_maxrss of that process)
   and its time;
4. checks the job (done, 100 %, one row per contact) and the file itself (every CSV record
   read back, or the XLSX rows counted with openpyxl), then drops the copy.

Prints one line of figures (docs/benchmarks.md, « Exports de toute taille ») and, with
`--json`, writes them. A wrong answer, job or file exits non-zero; times are reported, with
the goal (redirect under a second), never a failure (tests/perf/test_export_2m.py).
"""

import argparse
import csv
import json
import os
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PG = os.environ.get("BENCH_PG", "postgres://postgres@127.0.0.1:5432")
PSQL = ["psql", "-h", "127.0.0.1", "-U", "postgres", "-v", "ON_ERROR_STOP=1", "-Atq"]
ADMIN = "admin@dataset.maillage.test"
REDIRECT_LIMIT_S = 1.0


def _psql(database: str, sql: str) -> str:
    out = subprocess.run([*PSQL, "-d", database, "-c", sql], check=True, capture_output=True)
    return out.stdout.decode().strip()


def _django(database_url: str, code: str, **env) -> str:
    """Run `code` in a fresh Django process on the copy; returns what it printed."""
    script = (
        f"import sys; sys.path.insert(0, {str(ROOT)!r})\n"
        "from tests.perf.bench import _setup_django; _setup_django()\n"
    ) + code
    out = subprocess.run(
        [sys.executable, "-c", script],
        cwd=ROOT,
        env={**os.environ, "DATABASE_URL": database_url, **env},
        check=True,
        capture_output=True,
        text=True,
    )
    return out.stdout.strip()


def prepare(source: str, copy: str, rows: int) -> int:
    subprocess.run(["dropdb", "--if-exists", "-h", "127.0.0.1", "-U", "postgres", copy], check=True)
    subprocess.run(
        ["createdb", "-h", "127.0.0.1", "-U", "postgres", "-T", source, copy], check=True
    )
    subprocess.run(
        [sys.executable, "manage.py", "migrate", "--noinput", "-v", "0"],
        cwd=ROOT,
        env={**os.environ, "DATABASE_URL": f"{PG}/{copy}"},
        check=True,
    )
    have = int(_psql(copy, "SELECT count(*) FROM households_contact"))
    if have < rows:
        need = rows - have
        _psql(
            copy,
            "INSERT INTO households_contact (happened_on, medium, duration_minutes, summary, "
            "confidential_note, author_id, project_id) "
            "SELECT c.happened_on - (g.n % 365), c.medium, c.duration_minutes, c.summary, "
            "c.confidential_note, c.author_id, c.project_id "
            f"FROM generate_series(1, {need // have + 1}) AS g(n) "
            f"CROSS JOIN households_contact AS c LIMIT {need}",
        )
        _psql(copy, "VACUUM ANALYZE households_contact")
    _psql(copy, "DELETE FROM portal_exportjob; DELETE FROM django_tasks_database_dbtaskresult")
    return int(_psql(copy, "SELECT count(*) FROM households_contact"))


def ask_through_gunicorn(database_url: str, file_format: str, email: str = ADMIN) -> dict:
    """The page's export button, through gunicorn: the answer and its time."""
    from tests.perf.loadtest import _server_env, _wait_for_port, free_port

    port = free_port()
    env = {**_server_env(database_url, port), "TASKS_BACKEND": TASKS_BACKEND}
    env["WEB_CONCURRENCY"] = "1"
    cookie = _django(
        database_url,
        "from tests.perf.bench import verified_client\n"
        f"print(verified_client({email!r}).cookies['sessionid'].value)",
        # The server's own secret key: the session must be readable by gunicorn.
        TASKS_BACKEND=TASKS_BACKEND,
        SECRET_KEY=env["SECRET_KEY"],
    )
    server = subprocess.Popen(
        [str(Path(sys.executable).parent / "gunicorn"), "-c", "config/gunicorn.py", "config.wsgi"],
        cwd=ROOT,
        env=env,
        start_new_session=True,
    )

    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args, **kwargs):
            return None

    try:
        _wait_for_port(port)
        opener = urllib.request.build_opener(NoRedirect)
        headers = {"Cookie": f"sessionid={cookie}"}
        # One worker, warmed up by the home page (gunicorn loads the application lazily).
        opener.open(urllib.request.Request(f"http://127.0.0.1:{port}/", headers=headers)).read()
        url = f"http://127.0.0.1:{port}/menages/rencontres/export/?format={file_format}"
        timings = []
        for _attempt in range(2):  # the first creates the job, the second finds it
            request = urllib.request.Request(url, headers=headers)
            start = time.perf_counter()
            try:
                response = opener.open(request, timeout=60)
                status, location = response.status, response.headers.get("Location")
                response.read()
            except urllib.error.HTTPError as error:
                status, location = error.code, error.headers.get("Location")
            timings.append(time.perf_counter() - start)
            if status != 302 or not (location or "").endswith("/mes-exports/"):
                raise SystemExit(f"réponse {status} {location} au lieu de la redirection")
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)
    return {"redirect_seconds": timings, "status": status, "location": location}


TASKS_BACKEND = "django_tasks_db.DatabaseBackend"


def run_worker(database_url: str) -> dict:
    """`manage.py db_worker` in its own process until the queue is empty: time, peak memory."""
    start = time.perf_counter()
    worker = subprocess.Popen(
        [
            sys.executable,
            "manage.py",
            "db_worker",
            "--no-startup-delay",
            "--batch",
            "--no-reload",
            "--interval",
            "0.5",
        ],
        cwd=ROOT,
        env={
            **os.environ,
            "DATABASE_URL": database_url,
            "TASKS_BACKEND": TASKS_BACKEND,
            "DEBUG": "0",
            "SECRET_KEY": "bench-export-worker",
            "MAILLAGE_PLAIN_STATIC": "1",
            "LOG_LEVEL": "ERROR",
        },
    )
    _pid, status, usage = os.wait4(worker.pid, 0)
    worker.returncode = os.waitstatus_to_exitcode(status)
    seconds = time.perf_counter() - start
    if worker.returncode:
        raise SystemExit(f"db_worker a échoué ({worker.returncode})")
    # ru_maxrss is in kilobytes on Linux.
    return {
        "worker_seconds": seconds,
        "worker_cpu_seconds": usage.ru_utime + usage.ru_stime,
        "worker_peak_rss_mb": usage.ru_maxrss / 1024,
    }


def check_job(database_url: str, contacts: int, file_format: str) -> dict:
    code = (
        "import json\n"
        "from django.conf import settings\n"
        "from portal.models import ExportJob\n"
        "job = ExportJob.objects.get()\n"
        "print(json.dumps({'status': job.status, 'progress': job.progress, "
        "'row_count': job.row_count, 'path': job.file.path, 'size': job.file.size, "
        "'requested_at': job.requested_at.isoformat(), "
        "'finished_at': job.finished_at and job.finished_at.isoformat()}))"
    )
    job = json.loads(_django(database_url, code))
    if (job["status"], job["progress"], job["row_count"]) != ("done", 100, contacts):
        raise SystemExit(f"tâche inattendue : {job}")
    path = Path(job["path"])
    if file_format == "csv":
        with path.open(encoding="utf-8-sig", newline="") as handle:
            reader = csv.reader(handle, delimiter=";")
            header = next(reader)
            records = sum(1 for _row in reader)
    else:
        from openpyxl import load_workbook

        workbook = load_workbook(path, read_only=True)
        header = next(workbook.worksheets[0].iter_rows(max_row=1, values_only=True))
        # A write-only workbook stores no dimension: the rows are counted one by one.
        records = sum(
            sum(1 for _row in sheet.iter_rows(min_row=2, values_only=True))
            for sheet in workbook.worksheets
        )
        workbook.close()
    if records != contacts or header[0] != "Date":
        raise SystemExit(f"fichier : {records} lignes pour {contacts} rencontres ({header})")
    path.unlink()
    return {"file_megabytes": job["size"] / 1e6, "file_rows": records}


def measure_decision() -> None:
    """What the choice "at once or as a job" costs each role (read only, DATABASE_URL):
    the count under LIMIT of common.exporting.beyond_sync_limit, three times each."""
    from tests.perf.bench import _setup_django

    _setup_django()
    from common.exporting import beyond_sync_limit
    from households.selectors import contact_rows, contacts_for, households_for
    from partnerships.models import User

    for role in ("admin", "coordinator-0001", "social-worker-0001", "director-0001"):
        user = User.objects.get(email=f"{role}@dataset.maillage.test")
        for label, rows in (
            ("rencontres", contact_rows(contacts_for(user), with_summary=True)),
            ("ménages", households_for(user)),
        ):
            times = []
            for _ in range(3):
                start = time.perf_counter()
                beyond = beyond_sync_limit(rows)
                times.append(round((time.perf_counter() - start) * 1000))
            where = "tâche" if beyond else "tout de suite"
            sys.stdout.write(f"{role} {label} : {where}, {times} ms\n")


def main() -> None:
    if sys.argv[1:] == ["decision"]:
        sys.path.insert(0, str(ROOT))
        measure_decision()
        return
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--source", required=True, help="generated database to copy")
    parser.add_argument("--rows", type=int, default=2_000_000, help="contacts at least")
    parser.add_argument("--format", choices=("csv", "xlsx"), default="csv")
    parser.add_argument("--keep", action="store_true", help="keep the copy")
    parser.add_argument("--user", default=ADMIN, help="who asks (an e-mail of the data set)")
    parser.add_argument(
        "--request-only",
        action="append",
        metavar="EMAIL,FORMAT",
        help="only the page's answer to these people (repeatable), no file written",
    )
    parser.add_argument("--json", help="also write the figures to this file")
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT))
    copy = f"maillage_export_bench_{os.getpid()}"
    start = time.perf_counter()
    contacts = prepare(args.source, copy, args.rows)
    figures = {"contacts": contacts, "format": args.format}
    figures["prepare_seconds"] = time.perf_counter() - start
    database_url = f"{PG}/{copy}"
    try:
        if args.request_only:
            for asked in args.request_only:
                email, file_format = asked.split(",")
                answer = ask_through_gunicorn(database_url, file_format, email)
                sys.stdout.write(f"{email} {file_format} : {json.dumps(answer)}\n")
            return
        figures |= ask_through_gunicorn(database_url, args.format, args.user)
        figures |= run_worker(database_url)
        sys.stderr.write(f"{json.dumps(figures)}\n")  # before the file is read back
        figures |= check_job(database_url, contacts, args.format)
    finally:
        if not args.keep:
            subprocess.run(["dropdb", "-h", "127.0.0.1", "-U", "postgres", copy], check=False)
    if args.json:
        Path(args.json).write_text(json.dumps(figures, indent=2))
    held = "tenu" if max(figures["redirect_seconds"]) < REDIRECT_LIMIT_S else "NON TENU"
    sys.stdout.write(
        f"Export {args.format.upper()} de {contacts} rencontres : page → redirection en "
        f"{max(figures['redirect_seconds']) * 1000:.0f} ms (gunicorn), fichier écrit par "
        f"db_worker en {figures['worker_seconds']:.0f} s "
        f"(CPU {figures['worker_cpu_seconds']:.0f} s), "
        f"{figures['file_megabytes']:.0f} Mo, "
        f"pic mémoire du worker {figures['worker_peak_rss_mb']:.0f} Mo "
        f"(objectif de la redirection < 1 s : {held}).\n"
    )


if __name__ == "__main__":
    main()
