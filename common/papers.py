"""Papers the source documents ask for (a signed convention, a deliberation, a bank identity
statement, a certified financial report…): typed, dated, scanned for format on the way in,
stored under a random name outside any public URL, served only through a view that checks
the perimeter. Each owning app declares its own model on `Paper` with its kinds
(partnerships.ConventionPaper, governance.DeliberationPaper, funding.GrantPaper); the
services of that app say who may attach one."""

import datetime as dt

from django import forms
from django.conf import settings
from django.db import models, transaction
from django.http import FileResponse
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from common.uploads import (
    EXTENSIONS,
    SCANS,
    UploadRefused,
    check_upload,
    formats_label,
    random_name,
)

# What an admin inline shows of a paper: read-only, never the file (no public URL: the
# pages serve it through the perimeter); papers are filed through the services only.
ADMIN_FIELDS = (
    "kind",
    "dated",
    "original_name",
    "content_type",
    "size",
    "uploaded_by",
    "uploaded_at",
)


def paper_path(instance, filename: str) -> str:
    today = dt.date.today()
    return f"papers/{instance._meta.app_label}/{today:%Y/%m}/{filename}"


class Paper(models.Model):
    """One paper on file. `kind` gets its choices in each concrete model."""

    kind = models.CharField(gettext_lazy("type de pièce"), max_length=30)
    dated = models.DateField(gettext_lazy("date du document"))
    file = models.FileField(gettext_lazy("fichier"), upload_to=paper_path)
    original_name = models.CharField(gettext_lazy("nom du fichier"), max_length=255, blank=True)
    # Detected from the file's first bytes at upload, never from its name.
    content_type = models.CharField(gettext_lazy("format"), max_length=50)
    size = models.PositiveIntegerField(gettext_lazy("taille (octets)"), default=0)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=gettext_lazy("déposé par"),
    )
    uploaded_at = models.DateTimeField(gettext_lazy("déposé le"), auto_now_add=True)

    class Meta:
        abstract = True
        ordering = ["-dated", "-pk"]

    def __str__(self):
        return f"{self.get_kind_display()} du {self.dated:%d/%m/%Y}"

    @property
    def label(self) -> str:
        """What the paper is, as the pages list it."""
        return str(self.get_kind_display())

    def download_name(self) -> str:
        extension = EXTENSIONS.get(self.content_type, "bin")
        return f"{self.get_kind_display()} {self.dated:%Y-%m-%d}.{extension}"


def paper_fill(paper: Paper, *, kind: str, dated, upload, by) -> Paper:
    """Check the input of a new paper (French refusals, nothing stored) and put the file in
    place under a random name; the caller saves `paper` (as_author) in its transaction."""
    choices = type(paper)._meta.get_field("kind").choices or ()
    if kind not in {value for value, _label in choices}:
        raise UploadRefused(_("Type de pièce inconnu."))
    if dated is None:
        raise UploadRefused(_("Indiquez la date du document."))
    if dated > timezone.localdate():
        raise UploadRefused(_("La date du document ne peut pas être dans le futur."))
    content_type = check_upload(upload, accepted=SCANS)
    paper.kind = kind
    paper.dated = dated
    paper.uploaded_by = by
    paper.original_name = (getattr(upload, "name", "") or "")[:255]
    paper.content_type = content_type
    paper.size = upload.size
    paper.file.save(random_name(content_type), upload, save=False)
    return paper


def paper_discard(paper: Paper) -> None:
    """Delete the row now and the file once the transaction is committed."""
    name, storage = paper.file.name, paper.file.storage
    paper.delete()
    transaction.on_commit(lambda: storage.delete(name))


def paper_response(paper: Paper) -> FileResponse:
    """The file as an attachment, never cached; the caller has checked the perimeter."""
    response = FileResponse(
        paper.file.open("rb"),
        as_attachment=True,
        filename=paper.download_name(),
        content_type=paper.content_type or "application/octet-stream",
    )
    response["Cache-Control"] = "private, no-store"
    return response


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class PaperForm(forms.Form):
    """Type, date and file of a paper; the service checks the rest."""

    kind = forms.ChoiceField(
        label=gettext_lazy("Type de pièce"),
        error_messages={"invalid_choice": gettext_lazy("Type de pièce inconnu.")},
    )
    dated = forms.DateField(
        label=gettext_lazy("Date du document"),
        widget=DateInput(),
        help_text=gettext_lazy("La date de signature, de certification ou d'émission."),
    )
    upload = forms.FileField(label=gettext_lazy("Fichier"))

    def __init__(self, *args, kinds, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [("", "---------"), *kinds]
        self.fields["dated"].initial = timezone.localdate
        self.fields["upload"].widget.attrs["accept"] = ".pdf,.png,.jpg,.jpeg"
        self.fields["upload"].help_text = _("%(formats)s, %(max)s au plus.") % {
            "formats": formats_label(SCANS),
            "max": filesizeformat(settings.MAX_UPLOAD_SIZE),
        }
