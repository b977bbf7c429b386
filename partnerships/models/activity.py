import datetime as dt
from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from partnerships.enums import IndicatorPeriod, OrganisationKind, PartyRole, TerritoryKind
from partnerships.models.conventions import Convention
from partnerships.models.organisations import Territory
from partnerships.perimeter import memberships, org_ids


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


# seed 003 §VI: a commune party to the convention as a funder or signatory reads the activity
# of its own communes; as the operator or the commissioning party (commanditaire) it reads all.
WHOLE_ACTIVITY_ROLES = (PartyRole.OPERATOR, PartyRole.COMMISSIONING)


def commune_org_ids(user) -> set[int]:
    return {
        m.organisation_id
        for m in memberships(user)
        if m.organisation.kind == OrganisationKind.COMMUNE
    }


class ActivityRecordQuerySet(ConventionChildQuerySet):
    def visible_to(self, user):
        """seed 003 §VI: « Codes d'accès personnalisés donnés à chaque signataire [...] sur le
        périmètre d'intervention respectif de chacun » — a signatory commune reads the records
        of its own communes; the funder, the commissioning party and the operator read all."""
        visible = super().visible_to(user)
        if not user.is_authenticated or user.is_superuser:
            return visible
        communes = commune_org_ids(user)
        if not communes:
            return visible
        return visible.filter(
            Q(convention__in=whole_activity_conventions(user).values("pk"))
            | Q(commune__in=Territory.objects.filter(organisations__in=communes).values("pk"))
        )


def whole_activity_conventions(user):
    """The conventions whose whole activity the user reads (seed 003 §VI); their share only
    for the others (within Convention.visible_to)."""
    if user.is_superuser:
        return Convention.objects.all()
    mine = org_ids(user)
    communes = commune_org_ids(user)
    others = mine - communes
    return Convention.objects.filter(
        Q(parties__organisation__in=others)
        | Q(parent__parties__organisation__in=others)
        | Q(parties__organisation__in=communes, parties__role__in=WHOLE_ACTIVITY_ROLES)
    ).distinct()


def activity_share_of(user, convention) -> list:
    """The communes whose activity the user reads, when they read only their share of the
    convention's activity (seed 003 §VI); empty when they read it all."""
    if user.is_superuser or not commune_org_ids(user):
        return []
    if whole_activity_conventions(user).filter(pk=convention.pk).exists():
        return []
    return list(
        Territory.objects.filter(organisations__in=commune_org_ids(user))
        .distinct()
        .order_by("name")
    )


def _within(territories) -> Q:
    """Territories that are one of `territories` or lie under one of them (by their path)."""
    condition = Q(pk__in=[t.pk for t in territories])
    for territory in territories:
        condition |= Q(path__startswith=territory.path)
    return condition


def activity_places(convention):
    """Where a record of the convention's activity may take place: (communes, districts,
    commune required).

    seed 003 §VI: each signatory commune reads « sur le périmètre d'intervention respectif de
    chacun »: with communes among the parties, a record names one of their communes. The
    districts are those of the convention's territories; seed 003 §I: the quartier Humanicité
    straddles Lille-Lomme and Capinghem, so a district is not tied to the record's commune."""
    # unscoped: territories of a convention the caller loaded through visible_to
    parties = Territory.objects.filter(
        kind=TerritoryKind.COMMUNE,
        organisations__kind=OrganisationKind.COMMUNE,
        organisations__convention_parties__convention=convention,
    )
    own = list(convention.territories.all())
    if parties.exists():
        communes, required = parties, True
    else:
        # unscoped: the communes of the convention's own territories
        communes, required = (
            Territory.objects.filter(_within(own), kind=TerritoryKind.COMMUNE),
            False,
        )
    # unscoped: the districts of the convention's own territories
    districts = Territory.objects.filter(_within(own), kind=TerritoryKind.DISTRICT)
    return communes.distinct().order_by("name"), districts.order_by("name"), required


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
    # seed 003 §VI: each record carries where it took place, so that each signatory commune
    # reads its own share. Empty on records from before (read by the whole-activity parties).
    commune = models.ForeignKey(
        "partnerships.Territory",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        limit_choices_to={"kind": "commune"},
        verbose_name=_("commune"),
    )
    district = models.ForeignKey(
        "partnerships.Territory",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        limit_choices_to={"kind": "district"},
        verbose_name=_("quartier"),
    )

    history = HistoricalRecords()
    objects = ActivityRecordQuerySet.as_manager()

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


class SupervisionTime(models.Model):
    """Time of supervision given to the mediator in one week (seed 003 §IV.1: « un temps
    d'encadrement équivalent à 1/2 journée par semaine »)."""

    convention = models.ForeignKey(
        "partnerships.Convention",
        on_delete=models.CASCADE,
        related_name="supervision_times",
        verbose_name=_("convention"),
    )
    operator = models.ForeignKey(
        "partnerships.Organisation",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("opérateur"),
    )
    week_start = models.DateField(_("semaine du (lundi)"))
    hours = models.DecimalField(
        _("heures d'encadrement"),
        max_digits=5,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0"))],
    )
    notes = models.TextField(_("observations"), blank=True)

    history = HistoricalRecords()
    objects = ConventionChildQuerySet.as_manager()

    class Meta:
        verbose_name = _("temps d'encadrement")
        verbose_name_plural = _("temps d'encadrement")
        ordering = ["convention", "-week_start"]
        constraints = [
            models.UniqueConstraint(
                fields=["convention", "week_start"], name="supervision_unique_week"
            ),
            models.CheckConstraint(
                condition=Q(hours__gte=0) & Q(hours__lte=168),
                name="supervision_hours_in_a_week",
                violation_error_message=_("Les heures d'une semaine vont de 0 à 168."),
            ),
        ]

    def __str__(self):
        return f"{self.week_start} — {self.hours} h"


class SynthesisAnalysis(models.Model):
    """What the operator writes in the monthly synthesis (seed 003 §V.2, §VI): the analysis of
    the results and the « préconisations d'ajustements opérationnels », read by the partners."""

    convention = models.ForeignKey(
        "partnerships.Convention",
        on_delete=models.CASCADE,
        related_name="synthesis_analyses",
        verbose_name=_("convention"),
    )
    month = models.DateField(_("mois"))
    operator = models.ForeignKey(
        "partnerships.Organisation",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("opérateur"),
    )
    analysis = models.TextField(_("analyse des résultats et des évolutions"))
    recommendations = models.TextField(_("préconisations d'ajustements opérationnels"), blank=True)
    written_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("rédigée par"),
    )
    updated_at = models.DateTimeField(_("mise à jour le"), auto_now=True)

    history = HistoricalRecords()
    objects = ConventionChildQuerySet.as_manager()

    class Meta:
        verbose_name = _("analyse de la synthèse mensuelle")
        verbose_name_plural = _("analyses des synthèses mensuelles")
        ordering = ["convention", "-month"]
        constraints = [
            models.UniqueConstraint(fields=["convention", "month"], name="synthesis_unique_month"),
        ]

    def __str__(self):
        return f"{self.convention_id} — {self.month:%m/%Y}"


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
