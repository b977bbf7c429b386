"""One exporter per list: it yields rows; CSV is streamed, XLSX written row by row.

Memory stays flat whatever the number of rows: rows come from `queryset.iterator()` and are
never gathered in a list. CSV starts with a UTF-8 BOM and uses `;` and decimal commas, which is
what French spreadsheet programs expect.
"""

import csv
import datetime as dt
import tempfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.http import FileResponse, StreamingHttpResponse
from django.utils import timezone

BOM = "\ufeff"
CHUNK = 2000


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


def xlsx_response(exporter: Exporter) -> FileResponse:
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=exporter.filename[:31])
    sheet.append(exporter.headers())
    for row in exporter.rows():
        sheet.append([_xlsx_cell(value) for value in row])
    spool = tempfile.TemporaryFile()  # noqa: SIM115 (FileResponse closes it)
    workbook.save(spool)
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
