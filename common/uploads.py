"""Checks of an uploaded file, without any domain: its format is read from its first bytes,
never from its name; its size is bounded by `MAX_UPLOAD_SIZE`; it is stored under a random name
that says nothing of its content. Household documents, application pieces and the papers of
conventions, deliberations and grants all go through here."""

import uuid
import zipfile

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

PDF = "application/pdf"
PNG = "image/png"
JPEG = "image/jpeg"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
ODT = "application/vnd.oasis.opendocument.text"
ODS = "application/vnd.oasis.opendocument.spreadsheet"

EXTENSIONS = {
    PDF: "pdf",
    PNG: "png",
    JPEG: "jpg",
    DOCX: "docx",
    XLSX: "xlsx",
    ODT: "odt",
    ODS: "ods",
}
LABELS = {
    PDF: "PDF",
    PNG: "PNG",
    JPEG: "JPEG",
    DOCX: "DOCX",
    XLSX: "XLSX",
    ODT: "ODT",
    ODS: "ODS",
}
# A signed or certified paper: a PDF or a scan.
SCANS = (PDF, PNG, JPEG)
# The pieces of an application may also be office documents.
OFFICE = (*SCANS, DOCX, XLSX, ODT, ODS)

# Formats recognised from the first bytes of the file.
SIGNATURES = (
    (b"%PDF-", PDF, "pdf"),
    (b"\x89PNG\r\n\x1a\n", PNG, "png"),
    (b"\xff\xd8\xff", JPEG, "jpg"),
)


class UploadRefused(ValidationError):
    """The file is empty, too large or of a format not accepted; nothing was stored."""


def detect_format(head: bytes) -> tuple[str, str] | None:
    """(content type, extension) of a PDF, PNG or JPEG from its first bytes, or None."""
    for magic, content_type, extension in SIGNATURES:
        if head.startswith(magic):
            return content_type, extension
    return None


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
    """The file's content type from its first bytes, or None when it is none we know."""
    upload.seek(0)
    head = upload.read(8)
    upload.seek(0)
    detected = detect_format(head)
    if detected is not None:
        return detected[0]
    if head.startswith(b"PK\x03\x04"):
        kind = _office_type(upload)
        upload.seek(0)
        return kind
    return None


def formats_label(accepted) -> str:
    return ", ".join(LABELS[t] for t in accepted)


def check_upload(upload, *, accepted=OFFICE) -> str:
    """Refuse an empty, too large or unaccepted file (UploadRefused, a French message);
    return its content type, read from its content."""
    if upload is None or not upload.size:
        raise UploadRefused(_("Le fichier est vide."))
    if upload.size > settings.MAX_UPLOAD_SIZE:
        raise UploadRefused(
            _("Le fichier pèse %(size)s ; la taille maximale est de %(max)s.")
            % {
                "size": filesizeformat(upload.size),
                "max": filesizeformat(settings.MAX_UPLOAD_SIZE),
            }
        )
    content_type = sniff(upload)
    if content_type not in accepted:
        raise UploadRefused(
            _("Ce type de fichier n'est pas accepté (formats acceptés : %(formats)s).")
            % {"formats": formats_label(accepted)}
        )
    return content_type


def random_name(content_type: str) -> str:
    """A stored name that says nothing of the file: random, with the detected extension."""
    return f"{uuid.uuid4().hex}.{EXTENSIONS[content_type]}"
