"""Referrals (fiches saisine) and the orientation decided on each one (seed 004 §4)."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from households.enums import OrientationOutcome, ReferralStatus, SlislOpinion
from households.models.households import Household, HouseholdChildQuerySet
from partnerships.enums import PARTNER_PRESCRIBER_ROLES
from partnerships.perimeter import org_ids

WAITING_REFERRAL_STATUSES = (ReferralStatus.RECEIVED, ReferralStatus.UNDER_STUDY)


class ReferralQuerySet(HouseholdChildQuerySet):
    def waiting(self):
        """Referrals still waiting for an orientation decision."""
        return self.filter(status__in=WAITING_REFERRAL_STATUSES)

    def sent_by(self, user):
        """seed 004 §4: the referrals a partner's organisation sent, for its staff with no
        professional role: a receipt and its outcome, never the household's file — the pages
        reading this show the household's reference, dates, programme, status and decision,
        no name and no situation."""
        own = org_ids(user, roles=PARTNER_PRESCRIBER_ROLES)
        return self.filter(referred_by__in=own) if own else self.none()


class Referral(models.Model):
    """Fiche saisine sent by any partner (seed 004 §4)."""

    household = models.ForeignKey(
        Household, on_delete=models.CASCADE, related_name="referrals", verbose_name=_("ménage")
    )
    referred_by = models.ForeignKey(
        "partnerships.Organisation",
        on_delete=models.PROTECT,
        related_name="referrals_sent",
        verbose_name=_("prescripteur"),
    )
    programme = models.ForeignKey(
        "partnerships.Programme",
        on_delete=models.PROTECT,
        related_name="referrals",
        verbose_name=_("dispositif demandé"),
    )
    received_on = models.DateField(_("reçue le"))
    situation = models.TextField(_("situation"))
    status = models.CharField(
        _("statut"), max_length=20, choices=ReferralStatus.choices, default=ReferralStatus.RECEIVED
    )

    history = HistoricalRecords()
    objects = ReferralQuerySet.as_manager()

    class Meta:
        verbose_name = _("saisine")
        verbose_name_plural = _("saisines")
        ordering = ["-received_on", "pk"]

    def __str__(self):
        return f"Saisine {self.household} du {self.received_on:%d/%m/%Y}"

    def get_absolute_url(self) -> str:
        return reverse("households:referral_detail", args=[self.pk])

    @property
    def decision(self):
        """The orientation decided on it, or None until then."""
        return getattr(self, "orientation", None)


class ReferralChildQuerySet(HouseholdChildQuerySet):
    household_path = "referral__household"


class OrientationDecision(models.Model):
    """Made by the territory's coordinator or by a commission meeting (seed 004 §4)."""

    referral = models.OneToOneField(
        Referral, on_delete=models.CASCADE, related_name="orientation", verbose_name=_("saisine")
    )
    outcome = models.CharField(_("décision"), max_length=20, choices=OrientationOutcome.choices)
    decided_on = models.DateField(_("décidée le"))
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("décidée par"),
    )
    meeting = models.ForeignKey(
        "governance.Meeting",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="orientations",
        verbose_name=_("commission"),
    )
    operator = models.ForeignKey(
        "partnerships.Organisation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("opérateur désigné"),
    )
    reason = models.TextField(_("motif"), blank=True)
    # seed 004 §4: « L'orientation ASRL peut être validée par le coordinateur, en lien avec le
    # chef SLISL (Service Local Inclusion Sociale et Logement) concerné »: who was consulted,
    # when, and their opinion (orientation_decide).
    slisl_head = models.CharField(_("chef SLISL consulté"), max_length=150, blank=True)
    slisl_opinion = models.CharField(
        _("avis du chef SLISL"), max_length=20, choices=SlislOpinion.choices, blank=True
    )
    slisl_opinion_on = models.DateField(_("avis du chef SLISL donné le"), null=True, blank=True)
    slisl_comment = models.TextField(_("commentaire du chef SLISL"), blank=True)

    history = HistoricalRecords()
    objects = ReferralChildQuerySet.as_manager()

    class Meta:
        verbose_name = _("décision d'orientation")
        verbose_name_plural = _("décisions d'orientation")

    def __str__(self):
        return f"{self.get_outcome_display()} — {self.referral}"
