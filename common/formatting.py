"""French formatting of amounts, shared by templates, messages, PDFs and exports."""

from decimal import Decimal, InvalidOperation

from django.utils import formats


def format_euros(value) -> str:
    """`20000` → `20 000,00 €` in the active locale (no-break spaces keep it on one line)."""
    if value is None or value == "":
        return ""
    try:
        amount = Decimal(value)
    except (InvalidOperation, TypeError, ValueError):
        return str(value)
    return f"{formats.number_format(amount, 2, force_grouping=True)}\u00a0€"


def format_percent(value, digits: int = 0) -> str:
    """`0.7` → `70 %`."""
    if value is None or value == "":
        return ""
    try:
        ratio = Decimal(value) * 100
    except (InvalidOperation, TypeError, ValueError):
        return str(value)
    return f"{formats.number_format(ratio, int(digits), force_grouping=True)}\u00a0%"
