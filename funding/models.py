from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import ExpressionWrapper, F, Func, OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from common.validators import validate_iban
from funding.enums import (
    ApplicationStatus,
    InstalmentStatus,
    ReimbursementReason,
    ReimbursementStatus,
    ReleaseCondition,
)
from partnerships.enums import OrganisationKind, Role
from partnerships.models import Convention
from partnerships.perimeter import org_ids

ZERO = Decimal("0.00")
MONEY = models.DecimalField(max_digits=12, decimal_places=2)

# Who may read money: the people who run it, head it, or sign for it.
FUNDING_ROLES = (Role.DEPARTMENT_STAFF, Role.DIRECTOR, Role.SIGNATORY_PARTNER)


def money(verbose_name, **kwargs):
    kwargs.setdefault("max_digits", 12)
    kwargs.setdefault("decimal_places", 2)
    return models.DecimalField(verbose_name, **kwargs)


class FunderScopedQuerySet(models.QuerySet):
    """Money rows are visible to funding roles of the organisations concerned."""

    org_fields: tuple[str, ...] = ()
    convention_field = ""

    def visible_to(self, user):
        if not user.is_authenticated:
            return self.none()
        if user.is_superuser:
            return self

        mine = org_ids(user, roles=FUNDING_ROLES)
        if not mine:
            return self.none()
        condition = Q()
        for field in self.org_fields:
            condition |= Q(**{f"{field}__in": mine})
        if self.convention_field:
            visible = Convention.objects.filter(parties__organisation__in=mine).values("pk")
            condition |= Q(**{f"{self.convention_field}__in": visible})
        return self.filter(condition).distinct()


def sum_of(queryset, field: str):
    """A correlated `SUM(field)` for annotations, 0,00 € when there is no row."""
    # A bare SUM without GROUP BY: always one row, whatever the correlation matches.
    rows = queryset.order_by().values(total=Func(F(field), function="SUM"))
    return Coalesce(Subquery(rows), Value(ZERO), output_field=MONEY)


class BudgetLineQuerySet(FunderScopedQuerySet):
    org_fields = ("funder",)

    def with_figures(self):
        """Available, proposed and balance of each line (seed 001: 375 000 − 60 000 = 315 000).

        Proposed is the total of the grants imputed on the line; the balance what is left.
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
    recovered_on = models.DateField(_("recouvré le"), null=True, blank=True)

    history = HistoricalRecords()
    objects = GrantYearQuerySet.as_manager()

    class Meta:
        verbose_name = _("demande de reversement")
        verbose_name_plural = _("demandes de reversement")
        ordering = ["grant", "claimed_on"]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="reimbursement_amount_positive"),
        ]

    def __str__(self):
        return f"{self.get_reason_display()} — {self.amount} €"


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
    """Measures a project consumes from an allocation, once for its year (seed 004 §5)."""

    project = models.OneToOneField(
        "households.InterventionProject",
        on_delete=models.PROTECT,
        related_name="measure_reservation",
        verbose_name=_("projet d'intervention"),
    )
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

    def __str__(self):
        return f"{self.project} : {self.measures}"


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


class CallQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Calls are published: any signed-in member of an organisation may read them."""
        if not user.is_authenticated:
            return self.none()
        return self


class CallForApplications(models.Model):
    """Appel à candidatures (seed 004 §6)."""

    programme = models.ForeignKey(
        "partnerships.Programme",
        on_delete=models.PROTECT,
        related_name="calls",
        verbose_name=_("dispositif"),
    )
    publisher = models.ForeignKey(
        "partnerships.Organisation",
        on_delete=models.PROTECT,
        related_name="calls_published",
        verbose_name=_("émetteur"),
    )
    title = models.CharField(_("intitulé"), max_length=300)
    territories = models.ManyToManyField(
        "partnerships.Territory", related_name="calls", verbose_name=_("territoires")
    )
    measures_offered = models.PositiveIntegerField(_("mesures proposées"))
    eligible_kinds = models.JSONField(
        _("types de structures éligibles"),
        default=list,
        help_text=_("Parmi : %(kinds)s")
        % {"kinds": ", ".join(k for k, _label in OrganisationKind.choices)},
    )
    # seed 004 §6: 6 September 2019 at 16:00.
    deadline = models.DateTimeField(_("date et heure limites de dépôt"))
    jury = models.ForeignKey(
        "governance.Committee",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="calls",
        verbose_name=_("jury"),
    )

    history = HistoricalRecords(m2m_fields=[territories])
    objects = CallQuerySet.as_manager()

    class Meta:
        verbose_name = _("appel à candidatures")
        verbose_name_plural = _("appels à candidatures")
        ordering = ["-deadline"]

    def __str__(self):
        return self.title


