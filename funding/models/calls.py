"""Calls for applications, the files organisations submit and the jury's scores (seed 004 §6)."""

from django.conf import settings
from django.core.validators import MaxValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from funding.enums import ApplicationStatus
from partnerships.enums import OrganisationKind
from partnerships.perimeter import org_ids


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
    # seed 004 §6d: the jury gives its opinion (envelope and measures per file), then "ces
    # projets seront soumis à la délibération de la Commission Permanente": the allocations
    # exist once that decision is recorded.
    envelope = models.ForeignKey(
        "funding.MeasureEnvelope",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("enveloppe proposée par le jury"),
    )
    adopted_by = models.ForeignKey(
        "governance.Decision",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="adopted_calls",
        verbose_name=_("délibération d'attribution"),
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
    # seed 004 §5: « La DDCS procédera au financement des mesures auprès des opérateurs
    # retenus »; §6d: the funding convention with each selected operator. Written by
    # application_fund only.
    convention = models.OneToOneField(
        "partnerships.Convention",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="funded_application",
        editable=False,
        verbose_name=_("convention de financement"),
    )
    grant = models.OneToOneField(
        "funding.Grant",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="application",
        editable=False,
        verbose_name=_("participation"),
    )

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
