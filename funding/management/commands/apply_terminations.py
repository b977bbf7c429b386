"""The daily run of terminations (cron or systemd timer, see docs/deployment.md):

manage.py apply_terminations   cancels the instalments not yet paid of every convention whose
                               denunciation or termination has taken effect (seed 001 art. 9)

A termination takes effect on its notification and is applied at once; a denunciation
takes effect at the end of its notice (seed 002 §VII), which this run catches.
"""

from django.core.management.base import BaseCommand
from django.utils import timezone

from funding.services import terminations_take_effect


class Command(BaseCommand):
    help = "Annule les versements non payés des conventions dont la fin a pris effet."

    def handle(self, *args, **options):
        cancelled = terminations_take_effect(on=timezone.localdate())
        self.stdout.write(f"{cancelled} versement(s) annulé(s).")
