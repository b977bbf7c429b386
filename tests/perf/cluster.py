"""Past one machine, on one machine (issue 15): `make cluster` starts the layout a large
département runs, every piece on 127.0.0.1 on its own port; `make cluster-stop` stops it.

    primary PostgreSQL   :5432  the local cluster, as it is (CLUSTER_DATABASE_URL names the base)
    read replica         :5433  a physical standby of it, streaming (var/cluster/pg/data)
    Redis                :6379  cache and cached_db sessions, its own database number (/7)
    app server A, B      :8101, :8102  gunicorn with config/gunicorn.py, the same SECRET_KEY
    task worker          manage.py db_worker (django_tasks_db: the queue is a table)
    shared documents     var/cluster/shared/private (what S3 or a shared disk is in production)

What it changes outside var/cluster: when the primary refuses replication connections from
127.0.0.1, one line `host replication all 127.0.0.1/32 trust` is appended to the primary's
pg_hba.conf (marked with a comment, added once) and the configuration is reloaded. Nothing
else: the primary's wal_level must already allow a standby (`replica`, PostgreSQL's default).
Run as root, the standby runs as the `postgres` user (PostgreSQL refuses root).

The replica is a copy of the whole PostgreSQL cluster (every base on it, pg_basebackup -R);
it is kept between runs and restarted, and made again only when it can no longer stream.
The tests start their own app servers and worker with the same functions
(tests/perf/test_cluster.py), against the replica running here or one they start.

    python tests/perf/cluster.py start | stop | status | load-test
"""

import contextlib
import http.client
import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import psycopg

ROOT = Path(__file__).resolve().parents[2]
HOST = "127.0.0.1"
CLUSTER_DIR = Path(os.environ.get("CLUSTER_DIR", ROOT / "var" / "cluster"))
DATABASE_URL = os.environ.get(
    "CLUSTER_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/maillage_cluster"
)
REPLICA_PORT = int(os.environ.get("CLUSTER_REPLICA_PORT", "5433"))
REDIS_URL = os.environ.get("CLUSTER_REDIS_URL", "redis://127.0.0.1:6379/7")
APP_PORTS = [int(p) for p in os.environ.get("CLUSTER_PORTS", "8101,8102").split(",")]
# Two cores here: three sync workers a server, six in all (gunicorn's 2 × cores + 1 each
# would be ten processes fighting for two cores).
WORKERS_PER_SERVER = os.environ.get("CLUSTER_WEB_CONCURRENCY", "3")
HBA_LINE = "host replication all 127.0.0.1/32 trust"
HBA_MARK = "# maillage `make cluster`: a streaming replica on this machine (tests/perf/cluster.py)"
PG_SETTINGS_FOLLOWED = (
    # A hot standby refuses to start with less of these than its primary.
    "max_connections",
    "max_worker_processes",
    "max_wal_senders",
    "max_prepared_transactions",
    "max_locks_per_transaction",
)


class ClusterError(RuntimeError):
    pass


# ------------------------------------------------------------------------------ databases
def with_port(url: str, port: int) -> str:
    parts = urlsplit(url)
    netloc = parts.netloc.rsplit("@", 1)
    host = netloc[-1].rsplit(":", 1)[0] if ":" in netloc[-1] else netloc[-1]
    netloc[-1] = f"{host}:{port}"
    return urlunsplit(parts._replace(netloc="@".join(netloc)))


def with_database(url: str, name: str) -> str:
    return urlunsplit(urlsplit(url)._replace(path=f"/{name}"))


def _connect(url: str, **kwargs) -> psycopg.Connection:
    return psycopg.connect(url, autocommit=True, connect_timeout=30, **kwargs)


def _pg_bin(primary_url: str) -> Path:
    with _connect(with_database(primary_url, "postgres")) as conn:
        major = int(conn.execute("SHOW server_version_num").fetchone()[0]) // 10000
    for candidate in (Path(f"/usr/lib/postgresql/{major}/bin"), Path("/usr/local/pgsql/bin")):
        if (candidate / "pg_ctl").exists():
            return candidate
    found = shutil.which("pg_ctl")
    if not found:
        raise ClusterError("pg_ctl introuvable : installez le serveur PostgreSQL")
    return Path(found).resolve().parent


