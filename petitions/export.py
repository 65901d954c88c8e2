"""Streaming CSV and XLSX files of signatures: rows are read in chunks and written as they come, never held whole.

Every text cell that a spreadsheet could run as a formula (starting with = + - @, a tab or a carriage return) is
prefixed with an apostrophe, so a signer named "=HYPERLINK(...)" stays text in Excel and LibreOffice.
"""

import csv
import datetime
import tempfile

from django.http import FileResponse, StreamingHttpResponse
from django.utils import timezone

from .conf import app_settings

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def neutralise(value):
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def cell_value(value, export_format):
    if isinstance(value, datetime.datetime):
        value = timezone.make_naive(value, datetime.UTC) if timezone.is_aware(value) else value
        return value if export_format == "xlsx" else value.isoformat(sep=" ", timespec="seconds")
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    return neutralise(str(value))


def rows_of(queryset, columns):
    """One list of values per object, in `columns` order; `columns` maps heading -> function(object)."""
    for item in queryset.iterator(chunk_size=app_settings.EXPORT_CHUNK_SIZE):
        yield [value_of(item) for value_of in columns.values()]


class Echo:
    """A file-like object whose write returns what it is given, for csv.writer inside a generator."""

    def write(self, value):
        return value


def csv_response(filename, columns, queryset):
    writer = csv.writer(Echo())

    def lines():
        # A byte-order mark makes Excel read the file as UTF-8.
        yield "\ufeff" + writer.writerow(list(columns))
        for row in rows_of(queryset, columns):
            yield writer.writerow([cell_value(value, "csv") for value in row])

    response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}.csv"'
    return response


def xlsx_response(filename, columns, queryset):
    """openpyxl's write-only mode flushes rows to disk as they are appended; the file is then streamed from disk."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title="Signatures")
    sheet.append(list(columns))
    for row in rows_of(queryset, columns):
        cells = []
        for value in row:
            cell = WriteOnlyCell(sheet, cell_value(value, "xlsx"))
            if cell.data_type == "f":
                cell.data_type = "s"  # belt and braces: never a formula
            cells.append(cell)
        sheet.append(cells)
    output = tempfile.TemporaryFile()  # noqa: SIM115 - FileResponse closes it
    workbook.save(output)
    output.seek(0)
    return FileResponse(output, as_attachment=True, filename=f"{filename}.xlsx", content_type=XLSX_CONTENT_TYPE)


def spreadsheet_response(export_format, filename, columns, queryset):
    build = xlsx_response if export_format == "xlsx" else csv_response
    return build(filename, columns, queryset)
