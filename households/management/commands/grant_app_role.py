"""Give the application's PostgreSQL role its rights (households/database.py):

manage.py grant_app_role maillage_app     run by the role that migrates, after each migrate
"""

from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from households.database import grant_application_role


class Command(BaseCommand):
    help = (
        "Donne au rôle PostgreSQL de l'application ses droits : tout sur les tables métier, "
        "lecture et ajout seulement sur le journal des accès."
    )

    def add_arguments(self, parser):
        parser.add_argument("role", help="Le rôle PostgreSQL de l'application (maillage_app).")

    def handle(self, *args, role, **options):
        if connection.vendor != "postgresql":
            raise CommandError("Les rôles de base de données sont ceux de PostgreSQL.")
        grant_application_role(role)
        self.stdout.write(f"Droits de {role} à jour (journal des accès : lecture et ajout).")
