"""Backup and restore of the whole of Maillage: the database and the private documents.

PostgreSQL (production): `pg_dump --format=custom`, restored with `pg_restore --clean`; the
embedded SQLite: its online backup API. The documents folder goes in a tar archive beside
it, and a SHA256SUMS file lets the restore refuse a damaged backup. docs/deployment.md
describes the continuous archiving (point-in-time recovery) that production adds.
"""

import hashlib
import os
import shutil
import sqlite3
import subprocess
import tarfile
from pathlib import Path

import dj_database_url
from django.conf import settings
from django.db import connections

DUMP = "database.dump"
SQLITE = "database.sqlite3"
DOCUMENTS = "documents.tar.gz"
SUMS = "SHA256SUMS"


class BackupError(Exception):
    pass


def _documents_root() -> Path | None:
    """The local folder of the documents; None when they live on S3-compatible storage,
    whose own versioning and replication back them up (docs/deployment.md)."""
    location = settings.STORAGES["default"].get("OPTIONS", {}).get("location")
    return Path(location) if location else None


def _pg_env(config: dict) -> dict:
    env = dict(os.environ)
    for key, name in (("HOST", "PGHOST"), ("PORT", "PGPORT"), ("USER", "PGUSER")):
        if config.get(key):
            env[name] = str(config[key])
    if config.get("PASSWORD"):
        env["PGPASSWORD"] = config["PASSWORD"]
    return env


def _run(command: list[str], env: dict) -> None:
    result = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        raise BackupError(f"{command[0]} a échoué : {result.stderr.strip()[:500]}")


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def backup(target: Path) -> Path:
    """Write a complete backup into the new folder `target`; returns it."""
    target.mkdir(parents=True, exist_ok=False)
    config = connections["default"].settings_dict
    if config["ENGINE"].endswith("postgresql"):
        _run(
            [
                "pg_dump",
                "--format=custom",
                "--no-owner",
                "--file",
                str(target / DUMP),
                config["NAME"],
            ],
            _pg_env(config),
        )
    else:
        source = sqlite3.connect(config["NAME"])
        destination = sqlite3.connect(target / SQLITE)
        with destination:
            source.backup(destination)
        source.close()
        destination.close()
    root = _documents_root()
    with tarfile.open(target / DOCUMENTS, "w:gz") as archive:
        if root is not None and root.exists():
            archive.add(root, arcname="documents")
    lines = [f"{_sha256(path)}  {path.name}" for path in sorted(target.iterdir())]
    (target / SUMS).write_text("\n".join(lines) + "\n")
    return target


def verify(source: Path) -> None:
    sums = source / SUMS
    if not sums.exists():
        raise BackupError(f"{sums} manque : ce n'est pas une sauvegarde de Maillage.")
    for line in sums.read_text().splitlines():
        expected, name = line.split("  ", 1)
        if _sha256(source / name) != expected:
            raise BackupError(f"{name} est endommagé (empreinte différente).")


def restore(source: Path, *, database_url: str | None = None, documents: Path | None = None):
    """Restore a backup into the configured database (or `database_url`) and documents
    folder (or `documents`), replacing what they hold."""
    verify(source)
    config = (
        dj_database_url.parse(database_url).copy()
        if database_url
        else dict(connections["default"].settings_dict)
    )
    if (source / DUMP).exists():
        if not config["ENGINE"].endswith("postgresql"):
            raise BackupError("Cette sauvegarde PostgreSQL ne se restaure que dans PostgreSQL.")
        _run(
            [
                "pg_restore",
                "--clean",
                "--if-exists",
                "--no-owner",
                "--exit-on-error",
                "--dbname",
                config["NAME"],
                str(source / DUMP),
            ],
            _pg_env(config),
        )
    else:
        if config["ENGINE"].endswith("postgresql"):
            raise BackupError("Cette sauvegarde SQLite ne se restaure que dans SQLite.")
        connections["default"].close()
        shutil.copyfile(source / SQLITE, config["NAME"])
    root = documents or _documents_root()
    if root is None:
        return
    if root.exists():
        shutil.rmtree(root)
    root.mkdir(parents=True)
    with tarfile.open(source / DOCUMENTS, "r:gz") as archive:
        for member in archive.getmembers():
            if not member.name.startswith("documents"):
                continue
            member.name = member.name.removeprefix("documents").lstrip("/")
            if member.name:
                archive.extract(member, root, filter="data")