def _as_postgres(command: list[str]) -> list[str]:
    """PostgreSQL refuses to run as root: the standby is the `postgres` user's."""
    if os.geteuid() == 0:
        return ["runuser", "-u", "postgres", "--", *command]
    return command


def _chown_to_postgres(path: Path) -> None:
    if os.geteuid() == 0:
        shutil.chown(path, "postgres", "postgres")


def allow_replication(primary_url: str) -> str:
    """The primary accepts a replication connection from 127.0.0.1, adding the pg_hba line
    once if it does not. Returns what was done, for the log."""
    admin = with_database(primary_url, "postgres")
    with _connect(admin) as conn:
        wal_level = conn.execute("SHOW wal_level").fetchone()[0]
        senders = int(conn.execute("SHOW max_wal_senders").fetchone()[0])
        hba_file = conn.execute("SHOW hba_file").fetchone()[0]
    if wal_level == "minimal" or senders == 0:
        raise ClusterError(
            f"le primaire ne peut pas avoir de réplique (wal_level={wal_level}, "
            f"max_wal_senders={senders}) : wal_level=replica et redémarrage nécessaires"
        )
    if _replication_works(primary_url):
        return "réplication déjà permise"
    hba = Path(hba_file)
    try:
        text = hba.read_text()
        if HBA_LINE not in text:
            hba.write_text(text.rstrip("\n") + f"\n{HBA_MARK}\n{HBA_LINE}\n")
    except PermissionError as error:
        raise ClusterError(
            f"le primaire refuse la réplication et {hba} n'est pas modifiable : ajoutez-y "
            f"« {HBA_LINE} » puis SELECT pg_reload_conf()"
        ) from error
    with _connect(admin) as conn:
        conn.execute("SELECT pg_reload_conf()")
    deadline = time.monotonic() + 5
    while not _replication_works(primary_url):
        if time.monotonic() > deadline:
            raise ClusterError(f"réplication toujours refusée après l'ajout dans {hba}")
        time.sleep(0.2)
    return f"ligne ajoutée à {hba} : {HBA_LINE}"


def _replication_works(primary_url: str) -> bool:
    try:
        with _connect(with_database(primary_url, "postgres"), replication="true") as conn:
            # A replication connection speaks the simple query protocol only.
            result = conn.pgconn.exec_(b"IDENTIFY_SYSTEM")
            return result.status == psycopg.pq.ExecStatus.TUPLES_OK
    except psycopg.OperationalError:
        return False


def replica_home() -> Path:
    """var/cluster/pg, unless the `postgres` user cannot reach it (a checkout in /root): then
    beside the other clusters of this machine."""
    if os.geteuid() == 0:
        CLUSTER_DIR.mkdir(parents=True, exist_ok=True)
        if subprocess.run(_as_postgres(["test", "-x", str(CLUSTER_DIR)])).returncode:
            return Path("/var/lib/postgresql/maillage-cluster")
    return CLUSTER_DIR / "pg"


