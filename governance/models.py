from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from common.papers import Paper
from governance.enums import (
    AgendaKind,
    AttendanceStatus,
    CommitteeKind,
    DecisionOutcome,
    DecisionSubject,
    DeliberationPaperKind,
    Frequency,
    ItemOutcome,
    MeetingStatus,
    ObjectiveStatus,
    PlanPeriod,
    ReportStatus,
)
from partnerships.models import Convention
from partnerships.perimeter import org_ids


class CommitteeQuerySet(models.QuerySet):
    committee_path = ""

    def visible_to(self, user):
        """A committee is visible with its convention, or to members of its organisation."""
        if not user.is_authenticated:
            return self.none()
        if user.is_superuser:
            return self

        prefix = f"{self.committee_path}__" if self.committee_path else ""
        return self.filter(
            Q(**{f"{prefix}convention__in": Convention.objects.visible_to(user).values("pk")})
            | Q(**{f"{prefix}organisation__in": org_ids(user)})
        )


class Committee(models.Model):
    """An instance of governance: COPIL, COMOP, Commission Permanente, jury…"""

    name = models.CharField(_("nom"), max_length=200)
    kind = models.CharField(_("type d'instance"), max_length=30, choices=CommitteeKind.choices)
    convention = models.ForeignKey(
        "partnerships.Convention",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="committees",
        verbose_name=_("convention"),
    )
    organisation = models.ForeignKey(
        "partnerships.Organisation",
        on_delete=models.PROTECT,
        related_name="committees",
        verbose_name=_("organisation porteuse"),
    )
    frequency = models.CharField(_("fréquence attendue"), max_length=30, choices=Frequency.choices)
    # seed 000 art. IV: 2 representatives per structure on the steering committee.
    seats_per_organisation = models.PositiveSmallIntegerField(
        _("représentants par structure"), null=True, blank=True
    )
    chair = models.CharField(_("présidence"), max_length=200, blank=True)
    # Who prepares the meetings: their agenda, and the due meetings on their home page.
    secretary = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="committees_as_secretary",
        verbose_name=_("secrétariat"),
    )

    history = HistoricalRecords()
    objects = CommitteeQuerySet.as_manager()

    class Meta:
        verbose_name = _("instance")
        verbose_name_plural = _("instances")
        ordering = ["name"]

    def __str__(self):
        return self.name


class CommitteeMember(models.Model):
    committee = models.ForeignKey(
        Committee, on_delete=models.CASCADE, related_name="members", verbose_name=_("instance")
    )
    organisation = models.ForeignKey(
        "partnerships.Organisation",
        on_delete=models.PROTECT,
        related_name="committee_seats",
        verbose_name=_("structure"),
    )
    full_name = models.CharField(_("nom"), max_length=200)
    title = models.CharField(_("qualité"), max_length=200, blank=True)
    voting = models.BooleanField(_("voix délibérative"), default=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("membre d'instance")
        verbose_name_plural = _("membres d'instance")
        ordering = ["committee", "organisation", "full_name"]

    def __str__(self):
        return f"{self.full_name} ({self.organisation})"


class MeetingQuerySet(CommitteeQuerySet):
    committee_path = "committee"


class Meeting(models.Model):
    committee = models.ForeignKey(
        Committee, on_delete=models.CASCADE, related_name="meetings", verbose_name=_("instance")
    )
    held_on = models.DateField(_("date"))
    place = models.CharField(_("lieu"), max_length=200, blank=True)
    agenda = models.TextField(_("ordre du jour"), blank=True)
    status = models.CharField(
        _("statut"), max_length=20, choices=MeetingStatus.choices, default=MeetingStatus.PLANNED
    )
    minutes = models.TextField(_("compte rendu"), blank=True)
    cancellation_reason = models.TextField(_("motif d'annulation"), blank=True)

    history = HistoricalRecords()
    objects = MeetingQuerySet.as_manager()

    class Meta:
        verbose_name = _("réunion")
        verbose_name_plural = _("réunions")
        ordering = ["-held_on", "pk"]

    def __str__(self):
        return f"{self.committee} — {self.held_on:%d/%m/%Y}"


class Attendance(models.Model):
    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, related_name="attendances", verbose_name=_("réunion")
    )
    full_name = models.CharField(_("nom"), max_length=200)
    organisation = models.ForeignKey(
        "partnerships.Organisation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("structure"),
    )
    status = models.CharField(_("présence"), max_length=20, choices=AttendanceStatus.choices)
    represented_by = models.CharField(_("représenté par"), max_length=200, blank=True)
    # seed 001 (CGCT L.3121-14-1): an excused member gives their proxy ("pouvoir") to a
    # named member present at the same meeting; one proxy per holder (governance/voting.py).
    proxy_holder = models.OneToOneField(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="proxy_given_by",
        verbose_name=_("pouvoir donné à"),
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("présence")
        verbose_name_plural = _("présences")
        ordering = ["meeting", "full_name"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "full_name"], name="attendance_unique"),
            models.CheckConstraint(
                condition=Q(proxy_holder__isnull=True) | Q(status="excused"),
                name="attendance_proxy_from_excused",
                violation_error_message=_("Seul un membre excusé donne pouvoir."),
            ),
        ]

    def __str__(self):
        return f"{self.full_name} — {self.get_status_display()}"


