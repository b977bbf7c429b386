"""Budget lines, grants (participations financières), their yearly amounts, the instalments
that pay them and the reimbursements claimed back (seed 001 art. 3-4)."""

from decimal import Decimal
from typing import NamedTuple

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import ExpressionWrapper, F, OuterRef, Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from common.validators import validate_bic, validate_iban
from funding.enums import (
    InstalmentStatus,
    ReimbursementReason,
    ReimbursementStatus,
    ReleaseCondition,
)
from funding.models.base import MONEY, FunderScopedQuerySet, money, sum_of


class BudgetLineQuerySet(FunderScopedQuerySet):
    org_fields = ("funder",)

    def with_figures(self):
        """The line as a whole (seed 001: 375 000 − 60 000 = 315 000): `available` is its AE,
        `proposed` the total engaged by every grant imputed on it, `balance` what the next
        deliberation will find available. One deliberation's own Disponible / Proposition /
        Solde (the AE minus the earlier ones) is `BudgetLine.imputation_of(grant)`.
        """
        proposed = sum_of(GrantYear.objects.filter(grant__budget_line=OuterRef("pk")), "amount")
        return self.annotate(
            available=F("commitment_authorisation"),
            proposed=proposed,
        ).annotate(balance=ExpressionWrapper(F("available") - F("proposed"), output_field=MONEY))


class BudgetLine(models.Model):
    """A funder's budget line (seed 001 art. 3: C02-585F01, 6568/93428, AE 375 000 €)."""

    funder = models.ForeignKey(
        "partnerships.Organisation",
        on_delete=models.PROTECT,
        related_name="budget_lines",
        verbose_name=_("financeur"),
    )
    year = models.PositiveSmallIntegerField(_("exercice"))
    operation_code = models.CharField(_("code opération"), max_length=40)
    imputation = models.CharField(_("imputation budgétaire"), max_length=40)
    label = models.CharField(_("libellé opération"), max_length=200)
    commitment_authorisation = money(_("autorisation d'engagement (AE)"))

    history = HistoricalRecords()
    objects = BudgetLineQuerySet.as_manager()

    class Meta:
        verbose_name = _("ligne budgétaire")
        verbose_name_plural = _("lignes budgétaires")
        ordering = ["-year", "operation_code"]
        constraints = [
            models.UniqueConstraint(
                fields=["funder", "year", "operation_code", "imputation"],
                name="budget_line_unique",
            ),
            models.CheckConstraint(
                condition=Q(commitment_authorisation__gte=0), name="budget_line_ae_positive"
            ),
        ]

    def __str__(self):
        return f"{self.operation_code} {self.imputation} — {self.label} ({self.year})"

    def imputation_of(self, grant) -> "Imputation":
        """The figures of one deliberation on the line, as rapport n°56 prints them (seed 001:
        AE 375 000, Disponible 375 000, Proposition 60 000, Solde 315 000).

        Disponible is the AE minus the grants imputed on the line before this one (in the
        order they were made); Proposition is this grant's total; Solde what is left after it.
        A second deliberation on the same line thus sees 315 000 € available.
        """
        years = GrantYear.objects.filter(grant__budget_line=self).order_by()
        earlier = years.filter(grant__pk__lt=grant.pk).aggregate(t=models.Sum("amount"))["t"]
        proposed = years.filter(grant=grant).aggregate(t=models.Sum("amount"))["t"]
        available = self.commitment_authorisation - (earlier or Decimal("0"))
        proposed = proposed or Decimal("0")
        return Imputation(self.commitment_authorisation, available, proposed, available - proposed)


class Imputation(NamedTuple):
    """AE, Disponible, Proposition and Solde of one deliberation on a budget line."""

    ae: Decimal
    available: Decimal
    proposed: Decimal
    balance: Decimal


class PaymentCreditQuerySet(FunderScopedQuerySet):
    org_fields = ("budget_line__funder",)


