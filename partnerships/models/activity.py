import datetime as dt
from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from partnerships.enums import IndicatorPeriod
from partnerships.models.conventions import Convention
from partnerships.perimeter import org_ids


class ConventionChildQuerySet(models.QuerySet):
    """Rows that belong to a convention are visible when the convention is."""

    convention_path = "convention"

    def visible_to(self, user):

        return self.filter(
            **{f"{self.convention_path}__in": Convention.objects.visible_to(user).values("pk")}
        )


class ActionSheet(models.Model):
    """Fiche action annexed to a convention (seed 001 annexes)."""

    convention = models.ForeignKey(
        "partnerships.Convention",
        on_delete=models.CASCADE,
        related_name="action_sheets",
        verbose_name=_("convention"),
    )
    number = models.PositiveSmallIntegerField(_("numéro"))
    title = models.CharField(_("intitulé"), max_length=300)
    context = models.TextField(_("contexte"), blank=True)
    objectives = models.TextField(_("objectifs"), blank=True)
    actions = models.TextField(_("actions"), blank=True)
    calendar = models.TextField(_("calendrier"), blank=True)

    history = HistoricalRecords()
    objects = ConventionChildQuerySet.as_manager()

    class Meta:
        verbose_name = _("fiche action")
        verbose_name_plural = _("fiches action")
        ordering = ["convention", "number"]
        constraints = [
            models.UniqueConstraint(fields=["convention", "number"], name="sheet_unique_number"),
        ]

    def __str__(self):
        return f"Fiche {self.number} — {self.title}"


class SheetChildQuerySet(ConventionChildQuerySet):
    convention_path = "sheet__convention"


class Indicator(models.Model):
    sheet = models.ForeignKey(
        ActionSheet, on_delete=models.CASCADE, related_name="indicators", verbose_name=_("fiche")
    )
    label = models.CharField(_("indicateur"), max_length=300)
    unit = models.CharField(_("unité"), max_length=60, blank=True)
    target = models.DecimalField(_("cible"), max_digits=12, decimal_places=2, null=True, blank=True)
    period = models.CharField(
        _("période"), max_length=20, choices=IndicatorPeriod.choices, default=IndicatorPeriod.YEAR
    )

    history = HistoricalRecords()
    objects = SheetChildQuerySet.as_manager()

    class Meta:
        verbose_name = _("indicateur")
        verbose_name_plural = _("indicateurs")
        ordering = ["sheet", "pk"]

    def __str__(self):
        return self.label

    def period_of(self, day: dt.date) -> dt.date:
        """First day of the indicator's period that contains `day` (a year starts on 1 January)."""
        if self.period == IndicatorPeriod.MONTH:
            return day.replace(day=1)
        if self.period == IndicatorPeriod.QUARTER:
            return dt.date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)
        if self.period == IndicatorPeriod.SEMESTER:
            return dt.date(day.year, 1 if day.month <= 6 else 7, 1)
        if self.period == IndicatorPeriod.YEAR:
            return dt.date(day.year, 1, 1)
        return self.sheet.convention.start_date

    def achievement(self, value: Decimal | None) -> Decimal | None:
        """Share of the target reached, in percent (None without a target or a value)."""
        if value is None or not self.target:
            return None
        return (value * 100 / self.target).quantize(Decimal("1"))


class IndicatorValueQuerySet(ConventionChildQuerySet):
    convention_path = "indicator__sheet__convention"


class IndicatorValue(models.Model):
    indicator = models.ForeignKey(
        Indicator, on_delete=models.CASCADE, related_name="values", verbose_name=_("indicateur")
    )
    period_start = models.DateField(_("début de période"))
    value = models.DecimalField(_("valeur"), max_digits=12, decimal_places=2)
    comment = models.TextField(_("commentaire"), blank=True)

    history = HistoricalRecords()
    objects = IndicatorValueQuerySet.as_manager()

    class Meta:
        verbose_name = _("valeur d'indicateur")
        verbose_name_plural = _("valeurs d'indicateur")
        ordering = ["indicator", "period_start"]
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "period_start"], name="indicator_value_unique_period"
            ),
        ]

    def __str__(self):
        return f"{self.indicator} : {self.value}"


class Deliverable(models.Model):
    sheet = models.ForeignKey(
        ActionSheet, on_delete=models.CASCADE, related_name="deliverables", verbose_name=_("fiche")
    )
    label = models.CharField(_("livrable"), max_length=300)
    due_on = models.DateField(_("échéance"), null=True, blank=True)
    delivered_on = models.DateField(_("remis le"), null=True, blank=True)

    history = HistoricalRecords()
    objects = SheetChildQuerySet.as_manager()

    class Meta:
        verbose_name = _("livrable")
        verbose_name_plural = _("livrables")
        ordering = ["sheet", "due_on", "pk"]

    def __str__(self):
        return self.label


class ActivityAxis(models.Model):
    """An axis of a convention's missions (seed 003 §II: four axes, across the activities)."""

    convention = models.ForeignKey(
        "partnerships.Convention",
        on_delete=models.CASCADE,
        related_name="activity_axes",
        verbose_name=_("convention"),
    )
    label = models.CharField(_("axe"), max_length=200)
    position = models.PositiveSmallIntegerField(_("ordre"), default=0)

    history = HistoricalRecords()
    objects = ConventionChildQuerySet.as_manager()

    class Meta:
        verbose_name = _("axe d'intervention")
        verbose_name_plural = _("axes d'intervention")
        ordering = ["convention", "position"]
        constraints = [
            models.UniqueConstraint(fields=["convention", "label"], name="activity_axis_unique"),
        ]

    def __str__(self):
        return self.label