class DecisionQuerySet(CommitteeQuerySet):
    committee_path = "meeting__committee"


class Decision(models.Model):
    """A decision of a meeting; a deliberation (n° 2023-121) is one with its articles."""

    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, related_name="decisions", verbose_name=_("réunion")
    )
    number = models.CharField(_("numéro"), max_length=40, blank=True)
    subject = models.CharField(_("objet"), max_length=30, choices=DecisionSubject.choices)
    title = models.CharField(_("intitulé"), max_length=300)
    text = models.TextField(_("texte (articles)"), blank=True)
    convention = models.ForeignKey(
        "partnerships.Convention",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="decisions",
        verbose_name=_("convention concernée"),
    )
    outcome = models.CharField(
        _("issue"), max_length=20, choices=DecisionOutcome.choices, default=DecisionOutcome.PENDING
    )
    votes_for = models.PositiveIntegerField(_("pour"), null=True, blank=True)
    votes_against = models.PositiveIntegerField(_("contre"), null=True, blank=True)
    abstentions = models.PositiveIntegerField(_("abstentions"), null=True, blank=True)
    requires_each_organisation = models.BooleanField(
        _("accord de chaque structure requis"), default=False
    )
    # seed 001: "Envoi au contrôle de légalité le : 19 avril 2023 — Publication électronique
    # le : 19 avril 2023": a deliberation is enforceable once both are done.
    sent_to_control_on = models.DateField(
        _("envoi au contrôle de légalité le"), null=True, blank=True
    )
    published_on = models.DateField(_("publication le"), null=True, blank=True)

    history = HistoricalRecords()
    objects = DecisionQuerySet.as_manager()

    class Meta:
        verbose_name = _("décision")
        verbose_name_plural = _("décisions")
        ordering = ["meeting", "number", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["number"], condition=~Q(number=""), name="decision_unique_number"
            ),
        ]

    def __str__(self):
        return f"{self.number} — {self.title}" if self.number else self.title

    def enforceable_on(self, day) -> bool:
        """Adopted, sent to the prefecture's legality control and published by `day`."""
        return (
            self.outcome == DecisionOutcome.ADOPTED
            and self.sent_to_control_on is not None
            and self.published_on is not None
            and self.sent_to_control_on <= day
            and self.published_on <= day
        )

    @property
    def enforceable(self) -> bool:
        return self.outcome == DecisionOutcome.ADOPTED and bool(
            self.sent_to_control_on and self.published_on
        )


class AgendaItemQuerySet(CommitteeQuerySet):
    committee_path = "meeting__committee"