@dataclass
class Replica:
    """A physical standby of the primary's whole PostgreSQL cluster, in `home`."""

    primary_url: str
    port: int = REPLICA_PORT
    home: Path = field(default_factory=lambda: replica_home())

    @property
    def data(self) -> Path:
        return self.home / "data"

    @property
    def log(self) -> Path:
        return self.home / "replica.log"

    def url(self, database_url: str) -> str:
        """`database_url`'s base, on the replica."""
        return with_port(database_url, self.port)

    def _admin_url(self) -> str:
        return with_port(with_database(self.primary_url, "postgres"), self.port)

    def _pg_ctl(self, *args: str, check: bool = True) -> subprocess.CompletedProcess:
        command = [str(_pg_bin(self.primary_url) / "pg_ctl"), "-D", str(self.data), *args]
        return subprocess.run(
            _as_postgres(command), capture_output=True, text=True, check=check, timeout=120
        )

    def running(self) -> bool:
        return self.data.exists() and self._pg_ctl("status", check=False).returncode == 0

    def streaming(self) -> bool:
        try:
            with _connect(self._admin_url()) as conn:
                in_recovery = conn.execute("SELECT pg_is_in_recovery()").fetchone()[0]
                row = conn.execute("SELECT status FROM pg_stat_wal_receiver").fetchone()
        except psycopg.OperationalError:
            return False
        return in_recovery and row is not None and row[0] == "streaming"

    def _wait_streaming(self, timeout: float) -> bool:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.streaming():
                return True
            time.sleep(0.3)
        return False

    def ensure(self) -> str:
        """Running and streaming: kept if it is, restarted if it stopped, made again if it
        can no longer follow the primary."""
        if self.running() and self._wait_streaming(10):
            return "réplique déjà en route"
        if self.data.exists():
            if not self.running():
                self._start()
            if self._wait_streaming(15):
                return "réplique redémarrée"
            self.stop()
        allow_replication(self.primary_url)
        self._base_backup()
        self._start()
        if not self._wait_streaming(30):
            raise ClusterError(f"la réplique ne suit pas le primaire : voir {self.log}")
        return "réplique créée (pg_basebackup)"

    def _base_backup(self) -> None:
        shutil.rmtree(self.data, ignore_errors=True)
        self.home.mkdir(parents=True, exist_ok=True)
        self.home.chmod(0o700)
        _chown_to_postgres(self.home)
        primary = urlsplit(self.primary_url)
        subprocess.run(
            _as_postgres(
                [
                    str(_pg_bin(self.primary_url) / "pg_basebackup"),
                    "-h",
                    primary.hostname or HOST,
                    "-p",
                    str(primary.port or 5432),
                    "-U",
                    primary.username or "postgres",
                    "-D",
                    str(self.data),
                    "-R",  # standby.signal and primary_conninfo
                    "-X",
                    "stream",
                    "-c",
                    "fast",
                ]
            ),
            check=True,
            capture_output=True,
            timeout=1800,
        )
        # Debian keeps the configuration in /etc: the standby gets its own, minimal one.
        with _connect(with_database(self.primary_url, "postgres")) as conn:
            followed = {
                name: conn.execute(f"SHOW {name}").fetchone()[0] for name in PG_SETTINGS_FOLLOWED
            }
        conf = [
            "# the standby of `make cluster` (tests/perf/cluster.py)",
            "hot_standby = on",
            "unix_socket_directories = ''",  # TCP only: no socket path too long
            "shared_buffers = 128MB",
            *(f"{name} = {value}" for name, value in followed.items()),
        ]
        for name, text in (
            ("postgresql.conf", "\n".join(conf) + "\n"),
            ("pg_hba.conf", "local all all trust\nhost all all 127.0.0.1/32 trust\n"),
            ("pg_ident.conf", ""),
        ):
            target = self.data / name
            target.write_text(text)
            _chown_to_postgres(target)

    def _start(self) -> None:
        options = f"-c port={self.port} -c listen_addresses={HOST}"
        self._pg_ctl("-l", str(self.log), "-o", options, "-w", "-t", "60", "start")

    def stop(self) -> None:
        if self.running():
            self._pg_ctl("-m", "fast", "-w", "stop", check=False)

    def catch_up(self, timeout: float = 15) -> None:
        """Wait until the replica has replayed everything the primary wrote so far."""
        with _connect(with_database(self.primary_url, "postgres")) as conn:
            target = conn.execute("SELECT pg_current_wal_lsn()::text").fetchone()[0]
        deadline = time.monotonic() + timeout
        with _connect(self._admin_url()) as conn:
            while True:
                behind = conn.execute(
                    "SELECT pg_wal_lsn_diff(%s::pg_lsn, pg_last_wal_replay_lsn()) > 0", [target]
                ).fetchone()[0]
                if not behind:
                    return
                if time.monotonic() > deadline:
                    raise ClusterError("la réplique ne rattrape pas le primaire")
                time.sleep(0.05)

    @contextlib.contextmanager
    def replay_paused(self):
        """The replica stops replaying the primary's changes (it still receives them)."""
        with _connect(self._admin_url()) as conn:
            conn.execute("SELECT pg_wal_replay_pause()")
            # From now on no further record is replayed: the startup process checks the
            # request before each one ("pause requested" until one arrives, then "paused").
            state = conn.execute("SELECT pg_get_wal_replay_pause_state()").fetchone()[0]
            if state == "not paused":
                raise ClusterError("la relecture de la réplique ne s'est pas suspendue")
            try:
                yield
            finally:
                conn.execute("SELECT pg_wal_replay_resume()")


