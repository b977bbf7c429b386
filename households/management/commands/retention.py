"""The daily retention task (cron or systemd timer, see docs/rgpd.md):

manage.py retention --dry-run   lists what it would do, changes nothing
manage.py retention             warns referents, anonymises, purges the access log and
                                the transition accesses past their end (issue 16)
manage.py retention --check     exits 1 when a household is kept past the policy
"""

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from django.utils.formats import date_format

from households.retention import overdue, retention_run
from households.services import purge_ended_accesses


class Command(BaseCommand):
    help = "Conservation des données des ménages : avertit, anonymise, purge le journal."

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="Lister sans rien modifier.")
        parser.add_argument(
            "--check", action="store_true", help="Échouer si un ménage dépasse la durée prévue."
        )

    def handle(self, *args, dry_run=False, check=False, **options):
        today = timezone.localdate()
        if check:
            late = overdue(today)
            self.stdout.write(f"{len(late)} ménage(s) conservé(s) au-delà de la durée prévue.")
            if late:
                ids = ", ".join(str(h.pk) for h, _end in late[:20])
                raise CommandError(f"Conservation dépassée (ménages n° {ids}).")
            return
        report = retention_run(today=today, dry_run=dry_run)
        prefix = "[simulation] " if dry_run else ""
        for household, end in report.warned:
            self.stdout.write(
                f"{prefix}prévenir le référent : ménage {household.reference}, "
                f"fin de conservation le {date_format(end, 'j F Y')}"
            )
        for household, end in report.anonymised:
            self.stdout.write(
                f"{prefix}anonymiser : ménage {household.reference} "
                f"(conservation échue le {date_format(end, 'j F Y')})"
            )
        self.stdout.write(
            f"{prefix}{len(report.warned)} avertissement(s), {len(report.anonymised)} "
            f"anonymisation(s), {report.audit_purged} entrée(s) du journal à purger."
        )
        if not dry_run:
            # issue 16: the transition accesses past their end (the perimeter already ignores
            # them; this only keeps the table small).
            ended = purge_ended_accesses()
            self.stdout.write(f"{ended} accès de transition échu(s) effacé(s).")
