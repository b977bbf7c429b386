"""issue 8: a backup and restore round trip of the PostgreSQL database and the documents,
nothing lost (`manage.py backup`, `manage.py restore`)."""

from pathlib import Path

import psycopg
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from households import services
from households.enums import AuditAction, DocumentKind
from households.models import AuditEntry, Document
from partnerships.backup import SUMS, BackupError, verify
from tests.households.factories import MemberFactory

PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
SCRATCH = "maillage_restauration_test"


def test_a_damaged_backup_is_refused(tmp_path):
    folder = tmp_path / "sauvegarde"
    folder.mkdir()
    (folder / "documents.tar.gz").write_bytes(b"contenu")
    (folder / SUMS).write_text("0" * 64 + "  documents.tar.gz\n")
    with pytest.raises(BackupError, match="endommagé"):
        verify(folder)


def test_restore_asks_for_confirmation(tmp_path):
    with pytest.raises(CommandError, match="--yes"):
        call_command("restore", str(tmp_path))


def _counts(conn) -> dict[str, int]:
    with conn.cursor() as cursor:
        cursor.execute(
            "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename"
        )
        tables = [row[0] for row in cursor.fetchall()]
        counts = {}
        for table in tables:
            cursor.execute(f'SELECT count(*) FROM "{table}"')
            counts[table] = cursor.fetchone()[0]
    return counts


@pytest.mark.skipif(connection.vendor != "postgresql", reason="pg_dump / pg_restore")
@pytest.mark.django_db(transaction=True)
def test_backup_and_restore_round_trip_loses_nothing(world, household, tmp_path, settings):
    MemberFactory(household=household, last_name="Tartempion")
    document = services.document_upload(
        household=household,
        by=world.users.social_worker,
        kind=DocumentKind.CONTRACT,
        title="Contrat d'accompagnement",
        upload=SimpleUploadedFile("contrat.pdf", PDF),
    )
    AuditEntry.objects.create(household=household, action=AuditAction.VIEW_FILE)
    folder = tmp_path / "sauvegarde"
    call_command("backup", str(folder))
    assert {p.name for p in folder.iterdir()} == {"database.dump", "documents.tar.gz", SUMS}

    config = connection.settings_dict
    params = {
        "host": config["HOST"] or None,
        "port": config["PORT"] or None,
        "user": config["USER"] or None,
        "password": config["PASSWORD"] or None,
    }
    with psycopg.connect(dbname="postgres", autocommit=True, **params) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{SCRATCH}"')
        admin.execute(f'CREATE DATABASE "{SCRATCH}"')
    try:
        user = config["USER"] or "postgres"
        host = config["HOST"] or "127.0.0.1"
        port = config["PORT"] or 5432
        url = f"postgres://{user}@{host}:{port}/{SCRATCH}"
        restored_documents = tmp_path / "documents"
        call_command(
            "restore",
            str(folder),
            "--yes",
            "--database-url",
            url,
            "--documents",
            str(restored_documents),
        )
        with (
            psycopg.connect(dbname=config["NAME"], **params) as original,
            psycopg.connect(dbname=SCRATCH, **params) as restored,
        ):
            assert _counts(restored) == _counts(original)
            row = restored.execute(
                "SELECT last_name FROM households_member WHERE household_id = %s",
                [household.pk],
            ).fetchone()
            assert row == ("Tartempion",)
            # The access log is still append-only in the restored base.
            triggers = restored.execute(
                "SELECT tgname FROM pg_trigger WHERE tgname = 'households_auditentry_append_only'"
            ).fetchall()
            assert len(triggers) == 1
        stored = Document.objects.get(pk=document.pk).file.name
        assert (Path(restored_documents) / stored).read_bytes() == PDF
    finally:
        with psycopg.connect(dbname="postgres", autocommit=True, **params) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{SCRATCH}"')
