"""Reading a spreadsheet as people keep it: tablib loads CSV or XLSX; the cells are matched
to the template's columns by their French header (accents, case and spaces aside) and parsed
into Python values with French error messages."""

import csv
import datetime as dt
import functools
import io
import re
import unicodedata
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

import tablib
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from common.validators import validate_siret

# Excel counts days from 1899-12-30 (its 1900 leap-year bug included).
EXCEL_EPOCH = dt.date(1899, 12, 30)
EXCEL_SERIALS = range(1, 2958466)  # up to 9999-12-31
FRENCH_DATE = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4})")
DATE_FORMATS = ("%d/%m/%Y", "%d/%m/%y", "%d-%m-%Y", "%d.%m.%Y", "%Y-%m-%d")


class ImportFileError(ValidationError):
    """The file cannot be read as a table of the template: the message says why, in French."""


@functools.lru_cache(maxsize=100_000)
def _normalise(text: str) -> str:
    text = text.replace("œ", "oe").replace("Œ", "OE").replace("æ", "ae").replace("Æ", "AE")
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c))
    text = re.sub(r"[’'`\-_.]", " ", text.casefold())
    return " ".join(text.split())


def normalise(text) -> str:
    """Lower case, without accents, apostrophes or repeated spaces: how two spellings of the
    same header or label are compared (« Date de naissance », « DATE DE NAISSANCE »)."""
    return _normalise(str(text or ""))


@dataclass(frozen=True)
class Column:
    key: str
    header: str
    aliases: tuple[str, ...] = ()
    required: bool = False
    example: str = ""
    help: str = ""

    def names(self) -> set[str]:
        return {normalise(self.header), *(normalise(a) for a in self.aliases)}


@dataclass
class Row:
    """One line of the file: its number as the person sees it in their spreadsheet (the
    header is line 1) and its cells keyed by column."""

    line: int
    cells: dict
    messages: list[str] = field(default_factory=list)  # errors
    notes: list[str] = field(default_factory=list)  # what the import changes

    def text(self, key: str) -> str:
        value = self.cells.get(key)
        if value is None:
            return ""
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        return " ".join(str(value).split())

    @property
    def blank(self) -> bool:
        return not any(self.text(key) for key in self.cells)


def decode(content: bytes) -> str:
    """UTF-8 with or without its BOM, else Windows-1252 (Excel's « CSV » on Windows)."""
    try:
        return content.decode("utf-8-sig")
    except UnicodeDecodeError:
        return content.decode("cp1252", errors="replace")


def sniff_delimiter(text: str) -> str:
    header = text.split("\n", 1)[0]
    counts = {d: header.count(d) for d in (";", ",", "\t")}
    return max(counts, key=lambda d: (counts[d], d == ";"))


def load(content: bytes, filename: str) -> tablib.Dataset:
    """The file as a tablib Dataset (first line: the headers)."""
    name = filename.lower()
    data = tablib.Dataset()
    try:
        if name.endswith(".xlsx") or content[:2] == b"PK":
            data.load(io.BytesIO(content), format="xlsx")
        elif name.endswith(".xls"):
            raise ImportFileError(
                _("Les fichiers .xls (Excel 97) ne sont pas lus : enregistrez-le en .xlsx ou .csv.")
            )
        else:
            text = decode(content)
            # tablib skips empty lines: keep them as rows of empty cells, so that the line
            # numbers shown are those of the spreadsheet.
            delimiter = sniff_delimiter(text)
            text = "\n".join(line if line.strip() else delimiter for line in text.splitlines())
            data.load(text, format="csv", delimiter=delimiter)
    except ImportFileError:
        raise
    except (tablib.InvalidDimensions, csv.Error, ValueError, KeyError, OSError) as exc:
        raise ImportFileError(
            _("Le fichier n'a pas pu être lu comme un tableau CSV ou XLSX (%(error)s).")
            % {"error": exc}
        ) from exc
    except Exception as exc:  # openpyxl raises many kinds on a damaged file
        raise ImportFileError(
            _("Le fichier n'a pas pu être lu comme un tableau CSV ou XLSX.")
        ) from exc
    return data


def match_headers(headers: Sequence, columns: Sequence[Column]) -> dict[str, int]:
    """Which position holds which column; unknown headers are ignored, a missing required
    column is an error for the whole file."""
    positions: dict[str, int] = {}
    for position, header in enumerate(headers or ()):
        name = normalise(header)
        for column in columns:
            if column.key not in positions and name in column.names():
                positions[column.key] = position
                break
    missing = [c.header for c in columns if c.required and c.key not in positions]
    if missing:
        raise ImportFileError(
            _("Colonne(s) obligatoire(s) absente(s) de la première ligne : %(columns)s.")
            % {"columns": ", ".join(f"« {m} »" for m in missing)}
        )
    return positions


