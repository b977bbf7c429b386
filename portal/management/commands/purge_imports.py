"""Forget old imports (issue 19, docs/rgpd.md): dry runs never confirmed and the files of
failed imports after IMPORT_DRAFT_RETENTION_DAYS (30), the log of a confirmed import after
AUDIT_RETENTION_DAYS (365); run daily from cron (docs/deployment.md)."""

from django.core.management.base import BaseCommand

from portal.imports.runs import purge_import_runs


class Command(BaseCommand):
    help = "Supprime les imports anciens et leurs fichiers, passé leur durée de conservation."

    def handle(self, *args, **options):
        runs, files = purge_import_runs()
        self.stdout.write(f"{runs} import(s) supprimé(s), {files} fichier(s) effacé(s).")
