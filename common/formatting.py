"""French formatting of amounts, shared by templates, messages, PDFs and exports."""

import datetime as dt
import re
from decimal import Decimal, InvalidOperation

from django.utils import formats, timezone


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
    value = _from_iso(value)
    if isinstance(value, dt.datetime):
        value = timezone.localtime(value).date() if timezone.is_aware(value) else value.date()
    if not isinstance(value, dt.date):
        return "" if value is None else str(value)
    day = "1er" if value.day == 1 else str(value.day)
    return f"{day}\u00a0{MONTHS[value.month - 1]}\u00a0{value.year}"


def _from_iso(value):
    """A date or a moment written as ISO text (the right-of-access data is JSON first) read
    back; anything else is returned as it is."""
    if isinstance(value, str):
        try:
            return (dt.datetime if "T" in value else dt.date).fromisoformat(value)
        except ValueError:
            return value
    return value


def format_datetime_fr(value) -> str:
    """`2026-09-07T12:05:00+00:00` → `7 septembre 2026 à 14 h 05` (Paris time)."""
    value = _from_iso(value)
    if not isinstance(value, dt.datetime):
        return format_date_fr(value)
    if timezone.is_aware(value):
        value = timezone.localtime(value)
    return f"{format_date_fr(value.date())} à {value.hour}\u00a0h\u00a0{value.minute:02d}"


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