# ---------------------------------------------------------------------------------- Redis
def ensure_redis(url: str, home: Path) -> str:
    """Redis answers at `url`; started here (and stopped by `stop`) only if nothing does."""
    import redis

    try:
        redis.Redis.from_url(url, socket_connect_timeout=2).ping()
        return "Redis déjà en route"
    except redis.ConnectionError:
        pass
    server = shutil.which("redis-server")
    parts = urlsplit(url)
    if server is None or parts.hostname not in (HOST, "localhost"):
        raise ClusterError(f"Redis ne répond pas à {url} (apt-get install redis-server)")
    home.mkdir(parents=True, exist_ok=True)
    subprocess.run(
        [
            server,
            "--port",
            str(parts.port or 6379),
            "--bind",
            HOST,
            "--daemonize",
            "yes",
            "--save",
            "",
            "--dir",
            str(home),
            "--pidfile",
            str(home / "redis.pid"),
            "--logfile",
            str(home / "redis.log"),
        ],
        check=True,
    )
    deadline = time.monotonic() + 10
    while True:
        try:
            redis.Redis.from_url(url).ping()
            return "Redis démarré"
        except redis.ConnectionError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.2)


# ------------------------------------------------------------------- app servers and worker
def free_port() -> int:
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        return probe.getsockname()[1]


def _secret_key(home: Path) -> str:
    """One key for every server: a session or a CSRF token signed by A is valid on B."""
    path = home / "secret_key"
    if not path.exists():
        home.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_urlsafe(64))
        path.chmod(0o600)
    return path.read_text().strip()


def app_environment(
    database_url: str,
    replica_url: str,
    redis_url: str,
    shared_dir: Path,
    secret_key: str,
    **extra: str,
) -> dict[str, str]:
    """What every server and the worker share: the same bases, Redis, files and key."""
    environment = {
        key: value
        for key, value in os.environ.items()
        if key not in ("DJANGO_SETTINGS_MODULE", "MAILLAGE_PROCESS")
        and not key.startswith(("PYTEST_", "CLUSTER_"))
    }
    environment.update(
        {
            "DATABASE_URL": database_url,
            "DATABASE_REPLICA_URL": replica_url,
            "REDIS_URL": redis_url,
            "TASKS_BACKEND": "django_tasks_db.DatabaseBackend",
            # PRIVATE_MEDIA_ROOT is <MAILLAGE_VAR_DIR>/private: one folder for all of them.
            "MAILLAGE_VAR_DIR": str(shared_dir),
            "SECRET_KEY": secret_key,
            "DEBUG": "0",
            "ALLOWED_HOSTS": f"{HOST},localhost",
            # Plain HTTP on the loopback: TLS is the reverse proxy's, in front of them.
            "SECURE_SSL_REDIRECT": "0",
            "SESSION_COOKIE_SECURE": "0",
            "CSRF_COOKIE_SECURE": "0",
            "MAILLAGE_PLAIN_STATIC": "1",
            "CONN_MAX_AGE": "60",
            "WEB_CONCURRENCY": WORKERS_PER_SERVER,
            "GUNICORN_LOG_LEVEL": "warning",
            "LOG_LEVEL": "ERROR",
        }
    )
    environment.update(extra)
    return environment


