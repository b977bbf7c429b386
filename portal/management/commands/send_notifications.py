"""The daily notifications (issue 16), run once a day from cron (docs/deployment.md): the
due-date reminders (a review or an accompaniment's end within 15 days), then the digest
e-mails of the people who chose a daily digest, and the notifications older than a year
are deleted. Idempotent: each reminder is written once
(its key), each person gets one digest a day, and what was sent is marked sent."""

import datetime as dt

from django.core.management.base import BaseCommand
from django.utils import timezone

from households.notifications import remind_due_dates
from partnerships.services import purge_old_notifications, send_digests


class Command(BaseCommand):
    help = "Écrit les rappels d'échéance et envoie les récapitulatifs quotidiens."

    def add_arguments(self, parser):
        parser.add_argument(
            "--date",
            type=dt.date.fromisoformat,
            default=None,
            help="Le jour à traiter (AAAA-MM-JJ), aujourd'hui par défaut.",
        )

    def handle(self, *args, date=None, **options):
        today = date or timezone.localdate()
        reminders = remind_due_dates(today)
        digests = send_digests(today=today)
        purged = purge_old_notifications()
        self.stdout.write(
            f"{reminders} rappel(s) d'échéance écrit(s), {digests} récapitulatif(s) envoyé(s), "
            f"{purged} notification(s) de plus d'un an effacée(s)."
        )
