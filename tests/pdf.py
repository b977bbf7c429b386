"""Reading the PDFs the application renders, for the tests of several folders."""

import io

from pypdf import PdfReader


def pdf_text(content: bytes) -> str:
    """The text of a PDF, spaces normalised (no-break and thin spaces become plain ones)."""
    reader = PdfReader(io.BytesIO(content))
    text = "\n".join(page.extract_text() for page in reader.pages)
    for space in ("\u00a0", "\u202f", "\u2009"):
        text = text.replace(space, " ")
    return text