class AgendaItem(models.Model):
    """One point of a meeting's agenda: an object of the committee's remit waiting for its
    decision (a project to agree, a report to validate, the jury's allocation…). The object is
    a generic target: governance sits below the apps that own it (tests/test_layers.py), which
    list their pending objects and apply the decision (governance/agenda.py)."""

    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, related_name="items", verbose_name=_("réunion")
    )
    position = models.PositiveSmallIntegerField(_("ordre"))
    kind = models.CharField(_("nature"), max_length=30, choices=AgendaKind.choices)
    target_type = models.ForeignKey(
        ContentType, on_delete=models.PROTECT, related_name="+", verbose_name=_("type d'objet")
    )
    target_id = models.PositiveBigIntegerField(_("objet"))
    target = GenericForeignKey("target_type", "target_id")
    title = models.CharField(_("intitulé"), max_length=300)
    outcome = models.CharField(
        _("issue"), max_length=20, choices=ItemOutcome.choices, default=ItemOutcome.PENDING
    )
    decision = models.OneToOneField(
        Decision,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="agenda_item",
        verbose_name=_("décision"),
    )
    carried_from = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("reporté de"),
    )

    history = HistoricalRecords()
    objects = AgendaItemQuerySet.as_manager()

    class Meta:
        verbose_name = _("point de l'ordre du jour")
        verbose_name_plural = _("points de l'ordre du jour")
        ordering = ["meeting", "position", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "target_type", "target_id"], name="agenda_item_unique_target"
            ),
            models.UniqueConstraint(fields=["meeting", "position"], name="agenda_item_position"),
        ]
        indexes = [models.Index(fields=["target_type", "target_id"], name="agenda_item_target")]

    def __str__(self):
        return f"{self.position}. {self.title}"


class OrganisationAgreement(models.Model):
    """The agreement of one structure when a decision needs each one's (seed 000 art. IV)."""

    decision = models.ForeignKey(
        Decision, on_delete=models.CASCADE, related_name="agreements", verbose_name=_("décision")
    )
    organisation = models.ForeignKey(
        "partnerships.Organisation",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("structure"),
    )
    agreed = models.BooleanField(_("accord"))
    given_on = models.DateField(_("date"))
    given_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("donné par"),
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("accord d'une structure")
        verbose_name_plural = _("accords des structures")
        constraints = [
            models.UniqueConstraint(
                fields=["decision", "organisation"], name="agreement_unique_organisation"
            ),
        ]

    def __str__(self):
        return f"{self.organisation} : {'accord' if self.agreed else 'refus'}"


class ConventionScopedQuerySet(models.QuerySet):
    def visible_to(self, user):

        return self.filter(convention__in=Convention.objects.visible_to(user).values("pk"))


class ActionPlan(models.Model):
    """Plan d'actions / feuille de route (seed 002 §III-1, seed 003 §IV.2)."""

    convention = models.ForeignKey(
        "partnerships.Convention",
        on_delete=models.CASCADE,
        related_name="action_plans",
        verbose_name=_("convention"),
    )
    period = models.CharField(_("périodicité"), max_length=10, choices=PlanPeriod.choices)
    period_start = models.DateField(_("début de période"))
    objectives = models.TextField(_("objectifs"))
    planned_actions = models.TextField(_("actions prévues"), blank=True)
    indicators = models.TextField(_("indicateurs"), blank=True)
    transmitted_on = models.DateField(_("transmis le"), null=True, blank=True)

    history = HistoricalRecords()
    objects = ConventionScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("plan d'actions")
        verbose_name_plural = _("plans d'actions")
        ordering = ["convention", "-period_start"]
        constraints = [
            models.UniqueConstraint(
                fields=["convention", "period", "period_start"], name="action_plan_unique_period"
            ),
        ]

    def __str__(self):
        return f"{self.get_period_display()} {self.period_start:%m/%Y} — {self.convention}"


class PlanObjectiveQuerySet(models.QuerySet):
    def visible_to(self, user):
        return self.filter(plan__in=ActionPlan.objects.visible_to(user).values("pk"))


