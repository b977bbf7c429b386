import datetime as dt

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import (
    Case,
    Exists,
    F,
    IntegerField,
    OuterRef,
    Q,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from common.dates import add_months, term_end
from households.enums import (
    ActionStatus,
    AuditAction,
    ClosureOutcome,
    ContactMedium,
    DocumentKind,
    HelpPurpose,
    HelpStatus,
    HousingSituation,
    OrientationOutcome,
    Performer,
    PriorityCriterion,
    ProjectStatus,
    Recommendation,
    ReferralStatus,
    Relationship,
    ReviewKind,
)
from partnerships.enums import Role
from partnerships.perimeter import has_role, org_ids, territory_paths

FOLLOWING_ROLES = (Role.SOCIAL_WORKER, Role.DIRECTOR)
PROFESSIONAL_ROLES = (Role.SOCIAL_WORKER, Role.DIRECTOR, Role.COORDINATOR)


def household_perimeter(user, *, professionals_only: bool = False) -> Q:
    """The one definition of which households a user may see (domain.md: the perimeter).

    - social worker, director: households of their organisation, or co-followed by it
      (operator or partner structure of one of its projects, or operator designated by an
      orientation decision);
    - volunteer: only the households of the projects they are assigned to;
    - coordinator: households of their territory;
    - department staff, signatory partner: none by name (aggregates only).
    """

    nothing = Q(pk__in=[])
    if not getattr(user, "is_authenticated", False):
        return nothing
    if user.is_superuser:
        return Q()
    condition = nothing
    following = org_ids(user, roles=FOLLOWING_ROLES)
    if following:
        co_followed = InterventionProject.objects.filter(
            Q(operator__in=following) | Q(partners__in=following), household=OuterRef("pk")
        )
        # The operator an orientation designates follows the household from that decision on.
        oriented_to = OrientationDecision.objects.filter(
            operator__in=following, referral__household=OuterRef("pk")
        )
        condition |= Q(organisation__in=following) | Q(Exists(co_followed)) | Q(Exists(oriented_to))
    if not professionals_only and has_role(user, Role.VOLUNTEER):
        assigned = InterventionProject.objects.filter(volunteers=user, household=OuterRef("pk"))
        condition |= Q(Exists(assigned))
    for path in territory_paths(user):
        condition |= Q(territory__path__startswith=path)
    return condition


class HouseholdQuerySet(models.QuerySet):
    def visible_to(self, user):
        return self.filter(household_perimeter(user))

    def professionally_visible_to(self, user):
        """Households whose confidential notes the user may read (never volunteers)."""
        return self.filter(household_perimeter(user, professionals_only=True))


class HouseholdChildQuerySet(models.QuerySet):
    household_path = "household"

    def visible_to(self, user):
        return self.filter(
            **{f"{self.household_path}__in": Household.objects.visible_to(user).values("pk")}
        )


class Household(models.Model):
    """Ménage, known by a pseudonymous reference; names live on its members only."""

    reference = models.CharField(_("référence"), max_length=30, unique=True)
    organisation = models.ForeignKey(
        "partnerships.Organisation",
        on_delete=models.PROTECT,
        related_name="households",
        verbose_name=_("structure référente"),
    )
    territory = models.ForeignKey(
        "partnerships.Territory",
        on_delete=models.PROTECT,
        related_name="households",
        verbose_name=_("commune"),
    )
    housing_situation = models.CharField(
        _("situation de logement"), max_length=30, choices=HousingSituation.choices
    )
    informed_on = models.DateField(
        _("informé du traitement de ses données le"), null=True, blank=True
    )
    created_at = models.DateTimeField(_("créé le"), auto_now_add=True)
    # Retention (households/retention.py): warned a month before, extended once, anonymised.
    retention_warned_on = models.DateField(
        _("référent prévenu de la fin de conservation le"), null=True, blank=True, editable=False
    )
    retention_extended_until = models.DateField(
        _("conservation prolongée jusqu'au"), null=True, blank=True, editable=False
    )
    retention_extension_reason = models.TextField(
        _("motif de la prolongation"), blank=True, editable=False
    )
    retention_extended_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
        verbose_name=_("prolongée par"),
    )
    anonymised_at = models.DateTimeField(_("anonymisé le"), null=True, blank=True, editable=False)
    # Optimistic locking (common/concurrency.py): a stale edit gets a conflict.
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)

    history = HistoricalRecords()
    objects = HouseholdQuerySet.as_manager()

    class Meta:
        verbose_name = _("ménage")
        verbose_name_plural = _("ménages")
        ordering = ["reference"]

    def __str__(self):
        return self.reference

    def get_absolute_url(self) -> str:
        return reverse("households:household_detail", args=[self.pk])

    def adults_for_funding(self) -> int:
        # seed 004 §5: a child stays a child for funding, even when of age.
        return sum(1 for m in self.members.all() if m.relationship != Relationship.CHILD)


