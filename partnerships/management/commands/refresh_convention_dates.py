"""The nightly run of the conventions' dates (cron or systemd timer, see docs/deployment.md):

manage.py refresh_convention_dates   updates the status, effective end and last day to denounce
                                     of every convention as of today: an end reached (expired),
                                     a new term of a tacit convention (renewed), a denunciation
                                     whose notice ran out (terminated).

The writes (signature, amendment, denunciation, termination) refresh them at once; this run
catches what only the passing of the days changes.
"""

from django.core.management.base import BaseCommand

from partnerships.services import refresh_all_convention_dates


class Command(BaseCommand):
    help = "Met à jour le statut et les dates en vigueur des conventions à la date du jour."

    def handle(self, *args, **options):
        changed = refresh_all_convention_dates()
        self.stdout.write(f"{changed} convention(s) mise(s) à jour.")
