"""manage.py rebuild_household_access — recompute who may read each household's file.

The access table (HouseholdAccess) is kept by the services; this repairs it after a write
that went around them (a restore, a manual fix in the database): it recomputes every
household's derived accesses from their sources, by batches, and writes only the difference.
Idempotent: a second run writes nothing.
"""

import time

from django.core.management.base import BaseCommand

from households.services import rebuild_access


class Command(BaseCommand):
    help = "Recalcule la table des accès aux dossiers des ménages depuis leurs sources."

    def add_arguments(self, parser):
        parser.add_argument(
            "--batch", type=int, default=5000, help="Ménages par transaction (5000)."
        )

    def handle(self, *args, batch=5000, **options):
        start = time.perf_counter()

        def report(done, total):
            if options["verbosity"] > 1:
                self.stdout.write(f"… ménages jusqu'au n° {done} sur {total}")

        added, removed = rebuild_access(batch=batch, report=report)
        self.stdout.write(
            f"Accès aux dossiers : {added} ajouté(s), {removed} retiré(s) "
            f"en {time.perf_counter() - start:.1f} s."
        )
