"""Who may read a household's file, stored: one row per organisation or person and reason.

The perimeter (households.models.households.household_perimeter) reads this table instead of
computing, row by row, whether a household is followed by the user's structures (issue 15:
lists cost what the caseload costs). The rows are derived from their sources — the
household's referring structure, its projects' operator, partners and volunteers, the operator
an orientation designates — and kept by the services that change those sources, through
households.services.access.refresh_access; `manage.py rebuild_household_access` recomputes
them all. Coordinators see by territory, which is a column of the household: not stored here.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from households.enums import AccessReason
from households.models.households import Household

# The reasons derived from the sources (refresh_access recomputes them); the others (a
# handover's access until a date, issue 16) are written by their own service and kept.
DERIVED_REASONS = (
    AccessReason.REFERRING,
    AccessReason.OPERATOR,
    AccessReason.PARTNER,
    AccessReason.ORIENTATION,
    AccessReason.VOLUNTEER,
)


class HouseholdAccessQuerySet(models.QuerySet):
    def current(self, at=None):
        """The accesses in force: without end, or ending later than `at` (now)."""
        return self.filter(Q(until__isnull=True) | Q(until__gte=at or timezone.now()))


class HouseholdAccess(models.Model):
    household = models.ForeignKey(
        Household, on_delete=models.CASCADE, related_name="accesses", verbose_name=_("ménage")
    )
    organisation = models.ForeignKey(
        "partnerships.Organisation",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        db_index=False,  # access_by_organisation starts with it
        related_name="+",
        verbose_name=_("structure"),
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        db_index=False,  # access_by_user starts with it
        related_name="+",
        verbose_name=_("personne"),
    )
    reason = models.CharField(_("motif"), max_length=20, choices=AccessReason.choices)
    until = models.DateTimeField(_("jusqu'au"), null=True, blank=True)
    created_at = models.DateTimeField(_("créé le"), auto_now_add=True)

    objects = HouseholdAccessQuerySet.as_manager()

    class Meta:
        verbose_name = _("accès au dossier")
        verbose_name_plural = _("accès aux dossiers")
        ordering = ["household", "reason", "pk"]
        indexes = [
            # The perimeter: "the households of these structures", then "of this person".
            models.Index(fields=["organisation", "household"], name="access_by_organisation"),
            models.Index(fields=["user", "household"], name="access_by_user"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(organisation__isnull=False, user__isnull=True)
                | Q(organisation__isnull=True, user__isnull=False),
                name="access_organisation_or_person",
            ),
            models.UniqueConstraint(
                fields=["household", "organisation", "reason"],
                condition=Q(organisation__isnull=False),
                name="access_unique_organisation",
            ),
            models.UniqueConstraint(
                fields=["household", "user", "reason"],
                condition=Q(user__isnull=False),
                name="access_unique_person",
            ),
        ]

    def __str__(self):
        who = self.organisation if self.organisation_id else self.user
        return f"{self.household} — {who} ({self.get_reason_display()})"
