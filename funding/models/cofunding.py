"""Co-funding plans: one action's cost split among several funders (seed 003 §VII)."""

from django.db import models
from django.db.models import ExpressionWrapper, F, OuterRef, Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from funding.models.base import MONEY, FunderScopedQuerySet, money, sum_of


class CoFundingPlanQuerySet(FunderScopedQuerySet):
    org_fields = ("contributions__funder",)
    convention_field = "convention"

    def with_totals(self):
        """Contributions and gap of each plan.

        seed 003 §VII: balanced when the contributions equal the cost (60 600 €); otherwise
        the gap (positive: still to find; negative: over-funded) is shown.
        """
        contributed = sum_of(CoFundingContribution.objects.filter(plan=OuterRef("pk")), "amount")
        return self.annotate(contributed=contributed).annotate(
            gap=ExpressionWrapper(F("cost") - F("contributed"), output_field=MONEY)
        )


class CoFundingPlan(models.Model):
    """Plan de financement (seed 003 §VII: 60 600 € split among three funders)."""

    convention = models.ForeignKey(
        "partnerships.Convention",
        on_delete=models.CASCADE,
        related_name="cofunding_plans",
        verbose_name=_("convention"),
    )
    label = models.CharField(_("action financée"), max_length=200)
    cost = money(_("coût total (net de TVA)"))

    history = HistoricalRecords()
    objects = CoFundingPlanQuerySet.as_manager()

    class Meta:
        verbose_name = _("plan de cofinancement")
        verbose_name_plural = _("plans de cofinancement")
        ordering = ["convention", "label"]

    def __str__(self):
        return self.label


class CoFundingContribution(models.Model):
    plan = models.ForeignKey(
        CoFundingPlan,
        on_delete=models.CASCADE,
        related_name="contributions",
        verbose_name=_("plan"),
    )
    funder = models.ForeignKey(
        "partnerships.Organisation",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("financeur"),
    )
    recipient = models.ForeignKey(
        "partnerships.Organisation",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("destinataire"),
    )
    amount = money(_("montant"))

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("contribution")
        verbose_name_plural = _("contributions")
        ordering = ["plan", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gte=0), name="contribution_positive"),
        ]

    def __str__(self):
        return f"{self.funder} : {self.amount} €"