class PaymentCredit(models.Model):
    """Crédits de paiement (CP) voted for a budget line in one year's Budget Primitif.

    seed 001 rapport n°56: « Le versement de la participation financière reste conditionné
    d'une part aux crédits de paiement inscrits chaque année au Budget Primitif » (art. 4.1:
    AE 60 000 € for 2023-2025, « des crédits de paiement à hauteur de 20.000 euros par an »).
    The payments made in a year on the line's grants never exceed that year's CP.
    """

    budget_line = models.ForeignKey(
        BudgetLine,
        on_delete=models.CASCADE,
        related_name="payment_credits",
        verbose_name=_("ligne budgétaire"),
    )
    year = models.PositiveSmallIntegerField(_("année du budget primitif"))
    amount = money(_("crédits de paiement (CP)"))

    history = HistoricalRecords()
    objects = PaymentCreditQuerySet.as_manager()

    class Meta:
        verbose_name = _("crédits de paiement")
        verbose_name_plural = _("crédits de paiement")
        ordering = ["budget_line", "year"]
        constraints = [
            models.UniqueConstraint(fields=["budget_line", "year"], name="payment_credit_unique"),
            models.CheckConstraint(
                condition=Q(amount__gte=0), name="payment_credit_amount_positive"
            ),
        ]

    def __str__(self):
        return f"CP {self.year} : {self.amount} €"


class GrantQuerySet(FunderScopedQuerySet):
    org_fields = ("funder", "beneficiary")
    convention_field = "convention"

    def with_totals(self):
        """Total, scheduled, due, paid, reclaimed and net received of each grant.

        Net received = paid − reimbursements recovered (seed 001 art. 4.4).
        """
        instalments = Instalment.objects.filter(grant=OuterRef("pk"))
        claims = ReimbursementClaim.objects.filter(grant=OuterRef("pk"))
        return self.annotate(
            total=sum_of(GrantYear.objects.filter(grant=OuterRef("pk")), "amount"),
            scheduled=sum_of(instalments.exclude(status=InstalmentStatus.CANCELLED), "amount"),
            due=sum_of(instalments.filter(status=InstalmentStatus.DUE), "amount"),
            paid=sum_of(instalments.filter(status=InstalmentStatus.PAID), "amount"),
            reclaimed=sum_of(claims.exclude(status=ReimbursementStatus.CANCELLED), "amount"),
            recovered=sum_of(claims.filter(status=ReimbursementStatus.RECOVERED), "amount"),
        ).annotate(net_received=ExpressionWrapper(F("paid") - F("recovered"), output_field=MONEY))


class Grant(models.Model):
    """Participation financière of a funder to a beneficiary under a convention."""

    convention = models.ForeignKey(
        "partnerships.Convention",
        on_delete=models.PROTECT,
        related_name="grants",
        verbose_name=_("convention"),
    )
    funder = models.ForeignKey(
        "partnerships.Organisation",
        on_delete=models.PROTECT,
        related_name="grants_given",
        verbose_name=_("financeur"),
    )
    beneficiary = models.ForeignKey(
        "partnerships.Organisation",
        on_delete=models.PROTECT,
        related_name="grants_received",
        verbose_name=_("bénéficiaire"),
    )
    budget_line = models.ForeignKey(
        BudgetLine,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="grants",
        verbose_name=_("ligne budgétaire"),
    )
    decision = models.ForeignKey(
        "governance.Decision",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="grants",
        verbose_name=_("délibération"),
    )
    iban = models.CharField(_("IBAN"), max_length=34, blank=True, validators=[validate_iban])
    bic = models.CharField(_("BIC"), max_length=11, blank=True)
    account_holder = models.CharField(_("titulaire du compte"), max_length=200, blank=True)
    # seed 001 art. 4.2: the first 70 % is paid on signature *and* notification.
    notified_on = models.DateField(_("convention notifiée le"), null=True, blank=True)

    history = HistoricalRecords()
    objects = GrantQuerySet.as_manager()

    class Meta:
        verbose_name = _("participation financière")
        verbose_name_plural = _("participations financières")
        ordering = ["convention", "pk"]

    def __str__(self):
        return f"{self.funder} → {self.beneficiary} ({self.convention.reference})"

    def clean(self):
        # seed 001 art. 4.3: the beneficiary's bank details. The BIC is checked here rather
        # than by a field validator, which would change the field (and ask for a migration).
        if self.bic:
            try:
                validate_bic(self.bic)
            except ValidationError as error:
                raise ValidationError({"bic": error}) from error

    @property
    def has_bank_details(self) -> bool:
        return bool(self.iban)


class GrantYearQuerySet(FunderScopedQuerySet):
    org_fields = ("grant__funder", "grant__beneficiary")
    convention_field = "grant__convention"


