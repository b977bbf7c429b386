"""One exporter per list: it yields rows; CSV is streamed, XLSX written row by row.

Memory stays flat whatever the number of rows: rows come from `queryset.iterator()` and are
never gathered in a list. CSV starts with a UTF-8 BOM and uses `;` and decimal commas, which is
what French spreadsheet programs expect.

A small export is answered at once. Beyond `settings.EXPORT_SYNC_MAX_ROWS` rows (counted with a
LIMIT, so the count costs what the threshold costs) it becomes a background job: the page kit
hands it to the handler a higher layer registered (`register_background`, portal's « Mes
exports »), and the job writes the file with `write_csv` / `write_xlsx` below.
"""

import csv
import datetime as dt
import itertools
import tempfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.http import FileResponse, HttpResponse, StreamingHttpResponse
from django.utils import timezone

BOM = "\ufeff"
CHUNK = 2000
# A spreadsheet holds 1 048 576 lines; a larger export goes on to a second sheet, and so on.
XLSX_SHEET_ROWS = 1_048_575


@dataclass(frozen=True)
class Column:
    """A column of an export. `money`: amounts in euros, shown `# ##0,00 €` in the XLSX;
    by default a column whose header says « (€) » is one."""

    header: str
    value: Callable[[Any], Any]
    money: bool | None = None

    @property
    def is_money(self) -> bool:
        return "(€)" in str(self.header) if self.money is None else self.money


class Exporter:
    """Subclasses set `filename` and `columns`, and may override `get_queryset`."""

    filename = "export"
    columns: tuple[Column, ...] = ()

    def __init__(self, queryset):
        self.queryset = queryset

    def get_queryset(self):
        return self.queryset

    def headers(self) -> list[str]:
        return [str(column.header) for column in self.columns]

    def money_columns(self) -> list[bool]:
        return [column.is_money for column in self.columns]

    def rows(self) -> Iterator[list[Any]]:
        for obj in self.get_queryset().iterator(chunk_size=CHUNK):
            yield [column.value(obj) for column in self.columns]

    def stamped_name(self, extension: str) -> str:
        return f"{self.filename}-{timezone.localdate():%Y-%m-%d}.{extension}"


class _Echo:
    def write(self, value: str) -> str:
        return value


def _csv_cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "oui" if value else "non"
    if isinstance(value, Decimal | float):
        return f"{value:.2f}".replace(".", ",")
    if isinstance(value, dt.datetime):
        return timezone.localtime(value).strftime("%d/%m/%Y %H:%M")
    if isinstance(value, dt.date):
        return value.strftime("%d/%m/%Y")
    text = str(value)
    # Neutralise spreadsheet formulas (CSV injection).
    if text[:1] in ("=", "+", "-", "@") and not _is_number(text):
        text = "'" + text
    return text


def _is_number(text: str) -> bool:
    try:
        float(text.replace(",", "."))
    except ValueError:
        return False
    return True


def csv_lines(exporter: Exporter) -> Iterable[str]:
    writer = csv.writer(_Echo(), delimiter=";")
    yield BOM + writer.writerow(exporter.headers())
    for row in exporter.rows():
        yield writer.writerow([_csv_cell(value) for value in row])


