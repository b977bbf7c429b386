"""Annual subsidy requests (seed 002 §VI): « Des conventions financières fixeront chaque année
le montant des subventions départementales après réception des demandes annuelles. … [Le
Département] est donc tenu informé, le cas échéant, de l'issue des demandes présentées aux
autres financeurs portant sur les mêmes axes. »

The partner sends its request under a framework convention (amount asked, the action's
budget, the other funders asked); the Département accepts it, which opens the year's
financial convention and its grant, or refuses it. The partner records the other funders'
answers as they come, and the Département reads them on the request's page."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from funding.enums import OtherFunderAnswer, SubsidyRequestStatus
from funding.models.base import FunderScopedQuerySet, money


class SubsidyRequestQuerySet(FunderScopedQuerySet):
    org_fields = ("funder", "applicant")


class SubsidyRequest(models.Model):
    framework = models.ForeignKey(
        "partnerships.Convention",
        on_delete=models.PROTECT,
        related_name="subsidy_requests",
        verbose_name=_("convention cadre"),
    )
    applicant = models.ForeignKey(
        "partnerships.Organisation",
        on_delete=models.PROTECT,
        related_name="subsidy_requests",
        verbose_name=_("demandeur"),
    )
    funder = models.ForeignKey(
        "partnerships.Organisation",
        on_delete=models.PROTECT,
        related_name="subsidy_requests_received",
        verbose_name=_("financeur"),
    )
    year = models.PositiveSmallIntegerField(_("exercice"))
    purpose = models.TextField(_("actions financées"))
    amount_requested = money(_("montant demandé"))
    budget_total = money(_("budget prévisionnel de l'action"))
    status = models.CharField(
        _("statut"),
        max_length=20,
        choices=SubsidyRequestStatus.choices,
        default=SubsidyRequestStatus.SUBMITTED,
        editable=False,
    )
    submitted_on = models.DateField(_("reçue le"), editable=False)
    decided_on = models.DateField(_("décidée le"), null=True, blank=True, editable=False)
    amount_granted = money(_("montant accordé"), null=True, blank=True, editable=False)
    decision_reason = models.TextField(_("motif de la décision"), blank=True, editable=False)
    # What the acceptance opens: the year's financial convention and its grant.
    convention = models.OneToOneField(
        "partnerships.Convention",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="subsidy_request",
        editable=False,
        verbose_name=_("convention financière"),
    )
    grant = models.OneToOneField(
        "funding.Grant",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="subsidy_request",
        editable=False,
        verbose_name=_("participation"),
    )

    history = HistoricalRecords()
    objects = SubsidyRequestQuerySet.as_manager()

    class Meta:
        verbose_name = _("demande annuelle de subvention")
        verbose_name_plural = _("demandes annuelles de subvention")
        ordering = ["-year", "applicant"]
        constraints = [
            models.UniqueConstraint(
                fields=["framework", "applicant", "year"], name="subsidy_request_one_a_year"
            ),
            models.CheckConstraint(
                condition=Q(amount_requested__gt=0), name="subsidy_request_amount_positive"
            ),
            models.CheckConstraint(
                condition=Q(budget_total__gte=models.F("amount_requested")),
                name="subsidy_request_within_budget",
            ),
        ]

    def __str__(self):
        return f"{self.applicant} — {self.year}"


class OtherFunderQuerySet(FunderScopedQuerySet):
    org_fields = ("request__funder", "request__applicant")


class OtherFunderRequest(models.Model):
    """A request the partner made to another funder for the same actions, and its answer."""

    request = models.ForeignKey(
        SubsidyRequest,
        on_delete=models.CASCADE,
        related_name="other_funders",
        verbose_name=_("demande"),
    )
    funder_name = models.CharField(_("autre financeur"), max_length=200)
    amount_requested = money(_("montant demandé"))
    answer = models.CharField(
        _("issue"),
        max_length=20,
        choices=OtherFunderAnswer.choices,
        default=OtherFunderAnswer.PENDING,
    )
    amount_granted = money(_("montant accordé"), null=True, blank=True)
    answered_on = models.DateField(_("réponse reçue le"), null=True, blank=True)

    history = HistoricalRecords()
    objects = OtherFunderQuerySet.as_manager()

    class Meta:
        verbose_name = _("demande à un autre financeur")
        verbose_name_plural = _("demandes aux autres financeurs")
        ordering = ["request", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(amount_requested__gt=0), name="other_funder_amount_positive"
            ),
        ]

    def __str__(self):
        return f"{self.funder_name} — {self.get_answer_display()}"
