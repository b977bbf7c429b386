"""A household's documents: the format read from the file's first bytes (common/uploads.py),
a name that says nothing of the person."""

from django.conf import settings
from django.db import transaction
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

from common.history import as_author
from common.uploads import detect_format, random_name
from households.enums import DocumentKind
from households.errors import HouseholdError
from households.models import Document, Household, InterventionProject
from households.services.base import require


@transaction.atomic
def document_upload(
    *,
    household: Household,
    by,
    kind: str,
    title: str,
    upload,
    project: InterventionProject | None = None,
) -> Document:
    require(by, "households.upload_document", household)
    if kind not in DocumentKind.values:
        raise HouseholdError(_("Type de document inconnu."))
    if upload.size > settings.MAX_UPLOAD_SIZE:
        raise HouseholdError(
            _("Le fichier dépasse la taille maximale autorisée (%(max)s).")
            % {"max": filesizeformat(settings.MAX_UPLOAD_SIZE)}
        )
    upload.seek(0)
    detected = detect_format(upload.read(16))
    upload.seek(0)
    if detected is None:
        raise HouseholdError(
            _("Format non accepté : seuls les fichiers PDF, PNG et JPEG sont acceptés.")
        )
    if project is not None and project.household_id != household.pk:
        raise HouseholdError(_("Ce projet n'est pas celui de ce ménage."))
    content_type, _extension = detected
    document = Document(
        household=household,
        project=project,
        kind=kind,
        title=title.strip(),
        uploaded_by=by,
        content_type=content_type,
        size=upload.size,
    )
    # The stored name says nothing of the person: a random name with the detected extension.
    document.file.save(random_name(content_type), upload, save=False)
    as_author(document, by).save()
    return document