class HouseholdPriority(models.Model):
    household = models.ForeignKey(
        Household, on_delete=models.CASCADE, related_name="priorities", verbose_name=_("ménage")
    )
    criterion = models.CharField(_("critère"), max_length=30, choices=PriorityCriterion.choices)

    objects = HouseholdChildQuerySet.as_manager()

    class Meta:
        verbose_name = _("critère de priorité")
        verbose_name_plural = _("critères de priorité")
        constraints = [
            models.UniqueConstraint(fields=["household", "criterion"], name="priority_unique"),
        ]

    def __str__(self):
        return self.get_criterion_display()


class Member(models.Model):
    household = models.ForeignKey(
        Household, on_delete=models.CASCADE, related_name="members", verbose_name=_("ménage")
    )
    first_name = models.CharField(_("prénom"), max_length=100)
    last_name = models.CharField(_("nom"), max_length=100)
    birth_date = models.DateField(_("date de naissance"), null=True, blank=True)
    relationship = models.CharField(_("lien"), max_length=20, choices=Relationship.choices)

    history = HistoricalRecords()
    objects = HouseholdChildQuerySet.as_manager()

    class Meta:
        verbose_name = _("membre du ménage")
        verbose_name_plural = _("membres du ménage")
        ordering = ["household", "pk"]

    def __str__(self):
        return f"{self.first_name} {self.last_name}"

    def clean(self):
        if self.birth_date and self.birth_date > timezone.localdate():
            raise ValidationError(
                {"birth_date": _("La date de naissance ne peut pas être dans le futur.")}
            )


WAITING_REFERRAL_STATUSES = (ReferralStatus.RECEIVED, ReferralStatus.UNDER_STUDY)


class ReferralQuerySet(HouseholdChildQuerySet):
    def waiting(self):
        """Referrals still waiting for an orientation decision."""
        return self.filter(status__in=WAITING_REFERRAL_STATUSES)


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

    history = HistoricalRecords()
    objects = ReferralChildQuerySet.as_manager()

    class Meta:
        verbose_name = _("décision d'orientation")
        verbose_name_plural = _("décisions d'orientation")

    def __str__(self):
        return f"{self.get_outcome_display()} — {self.referral}"


# Statuses in which the household is being accompanied (contacts expected, dates running).
OPEN_PROJECT_STATUSES = (ProjectStatus.ACTIVE, ProjectStatus.IN_REVIEW, ProjectStatus.RENEWED)


def contact_week(on: dt.date) -> tuple[dt.date, dt.date]:
    """The week over which contacts are counted: the 7 days ending on `on`, both included."""
    return on - dt.timedelta(days=6), on


