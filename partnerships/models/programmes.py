from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class Programme(models.Model):
    """A dispositif (ASRL, joint SOLiHA × MTA accompaniment…) and the rules it sets."""

    # The fields __str__ reads, and how: a drop-down of programmes reads only these
    # (issue 15, common.choices.labelled).
    label_fields = ("name",)

    code = models.SlugField(_("code"), max_length=30, unique=True)
    name = models.CharField(_("nom"), max_length=200)
    convention = models.ForeignKey(
        "partnerships.Convention",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="programmes",
        verbose_name=_("convention de rattachement"),
    )
    # seed 004 §4: 6 months; seed 000 art. III: 24 months.
    duration_months = models.PositiveSmallIntegerField(_("durée (mois)"))
    # seed 004 §4: intermediate review at 3 months.
    review_after_months = models.PositiveSmallIntegerField(
        _("bilan intermédiaire après (mois)"), null=True, blank=True
    )
    # seed 004 §4: renewable once, for the same length.
    renewals_allowed = models.PositiveSmallIntegerField(
        _("renouvellements possibles"), null=True, blank=True, help_text=_("Vide : sans limite.")
    )
    renewal_months = models.PositiveSmallIntegerField(
        _("durée d'un renouvellement (mois)"), null=True, blank=True
    )
    # seed 004 §4: at least 2 meetings a week.
    min_contacts_per_week = models.PositiveSmallIntegerField(
        _("rencontres minimum par semaine"), default=0
    )
    # seed 000 art. IV: each structure agrees to every household follow-up.
    requires_each_partner_approval = models.BooleanField(
        _("accord de chaque structure requis"), default=False
    )
    counts_measures = models.BooleanField(
        _("consomme des mesures"),
        default=False,
        help_text=_("Une mesure par adulte et par an (cahier des charges ASRL, §5)."),
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("dispositif")
        verbose_name_plural = _("dispositifs")
        ordering = ["name"]

    def __str__(self):
        return self.label_of(self.name)

    @staticmethod
    def label_of(name: str) -> str:
        """str() of a programme from its label_fields (common.choices.labelled)."""
        return name


class ProgrammeDomain(models.Model):
    """An action domain of a programme (ASRL: access to rights, health…; MTA: its 5 axes)."""

    programme = models.ForeignKey(
        Programme, on_delete=models.CASCADE, related_name="domains", verbose_name=_("dispositif")
    )
    code = models.SlugField(_("code"), max_length=40)
    label = models.CharField(_("libellé"), max_length=200)
    position = models.PositiveSmallIntegerField(_("ordre"), default=0)

    class Meta:
        verbose_name = _("domaine d'action")
        verbose_name_plural = _("domaines d'action")
        ordering = ["programme", "position"]
        constraints = [
            models.UniqueConstraint(fields=["programme", "code"], name="domain_unique_code"),
        ]

    def __str__(self):
        return self.label