def rows(data: tablib.Dataset, columns: Sequence[Column]) -> Iterator[Row]:
    positions = match_headers(data.headers, columns)
    for index, values in enumerate(data, start=2):
        yield Row(
            line=index,
            cells={
                key: values[position] if position < len(values) else None
                for key, position in positions.items()
            },
        )


def parse_date(value) -> dt.date:
    """A date as a spreadsheet holds it: a date cell, an Excel serial number (45123), or a
    text « 31/12/2024 », « 31/12/24 », « 2024-12-31 ». Raises ValueError in French."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = " ".join(str(value).split())
    if isinstance(value, int | float | Decimal) or re.fullmatch(r"\d+([.,]0+)?", text):
        try:
            serial = int(Decimal(text.replace(",", ".")))
        except InvalidOperation as exc:
            raise ValueError(text) from exc
        if serial in EXCEL_SERIALS:
            return EXCEL_EPOCH + dt.timedelta(days=serial)
        raise ValueError(_("« %(value)s » n'est pas une date.") % {"value": text})
    text = text.split(" ")[0]  # « 31/12/2024 00:00 »
    french = FRENCH_DATE.fullmatch(text)
    if french:  # the common case, without strptime
        day, month, year = (int(part) for part in french.groups())
        try:
            return dt.date(year, month, day)
        except ValueError:
            pass  # 31/02: said below, as any text that is not a date
    for fmt in DATE_FORMATS:
        try:
            return dt.datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    raise ValueError(
        _("« %(value)s » n'est pas une date (attendu : jj/mm/aaaa).") % {"value": text}
    )


@functools.lru_cache(maxsize=64)
def _choice_map(choices) -> dict[str, str]:
    found = {}
    for value, label in choices.choices:
        found[normalise(value)] = value
        found[normalise(label)] = value
    return found


def parse_choice(text: str, choices, what: str) -> str:
    """A value of `choices` (a TextChoices) given by its French label or its stored value."""
    found = _choice_map(choices).get(normalise(text))
    if found is not None:
        return found
    raise ValueError(
        _("%(what)s « %(value)s » inconnu(e) ; valeurs possibles : %(choices)s.")
        % {
            "what": what,
            "value": text,
            "choices": ", ".join(str(label) for _v, label in choices.choices),
        }
    )


def template(columns: Sequence[Column], examples: Sequence[Sequence[str]], file_format: str):
    """The template to download: the headers, then example lines."""
    data = tablib.Dataset(headers=[c.header for c in columns], title="Import")
    for example in examples:
        data.append(list(example))
    if file_format == "xlsx":
        return data.export("xlsx")
    # `;` and a BOM: what Excel in French opens as columns.
    return "\ufeff" + data.export("csv", delimiter=";")


def parse_amount(value) -> Decimal:
    """An amount as a spreadsheet holds it: a number cell, « 20 000,00 € », « 20000.5 »,
    « 1.250,50 ». Raises ValueError in French."""
    if isinstance(value, int | float | Decimal) and not isinstance(value, bool):
        return Decimal(str(value)).quantize(Decimal("0.01"))
    text = re.sub(r"[\s\u00a0\u202f€]|EUR", "", str(value or ""), flags=re.IGNORECASE)
    if "," in text and "." in text:  # 1.250,50 (French thousands) or 1,250.50
        text = text.replace(".", "") if text.rfind(",") > text.rfind(".") else text
        text = text.replace(",", "." if "." not in text else "")
    else:
        text = text.replace(",", ".")
    try:
        amount = Decimal(text)
    except InvalidOperation as exc:
        raise ValueError(
            _("« %(value)s » n'est pas un montant (par exemple 20 000,00).") % {"value": value}
        ) from exc
    if not amount.is_finite():
        raise ValueError(_("« %(value)s » n'est pas un montant.") % {"value": value})
    return amount.quantize(Decimal("0.01"))


def parse_siret(row: Row, key: str) -> str:
    """A SIRET as typed or pasted: spaces and dots aside; a number cell lost its leading
    zeros, put back. Raises ValueError with the validator's French message."""
    raw = row.cells.get(key)
    text = re.sub(r"[\s.\u00a0\u202f-]", "", row.text(key))
    if isinstance(raw, int | float) and text.isdigit():
        text = text.zfill(14)
    try:
        validate_siret(text)
    except ValidationError as exc:
        raise ValueError(
            _("SIRET « %(value)s » : %(error)s")
            % {"value": row.text(key), "error": exc.messages[0]}
        ) from exc
    return text
