"""Delete the files of the exports past their date (issue 15); run daily from cron
(docs/deployment.md). The jobs stay on « Mes exports », marked « expiré »."""

from django.core.management.base import BaseCommand

from portal.exports import purge_expired_exports


class Command(BaseCommand):
    help = "Supprime les fichiers des exports arrivés à expiration."

    def handle(self, *args, **options):
        count = purge_expired_exports()
        self.stdout.write(f"{count} export(s) expiré(s) supprimé(s).")
