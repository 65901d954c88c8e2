"""Streaming CSV and XLSX files of signatures: rows are read in chunks and written as they come, never held whole.

Columns name the fields they read (`Column("petition__title")`), so rows come from the database as plain tuples
(values_list), not as model instances, and each chunk of rows goes out as one piece of the response: building an
object per row and writing every row on its own took several times longer than reading it.

Every text cell that a spreadsheet could run as a formula (starting with = + - @, a tab or a carriage return) is
prefixed with an apostrophe, so a signer named "=HYPERLINK(...)" stays text in Excel and LibreOffice.
"""

import csv
import datetime
import io
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from itertools import islice

from django.db import models
from django.db.models.constants import LOOKUP_SEP
from django.http import FileResponse, StreamingHttpResponse

from .conf import app_settings

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@dataclass(frozen=True)
class Column:
    """One column of an export: the field it reads (a values_list path) and, if the raw value is not what people
    should see (a choice's code, a country code), the function that shows it as text."""

    field: str
    show: Callable | None = None


class UTCDateTimeText(models.Func):
    """A datetime as "YYYY-MM-DD HH:MM:SS" in UTC (or NULL), formatted by the database (PostgreSQL or SQLite):
    loading millions of timestamps into Python datetimes only to print them again took a third of a CSV export."""

    output_field = models.CharField()

    def as_postgresql(self, compiler, connection, **extra_context):
        template = "to_char(%(expressions)s AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS')"
        return self.as_sql(compiler, connection, template=template, **extra_context)

    def as_sqlite(self, compiler, connection, **extra_context):
        template = "datetime(%(expressions)s)"  # Django stores UTC; datetime() drops the fractions of a second
        return self.as_sql(compiler, connection, template=template, **extra_context)


def _naive_utc(value):
    return value.astimezone(datetime.UTC).replace(tzinfo=None) if value.tzinfo else value


def _text_cell(value):
    if value is None:
        return ""
    return "'" + value if value.startswith(FORMULA_PREFIXES) else value


def _yes_no_cell(value):
    return "" if value is None else ("yes" if value else "no")


def _csv_datetime_cell(value):
    return "" if value is None else _naive_utc(value).isoformat(sep=" ", timespec="seconds")


def _xlsx_datetime_cell(value):
    return "" if value is None else _naive_utc(value)


def cell_value(value, export_format):
    """Any value as a cell: datetimes in UTC, booleans as yes/no, everything else as neutralised text."""
    if isinstance(value, datetime.datetime):
        return _csv_datetime_cell(value) if export_format == "csv" else _xlsx_datetime_cell(value)
    if isinstance(value, bool):
        return _yes_no_cell(value)
    return _text_cell(None if value is None else str(value))


def _field_at(model, path):
    *relations, name = path.split(LOOKUP_SEP)
    for relation in relations:
        model = model._meta.get_field(relation).related_model
    return model._meta.get_field(name)


def _text_or_blank(value):
    return value or ""


def read_and_shown(model, column, export_format):
    """What the query selects for the column, and the function that turns each value into a cell, chosen once from
    its model field: one call per cell, where checking each value's type took several, for each of millions of
    cells. A CSV's datetimes are selected as UTC text (UTCDateTimeText)."""
    field = _field_at(model, column.field)
    if column.show is not None:
        show = column.show
        return column.field, lambda value: _text_cell(show(value))
    if isinstance(field, models.DateTimeField):
        if export_format == "csv":
            return UTCDateTimeText(column.field), _text_or_blank
        return column.field, _xlsx_datetime_cell
    if isinstance(field, models.BooleanField):
        return column.field, _yes_no_cell
    if isinstance(field, models.CharField | models.TextField):
        return column.field, _text_cell
    return column.field, lambda value: cell_value(value, export_format)


def chunks_of(queryset, columns, export_format):
    """Lists of rows of cell values, EXPORT_CHUNK_SIZE rows at a time; `columns` maps heading -> Column."""
    selected, cells = zip(
        *(read_and_shown(queryset.model, column, export_format) for column in columns.values()), strict=True
    )
    rows = queryset.values_list(*selected)
    chunk_size = app_settings.EXPORT_CHUNK_SIZE
    iterator = rows.iterator(chunk_size=chunk_size)
    while chunk := list(islice(iterator, chunk_size)):
        yield [[cell(value) for cell, value in zip(cells, row, strict=True)] for row in chunk]


def csv_response(filename, columns, queryset):
    buffer = io.StringIO()
    writer = csv.writer(buffer)

    def taken():
        text = buffer.getvalue()
        buffer.seek(0)
        buffer.truncate()
        return text

    def lines():
        # A byte-order mark makes Excel read the file as UTF-8.
        writer.writerow(list(columns))
        yield "\ufeff" + taken()
        for chunk in chunks_of(queryset, columns, "csv"):
            writer.writerows(chunk)
            yield taken()

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
    for row in (row for chunk in chunks_of(queryset, columns, "xlsx") for row in chunk):
        cells = []
        for value in row:
            cell = WriteOnlyCell(sheet, value)
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
