"""Per-measure envelopes, their allocations to territories and operators, and the measures
each project consumes (seed 004 §5). The figures and rules are in funding/envelopes.py."""

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from funding.models.base import FunderScopedQuerySet, money


class EnvelopeQuerySet(FunderScopedQuerySet):
    org_fields = ("funder", "manager", "allocations__operator")


class MeasureEnvelope(models.Model):
    """Per-measure envelope (seed 004 §5: 45 measures × 5 000 € = 225 000 €)."""

    programme = models.ForeignKey(
        "partnerships.Programme",
        on_delete=models.PROTECT,
        related_name="envelopes",
        verbose_name=_("dispositif"),
    )
    funder = models.ForeignKey(
        "partnerships.Organisation",
        on_delete=models.PROTECT,
        related_name="envelopes",
        verbose_name=_("financeur"),
    )
    # seed 004 §5-6: the DIHAL funds, the Département runs the call and shares the measures.
    manager = models.ForeignKey(
        "partnerships.Organisation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="managed_envelopes",
        verbose_name=_("organisation gestionnaire"),
    )
    label = models.CharField(_("libellé"), max_length=200)
    period_start = models.DateField(_("début de période"))
    period_end = models.DateField(_("fin de période"))
    measures = models.PositiveIntegerField(_("nombre de mesures"))
    unit_cost = money(_("coût d'une mesure (par personne et par an)"))

    history = HistoricalRecords()
    objects = EnvelopeQuerySet.as_manager()

    class Meta:
        verbose_name = _("enveloppe de mesures")
        verbose_name_plural = _("enveloppes de mesures")
        ordering = ["-period_start"]
        constraints = [
            models.CheckConstraint(
                condition=Q(period_end__gte=F("period_start")), name="envelope_dates_coherent"
            ),
        ]

    def __str__(self):
        return self.label

    @property
    def total(self) -> Decimal:
        return self.unit_cost * self.measures


class AllocationQuerySet(FunderScopedQuerySet):
    org_fields = ("envelope__funder", "envelope__manager", "operator")


class MeasureAllocation(models.Model):
    """Measures given to a territory (Artois 20, Lens-Hénin 25) and, within it, to an operator."""

    envelope = models.ForeignKey(
        MeasureEnvelope,
        on_delete=models.CASCADE,
        related_name="allocations",
        verbose_name=_("enveloppe"),
    )
    territory = models.ForeignKey(
        "partnerships.Territory",
        on_delete=models.PROTECT,
        related_name="measure_allocations",
        verbose_name=_("territoire"),
    )
    operator = models.ForeignKey(
        "partnerships.Organisation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="measure_allocations",
        verbose_name=_("opérateur"),
        help_text=_("Vide : allocation du territoire, avant répartition entre opérateurs."),
    )
    measures = models.PositiveIntegerField(_("mesures allouées"))

    history = HistoricalRecords()
    objects = AllocationQuerySet.as_manager()

    class Meta:
        verbose_name = _("allocation de mesures")
        verbose_name_plural = _("allocations de mesures")
        ordering = ["envelope", "territory", "operator"]
        constraints = [
            # One territory-level row (no operator) and one row per operator on a territory.
            models.UniqueConstraint(
                fields=["envelope", "territory"],
                condition=Q(operator__isnull=True),
                name="allocation_unique_territory",
            ),
            models.UniqueConstraint(
                fields=["envelope", "territory", "operator"],
                condition=Q(operator__isnull=False),
                name="allocation_unique_operator",
            ),
        ]

    def __str__(self):
        who = self.operator or self.territory
        return f"{who} : {self.measures} mesures"


class ReservationQuerySet(FunderScopedQuerySet):
    org_fields = (
        "allocation__envelope__funder",
        "allocation__envelope__manager",
        "allocation__operator",
    )


class MeasureReservation(models.Model):
    """Measures a project consumes from an allocation, once for its year (seed 004 §5: 6
    months and a possible renewal); a further renewal the coordinator agrees to consumes a new
    measure, its rank the next one (2, 3…)."""

    project = models.ForeignKey(
        "households.InterventionProject",
        on_delete=models.PROTECT,
        related_name="measure_reservations",
        verbose_name=_("projet d'intervention"),
    )
    rank = models.PositiveSmallIntegerField(_("mesure n°"), default=1)
    allocation = models.ForeignKey(
        MeasureAllocation,
        on_delete=models.PROTECT,
        related_name="reservations",
        verbose_name=_("allocation"),
    )
    measures = models.PositiveIntegerField(_("mesures consommées"))
    reserved_at = models.DateTimeField(_("réservées le"), auto_now_add=True)
    reserved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("réservées par"),
    )
    over_allocation_reason = models.TextField(_("motif du dépassement d'allocation"), blank=True)

    history = HistoricalRecords()
    objects = ReservationQuerySet.as_manager()

    class Meta:
        verbose_name = _("consommation de mesures")
        verbose_name_plural = _("consommations de mesures")
        ordering = ["allocation", "reserved_at"]
        constraints = [
            models.UniqueConstraint(fields=["project", "rank"], name="reservation_rank_unique"),
        ]

    def __str__(self):
        return f"{self.project} : {self.measures}"
