"""French formatting of amounts, shared by templates, messages, PDFs and exports."""

import datetime as dt
import re
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


MONTHS = (
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
)


def format_date_fr(value) -> str:
    """`2025-01-01` → `1er janvier 2025`: French writes the first day of a month as an ordinal;
    no-break spaces keep a date on one line."""
    if not isinstance(value, dt.date):
        return "" if value is None else str(value)
    day = "1er" if value.day == 1 else str(value.day)
    return f"{day}\u00a0{MONTHS[value.month - 1]}\u00a0{value.year}"


# Text between tags: what a reader sees, never a tag, an attribute or a style sheet.
_TEXT = re.compile(r">([^<]+)<")
_BEFORE_COLON = re.compile(r"(?<=\S) +(?=[:])")
_BEFORE_DOUBLE = re.compile(r"(?<=\S) +(?=[;!?»%€])")
_AFTER_GUILLEMET = re.compile(r"«\s+")


def french_spacing(html: str) -> str:
    """French typography in the text of an HTML document: a no-break space before « : ; ! ? »,
    « % », « € » and « » » and after « « », so that no line starts with them."""

    def fix(match: re.Match) -> str:
        text = match.group(1)
        text = _BEFORE_COLON.sub("\u00a0", text)
        text = _BEFORE_DOUBLE.sub("\u00a0", text)
        text = _AFTER_GUILLEMET.sub("«\u00a0", text)
        return f">{text}<"

    return _TEXT.sub(fix, html)
