"""Checks of an uploaded document: its type is read from its content, never from its name."""

import zipfile

from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

from funding.errors import FundingError

PDF = "application/pdf"
PNG = "image/png"
JPEG = "image/jpeg"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
ODT = "application/vnd.oasis.opendocument.text"
ODS = "application/vnd.oasis.opendocument.spreadsheet"
ACCEPTED_LABEL = "PDF, PNG, JPEG, DOCX, XLSX, ODT, ODS"


def _office_type(upload) -> str | None:
    """OOXML and OpenDocument files are ZIP archives telling their own type inside."""
    try:
        with zipfile.ZipFile(upload) as archive:
            names = set(archive.namelist())
            if "mimetype" in names:
                declared = archive.read("mimetype").decode("ascii", "replace").strip()
                return declared if declared in (ODT, ODS) else None
            if "[Content_Types].xml" in names:
                if any(n.startswith("word/") for n in names):
                    return DOCX
                if any(n.startswith("xl/") for n in names):
                    return XLSX
    except zipfile.BadZipFile:
        return None
    return None


def sniff(upload) -> str | None:
    """The document's type from its first bytes, or None when it is not one we accept."""
    upload.seek(0)
    head = upload.read(8)
    upload.seek(0)
    if head.startswith(b"%PDF-"):
        return PDF
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    if head.startswith(b"\xff\xd8\xff"):
        return JPEG
    if head.startswith(b"PK\x03\x04"):
        kind = _office_type(upload)
        upload.seek(0)
        return kind
    return None


def check_upload(upload) -> str:
    """Refuse an empty, too large or unknown file; return its content type."""
    if upload is None or not upload.size:
        raise FundingError(_("Le fichier est vide."))
    if upload.size > settings.MAX_UPLOAD_SIZE:
        raise FundingError(
            _("Le fichier pèse %(size)s ; la taille maximale est de %(max)s.")
            % {
                "size": filesizeformat(upload.size),
                "max": filesizeformat(settings.MAX_UPLOAD_SIZE),
            }
        )
    content_type = sniff(upload)
    if content_type is None:
        raise FundingError(
            _("Ce type de fichier n'est pas accepté (formats acceptés : %(formats)s).")
            % {"formats": ACCEPTED_LABEL}
        )
    return content_type
