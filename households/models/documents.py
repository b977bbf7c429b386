"""A household's documents, kept out of any public URL."""

import datetime as dt

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from households.enums import DocumentKind
from households.models.households import Household, HouseholdChildQuerySet
from households.models.projects import InterventionProject


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
