"""The intervention project and what happens within it: approvals, planned actions, contacts,
reviews, closure and one-off financial help."""

import datetime as dt

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Case, Exists, F, IntegerField, OuterRef, Q, Subquery, Value, When
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from common.dates import add_months, term_end
from common.expressions import AmongKeys
from households.enums import (
    ActionStatus,
    ClosureOutcome,
    ContactMedium,
    HelpPurpose,
    HelpStatus,
    Performer,
    ProjectStatus,
    Recommendation,
    ReviewKind,
)
from households.models.households import Household, HouseholdChildQuerySet
from households.models.referrals import Referral
from partnerships.perimeter import territory_paths

# Statuses in which the household is being accompanied (contacts expected, dates running).
OPEN_PROJECT_STATUSES = (ProjectStatus.ACTIVE, ProjectStatus.IN_REVIEW, ProjectStatus.RENEWED)


# seed 004 §4: the end-of-term review is held "à échéance": in the term's last month.
END_REVIEW_WINDOW_MONTHS = 1


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

    def with_review_late(self, on: dt.date):
        """`review_late`: an open project whose intermediate review was due before `on` and
        is not held (issue 18: such projects come first on the list, marked « En retard »)."""
        intermediate_held = Review.objects.filter(
            project=OuterRef("pk"),
            kind=ReviewKind.INTERMEDIATE,
            held_on__gte=OuterRef("term_start"),
        )
        late = Q(status__in=OPEN_PROJECT_STATUSES, review_due_on__lt=on) & ~Q(
            Exists(intermediate_held)
        )
        return self.annotate(review_late=Case(When(late, then=Value(True)), default=Value(False)))

    def due_soon(self, on: dt.date, days: int = 30):
        """Open projects whose intermediate review is due (or overdue, not yet held) or whose
        term ends within `days` days."""
        horizon = on + dt.timedelta(days=days)
        intermediate_held = Review.objects.filter(
            project=OuterRef("pk"),
            kind=ReviewKind.INTERMEDIATE,
            held_on__gte=OuterRef("term_start"),
        )
        return self.open().filter(
            Q(review_due_on__lte=horizon) & ~Q(Exists(intermediate_held))
            | Q(planned_end__gte=on, planned_end__lte=horizon)
        )

    # The to-do lists of the home page (issue 16), one rule each.
    def review_due(self, on: dt.date, days: int = 30):
        """Open projects whose intermediate review (seed 004 §4: at 3 months for ASRL) falls
        within `days` days or is overdue, and has not been written."""
        intermediate_held = Review.objects.filter(
            project=OuterRef("pk"),
            kind=ReviewKind.INTERMEDIATE,
            held_on__gte=OuterRef("term_start"),
        )
        return (
            self.open()
            .filter(review_due_on__lte=on + dt.timedelta(days=days), review_due_on__isnull=False)
            .exclude(Exists(intermediate_held))
        )

    def ending_within(self, on: dt.date, days: int = 30):
        """Open projects whose planned end falls between today and `days` days from now."""
        return self.open().filter(
            planned_end__gte=on, planned_end__lte=on + dt.timedelta(days=days)
        )

    def without_contact_since(self, on: dt.date, days: int = 30):
        """Open projects started at least `days` days ago without a contact in those days."""
        since = on - dt.timedelta(days=days)
        recent = Contact.objects.filter(project=OuterRef("pk"), happened_on__gte=since)
        return self.open().filter(start_date__lte=since).exclude(Exists(recent))

    def awaiting_approval_of(self, organisation_ids):
        """Proposed projects that one of these structures must still approve (seed 000 art.
        IV: each structure of a joint follow-up; otherwise the operator alone)."""
        ids = list(organisation_ids)
        # A structure that refused (issue 18) has decided too: nothing is awaited from it.
        decided_by_operator = Q(
            Exists(
                ProjectApproval.objects.filter(
                    project=OuterRef("pk"), organisation=OuterRef("operator")
                )
            )
        ) | Q(
            Exists(
                ProjectRefusal.objects.filter(
                    project=OuterRef("pk"), organisation=OuterRef("operator")
                )
            )
        )
        operator_missing = Q(operator__in=ids) & ~decided_by_operator
        partner_missing = Q(programme__requires_each_partner_approval=True) & Q(
            Exists(
                InterventionProject.partners.through.objects.filter(
                    interventionproject=OuterRef("pk"), organisation__in=ids
                )
                .exclude(
                    organisation__in=ProjectApproval.objects.filter(
                        project=OuterRef("interventionproject")
                    ).values("organisation")
                )
                .exclude(
                    organisation__in=ProjectRefusal.objects.filter(
                        project=OuterRef("interventionproject")
                    ).values("organisation")
                )
            )
        )
        # The candidates first: the proposed projects these structures operate or co-follow,
        # read by the operator's and the partners' indexes. Both conditions above imply it;
        # without it, a director's perimeter was walked household by household to find the
        # few proposed ones (issue 15: 1 467 households read for 54 projects at 100 000).
        operated = InterventionProject.objects.filter(
            status=ProjectStatus.PROPOSED, operator__in=ids
        ).values("pk")
        co_followed = InterventionProject.partners.through.objects.filter(
            organisation__in=ids, interventionproject__status=ProjectStatus.PROPOSED
        ).values("interventionproject")
        candidates = Q(AmongKeys("pk", operated)) | Q(AmongKeys("pk", co_followed))
        return (
            self.filter(status=ProjectStatus.PROPOSED)
            .filter(candidates)
            .filter(operator_missing | partner_missing)
        )

    def with_volunteer_actions_to_do(self):
        """Open projects with a volunteer's action still planned or under way (seed 000:
        who does what)."""
        to_do = PlannedAction.objects.filter(
            project=OuterRef("pk"),
            performer=Performer.VOLUNTEER,
            status__in=[ActionStatus.PLANNED, ActionStatus.IN_PROGRESS],
        )
        return self.open().filter(Exists(to_do))


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
    # seed 004 §5: a measure funds "un accompagnement de 6 mois et un éventuel renouvellement";
    # beyond, each new measure the coordinator agrees to (RenewalAgreement) funds as many
    # renewals again. Written by project_renew_further only.
    extra_renewals = models.PositiveSmallIntegerField(
        _("renouvellements accordés au-delà"), default=0, editable=False
    )
    # The committee's refusal of the renewal asked for by the end-of-term review (households/
    # agenda.py): the project is not renewed and ends at its term (seed 004 §4).
    renewal_refused_by = models.ForeignKey(
        "governance.Decision",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
        verbose_name=_("renouvellement refusé par"),
    )
    # Derived from the programme's rules in compute_dates(), never typed.
    term_start = models.DateField(_("début de la période en cours"), null=True, editable=False)
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
        renewable once for 6; seed 000 art. III: 24 months). Each term has its own
        intermediate review: a renewed ASRL term (1 April – 30 September 2020 after 1 October
        2019 – 31 March 2020) has its review on 1 July 2020."""
        if not self.start_date:
            self.term_start = self.review_due_on = self.planned_end = None
            return
        programme = self.programme
        renewal = programme.renewal_months or programme.duration_months
        months = programme.duration_months + self.renewals_used * renewal
        self.planned_end = term_end(self.start_date, months)
        self.term_start = (
            add_months(self.start_date, months - renewal) if self.renewals_used else self.start_date
        )
        if programme.review_after_months:
            self.review_due_on = add_months(self.term_start, programme.review_after_months)
        else:
            self.review_due_on = None

    def end_review_from(self) -> dt.date | None:
        """The first day the end-of-term review may be held (seed 004 §4: « à échéance, en
        amont d'un éventuel renouvellement »): within the term's last month."""
        if self.planned_end is None:
            return None
        next_day = self.planned_end + dt.timedelta(days=1)
        return add_months(next_day, -END_REVIEW_WINDOW_MONTHS)

    def renewals_allowed(self) -> int | None:
        """Renewals the project's measures fund (None: without limit): the programme's, plus
        those of each new measure the coordinator agreed to (seed 004 §5)."""
        allowed = self.programme.renewals_allowed
        return None if allowed is None else allowed + self.extra_renewals


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


class ProjectRefusal(models.Model):
    """One structure's refusal of a follow-up, with its reason (issue 18: seed 000 art. IV asks
    the agreement of each structure, so each may also say no). The project stays proposed;
    the referent reads the reason on its page."""

    project = models.ForeignKey(
        InterventionProject,
        on_delete=models.CASCADE,
        related_name="refusals",
        verbose_name=_("projet"),
    )
    organisation = models.ForeignKey(
        "partnerships.Organisation",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("structure"),
    )
    refused_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("refusé par"),
    )
    refused_at = models.DateTimeField(_("refusé le"), default=timezone.now)
    reason = models.TextField(_("motif du refus"))

    history = HistoricalRecords()
    objects = ProjectChildQuerySet.as_manager()

    class Meta:
        verbose_name = _("refus de structure")
        verbose_name_plural = _("refus de structure")
        constraints = [
            models.UniqueConstraint(
                fields=["project", "organisation"], name="refusal_unique_organisation"
            ),
            models.CheckConstraint(condition=~models.Q(reason=""), name="refusal_has_reason"),
        ]

    def __str__(self):
        return f"{self.organisation} — {self.project}"


class RenewalAgreement(models.Model):
    """The coordinator's agreement to renew a project beyond the renewals its measure funds,
    with its reason (seed 004 §5: a measure funds "un accompagnement de 6 mois et un éventuel
    renouvellement, pour la même durée"): the further renewal consumes a new measure from the
    operator's allocation (`reservation`; none for a programme that counts no measures).
    Written by project_renew_further only."""

    project = models.ForeignKey(
        InterventionProject,
        on_delete=models.CASCADE,
        related_name="renewal_agreements",
        verbose_name=_("projet"),
    )
    agreed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("accordé par"),
    )
    agreed_at = models.DateTimeField(_("accordé le"), default=timezone.now)
    reason = models.TextField(_("motif"))
    reservation = models.OneToOneField(
        "funding.MeasureReservation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="renewal_agreement",
        verbose_name=_("nouvelle mesure consommée"),
    )

    history = HistoricalRecords()
    objects = ProjectChildQuerySet.as_manager()

    class Meta:
        verbose_name = _("accord de renouvellement supplémentaire")
        verbose_name_plural = _("accords de renouvellement supplémentaire")
        ordering = ["project", "agreed_at"]
        constraints = [
            models.CheckConstraint(condition=~Q(reason=""), name="renewal_agreement_has_reason"),
        ]

    def __str__(self):
        return f"{self.project} — {self.agreed_at:%d/%m/%Y}"


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
    # issue 18: the time of day and the place, noted from a phone with defaults per medium
    # (households/forms.py: contact_default_place); both optional, as older contacts have none.
    happened_at = models.TimeField(_("heure"), null=True, blank=True)
    place = models.CharField(_("lieu"), max_length=200, blank=True)
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


class ReviewQuerySet(ProjectChildQuerySet):
    def sent_and_visible_to(self, user):
        """seed 004 §7: the reviews sent to the coordinators, those of the households of the
        user's territories as coordinator (not those their structure follows)."""
        within = Q(pk__in=[])
        for path in territory_paths(user):
            within |= Q(project__household__territory__path__startswith=path)
        return self.visible_to(user).filter(within, sent_to_coordinator_on__isnull=False)


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
    # seed 004 §7: the coordinator reads the reviews sent to them (review_acknowledge).
    acknowledged_on = models.DateTimeField(
        _("lu par le coordinateur le"), null=True, editable=False
    )
    acknowledged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        editable=False,
        related_name="+",
        verbose_name=_("lu par"),
    )

    history = HistoricalRecords()
    objects = ReviewQuerySet.as_manager()

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
    # seed 000 axe 5: « temporiser le déblocage d'une aide publique »: the help can be an
    # advance on a public aid the household awaits, repaid when that aid arrives.
    is_advance = models.BooleanField(_("avance sur une aide publique"), default=False)
    awaited_aid = models.CharField(_("aide publique attendue"), max_length=200, blank=True)
    repaid_on = models.DateField(_("remboursée le"), null=True, blank=True)
    amount_repaid = models.DecimalField(
        _("montant remboursé"), max_digits=12, decimal_places=2, null=True, blank=True
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
            # seed 000 axe 5: a help is repaid once paid, never beyond what was paid.
            models.CheckConstraint(
                condition=Q(amount_repaid__isnull=True)
                | (
                    Q(amount_repaid__gt=0, paid_on__isnull=False, repaid_on__isnull=False)
                    & Q(amount_repaid__lte=F("amount_granted"))
                ),
                name="help_repaid_within_paid",
            ),
        ]

    def __str__(self):
        return f"{self.get_purpose_display()} — {self.amount_requested} €"

    @property
    def left_to_repay(self):
        """What an advance paid and not yet repaid still owes (seed 000 axe 5)."""
        if not (self.is_advance and self.paid_on) or self.amount_granted is None:
            return None
        return self.amount_granted - (self.amount_repaid or 0)
