"""The kit's template tags: `{% load maillage %}` then `|euros`, `|percent` (French formats)
and `{% sort_header sort.column "Label" %}` (a sortable column header, with aria-sort)."""

from django import template

from common.formatting import format_euros, format_percent

register = template.Library()


@register.filter
def euros(value) -> str:
    return format_euros(value)


@register.filter
def percent(value, digits: int = 0) -> str:
    return format_percent(value, digits)


@register.inclusion_tag("components/sort_header.html")
def sort_header(link, label: str, align: str = "") -> dict:
    """`link` is a `common.pages.SortLink` of a list page's `sort`; `align="end"` for figures."""
    return {"link": link, "label": label, "align": align}
