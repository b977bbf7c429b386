"""What the portal keeps: report jobs built in the background and the private addresses of
calendar feeds. Their tables kept the names they had in funding (state-only migration)."""

from django.conf import settings
from django.core.validators import MaxValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class ReportKind(models.TextChoices):
    DEPARTMENT_ANNUAL = "department_annual", _("Rapport annuel départemental")


class ReportJobStatus(models.TextChoices):
    QUEUED = "queued", _("En attente")
    RUNNING = "running", _("En cours")
    DONE = "done", _("Prêt")
    FAILED = "failed", _("Échec")


class ReportJobQuerySet(models.QuerySet):
    def visible_to(self, user):
        """A report holds the figures of its requester's perimeter: only they may fetch it."""
        if not user.is_authenticated:
            return self.none()
        return self.filter(requested_by=user)


def report_path(instance, filename: str) -> str:
    # Default storage is private (settings.PRIVATE_MEDIA_ROOT): never under a public URL.
    return f"reports/{instance.year}/{filename}"


class ReportJob(models.Model):
    """A report built in the background: who asked, its progress and the file once ready."""

    kind = models.CharField(_("type de rapport"), max_length=30, choices=ReportKind.choices)
    year = models.PositiveSmallIntegerField(_("année"))
    status = models.CharField(
        _("statut"), max_length=10, choices=ReportJobStatus.choices, default=ReportJobStatus.QUEUED
    )
    progress = models.PositiveSmallIntegerField(
        _("avancement (%)"), default=0, validators=[MaxValueValidator(100)]
    )
    file = models.FileField(_("fichier"), upload_to=report_path, blank=True)
    error = models.TextField(_("motif de l'échec"), blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="report_jobs",
        verbose_name=_("demandé par"),
    )
    requested_at = models.DateTimeField(_("demandé le"), auto_now_add=True)
    finished_at = models.DateTimeField(_("terminé le"), null=True, blank=True)

    history = HistoricalRecords(table_name="funding_historicalreportjob")
    objects = ReportJobQuerySet.as_manager()

    class Meta:
        verbose_name = _("rapport en préparation")
        verbose_name_plural = _("rapports en préparation")
        # The table kept its name when the model came from funding (issue 12).
        db_table = "funding_reportjob"
        ordering = ["-requested_at", "-pk"]
        constraints = [
            models.CheckConstraint(condition=Q(progress__lte=100), name="report_job_progress_100"),
            models.CheckConstraint(
                condition=~Q(status=ReportJobStatus.DONE) | ~Q(file=""),
                name="report_job_done_has_file",
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} {self.year}"

    @property
    def finished(self) -> bool:
        return self.status in (ReportJobStatus.DONE, ReportJobStatus.FAILED)


class CalendarTokenQuerySet(models.QuerySet):
    def active(self):
        return self.filter(revoked_at__isnull=True)

    def visible_to(self, user):
        if not user.is_authenticated:
            return self.none()
        return self.filter(user=user)


class CalendarToken(models.Model):
    """The private address of a user's calendar feed; only its SHA-256 digest is stored."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="calendar_tokens",
        verbose_name=_("utilisateur"),
    )
    digest = models.CharField(_("empreinte"), max_length=64, unique=True, editable=False)
    hint = models.CharField(_("début de l'adresse"), max_length=8, editable=False)
    created_at = models.DateTimeField(_("créé le"), auto_now_add=True)
    revoked_at = models.DateTimeField(_("révoqué le"), null=True, blank=True)

    history = HistoricalRecords(table_name="funding_historicalcalendartoken")
    objects = CalendarTokenQuerySet.as_manager()

    class Meta:
        verbose_name = _("adresse d'agenda")
        verbose_name_plural = _("adresses d'agenda")
        db_table = "funding_calendartoken"
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["user"],
                condition=Q(revoked_at__isnull=True),
                name="calendar_token_one_active_per_user",
            ),
        ]

    def __str__(self):
        return f"{self.user} — {self.hint}…"