class ProjectQuerySet(HouseholdChildQuerySet):
    def open(self):
        return self.filter(status__in=OPEN_PROJECT_STATUSES)

    def with_week_contacts(self, on: dt.date):
        """Annotate `week_contacts` (contacts of the week ending on `on`) and `is_behind`.

        seed 004 §4: at least 2 meetings a week (programme.min_contacts_per_week). An open
        project is behind when its week has fewer; it is judged once it has run a whole week.
        """
        first, last = contact_week(on)
        count = (
            Contact.objects.filter(project=OuterRef("pk"), happened_on__range=(first, last))
            .order_by()
            .values("project")
            .annotate(n=models.Count("pk"))
            .values("n")
        )
        behind = Q(
            status__in=OPEN_PROJECT_STATUSES,
            programme__min_contacts_per_week__gt=0,
            start_date__lte=first,
            week_contacts__lt=F("programme__min_contacts_per_week"),
        )
        return self.annotate(
            week_contacts=Coalesce(Subquery(count[:1]), Value(0), output_field=IntegerField())
        ).annotate(
            is_behind=Case(When(behind, then=Value(True)), default=Value(False)),
        )

    def behind_on_contacts(self, on: dt.date):
        """Open projects whose week has fewer contacts than their programme requires."""
        return self.with_week_contacts(on).filter(is_behind=True)

    def due_soon(self, on: dt.date, days: int = 30):
        """Open projects whose intermediate review is due (or overdue, not yet held) or whose
        term ends within `days` days."""
        horizon = on + dt.timedelta(days=days)
        intermediate_held = Review.objects.filter(
            project=OuterRef("pk"), kind=ReviewKind.INTERMEDIATE
        )
        return self.open().filter(
            Q(review_due_on__lte=horizon) & ~Q(Exists(intermediate_held))
            | Q(planned_end__gte=on, planned_end__lte=horizon)
        )


class InterventionProject(models.Model):
    """Projet d'intervention / d'accompagnement of one household under a programme."""

    household = models.ForeignKey(
        Household, on_delete=models.PROTECT, related_name="projects", verbose_name=_("ménage")
    )
    programme = models.ForeignKey(
        "partnerships.Programme",
        on_delete=models.PROTECT,
        related_name="projects",
        verbose_name=_("dispositif"),
    )
    referral = models.ForeignKey(
        Referral,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="projects",
        verbose_name=_("saisine d'origine"),
    )
    operator = models.ForeignKey(
        "partnerships.Organisation",
        on_delete=models.PROTECT,
        related_name="operated_projects",
        verbose_name=_("structure opératrice"),
    )
    partners = models.ManyToManyField(
        "partnerships.Organisation",
        blank=True,
        related_name="partnered_projects",
        verbose_name=_("structures partenaires"),
        help_text=_("Structures qui co-suivent le ménage (bénévoles de MTA, par exemple)."),
    )
    referent = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="referent_projects",
        verbose_name=_("travailleur social référent"),
    )
    volunteers = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="volunteer_projects",
        verbose_name=_("bénévoles"),
    )
    measure_allocation = models.ForeignKey(
        "funding.MeasureAllocation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="projects",
        verbose_name=_("allocation de mesures"),
    )
    objectives = models.TextField(_("objectifs"))
    contract_signed_on = models.DateField(
        _("contrat d'accompagnement signé le"), null=True, blank=True
    )
    start_date = models.DateField(_("début"), null=True, blank=True)
    renewals_used = models.PositiveSmallIntegerField(_("renouvellements"), default=0)
    # Derived from the programme's rules in compute_dates(), never typed.
    review_due_on = models.DateField(_("bilan intermédiaire dû le"), null=True, editable=False)
    planned_end = models.DateField(_("fin prévue"), null=True, editable=False)
    status = models.CharField(
        _("statut"), max_length=20, choices=ProjectStatus.choices, default=ProjectStatus.PROPOSED
    )
    over_allocation_reason = models.TextField(_("motif du dépassement d'allocation"), blank=True)
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)

    history = HistoricalRecords(m2m_fields=[partners, volunteers])
    objects = ProjectQuerySet.as_manager()

    class Meta:
        verbose_name = _("projet d'intervention")
        verbose_name_plural = _("projets d'intervention")
        ordering = ["-start_date", "pk"]
        # The default order as an index: the admin list reads 50 rows instead of sorting
        # every project (33 ms at 18 000 projects, docs/benchmarks.md).
        indexes = [models.Index(fields=["-start_date", "id"], name="project_recent")]
        constraints = [
            models.CheckConstraint(
                condition=Q(planned_end__isnull=True)
                | Q(start_date__isnull=True)
                | Q(planned_end__gte=F("start_date")),
                name="project_dates_coherent",
            ),
        ]

    def __str__(self):
        return f"{self.programme} — {self.household}"

    def save(self, *args, **kwargs):
        self.compute_dates()
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("households:project_detail", args=[self.pk])

    def compute_dates(self) -> None:
        """Review and end dates from the programme (seed 004 §4: 6 months, review at 3,
        renewable once for 6; seed 000 art. III: 24 months)."""
        if not self.start_date:
            self.review_due_on = self.planned_end = None
            return
        programme = self.programme
        months = programme.duration_months + self.renewals_used * (
            programme.renewal_months or programme.duration_months
        )
        self.planned_end = term_end(self.start_date, months)
        if programme.review_after_months:
            self.review_due_on = add_months(self.start_date, programme.review_after_months)
        else:
            self.review_due_on = None


