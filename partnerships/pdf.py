"""One way to turn a template into a PDF (WeasyPrint), shared by every report."""

from django.conf import settings
from django.contrib.staticfiles import finders
from django.template.loader import render_to_string


def _static_fetcher(url: str):
    """Serve `/static/…` from the project's files: no HTTP request while rendering."""
    from weasyprint import default_url_fetcher

    if url.startswith(settings.STATIC_URL) or url.startswith("static:"):
        name = url.removeprefix("static:").removeprefix(settings.STATIC_URL)
        path = finders.find(name)
        if path:
            with open(path, "rb") as handle:
                return {"string": handle.read(), "mime_type": _mime(path)}
    if url.startswith("data:"):
        return default_url_fetcher(url)
    raise ValueError(f"Ressource externe refusée dans un PDF : {url[:80]}")


def _mime(path: str) -> str:
    for suffix, mime in ((".css", "text/css"), (".svg", "image/svg+xml"), (".png", "image/png")):
        if path.endswith(suffix):
            return mime
    return "application/octet-stream"


def render_pdf(template_name: str, context: dict, *, request=None) -> bytes:
    from weasyprint import HTML

    html = render_to_string(template_name, context, request=request)
    return HTML(string=html, base_url="/", url_fetcher=_static_fetcher).write_pdf()
