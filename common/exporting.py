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
    header: str
    value: Callable[[Any], Any]


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


def _xlsx_cell(value: Any) -> Any:
    if isinstance(value, dt.datetime):
        return timezone.localtime(value).replace(tzinfo=None)
    if isinstance(value, Decimal | int | float | dt.date) or value is None:
        return value
    return _csv_cell(value)


def _sheet_title(exporter: Exporter, number: int) -> str:
    suffix = f" ({number})" if number > 1 else ""
    return exporter.filename[: 31 - len(suffix)] + suffix


def write_xlsx(exporter: Exporter, target, *, progress: Callable[[int], None] | None = None) -> int:
    """Write the XLSX to the binary file `target` in openpyxl's write-only mode (rows go to
    a temporary file, never kept in memory); `progress(rows)` is called every CHUNK rows.
    Returns the number of rows."""
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    headers = exporter.headers()
    sheet, sheets, count, on_sheet = None, 0, 0, XLSX_SHEET_ROWS
    for row in exporter.rows():
        if on_sheet == XLSX_SHEET_ROWS:
            sheets += 1
            sheet = workbook.create_sheet(title=_sheet_title(exporter, sheets))
            sheet.append(headers)
            on_sheet = 0
        sheet.append([_xlsx_cell(value) for value in row])
        on_sheet += 1
        count += 1
        if progress is not None and count % CHUNK == 0:
            progress(count)
    if sheet is None:
        workbook.create_sheet(title=_sheet_title(exporter, 1)).append(headers)
    workbook.save(target)
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
