"""`manage.py restore FOLDER --yes`: replace the database and documents by a backup."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from partnerships.backup import BackupError, restore


class Command(BaseCommand):
    help = "Restaure une sauvegarde (remplace la base et les documents)."

    def add_arguments(self, parser):
        parser.add_argument("folder")
        parser.add_argument("--yes", action="store_true", help="Confirmer le remplacement.")
        parser.add_argument("--database-url", help="Restaurer dans une autre base.")
        parser.add_argument("--documents", help="Restaurer les documents dans ce dossier.")

    def handle(self, *args, folder, yes=False, database_url=None, documents=None, **options):
        if not yes:
            raise CommandError("La restauration remplace les données : ajoutez --yes.")
        try:
            restore(
                Path(folder),
                database_url=database_url,
                documents=Path(documents) if documents else None,
            )
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(f"Sauvegarde {folder} restaurée.")