@dataclass
class Process:
    name: str
    command: list[str]
    environment: dict[str, str]
    home: Path
    port: int | None = None
    popen: subprocess.Popen | None = None

    @property
    def pid_file(self) -> Path:
        return self.home / f"{self.name}.pid"

    @property
    def log(self) -> Path:
        return self.home / f"{self.name}.log"

    def start(self) -> None:
        self.home.mkdir(parents=True, exist_ok=True)
        with self.log.open("ab") as log:
            self.popen = subprocess.Popen(
                self.command,
                cwd=ROOT,
                env=self.environment,
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,  # its own process group: stopped with its children
            )
        self.pid_file.write_text(str(self.popen.pid))

    def wait_ready(self, timeout: float = 60) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.popen is not None and self.popen.poll() is not None:
                raise ClusterError(f"{self.name} s'est arrêté : {self.log.read_text()[-3000:]}")
            if self.port is None:
                if time.monotonic() > deadline - timeout + 2:  # alive after 2 s
                    return
            elif self._answers():
                return
            time.sleep(0.2)
        raise ClusterError(f"{self.name} n'a pas démarré : voir {self.log}")

    def _answers(self) -> bool:
        """The sign-in page is served: a worker has loaded the application (and warmed up)."""
        connection = http.client.HTTPConnection(HOST, self.port, timeout=30)
        try:
            connection.request("GET", "/connexion/", headers={"Host": f"{HOST}:{self.port}"})
            return connection.getresponse().status == 200
        except OSError:
            return False
        finally:
            connection.close()


def stop_pid_files(pid_files: list[Path], timeout: float = 30) -> list[Path]:
    """Stop the process groups the pid files name (each leader and the workers it forked),
    all at once: SIGTERM, then SIGKILL after `timeout`. Returns those that were running."""
    groups = {}
    for pid_file in pid_files:
        if not pid_file.exists():
            continue
        pid = int(pid_file.read_text())
        pid_file.unlink()
        with contextlib.suppress(ProcessLookupError):
            os.killpg(pid, signal.SIGTERM)
            groups[pid] = pid_file
    deadline = time.monotonic() + timeout
    waiting = set(groups)
    while waiting and time.monotonic() < deadline:
        for pid in list(waiting):
            with contextlib.suppress(ChildProcessError):
                os.waitpid(pid, os.WNOHANG)
            try:
                os.killpg(pid, 0)
            except ProcessLookupError:
                waiting.discard(pid)
        time.sleep(0.1)
    for pid in waiting:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(pid, signal.SIGKILL)
    return list(groups.values())


def stop_pid_file(pid_file: Path, timeout: float = 30) -> bool:
    return bool(stop_pid_files([pid_file], timeout))


def app_processes(environment: dict[str, str], ports: list[int], home: Path) -> list[Process]:
    bin_dir = Path(sys.executable).parent
    processes = [
        Process(
            name=f"web-{chr(ord('a') + index)}",
            command=[str(bin_dir / "gunicorn"), "-c", "config/gunicorn.py", "config.wsgi"],
            environment={
                **environment,
                "GUNICORN_BIND": f"{HOST}:{port}",
                "GUNICORN_ACCESS_LOG": str(home / f"web-{chr(ord('a') + index)}.access.log"),
            },
            home=home,
            port=port,
        )
        for index, port in enumerate(ports)
    ]
    processes.append(
        Process(
            name="worker",
            command=[
                sys.executable,
                "manage.py",
                "db_worker",
                "--interval",
                "0.5",
                "--no-startup-delay",
                "--no-reload",
            ],
            environment=environment,
            home=home,
        )
    )
    return processes


