"""One way to turn a template into a PDF (WeasyPrint), shared by every report."""

from django.conf import settings
from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import staticfiles_storage
from django.core.files.storage import FileSystemStorage
from django.http import HttpResponse
from django.template.loader import render_to_string

from common.formatting import french_spacing

# Tagged PDF for screen readers (PDF/UA-1: structure tags, title shown, language, author),
# issue 18. The title, language and author come from the document's <title>, <html lang> and
# <meta name="author"> (templates/pdf/base.html).
PDF_VARIANT = "pdf/ua-1"


def _static_path(name: str) -> str | None:
    """The file behind a static name: from the finders, or (hashed names of the manifest
    storage, after collectstatic) from the collected files."""
    path = finders.find(name)
    if path:
        return path
    # Only a storage on this disk has a path to read; a remote one is served by the finders.
    if isinstance(staticfiles_storage, FileSystemStorage) and staticfiles_storage.exists(name):
        return staticfiles_storage.path(name)
    return None


def _mime(path: str) -> str:
    for suffix, mime in ((".css", "text/css"), (".svg", "image/svg+xml"), (".png", "image/png")):
        if path.endswith(suffix):
            return mime
    return "application/octet-stream"


# WeasyPrint is imported when a PDF is drawn, not when a web worker starts: it weighs about
# 60 MB of memory that most workers never need.
def _fetcher():
    """Serve `/static/…` from the project's files and `data:` URLs: no network request while
    rendering; anything else stops the rendering."""
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    class StaticFetcher(URLFetcher):
        def fetch(self, url, headers=None):
            for prefix in ("static:", f"file://{settings.STATIC_URL}", settings.STATIC_URL):
                if url.startswith(prefix):
                    path = _static_path(url.removeprefix(prefix).split("?")[0])
                    if path:
                        with open(path, "rb") as handle:
                            body = handle.read()
                        return URLFetcherResponse(url, body, {"Content-Type": _mime(path)})
            if url.startswith("data:"):
                return super().fetch(url, headers)
            raise ValueError(f"Ressource externe refusée dans un PDF : {url[:80]}")

    return StaticFetcher(fail_on_errors=True)


def render_document(template_name: str, context: dict, *, request=None):
    """The laid-out document (WeasyPrint's `Document`: its pages and their boxes), before it
    is written: what the tests inspect to prove nothing runs off the page."""
    from weasyprint import HTML

    html = french_spacing(render_to_string(template_name, context, request=request))
    return HTML(string=html, base_url="/", url_fetcher=_fetcher()).render(pdf_variant=PDF_VARIANT)


def render_pdf(template_name: str, context: dict, *, request=None) -> bytes:
    document = render_document(template_name, context, request=request)
    return document.write_pdf(pdf_variant=PDF_VARIANT)


def pdf_response(content: bytes, filename: str) -> HttpResponse:
    """A rendered PDF as a download."""
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