def csv_response(exporter: Exporter) -> StreamingHttpResponse:
    response = StreamingHttpResponse(csv_lines(exporter), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{exporter.stamped_name("csv")}"'
    return response


# XLSX formats (issue 18): the codes are the locale-free ones of the file format; a French
# spreadsheet shows them as 31/12/2024, 1 234,50 € and 1 234,50.
XLSX_DATE = "dd/mm/yyyy"
XLSX_DATETIME = "dd/mm/yyyy hh:mm"
XLSX_MONEY = '#,##0.00\\ "€"'
XLSX_DECIMAL = "#,##0.00"
# Widths in characters: from the header and the first rows, within these bounds.
XLSX_WIDTH_SAMPLE = 200
XLSX_MIN_WIDTH = 8
XLSX_MAX_WIDTH = 60
_FIXED_WIDTHS = {XLSX_DATE: 11, XLSX_DATETIME: 17}


def _xlsx_value(value: Any) -> Any:
    if isinstance(value, dt.datetime):
        return timezone.localtime(value).replace(tzinfo=None)
    if isinstance(value, bool):
        return _csv_cell(value)  # « oui » / « non », as in the CSV
    if isinstance(value, Decimal | int | float | dt.date) or value is None:
        return value
    return _csv_cell(value)


def _xlsx_format(value: Any, money: bool) -> str | None:
    """The number format of a typed cell: dates the French way, amounts in euros, other
    decimals with two digits; whole numbers (years, counts) keep the general format."""
    if isinstance(value, dt.datetime):
        return XLSX_DATETIME
    if isinstance(value, dt.date):
        return XLSX_DATE
    if isinstance(value, bool) or not isinstance(value, Decimal | int | float):
        return None
    if money:
        return XLSX_MONEY
    if isinstance(value, Decimal | float):
        return XLSX_DECIMAL
    return None


def _shown_length(value: Any, number_format: str | None) -> int:
    if number_format in _FIXED_WIDTHS:
        return _FIXED_WIDTHS[number_format]
    if number_format is not None:  # « 1 234 567,89 € »: the digits, spaces, comma, symbol
        digits = len(str(int(abs(value))))
        return digits + (digits - 1) // 3 + 3 + (2 if number_format == XLSX_MONEY else 0)
    text = "" if value is None else str(value)
    return max((len(line) for line in text.splitlines()), default=0)


def _widths(headers: list[str], sample: list[list[Any]], money: list[bool]) -> list[float]:
    widths = []
    for index, header in enumerate(headers):
        longest = len(header) + 2  # the filter arrow of a spreadsheet sits on the header
        for row in sample:
            value = row[index]
            longest = max(longest, _shown_length(value, _xlsx_format(value, money[index])))
        widths.append(min(max(longest + 1, XLSX_MIN_WIDTH), XLSX_MAX_WIDTH))
    return widths


def _sheet_title(exporter: Exporter, number: int) -> str:
    suffix = f" ({number})" if number > 1 else ""
    return exporter.filename[: 31 - len(suffix)] + suffix


class _XlsxSheets:
    """The sheets of a write-only workbook: each starts with the bold header, frozen, and the
    column widths measured on the first rows of the export (issue 18)."""

    def __init__(self, exporter: Exporter):
        from openpyxl import Workbook
        from openpyxl.styles import Font

        self.workbook = Workbook(write_only=True)
        self.exporter = exporter
        self.headers = exporter.headers()
        self.money = exporter.money_columns()
        self.bold = Font(bold=True)
        self.widths: list[float] = []
        self.sheet = None
        self.count = 0

    def measure(self, sample: list[list[Any]]) -> None:
        self.widths = _widths(self.headers, sample, self.money)

    def new_sheet(self) -> None:
        from openpyxl.cell import WriteOnlyCell
        from openpyxl.utils import get_column_letter

        self.count += 1
        sheet = self.workbook.create_sheet(title=_sheet_title(self.exporter, self.count))
        for index, width in enumerate(self.widths, start=1):
            sheet.column_dimensions[get_column_letter(index)].width = width
        sheet.freeze_panes = "A2"
        header = []
        for title in self.headers:
            cell = WriteOnlyCell(sheet, value=title)
            cell.font = self.bold
            header.append(cell)
        sheet.append(header)
        self.sheet = sheet

    def append(self, row: list[Any]) -> None:
        from openpyxl.cell import WriteOnlyCell

        cells = []
        for value, money in zip(row, self.money, strict=False):
            value = _xlsx_value(value)
            number_format = _xlsx_format(value, money)
            if number_format is None:
                cells.append(value)
            else:
                cell = WriteOnlyCell(self.sheet, value=value)
                cell.number_format = number_format
                cells.append(cell)
        self.sheet.append(cells)


def write_xlsx(exporter: Exporter, target, *, progress: Callable[[int], None] | None = None) -> int:
    """Write the XLSX to the binary file `target` in openpyxl's write-only mode (rows go to
    a temporary file, never kept in memory beyond the first XLSX_WIDTH_SAMPLE, which give the
    column widths); `progress(rows)` is called every CHUNK rows. Returns the number of rows."""
    sheets = _XlsxSheets(exporter)
    rows = iter(exporter.rows())
    sample = list(itertools.islice(rows, XLSX_WIDTH_SAMPLE))
    sheets.measure([[_xlsx_value(v) for v in row] for row in sample])
    count, on_sheet = 0, XLSX_SHEET_ROWS
    for row in itertools.chain(sample, rows):
        if on_sheet == XLSX_SHEET_ROWS:
            sheets.new_sheet()
            on_sheet = 0
        sheets.append(row)
        on_sheet += 1
        count += 1
        if progress is not None and count % CHUNK == 0:
            progress(count)
    if sheets.sheet is None:
        sheets.new_sheet()
    sheets.workbook.save(target)
    return count


def write_csv(exporter: Exporter, target, *, progress: Callable[[int], None] | None = None) -> int:
    """Write the CSV, line by line, to the binary file `target`; returns the number of rows."""
    count = -1  # the header line
    for line in csv_lines(exporter):
        target.write(line.encode("utf-8"))
        count += 1
        if progress is not None and count and count % CHUNK == 0:
            progress(count)
    return count


def xlsx_response(exporter: Exporter) -> FileResponse:
    spool = tempfile.TemporaryFile()  # noqa: SIM115 (FileResponse closes it)
    write_xlsx(exporter, spool)
    spool.seek(0)
    return FileResponse(
        spool,
        as_attachment=True,
        filename=exporter.stamped_name("xlsx"),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )


def export_response(exporter: Exporter, file_format: str):
    """`?format=csv` or `?format=xlsx` on a list page."""
    return xlsx_response(exporter) if file_format == "xlsx" else csv_response(exporter)


# ------------------------------------------------------------------- exports of any size
BackgroundHandler = Callable[[Any, Exporter, str], HttpResponse]
_background: list[BackgroundHandler] = []


def register_background(handler: BackgroundHandler) -> None:
    """A higher layer (portal) takes the large exports: `handler(request, exporter, format)`
    queues the job and answers (a redirect to the user's exports)."""
    _background[:] = [handler]


def background_handler() -> BackgroundHandler | None:
    return _background[0] if _background else None


def beyond_sync_limit(queryset) -> bool:
    """More rows than an export answered at once may hold? Counted under a LIMIT, without the
    ordering: `SELECT COUNT(*) FROM (SELECT … LIMIT n + 1)` stops at the threshold."""
    limit = settings.EXPORT_SYNC_MAX_ROWS
    return queryset.order_by()[: limit + 1].count() > limit
