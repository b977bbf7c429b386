"""What the portal keeps: report jobs built in the background and the private addresses of
calendar feeds. Their tables kept the names they had in funding (state-only migration)."""

from django.conf import settings
from django.core.validators import MaxValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from funding.models import Application, Grant
from governance.models import AnnualReport
from households.models import Household
from partnerships.enums import Role
from partnerships.perimeter import org_ids

# Who creates, revokes and sees the keys of the read API of an organisation.
API_TOKEN_ROLES = (Role.DIRECTOR, Role.DEPARTMENT_STAFF)


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


class ExportFormat(models.TextChoices):
    CSV = "csv", "CSV"
    XLSX = "xlsx", "XLSX"


class ExportJobStatus(models.TextChoices):
    QUEUED = "queued", _("En attente")
    RUNNING = "running", _("En cours")
    DONE = "done", _("Prêt")
    FAILED = "failed", _("Échec")
    EXPIRED = "expired", _("Expiré")


class ExportJobQuerySet(models.QuerySet):
    def visible_to(self, user):
        """An export holds what its requester's perimeter showed: only they may fetch it."""
        if not getattr(user, "is_authenticated", False):
            return self.none()
        return self.filter(requested_by=user)

    def expired(self, now):
        return self.filter(expires_at__lte=now).exclude(status=ExportJobStatus.EXPIRED)


def export_path(instance, filename: str) -> str:
    # Default storage is private (settings.PRIVATE_MEDIA_ROOT, or a private bucket).
    return f"exports/{instance.requested_by_id}/{filename}"


class ExportJob(models.Model):
    """A list export too large to answer at once, written by the task worker (issue 15).

    It records the request, not the rows: the list page's export view (`view_name`,
    `view_args`), its filters (`params`, the query string) and the format; the worker runs
    that view again with the requester as the user, so that the file holds what the perimeter
    lets them see when it is written. The file is kept until `expires_at`."""

    view_name = models.CharField(_("export"), max_length=100)
    view_args = models.JSONField(_("arguments"), default=list, blank=True)
    name = models.CharField(_("nom"), max_length=60)
    params = models.TextField(_("filtres"), blank=True)
    file_format = models.CharField(_("format"), max_length=4, choices=ExportFormat.choices)
    status = models.CharField(
        _("statut"), max_length=10, choices=ExportJobStatus.choices, default=ExportJobStatus.QUEUED
    )
    progress = models.PositiveSmallIntegerField(
        _("avancement (%)"), default=0, validators=[MaxValueValidator(100)]
    )
    row_count = models.PositiveIntegerField(_("lignes"), null=True, blank=True)
    file = models.FileField(_("fichier"), upload_to=export_path, blank=True, max_length=200)
    error = models.TextField(_("motif de l'échec"), blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="export_jobs",
        verbose_name=_("demandé par"),
    )
    requested_at = models.DateTimeField(_("demandé le"), auto_now_add=True)
    finished_at = models.DateTimeField(_("terminé le"), null=True, blank=True)
    expires_at = models.DateTimeField(_("disponible jusqu'au"), db_index=True)

    objects = ExportJobQuerySet.as_manager()

    class Meta:
        verbose_name = _("export")
        verbose_name_plural = _("exports")
        ordering = ["-requested_at", "-pk"]
        indexes = [
            models.Index(fields=["requested_by", "-requested_at"], name="export_job_user_recent")
        ]
        constraints = [
            models.CheckConstraint(condition=Q(progress__lte=100), name="export_job_progress_100"),
            models.CheckConstraint(
                condition=~Q(status=ExportJobStatus.DONE) | ~Q(file=""),
                name="export_job_done_has_file",
            ),
        ]

    def __str__(self):
        return f"{self.name} ({self.get_file_format_display()})"

    @property
    def finished(self) -> bool:
        return self.status not in (ExportJobStatus.QUEUED, ExportJobStatus.RUNNING)

    @property
    def download_name(self) -> str:
        # The day it was asked for, in the user's time zone (not UTC: 0 h 30 in Paris is
        # still the previous day in UTC).
        return f"{self.name}-{timezone.localdate(self.requested_at):%Y-%m-%d}.{self.file_format}"


