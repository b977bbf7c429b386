"""`manage.py backup [FOLDER]`: the database and the documents, checked by SHA256SUMS."""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from partnerships.backup import BackupError, backup


class Command(BaseCommand):
    help = "Sauvegarde complète : base de données et documents."

    def add_arguments(self, parser):
        parser.add_argument("folder", nargs="?", help="Dossier à créer (var/sauvegardes/… sinon).")

    def handle(self, *args, folder=None, **options):
        target = (
            Path(folder)
            if folder
            else settings.VAR_DIR / "sauvegardes" / timezone.now().strftime("%Y-%m-%d-%H%M%S")
        )
        try:
            backup(target)
        except (BackupError, FileExistsError) as error:
            raise CommandError(str(error)) from error
        self.stdout.write(f"Sauvegarde écrite dans {target}")
