"""The papers of a convention on file: the signed convention and its signed amendments."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from common.papers import Paper
from partnerships.enums import ConventionPaperKind
from partnerships.models.conventions import Amendment, Convention, ConventionChildQuerySet


class ConventionPaper(Paper):
    """Seen with its convention (`visible_to`); attached by the staff of a party."""

    convention = models.ForeignKey(
        Convention, on_delete=models.CASCADE, related_name="papers", verbose_name=_("convention")
    )
    kind = models.CharField(_("type de pièce"), max_length=30, choices=ConventionPaperKind.choices)
    amendment = models.ForeignKey(
        Amendment,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="papers",
        verbose_name=_("avenant"),
    )

    history = HistoricalRecords()
    objects = ConventionChildQuerySet.as_manager()

    class Meta(Paper.Meta):
        verbose_name = _("pièce de la convention")
        verbose_name_plural = _("pièces de la convention")
        constraints = [
            # A signed amendment names its amendment; the signed convention names none.
            models.CheckConstraint(
                condition=(
                    models.Q(kind=ConventionPaperKind.SIGNED_AMENDMENT, amendment__isnull=False)
                    | (
                        ~models.Q(kind=ConventionPaperKind.SIGNED_AMENDMENT)
                        & models.Q(amendment__isnull=True)
                    )
                ),
                name="convention_paper_amendment_iff_kind",
            ),
        ]

    @property
    def label(self) -> str:
        if self.amendment_id:
            return f"{self.get_kind_display()} n° {self.amendment.number}"
        return str(self.get_kind_display())

    def __str__(self):
        if self.amendment_id:
            return f"{self.get_kind_display()} n° {self.amendment.number} du {self.dated:%d/%m/%Y}"
        return super().__str__()