class ProjectChildQuerySet(HouseholdChildQuerySet):
    household_path = "project__household"


class ProjectApproval(models.Model):
    """One structure's agreement to a follow-up (seed 000 art. IV: each structure agrees)."""

    project = models.ForeignKey(
        InterventionProject,
        on_delete=models.CASCADE,
        related_name="approvals",
        verbose_name=_("projet"),
    )
    organisation = models.ForeignKey(
        "partnerships.Organisation",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("structure"),
    )
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("approuvé par"),
    )
    approved_at = models.DateTimeField(_("approuvé le"), default=timezone.now)
    decision = models.ForeignKey(
        "governance.Decision",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="project_approvals",
        verbose_name=_("décision du comité"),
    )

    history = HistoricalRecords()
    objects = ProjectChildQuerySet.as_manager()

    class Meta:
        verbose_name = _("accord de structure")
        verbose_name_plural = _("accords de structure")
        constraints = [
            models.UniqueConstraint(
                fields=["project", "organisation"], name="approval_unique_organisation"
            ),
        ]

    def __str__(self):
        return f"{self.organisation} — {self.project}"


class PlannedAction(models.Model):
    """Who does what: the heart of the joint professional-volunteer model (seed 000)."""

    project = models.ForeignKey(
        InterventionProject,
        on_delete=models.CASCADE,
        related_name="actions",
        verbose_name=_("projet"),
    )
    domain = models.ForeignKey(
        "partnerships.ProgrammeDomain",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("domaine"),
    )
    description = models.TextField(_("action"))
    organisation = models.ForeignKey(
        "partnerships.Organisation",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("structure"),
    )
    performer = models.CharField(_("assurée par"), max_length=20, choices=Performer.choices)
    due_on = models.DateField(_("échéance"), null=True, blank=True)
    status = models.CharField(
        _("statut"), max_length=20, choices=ActionStatus.choices, default=ActionStatus.PLANNED
    )

    history = HistoricalRecords()
    objects = ProjectChildQuerySet.as_manager()

    class Meta:
        verbose_name = _("action prévue")
        verbose_name_plural = _("actions prévues")
        ordering = ["project", "due_on", "pk"]

    def __str__(self):
        return self.description[:80]


