"""The papers of a grant on file: the bank identity statement (seed 001 art. 4.3), the
certified financial report and budget copy (seed 001 art. 6), the Cerfa financial report
(seed 004 §7)."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from common.papers import Paper
from funding.enums import GrantPaperKind
from funding.models.base import FunderScopedQuerySet
from funding.models.grants import Grant


class GrantPaperQuerySet(FunderScopedQuerySet):
    """Seen by whoever reads the grant's money."""

    org_fields = ("grant__funder", "grant__beneficiary")
    convention_field = "grant__convention"


class GrantPaper(Paper):
    grant = models.ForeignKey(
        Grant, on_delete=models.CASCADE, related_name="papers", verbose_name=_("participation")
    )
    kind = models.CharField(_("type de pièce"), max_length=30, choices=GrantPaperKind.choices)

    history = HistoricalRecords()
    objects = GrantPaperQuerySet.as_manager()

    class Meta(Paper.Meta):
        verbose_name = _("pièce de la participation")
        verbose_name_plural = _("pièces des participations")
        indexes = [models.Index(fields=["grant", "kind"], name="grant_paper_kind")]