@dataclass
class Cluster:
    """Two (or more) app servers and a worker on one primary, its replica and Redis."""

    database_url: str = DATABASE_URL
    ports: list[int] = field(default_factory=lambda: list(APP_PORTS))
    redis_url: str = REDIS_URL
    home: Path = CLUSTER_DIR
    replica: Replica | None = None
    extra_environment: dict[str, str] = field(default_factory=dict)
    processes: list[Process] = field(default_factory=list)

    @property
    def shared_dir(self) -> Path:
        return self.home / "shared"

    @property
    def replica_url(self) -> str:
        return self.replica.url(self.database_url)

    def environment(self) -> dict[str, str]:
        return app_environment(
            self.database_url,
            self.replica_url,
            self.redis_url,
            self.shared_dir,
            _secret_key(self.home),
            **self.extra_environment,
        )

    def start(self, say=print, migrate: bool = True) -> None:
        if self.replica is None:
            self.replica = Replica(self.database_url)
        say(self.replica.ensure())
        say(ensure_redis(self.redis_url, self.home))
        self.stop_apps()
        environment = self.environment()
        if migrate:
            migrated = subprocess.run(
                [sys.executable, "manage.py", "migrate", "--noinput", "-v", "0"],
                cwd=ROOT,
                # A command waits longer for its connection than a page (3 s).
                env={**environment, "DATABASE_REPLICA_URL": "", "DB_CONNECT_TIMEOUT": "20"},
                capture_output=True,
                text=True,
            )
            if migrated.returncode:
                raise ClusterError(f"migrate a échoué : {migrated.stderr[-3000:]}")
        self.replica.catch_up(timeout=120)
        self.processes = app_processes(environment, self.ports, self.home)
        for process in self.processes:
            process.start()
        for process in self.processes:
            process.wait_ready()
        (self.home / "cluster.json").write_text(json.dumps(self.describe(), indent=2) + "\n")

    def describe(self) -> dict:
        return {
            "database_url": self.database_url,
            "replica_url": self.replica_url,
            "redis_url": self.redis_url,
            "shared_documents": str(self.shared_dir / "private"),
            "servers": [f"http://{HOST}:{port}/" for port in self.ports],
            "processes": {p.name: p.popen.pid for p in self.processes if p.popen},
            "logs": str(self.home),
        }

    def stop_apps(self) -> None:
        stop_pid_files([p for p in sorted(self.home.glob("*.pid")) if p.name != "redis.pid"])
        for process in self.processes:
            if process.popen is not None:
                process.popen.wait(timeout=10)


def _wrk_each(ports: list[int], shares: list[int], script: Path, duration: int) -> list[str]:
    """One wrk a server, all at once; their outputs."""
    runs = [
        subprocess.Popen(
            [
                "wrk",
                "-t1",
                f"-c{share}",
                f"-d{duration}s",
                "--latency",
                "--timeout",
                "10s",
                "-s",
                str(script),
                f"http://{HOST}:{port}/",
            ],
            stdout=subprocess.PIPE,
            text=True,
        )
        for port, share in zip(ports, shares, strict=True)
    ]
    return [run.communicate(timeout=duration + 120)[0] for run in runs]


def _database_stats(description: dict) -> dict:
    stats = {}
    for role in ("primary", "replica"):
        url = description["database_url" if role == "primary" else "replica_url"]
        name = urlsplit(url).path.lstrip("/")
        with _connect(url) as conn:
            row = conn.execute(
                "SELECT xact_commit, tup_returned, tup_fetched FROM pg_stat_database"
                " WHERE datname = %s",
                [name],
            ).fetchone()
        stats[role] = dict(zip(("xact_commit", "tup_returned", "tup_fetched"), row, strict=True))
    return stats


