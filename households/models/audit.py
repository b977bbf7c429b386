"""Journal des accès: who read which personal data (written by households/audit.py)."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from households.enums import AuditAction
from households.models.households import Household
from partnerships.enums import Role
from partnerships.perimeter import org_ids


class AuditEntryQuerySet(models.QuerySet):
    def visible_to(self, user):
        """A director reads the log of their organisation: what its people read, and who read
        its households. Nobody else reads the log as a whole (the household's own log is shown
        on its file to the professionals who follow it, see `for_household`)."""

        if not getattr(user, "is_authenticated", False):
            return self.none()
        if user.is_superuser:
            return self
        directed = org_ids(user, roles=[Role.DIRECTOR])
        if not directed:
            return self.none()
        return self.filter(Q(organisation__in=directed) | Q(household__organisation__in=directed))

    def for_household(self, household):
        return self.filter(household=household)


class AuditEntry(models.Model):
    """Journal des accès: one row per read of personal data. Append-only: no form or admin
    changes it, and on PostgreSQL a trigger refuses UPDATE, and DELETE of any entry younger
    than the minimum retention (migration households/00xx_audit_log)."""

    at = models.DateTimeField(_("le"), default=timezone.now, db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("par"),
    )
    organisation = models.ForeignKey(
        "partnerships.Organisation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("pour la structure"),
    )
    household = models.ForeignKey(
        Household,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="audit_entries",
        verbose_name=_("ménage"),
    )
    action = models.CharField(_("action"), max_length=30, choices=AuditAction.choices)
    # What was read, without personal data: a document number, an export's name and size.
    detail = models.CharField(_("précision"), max_length=200, blank=True)
    request_id = models.CharField(_("identifiant de requête"), max_length=64, blank=True)

    objects = AuditEntryQuerySet.as_manager()

    class Meta:
        verbose_name = _("entrée du journal des accès")
        verbose_name_plural = _("journal des accès")
        ordering = ["-at", "-pk"]
        indexes = [models.Index(fields=["household", "at"], name="audit_household_at")]

    def __str__(self):
        return f"{self.get_action_display()} — {self.at:%d/%m/%Y %H:%M}"