class Contact(models.Model):
    """Rencontre; the confidential note is for professionals of the perimeter only."""

    project = models.ForeignKey(
        InterventionProject,
        on_delete=models.CASCADE,
        related_name="contacts",
        verbose_name=_("projet"),
    )
    happened_on = models.DateField(_("date"))
    medium = models.CharField(_("modalité"), max_length=20, choices=ContactMedium.choices)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="contacts_written",
        verbose_name=_("auteur"),
    )
    participants = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="contacts_attended",
        verbose_name=_("participants"),
    )
    duration_minutes = models.PositiveSmallIntegerField(
        _("durée (minutes)"), default=60, validators=[MinValueValidator(1)]
    )
    domains = models.ManyToManyField(
        "partnerships.ProgrammeDomain",
        blank=True,
        related_name="+",
        verbose_name=_("domaines abordés"),
    )
    summary = models.TextField(_("compte rendu partagé"), blank=True)
    confidential_note = models.TextField(
        _("note confidentielle"),
        blank=True,
        help_text=_("Visible des seuls professionnels, jamais des bénévoles."),
    )

    history = HistoricalRecords()
    objects = ProjectChildQuerySet.as_manager()

    class Meta:
        verbose_name = _("rencontre")
        verbose_name_plural = _("rencontres")
        ordering = ["-happened_on", "-pk"]
        indexes = [
            models.Index(fields=["project", "happened_on"], name="contact_project_day"),
            # The newest contacts first (admin list, exports): an index walk instead of a sort
            # of every contact (519 ms → see docs/benchmarks.md).
            models.Index(fields=["-happened_on", "-id"], name="contact_recent"),
        ]

    def __str__(self):
        return f"{self.get_medium_display()} du {self.happened_on:%d/%m/%Y}"

    def clean(self):
        if self.happened_on and self.happened_on > timezone.localdate():
            raise ValidationError(
                {"happened_on": _("Une rencontre ne peut pas être datée dans le futur.")}
            )


class Review(models.Model):
    """Bilan: intermediate (3 months for ASRL), end of term, closing (seed 004 §7)."""

    project = models.ForeignKey(
        InterventionProject,
        on_delete=models.CASCADE,
        related_name="reviews",
        verbose_name=_("projet"),
    )
    kind = models.CharField(_("type de bilan"), max_length=20, choices=ReviewKind.choices)
    held_on = models.DateField(_("date"))
    assessment = models.TextField(_("évaluation"))
    recommendation = models.CharField(
        _("préconisation"), max_length=20, choices=Recommendation.choices
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("auteur"),
    )
    sent_to_coordinator_on = models.DateField(
        _("transmis au coordinateur le"), null=True, blank=True
    )

    history = HistoricalRecords()
    objects = ProjectChildQuerySet.as_manager()

    class Meta:
        verbose_name = _("bilan")
        verbose_name_plural = _("bilans")
        ordering = ["project", "held_on"]

    def __str__(self):
        return f"{self.get_kind_display()} du {self.held_on:%d/%m/%Y}"


class Closure(models.Model):
    project = models.OneToOneField(
        InterventionProject,
        on_delete=models.CASCADE,
        related_name="closure",
        verbose_name=_("projet"),
    )
    closed_on = models.DateField(_("clôturé le"))
    outcome = models.CharField(_("issue"), max_length=20, choices=ClosureOutcome.choices)
    comment = models.TextField(_("commentaire"), blank=True)

    history = HistoricalRecords()
    objects = ProjectChildQuerySet.as_manager()

    class Meta:
        verbose_name = _("clôture")
        verbose_name_plural = _("clôtures")

    def __str__(self):
        return f"{self.get_outcome_display()} ({self.closed_on:%d/%m/%Y})"