class RequiredDocument(models.Model):
    call = models.ForeignKey(
        CallForApplications,
        on_delete=models.CASCADE,
        related_name="required_documents",
        verbose_name=_("appel"),
    )
    label = models.CharField(_("pièce"), max_length=300)
    position = models.PositiveSmallIntegerField(_("ordre"), default=0)

    class Meta:
        verbose_name = _("pièce exigée")
        verbose_name_plural = _("pièces exigées")
        ordering = ["call", "position"]

    def __str__(self):
        return self.label


class SelectionCriterion(models.Model):
    call = models.ForeignKey(
        CallForApplications,
        on_delete=models.CASCADE,
        related_name="criteria",
        verbose_name=_("appel"),
    )
    label = models.CharField(_("critère"), max_length=300)
    weight = models.PositiveSmallIntegerField(_("pondération"), default=1)
    position = models.PositiveSmallIntegerField(_("ordre"), default=0)

    class Meta:
        verbose_name = _("critère de sélection")
        verbose_name_plural = _("critères de sélection")
        ordering = ["call", "position"]

    def __str__(self):
        return self.label


class ApplicationQuerySet(models.QuerySet):
    def visible_to(self, user):
        """The applicant sees its own files; the publisher and the jury's structures see all of
        the call's."""
        if not user.is_authenticated:
            return self.none()
        if user.is_superuser:
            return self

        mine = org_ids(user)
        return self.filter(
            Q(organisation__in=mine)
            | Q(call__publisher__in=mine)
            | Q(call__jury__members__organisation__in=mine)
        ).distinct()


class Application(models.Model):
    call = models.ForeignKey(
        CallForApplications,
        on_delete=models.PROTECT,
        related_name="applications",
        verbose_name=_("appel"),
    )
    organisation = models.ForeignKey(
        "partnerships.Organisation",
        on_delete=models.PROTECT,
        related_name="applications",
        verbose_name=_("candidat"),
    )
    status = models.CharField(
        _("statut"),
        max_length=30,
        choices=ApplicationStatus.choices,
        default=ApplicationStatus.DRAFT,
    )
    submitted_at = models.DateTimeField(_("déposé le"), null=True, blank=True)

    history = HistoricalRecords()
    objects = ApplicationQuerySet.as_manager()

    class Meta:
        verbose_name = _("candidature")
        verbose_name_plural = _("candidatures")
        ordering = ["call", "organisation__name"]
        constraints = [
            models.UniqueConstraint(fields=["call", "organisation"], name="application_unique"),
        ]

    def __str__(self):
        return f"{self.organisation} — {self.call}"


class ApplicationRequest(models.Model):
    application = models.ForeignKey(
        Application,
        on_delete=models.CASCADE,
        related_name="requests",
        verbose_name=_("candidature"),
    )
    territory = models.ForeignKey(
        "partnerships.Territory",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("territoire"),
    )
    measures = models.PositiveIntegerField(_("mesures demandées"))
    measures_granted = models.PositiveIntegerField(_("mesures accordées"), null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("demande de mesures")
        verbose_name_plural = _("demandes de mesures")
        constraints = [
            models.UniqueConstraint(
                fields=["application", "territory"], name="application_request_unique"
            ),
        ]

    def __str__(self):
        return f"{self.territory} : {self.measures}"


class ApplicationDocument(models.Model):
    application = models.ForeignKey(
        Application,
        on_delete=models.CASCADE,
        related_name="documents",
        verbose_name=_("candidature"),
    )
    required_document = models.ForeignKey(
        RequiredDocument, on_delete=models.PROTECT, related_name="+", verbose_name=_("pièce")
    )
    file = models.FileField(_("fichier"), upload_to="applications/%Y/")
    uploaded_at = models.DateTimeField(_("déposé le"), auto_now_add=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("par")
    )
    original_name = models.CharField(_("nom du fichier"), max_length=255, blank=True)
    content_type = models.CharField(_("type de fichier"), max_length=100, blank=True)
    size = models.PositiveIntegerField(_("taille (octets)"), default=0)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("pièce déposée")
        verbose_name_plural = _("pièces déposées")
        constraints = [
            models.UniqueConstraint(
                fields=["application", "required_document"], name="application_document_unique"
            ),
        ]

    def __str__(self):
        return str(self.required_document)


class CriterionScore(models.Model):
    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="scores", verbose_name=_("candidature")
    )
    criterion = models.ForeignKey(
        SelectionCriterion,
        on_delete=models.PROTECT,
        related_name="scores",
        verbose_name=_("critère"),
    )
    juror = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("juré")
    )
    score = models.PositiveSmallIntegerField(_("note (sur 10)"), validators=[MaxValueValidator(10)])

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("note")
        verbose_name_plural = _("notes")
        constraints = [
            models.UniqueConstraint(
                fields=["application", "criterion", "juror"], name="score_unique"
            ),
            models.CheckConstraint(condition=Q(score__lte=10), name="score_at_most_10"),
        ]

    def __str__(self):
        return f"{self.criterion} : {self.score}"