class ImportKind(models.TextChoices):
    HOUSEHOLDS = "households", _("Ménages et leurs membres")
    ORGANISATIONS = "organisations", _("Organisations et leurs représentants")
    CONVENTIONS = "conventions", _("Conventions et leurs parties")
    GRANTS = "grants", _("Participations financières et coordonnées bancaires")
    MEMBERS = "members", _("Membres d'une structure (comptes et rôles)")


class ImportStatus(models.TextChoices):
    CHECKING = "checking", _("Vérification en cours")
    CHECKED = "checked", _("Vérifié, à confirmer")
    REJECTED = "rejected", _("Erreurs à corriger")
    QUEUED = "queued", _("En attente")
    RUNNING = "running", _("Import en cours")
    DONE = "done", _("Importé")
    FAILED = "failed", _("Échec : rien n'a été enregistré")


class ImportRunQuerySet(models.QuerySet):
    def visible_to(self, user):
        """A run holds the names of the file it read: the person who uploaded it, and the
        directors of the structure it imported into (who see that structure's households and
        read the log of its imports); nobody of another organisation."""
        if not getattr(user, "is_authenticated", False):
            return self.none()
        directed = org_ids(user, roles=[Role.DIRECTOR])
        return self.filter(Q(requested_by=user) | Q(organisation__in=directed))


def import_path(instance, filename: str) -> str:
    # Default storage is private (settings.PRIVATE_MEDIA_ROOT, or a private bucket).
    return f"imports/{instance.requested_by_id}/{filename}"


class ImportRun(models.Model):
    """An import from a spreadsheet (issue 19): the file kept between the dry run and the
    confirmation, what the dry run found row by row, and the log of who imported what."""

    kind = models.CharField(_("type d'import"), max_length=20, choices=ImportKind.choices)
    organisation = models.ForeignKey(
        "partnerships.Organisation",
        on_delete=models.PROTECT,
        related_name="import_runs",
        verbose_name=_("structure"),
    )
    file = models.FileField(_("fichier"), upload_to=import_path, max_length=200, blank=True)
    file_name = models.CharField(_("nom du fichier"), max_length=200)
    status = models.CharField(_("statut"), max_length=10, choices=ImportStatus.choices)
    progress = models.PositiveSmallIntegerField(
        _("avancement (%)"), default=0, validators=[MaxValueValidator(100)]
    )
    row_count = models.PositiveIntegerField(_("lignes lues"), default=0)
    created = models.PositiveIntegerField(_("créés"), default=0)
    updated = models.PositiveIntegerField(_("modifiés"), default=0)
    unchanged = models.PositiveIntegerField(_("inchangés"), default=0)
    errors = models.PositiveIntegerField(_("lignes en erreur"), default=0)
    # The dry run, row by row: [{"line", "key", "label", "action", "messages"}, …]
    report = models.JSONField(_("compte rendu"), default=list, blank=True)
    error = models.TextField(_("motif de l'échec"), blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="import_runs",
        verbose_name=_("importé par"),
    )
    requested_at = models.DateTimeField(_("déposé le"), auto_now_add=True)
    confirmed_at = models.DateTimeField(_("confirmé le"), null=True, blank=True)
    finished_at = models.DateTimeField(_("terminé le"), null=True, blank=True)

    objects = ImportRunQuerySet.as_manager()

    class Meta:
        verbose_name = _("import")
        verbose_name_plural = _("imports")
        ordering = ["-requested_at", "-pk"]
        indexes = [
            models.Index(fields=["requested_by", "-requested_at"], name="import_run_user_recent")
        ]
        constraints = [
            models.CheckConstraint(condition=Q(progress__lte=100), name="import_run_progress_100"),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} — {self.file_name}"

    @property
    def finished(self) -> bool:
        return self.status not in (
            ImportStatus.CHECKING,
            ImportStatus.QUEUED,
            ImportStatus.RUNNING,
        )