class PlanObjective(models.Model):
    """One objective of an action plan, and how far it was achieved: the partners « étudier
    l'atteinte des objectifs du plan d'actions annuel » (seed 002 §V). One per line of the
    plan's objectives, in their order; assessed by `plan_objective_assess` only."""

    plan = models.ForeignKey(
        ActionPlan,
        on_delete=models.CASCADE,
        related_name="objective_lines",
        verbose_name=_("plan d'actions"),
    )
    position = models.PositiveSmallIntegerField(_("rang"))
    text = models.TextField(_("objectif"))
    status = models.CharField(
        _("atteinte"),
        max_length=20,
        choices=ObjectiveStatus.choices,
        default=ObjectiveStatus.TO_ASSESS,
    )
    comment = models.TextField(_("commentaire"), blank=True)
    assessed_on = models.DateField(_("évalué le"), null=True, blank=True)
    assessed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("évalué par"),
    )

    history = HistoricalRecords()
    objects = PlanObjectiveQuerySet.as_manager()

    class Meta:
        verbose_name = _("objectif d'un plan d'actions")
        verbose_name_plural = _("objectifs des plans d'actions")
        ordering = ["plan", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "position"], name="plan_objective_unique_position"
            ),
            models.CheckConstraint(
                condition=Q(status="to_assess", assessed_on__isnull=True)
                | (~Q(status="to_assess") & Q(assessed_on__isnull=False)),
                name="plan_objective_assessed_with_date",
                violation_error_message=_("Un objectif évalué porte la date de son évaluation."),
            ),
        ]

    def __str__(self):
        return f"{self.position}. {self.text}"


class AnnualReport(models.Model):
    """Bilan annuel: draft → submitted → validated; validation releases the year's 30 %."""

    convention = models.ForeignKey(
        "partnerships.Convention",
        on_delete=models.CASCADE,
        related_name="annual_reports",
        verbose_name=_("convention"),
    )
    year = models.PositiveSmallIntegerField(_("année"))
    status = models.CharField(
        _("statut"), max_length=20, choices=ReportStatus.choices, default=ReportStatus.DRAFT
    )
    activity_summary = models.TextField(_("bilan d'activité"), blank=True)
    financial_summary = models.TextField(_("bilan financier"), blank=True)
    submitted_on = models.DateField(_("transmis le"), null=True, blank=True)
    validated_on = models.DateField(_("validé le"), null=True, blank=True)
    validated_by = models.ForeignKey(
        Decision,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="validated_reports",
        verbose_name=_("décision de validation"),
    )

    history = HistoricalRecords()
    objects = ConventionScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("bilan annuel")
        verbose_name_plural = _("bilans annuels")
        ordering = ["convention", "-year"]
        constraints = [
            models.UniqueConstraint(fields=["convention", "year"], name="report_unique_year"),
            models.CheckConstraint(
                condition=Q(validated_on__isnull=True)
                | (Q(submitted_on__isnull=False) & Q(validated_on__gte=F("submitted_on"))),
                name="report_validated_after_submitted",
                violation_error_message=_("Un bilan est validé après avoir été transmis."),
            ),
        ]

    def __str__(self):
        return f"Bilan {self.year} — {self.convention.reference}"


class DeliberationPaperQuerySet(CommitteeQuerySet):
    committee_path = "decision__meeting__committee"


class DeliberationPaper(Paper):
    """The signed deliberation and the receipt of the legality control, seen with the
    decision's committee (`visible_to`); attached by the staff who run the meeting."""

    decision = models.ForeignKey(
        Decision, on_delete=models.CASCADE, related_name="papers", verbose_name=_("décision")
    )
    kind = models.CharField(
        _("type de pièce"), max_length=30, choices=DeliberationPaperKind.choices
    )

    history = HistoricalRecords()
    objects = DeliberationPaperQuerySet.as_manager()

    class Meta(Paper.Meta):
        verbose_name = _("pièce de la délibération")
        verbose_name_plural = _("pièces des délibérations")
