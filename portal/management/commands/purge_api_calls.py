"""Delete the journal of the read API past AUDIT_RETENTION_DAYS (issue 19, as the access
log); run daily from cron (docs/deployment.md)."""

import datetime as dt

from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils import timezone

from portal.models import ApiCall


def purge_api_calls(now=None) -> int:
    """Delete the calls older than AUDIT_RETENTION_DAYS; returns how many."""
    now = now or timezone.now()
    limit = now - dt.timedelta(days=settings.AUDIT_RETENTION_DAYS)
    deleted, _by_model = ApiCall.objects.filter(at__lt=limit).delete()
    return deleted


class Command(BaseCommand):
    help = "Supprime les appels de l'API plus anciens que la durée de conservation du journal."

    def handle(self, *args, **options):
        count = purge_api_calls()
        self.stdout.write(f"{count} appel(s) de l'API supprimé(s) du journal.")