class LetterKind(models.TextChoices):
    """The letters and receipts Maillage writes (issue 19), each about one object."""

    GRANT_NOTIFICATION = "grant_notification", _("Notification de la participation financière")
    INSTALMENT_NOTICE = "instalment_notice", _("Avis de versement")
    ORIENTATION_HOUSEHOLD = "orientation_household", _("Décision d'orientation (ménage)")
    ORIENTATION_PRESCRIBER = "orientation_prescriber", _("Décision d'orientation (prescripteur)")
    CALL_OUTCOME = "call_outcome", _("Suite donnée à la candidature")
    APPLICATION_RECEIPT = "application_receipt", _("Accusé de réception de la candidature")
    REPORT_RECEIPT = "report_receipt", _("Accusé de réception du bilan annuel")
    ATTESTATION = "attestation", _("Attestation d'accompagnement")


def _letter_readers(field: str, user) -> Q:
    """The letters about one kind of object that `user` reads: those whose object they read."""
    if field == "grant":
        return Q(grant__in=Grant.objects.visible_to(user).values("pk"))
    if field == "instalment":
        return Q(instalment__grant__in=Grant.objects.visible_to(user).values("pk"))
    if field == "application":
        return Q(application__in=Application.objects.visible_to(user).values("pk"))
    if field == "annual_report":
        return Q(annual_report__in=AnnualReport.objects.visible_to(user).values("pk"))
    # referral, project: the household's perimeter.
    return Q(**{f"{field}__household__in": Household.objects.visible_to(user).values("pk")})


class LetterQuerySet(models.QuerySet):
    def visible_to(self, user, *, about: str | None = None):
        """A letter is read by whoever reads the object it is about: the grant or instalment
        (money: financial roles), the application (the applicant, the publisher, the jury),
        the annual report (its convention), the household of the referral or project.

        `about` (one of LETTER_OBJECTS): only the letters about that kind of object, with only
        its rule — an object's page asks for its own letters without building the five other
        perimeters (issue 15: 12 ms of the project page)."""
        if not getattr(user, "is_authenticated", False):
            return self.none()
        if about is not None:
            if about not in LETTER_OBJECTS:
                raise ValueError(about)
            mine = self.filter(**{f"{about}__isnull": False})
            return mine if user.is_superuser else mine.filter(_letter_readers(about, user))
        if user.is_superuser:
            return self
        condition = Q()
        for field in LETTER_OBJECTS:
            condition |= _letter_readers(field, user)
        return self.filter(condition)


LETTER_OBJECTS = ("grant", "instalment", "application", "annual_report", "referral", "project")


def _exactly_one(fields) -> Q:
    """One of `fields` is set, the others are empty."""
    condition = None
    for field in fields:
        alone = Q(**{f"{field}__isnull": False})
        for other in fields:
            if other != field:
                alone &= Q(**{f"{other}__isnull": True})
        condition = alone if condition is None else condition | alone
    return condition


class Letter(models.Model):
    """A letter or receipt as it was sent: its PDF is kept on the file (issue 19 item 3).

    Written only by `portal.letters.services.letter_generate`, which checks who may send it;
    never changed afterwards (a new letter is written instead)."""

    kind = models.CharField(_("courrier"), max_length=30, choices=LetterKind.choices)
    reference = models.CharField(_("référence"), max_length=40)
    organisation = models.ForeignKey(
        "partnerships.Organisation",
        on_delete=models.PROTECT,
        related_name="letters_sent",
        verbose_name=_("expéditeur"),
    )
    recipient = models.CharField(_("destinataire"), max_length=300)
    subject = models.CharField(_("objet"), max_length=300)
    signatory = models.CharField(_("signataire"), max_length=300)
    # The object the letter is about: exactly one of these (a constraint checks it).
    grant = models.ForeignKey(
        "funding.Grant",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="letters",
        verbose_name=_("participation"),
    )
    instalment = models.ForeignKey(
        "funding.Instalment",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="letters",
        verbose_name=_("versement"),
    )
    application = models.ForeignKey(
        "funding.Application",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="letters",
        verbose_name=_("candidature"),
    )
    annual_report = models.ForeignKey(
        "governance.AnnualReport",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="letters",
        verbose_name=_("bilan annuel"),
    )
    # A household's letters hold its members' names: they go with the household.
    referral = models.ForeignKey(
        "households.Referral",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="letters",
        verbose_name=_("saisine"),
    )
    project = models.ForeignKey(
        "households.InterventionProject",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="letters",
        verbose_name=_("accompagnement"),
    )
    content = models.BinaryField(_("PDF"), editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("édité par"),
    )
    created_at = models.DateTimeField(_("édité le"), default=timezone.now, editable=False)

    objects = LetterQuerySet.as_manager()

    class Meta:
        verbose_name = _("courrier")
        verbose_name_plural = _("courriers")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=_exactly_one(LETTER_OBJECTS),
                name="letter_one_object",
            ),
            models.UniqueConstraint(
                fields=["organisation", "reference"], name="letter_unique_reference"
            ),
        ]

    def __str__(self):
        return f"{self.reference} — {self.get_kind_display()}"

    @property
    def filename(self) -> str:
        return f"courrier-{self.reference}.pdf"