class GrantYear(models.Model):
    """The amount of one financial year (seed 001 art. 1: 20 000 € a year)."""

    grant = models.ForeignKey(
        Grant, on_delete=models.CASCADE, related_name="years", verbose_name=_("participation")
    )
    year = models.PositiveSmallIntegerField(_("exercice"))
    amount = money(_("montant annuel"))

    history = HistoricalRecords()
    objects = GrantYearQuerySet.as_manager()

    class Meta:
        verbose_name = _("montant annuel")
        verbose_name_plural = _("montants annuels")
        ordering = ["grant", "year"]
        constraints = [
            models.UniqueConstraint(fields=["grant", "year"], name="grant_year_unique"),
            models.CheckConstraint(condition=Q(amount__gte=0), name="grant_year_amount_positive"),
        ]

    def __str__(self):
        return f"{self.year} : {self.amount} €"


class Instalment(models.Model):
    """Versement: a share of a year's amount, released by a condition (seed 001 art. 4.2)."""

    grant = models.ForeignKey(
        Grant, on_delete=models.PROTECT, related_name="instalments", verbose_name=_("participation")
    )
    year = models.PositiveSmallIntegerField(_("exercice"))
    position = models.PositiveSmallIntegerField(_("rang dans l'année"))
    share = models.DecimalField(
        _("part"),
        max_digits=5,
        decimal_places=4,
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("1"))],
    )
    amount = money(_("montant"))
    condition = models.CharField(
        _("condition de versement"), max_length=30, choices=ReleaseCondition.choices
    )
    status = models.CharField(
        _("statut"),
        max_length=20,
        choices=InstalmentStatus.choices,
        default=InstalmentStatus.PLANNED,
    )
    due_on = models.DateField(_("exigible le"), null=True, blank=True)
    paid_on = models.DateField(_("versé le"), null=True, blank=True)
    mandate_reference = models.CharField(_("référence du mandat"), max_length=60, blank=True)
    cancellation_reason = models.TextField(_("motif d'annulation"), blank=True)
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)

    history = HistoricalRecords()
    objects = GrantYearQuerySet.as_manager()

    class Meta:
        verbose_name = _("versement")
        verbose_name_plural = _("versements")
        ordering = ["grant", "year", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["grant", "year", "position"], name="instalment_unique_position"
            ),
            models.CheckConstraint(condition=Q(amount__gte=0), name="instalment_amount_positive"),
            models.CheckConstraint(
                condition=~Q(status=InstalmentStatus.PAID) | Q(paid_on__isnull=False),
                name="instalment_paid_has_date",
                violation_error_message=_("Un versement effectué a une date de paiement."),
            ),
            models.UniqueConstraint(
                fields=["mandate_reference"],
                condition=~Q(mandate_reference=""),
                name="instalment_unique_mandate",
                violation_error_message=_("Ce mandat est déjà enregistré pour un autre versement."),
            ),
        ]

    def __str__(self):
        return f"{self.year} — {self.share:.0%} — {self.amount} €"

    @property
    def open(self) -> bool:
        return self.status in (InstalmentStatus.PLANNED, InstalmentStatus.DUE)


class ReimbursementClaim(models.Model):
    """Reversement demanded from the beneficiary (seed 001 art. 4.4)."""

    grant = models.ForeignKey(
        Grant,
        on_delete=models.PROTECT,
        related_name="reimbursements",
        verbose_name=_("participation"),
    )
    amount = money(_("montant"))
    reason = models.CharField(_("motif"), max_length=30, choices=ReimbursementReason.choices)
    details = models.TextField(_("précisions"), blank=True)
    claimed_on = models.DateField(_("demandé le"))
    status = models.CharField(
        _("statut"),
        max_length=20,
        choices=ReimbursementStatus.choices,
        default=ReimbursementStatus.CLAIMED,
    )
    # seed 001 art. 4.4: "appeler, par voie de titre exécutoire, au reversement": the title
    # of receipts issued by the funder's accountant, written by reimbursement_issue_title.
    title_number = models.CharField(
        _("n° du titre exécutoire"), max_length=40, blank=True, editable=False
    )
    title_issued_on = models.DateField(_("titre émis le"), null=True, blank=True, editable=False)
    recovered_on = models.DateField(_("recouvré le"), null=True, blank=True)

    history = HistoricalRecords()
    objects = GrantYearQuerySet.as_manager()

    class Meta:
        verbose_name = _("demande de reversement")
        verbose_name_plural = _("demandes de reversement")
        ordering = ["grant", "claimed_on"]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="reimbursement_amount_positive"),
            # A title is a number and a date, both or neither.
            models.CheckConstraint(
                condition=Q(title_number="", title_issued_on__isnull=True)
                | (~Q(title_number="") & Q(title_issued_on__isnull=False)),
                name="reimbursement_title_number_and_date",
            ),
        ]

    def __str__(self):
        return f"{self.get_reason_display()} — {self.amount} €"
