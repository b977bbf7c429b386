"""French formatting filters: `{% load maillage %}` then `|euros`, `|percent`."""

from django import template

from common.formatting import format_euros, format_percent

register = template.Library()


@register.filter
def euros(value) -> str:
    return format_euros(value)


@register.filter
def percent(value, digits: int = 0) -> str:
    return format_percent(value, digits)