class ApiQuerySet(models.QuerySet):
    """Keys and calls by `organisation`: seen by the people who run it — its directors, and
    department staff for a département (those who may create and revoke its keys)."""

    def visible_to(self, user):
        if not getattr(user, "is_authenticated", False):
            return self.none()
        if user.is_superuser:
            return self
        return self.filter(organisation__in=org_ids(user, roles=API_TOKEN_ROLES))


class ApiTokenQuerySet(ApiQuerySet):
    def active(self):
        return self.filter(revoked_at__isnull=True)


class ApiToken(models.Model):
    """A key of the read API (issue 19): it belongs to an organisation and reads what that
    organisation's people read in the pages. Only the SHA-256 digest of the key is stored."""

    organisation = models.ForeignKey(
        "partnerships.Organisation",
        on_delete=models.CASCADE,
        related_name="api_tokens",
        verbose_name=_("organisation"),
    )
    label = models.CharField(_("libellé"), max_length=100)
    digest = models.CharField(_("empreinte"), max_length=64, unique=True, editable=False)
    hint = models.CharField(_("début de la clé"), max_length=8, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("créée par"),
        editable=False,
    )
    created_at = models.DateTimeField(_("créée le"), auto_now_add=True)
    last_used_at = models.DateTimeField(_("dernier appel"), null=True, blank=True, editable=False)
    revoked_at = models.DateTimeField(_("révoquée le"), null=True, blank=True, editable=False)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("révoquée par"),
        editable=False,
    )

    history = HistoricalRecords(excluded_fields=["last_used_at"])
    objects = ApiTokenQuerySet.as_manager()

    class Meta:
        verbose_name = _("clé d'API")
        verbose_name_plural = _("clés d'API")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(revoked_at__isnull=True) | Q(revoked_by__isnull=False),
                name="api_token_revoked_by_someone",
            ),
        ]

    def __str__(self):
        return f"{self.label} — {self.hint}…"

    @property
    def active(self) -> bool:
        return self.revoked_at is None


class ApiCallQuerySet(ApiQuerySet):
    """The calls made with the keys the user may see."""


class ApiCall(models.Model):
    """One call of the read API, whatever its answer (refused ones too, without a key)."""

    token = models.ForeignKey(
        ApiToken,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="calls",
        verbose_name=_("clé"),
    )
    organisation = models.ForeignKey(
        "partnerships.Organisation",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("organisation"),
    )
    method = models.CharField(_("méthode"), max_length=10)
    path = models.CharField(_("chemin"), max_length=300)
    query = models.CharField(_("paramètres"), max_length=300, blank=True)
    status = models.PositiveSmallIntegerField(_("statut HTTP"))
    duration_ms = models.PositiveIntegerField(_("durée (ms)"))
    at = models.DateTimeField(_("le"), db_index=True)

    objects = ApiCallQuerySet.as_manager()

    class Meta:
        verbose_name = _("appel de l'API")
        verbose_name_plural = _("appels de l'API")
        ordering = ["-at", "-pk"]
        indexes = [models.Index(fields=["token", "-at"], name="api_call_token_recent")]

    def __str__(self):
        return f"{self.method} {self.path} → {self.status}"
