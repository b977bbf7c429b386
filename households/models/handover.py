"""The handover of a project from one referent to another (issue 16).

Each change of referent is kept, with its reason, who made it and until when the former
referent keeps a read-only access to the household's file (a HouseholdAccess row of reason
« passation », written by households.services.handover.project_change_referent). The
household's file reads these rows for the history of its referents.
"""

import datetime as dt

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from households.models.projects import InterventionProject, ProjectChildQuerySet

# Issue 16 (Carnet de bord's practice): the former referent reads the file for 30 days.
HANDOVER_ACCESS = dt.timedelta(days=30)


class ReferentChange(models.Model):
    """Passation: the referent of a project changed, for a reason."""

    project = models.ForeignKey(
        InterventionProject,
        on_delete=models.CASCADE,
        related_name="referent_changes",
        verbose_name=_("projet"),
    )
    former_referent = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("ancien référent"),
    )
    new_referent = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("nouveau référent"),
    )
    reason = models.TextField(_("motif"))
    changed_at = models.DateTimeField(_("changé le"), default=timezone.now)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("changé par"),
    )
    access_until = models.DateTimeField(_("accès de l'ancien référent jusqu'au"))

    history = HistoricalRecords()
    objects = ProjectChildQuerySet.as_manager()

    class Meta:
        verbose_name = _("changement de référent")
        verbose_name_plural = _("changements de référent")
        ordering = ["project", "changed_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(former_referent=F("new_referent")),
                name="referent_change_to_someone_else",
            ),
            models.CheckConstraint(condition=~Q(reason=""), name="referent_change_reason_given"),
        ]

    def __str__(self):
        return f"{self.former_referent} → {self.new_referent} ({self.changed_at:%d/%m/%Y})"
