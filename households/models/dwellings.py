"""The dwelling a household is given in a partner's stock (seed 000 art. III)."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from households.models.households import Household, HouseholdChildQuerySet


class DwellingQuerySet(HouseholdChildQuerySet):
    def current(self):
        return self.filter(left_on__isnull=True)


class Dwelling(models.Model):
    """seed 000 art. III: « la mise à disposition d'un logement dans le cadre de ce
    partenariat », in SOLiHA Métropole Nord's stock (« logés et/ou hébergés au sein du parc de
    SOLiHA MN »): where, whose, which unit, since when — written by dwelling_record."""

    household = models.ForeignKey(
        Household, on_delete=models.CASCADE, related_name="dwellings", verbose_name=_("ménage")
    )
    landlord = models.ForeignKey(
        "partnerships.Organisation",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("bailleur (parc)"),
    )
    address = models.CharField(_("adresse"), max_length=255)
    unit = models.CharField(_("logement"), max_length=100, blank=True)
    territory = models.ForeignKey(
        "partnerships.Territory",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("commune"),
    )
    since = models.DateField(_("occupé depuis le"))
    left_on = models.DateField(_("quitté le"), null=True, blank=True)

    history = HistoricalRecords()
    objects = DwellingQuerySet.as_manager()

    class Meta:
        verbose_name = _("logement mis à disposition")
        verbose_name_plural = _("logements mis à disposition")
        ordering = ["household", "-since", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["household"],
                condition=Q(left_on__isnull=True),
                name="dwelling_one_current",
            ),
            models.CheckConstraint(
                condition=Q(left_on__isnull=True) | Q(left_on__gte=models.F("since")),
                name="dwelling_left_after_since",
            ),
        ]

    def __str__(self):
        return f"{self.address} ({self.landlord})"