class FinancialHelp(models.Model):
    """Soutien financier ponctuel (seed 000, volunteer axis 5)."""

    project = models.ForeignKey(
        InterventionProject,
        on_delete=models.CASCADE,
        related_name="financial_helps",
        verbose_name=_("projet"),
    )
    purpose = models.CharField(_("objet"), max_length=20, choices=HelpPurpose.choices)
    amount_requested = models.DecimalField(_("montant demandé"), max_digits=12, decimal_places=2)
    status = models.CharField(
        _("statut"), max_length=20, choices=HelpStatus.choices, default=HelpStatus.WAITING_DOCUMENTS
    )
    amount_granted = models.DecimalField(
        _("montant accordé"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    decided_on = models.DateField(_("décidée le"), null=True, blank=True)
    paid_on = models.DateField(_("versée le"), null=True, blank=True)
    payment_method = models.CharField(_("mode de paiement"), max_length=60, blank=True)
    payer = models.ForeignKey(
        "partnerships.Organisation",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("payeur"),
    )

    history = HistoricalRecords()
    objects = ProjectChildQuerySet.as_manager()

    class Meta:
        verbose_name = _("aide financière ponctuelle")
        verbose_name_plural = _("aides financières ponctuelles")
        constraints = [
            models.CheckConstraint(
                condition=Q(amount_requested__gt=0), name="help_amount_requested_positive"
            ),
            models.CheckConstraint(
                condition=Q(amount_granted__isnull=True) | Q(amount_granted__gte=0),
                name="help_amount_granted_positive",
            ),
        ]

    def __str__(self):
        return f"{self.get_purpose_display()} — {self.amount_requested} €"


def document_path(instance, filename: str) -> str:
    today = dt.date.today()
    return f"households/{today:%Y/%m}/{instance.household_id}-{filename}"


class Document(models.Model):
    """Stored outside any public URL; served only through a permission-checked view."""

    household = models.ForeignKey(
        Household, on_delete=models.CASCADE, related_name="documents", verbose_name=_("ménage")
    )
    project = models.ForeignKey(
        InterventionProject,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="documents",
        verbose_name=_("projet"),
    )
    kind = models.CharField(_("type de document"), max_length=20, choices=DocumentKind.choices)
    title = models.CharField(_("titre"), max_length=200)
    file = models.FileField(_("fichier"), upload_to=document_path)
    # Detected from the file's first bytes at upload, never from its name.
    content_type = models.CharField(_("format"), max_length=50, blank=True)
    size = models.PositiveIntegerField(_("taille (octets)"), default=0)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("par")
    )
    uploaded_at = models.DateTimeField(_("déposé le"), auto_now_add=True)

    history = HistoricalRecords()
    objects = HouseholdChildQuerySet.as_manager()

    class Meta:
        verbose_name = _("document")
        verbose_name_plural = _("documents")
        ordering = ["-uploaded_at"]

    def __str__(self):
        return self.title


class AuditEntryQuerySet(models.QuerySet):
    def visible_to(self, user):
        """A director reads the log of their organisation: what its people read, and who read
        its households. Nobody else reads the log as a whole (the household's own log is shown
        on its file to the professionals who follow it, see `for_household`)."""

        if not getattr(user, "is_authenticated", False):
            return self.none()
        if user.is_superuser:
            return self
        directed = org_ids(user, roles=[Role.DIRECTOR])
        if not directed:
            return self.none()
        return self.filter(Q(organisation__in=directed) | Q(household__organisation__in=directed))

    def for_household(self, household):
        return self.filter(household=household)


class AuditEntry(models.Model):
    """Journal des accès: one row per read of personal data. Append-only: no form or admin
    changes it, and on PostgreSQL a trigger refuses UPDATE, and DELETE of any entry younger
    than the minimum retention (migration households/00xx_audit_log)."""

    at = models.DateTimeField(_("le"), default=timezone.now, db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("par"),
    )
    organisation = models.ForeignKey(
        "partnerships.Organisation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("pour la structure"),
    )
    household = models.ForeignKey(
        Household,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="audit_entries",
        verbose_name=_("ménage"),
    )
    action = models.CharField(_("action"), max_length=30, choices=AuditAction.choices)
    # What was read, without personal data: a document number, an export's name and size.
    detail = models.CharField(_("précision"), max_length=200, blank=True)
    request_id = models.CharField(_("identifiant de requête"), max_length=64, blank=True)

    objects = AuditEntryQuerySet.as_manager()

    class Meta:
        verbose_name = _("entrée du journal des accès")
        verbose_name_plural = _("journal des accès")
        ordering = ["-at", "-pk"]
        indexes = [models.Index(fields=["household", "at"], name="audit_household_at")]

    def __str__(self):
        return f"{self.get_action_display()} — {self.at:%d/%m/%Y %H:%M}"