def load_test(connections: int = 50, duration: int = 60, warm_up: int = 10) -> dict:
    """The load test of tests/perf/loadtest.py through every app server of the running
    cluster at once: one wrk a server, the connections shared between them, wrk's raw output
    kept in var/bench/, the percentiles of all requests merged from wrk's histograms."""
    from tests.perf.loadtest import LUA, RAW_DIR, _lua_table, merged_percentiles, parse_wrk

    description = json.loads((CLUSTER_DIR / "cluster.json").read_text())
    environment = app_environment(
        description["database_url"],
        description["replica_url"],
        description["redis_url"],
        CLUSTER_DIR / "shared",
        _secret_key(CLUSTER_DIR),
    )
    made = subprocess.run(
        [sys.executable, "tests/perf/loadtest.py", "sessions"],
        cwd=ROOT,
        env=environment,
        check=True,
        capture_output=True,
        text=True,
    )
    script = CLUSTER_DIR / "loadtest.lua"
    script.write_text(LUA % {"sessions": _lua_table(json.loads(made.stdout))})
    ports = [urlsplit(server).port for server in description["servers"]]
    shares = [connections // len(ports) + (i < connections % len(ports)) for i in range(len(ports))]
    _wrk_each(ports, shares, script, warm_up)  # not counted: the workers load their pages
    before = _database_stats(description)
    texts = _wrk_each(ports, shares, script, duration)
    time.sleep(11)  # PostgreSQL publishes a busy backend's counters at least every 10 s
    after = _database_stats(description)
    RAW_DIR.mkdir(parents=True, exist_ok=True)
    stamp = time.strftime("%Y%m%d-%H%M%S")
    servers = []
    for port, share, text in zip(ports, shares, texts, strict=True):
        raw = RAW_DIR / f"wrk-cluster-{stamp}-{port}.txt"
        raw.write_text(text)
        figures = parse_wrk(text)
        servers.append(
            {"port": port, "connections": share, **figures, "raw_file": str(raw.relative_to(ROOT))}
        )
    merged = merged_percentiles(texts)
    return {
        "database_url": description["database_url"],
        "connections": connections,
        "duration": duration,
        "warm_up": warm_up,
        "requests": sum(s["requests"] for s in servers),
        "rps": sum(s["rps"] for s in servers),
        "errors": sum(s["errors"] for s in servers),
        **{k: merged[k] for k in ("p50", "p90", "p95", "p99", "max")},
        "servers": servers,
        # Transactions and rows read during the run, on each; the primary's include whatever
        # else uses that base meanwhile, the replica's are the app servers' alone.
        "databases": {
            role: {key: after[role][key] - before[role][key] for key in after[role]}
            for role in after
        },
    }


def start() -> None:
    cluster = Cluster()
    cluster.start()
    description = cluster.describe()
    print(json.dumps(description, indent=2))
    print(
        "Maillage en grappe : "
        + " et ".join(description["servers"])
        + f" ; journaux dans {description['logs']} ; arrêt : make cluster-stop"
    )


def stop() -> None:
    Cluster().stop_apps()
    Replica(DATABASE_URL).stop()
    if stop_pid_file(CLUSTER_DIR / "redis.pid"):
        print("Redis (démarré par make cluster) arrêté")
    (CLUSTER_DIR / "cluster.json").unlink(missing_ok=True)
    print("Grappe arrêtée (la réplique garde ses données dans var/cluster/pg)")


def status() -> None:
    replica = Replica(DATABASE_URL)
    print(f"réplique :{replica.port} {'en flux' if replica.streaming() else 'arrêtée'}")
    for pid_file in sorted(CLUSTER_DIR.glob("*.pid")):
        pid = int(pid_file.read_text())
        try:
            os.kill(pid, 0)
            state = "en route"
        except ProcessLookupError:
            state = "arrêté"
        print(f"{pid_file.stem} (pid {pid}) {state}")


def print_load_test() -> None:
    result = load_test()
    print(json.dumps(result, indent=2))
    print(
        f"{result['connections']} connexions, {result['duration']} s : "
        f"{result['requests']} requêtes ({result['rps']:.1f}/s), {result['errors']} erreurs ; "
        + ", ".join(f"{p} {result[p]} ms" for p in ("p50", "p95", "p99"))
    )


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    commands = {"start": start, "stop": stop, "status": status, "load-test": print_load_test}
    if sys.argv[1:2] and sys.argv[1] in commands:
        try:
            commands[sys.argv[1]]()
        except ClusterError as error:
            raise SystemExit(f"make cluster : {error}") from error
    else:
        raise SystemExit("usage: cluster.py start | stop | status | load-test")