class ActivityKind(models.Model):
    """A kind of activity from a convention's own list (seed 003 §III: 8 mediation activities)."""

    convention = models.ForeignKey(
        "partnerships.Convention",
        on_delete=models.CASCADE,
        related_name="activity_kinds",
        verbose_name=_("convention"),
    )
    label = models.CharField(_("activité"), max_length=200)
    axis = models.CharField(_("axe"), max_length=200, blank=True)
    position = models.PositiveSmallIntegerField(_("ordre"), default=0)

    objects = ConventionChildQuerySet.as_manager()

    class Meta:
        verbose_name = _("type d'activité")
        verbose_name_plural = _("types d'activité")
        ordering = ["convention", "position"]
        constraints = [
            models.UniqueConstraint(fields=["convention", "label"], name="activity_kind_unique"),
        ]

    def __str__(self):
        return self.label


class ActivityRecord(models.Model):
    """What an operator did under a convention on a day (seed 003 §IV: daily records)."""

    convention = models.ForeignKey(
        "partnerships.Convention",
        on_delete=models.CASCADE,
        related_name="activity_records",
        verbose_name=_("convention"),
    )
    operator = models.ForeignKey(
        "partnerships.Organisation",
        on_delete=models.PROTECT,
        related_name="activity_records",
        verbose_name=_("opérateur"),
    )
    day = models.DateField(_("jour"))
    kind = models.ForeignKey(
        ActivityKind, on_delete=models.PROTECT, related_name="records", verbose_name=_("activité")
    )
    # seed 003 §II-§III: the 8 activities cut across the 4 axes; each record says which one.
    axis = models.ForeignKey(
        ActivityAxis,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="records",
        verbose_name=_("axe"),
    )
    hours = models.DecimalField(
        _("heures"),
        max_digits=5,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0"))],
    )
    participants = models.PositiveIntegerField(_("participants"), default=0)
    organisations_represented = models.ManyToManyField(
        "partnerships.Organisation",
        blank=True,
        related_name="+",
        verbose_name=_("structures représentées"),
    )
    notes = models.TextField(_("observations"), blank=True)

    history = HistoricalRecords()
    objects = ConventionChildQuerySet.as_manager()

    class Meta:
        verbose_name = _("relevé d'activité")
        verbose_name_plural = _("relevés d'activité")
        ordering = ["-day", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(hours__gte=0) & Q(hours__lte=24),
                name="activity_hours_in_a_day",
                violation_error_message=_("Les heures d'une journée vont de 0 à 24."),
            ),
        ]

    def __str__(self):
        return f"{self.day} — {self.kind}"


class IncidentQuerySet(ConventionChildQuerySet):
    def visible_to(self, user):
        """seed 003 §V.2: a report goes to the partners named for it, and stays with them."""
        visible = super().visible_to(user)
        if not user.is_authenticated or user.is_superuser:
            return visible

        mine = org_ids(user)
        return visible.filter(Q(reported_by__in=mine) | Q(recipients__in=mine)).distinct()


class IncidentReport(models.Model):
    """Fiche de signalement sent to the partners concerned (seed 003 §IV)."""

    convention = models.ForeignKey(
        "partnerships.Convention",
        on_delete=models.CASCADE,
        related_name="incident_reports",
        verbose_name=_("convention"),
    )
    reported_by = models.ForeignKey(
        "partnerships.Organisation",
        on_delete=models.PROTECT,
        related_name="incident_reports",
        verbose_name=_("émis par"),
    )
    occurred_on = models.DateField(_("date des faits"))
    kind = models.CharField(_("nature"), max_length=200)
    place = models.CharField(_("lieu"), max_length=200, blank=True)
    description = models.TextField(_("description"))
    recipients = models.ManyToManyField(
        "partnerships.Organisation",
        related_name="incident_reports_received",
        verbose_name=_("destinataires"),
    )
    created_at = models.DateTimeField(_("créée le"), auto_now_add=True)

    history = HistoricalRecords(m2m_fields=[recipients])
    objects = IncidentQuerySet.as_manager()

    class Meta:
        verbose_name = _("fiche de signalement")
        verbose_name_plural = _("fiches de signalement")
        ordering = ["-occurred_on", "pk"]

    def __str__(self):
        return f"{self.occurred_on} — {self.kind}"


class AcknowledgementQuerySet(models.QuerySet):
    def visible_to(self, user):
        return self.filter(report__in=IncidentReport.objects.visible_to(user).values("pk"))


class IncidentAcknowledgement(models.Model):
    """A recipient acknowledges an incident report (seed 003 §V.2)."""

    report = models.ForeignKey(
        IncidentReport,
        on_delete=models.CASCADE,
        related_name="acknowledgements",
        verbose_name=_("fiche de signalement"),
    )
    organisation = models.ForeignKey(
        "partnerships.Organisation",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("structure"),
    )
    acknowledged_on = models.DateField(_("prise en compte le"))
    acknowledged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("par"),
    )

    history = HistoricalRecords()
    objects = AcknowledgementQuerySet.as_manager()

    class Meta:
        verbose_name = _("accusé de réception")
        verbose_name_plural = _("accusés de réception")
        ordering = ["report", "acknowledged_on"]
        constraints = [
            models.UniqueConstraint(
                fields=["report", "organisation"], name="acknowledgement_unique_organisation"
            ),
        ]

    def __str__(self):
        return f"{self.organisation} — {self.acknowledged_on}"
