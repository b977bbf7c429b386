"""The kit's template tags: `{% load maillage %}` then `|euros`, `|percent`, `|frdate` (French
formats), `|logo_src` (an organisation's logo in a PDF)
and `{% sort_header sort.column "Label" %}` (a sortable column header, with aria-sort)."""

import base64

from django import template

from common.formatting import format_date_fr, format_datetime_fr, format_euros, format_percent

register = template.Library()


@register.filter
def euros(value) -> str:
    return format_euros(value)


@register.filter
def percent(value, digits: int = 0) -> str:
    return format_percent(value, digits)


@register.filter
def frdate(value) -> str:
    """`1er janvier 2025`, `20 mars 2023` (documents: French ordinals, no-break spaces)."""
    return format_date_fr(value)


@register.filter
def frdatetime(value) -> str:
    """`7 septembre 2026 à 14 h 05` (documents: Paris time)."""
    return format_datetime_fr(value)


LOGO_TYPES = {"png": "image/png", "jpg": "image/jpeg", "jpeg": "image/jpeg"}


@register.filter
def logo_src(organisation) -> str:
    """An organisation's logo as a `data:` URL for a PDF (the renderer fetches nothing else);
    empty when it has none or its file is gone, and the document shows its name instead."""
    logo = getattr(organisation, "logo", None)
    if not logo:
        return ""
    mime = LOGO_TYPES.get(logo.name.rsplit(".", 1)[-1].lower())
    if mime is None:
        return ""
    try:
        with logo.open("rb") as handle:
            body = handle.read()
    except OSError:
        return ""
    return f"data:{mime};base64,{base64.b64encode(body).decode()}"


@register.inclusion_tag("components/sort_header.html")
def sort_header(link, label: str, align: str = "") -> dict:
    """`link` is a `common.pages.SortLink` of a list page's `sort`; `align="end"` for figures."""
    return {"link": link, "label": label, "align": align}
