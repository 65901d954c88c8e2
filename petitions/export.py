"""Streaming CSV and XLSX files of signatures: rows are read in chunks and written as they come, never held whole.

Columns name the fields they read (`Column("petition__title")`), so rows come from the database as plain tuples
(values_list), not as model instances, and each chunk of rows goes out as one piece of the response rather than row
by row. For a CSV file the database also writes the cells' text (times, yes/no, labels, neutralised formulas), so
that most rows go to the CSV writer as they arrive, with no work per cell in Python.

Every text cell that a spreadsheet could run as a formula (starting with = + - @, a tab or a carriage return) is
prefixed with an apostrophe, so a signer named "=HYPERLINK(...)" stays text in Excel and LibreOffice.

An XLSX file is XML, which cannot hold some characters that a signature may have stored (control characters such as
the one in the valid address `"\x01"@example.com`, U+FFFE, U+FFFF, lone surrogates): in an XLSX file each becomes
U+FFFD, the replacement character, so that one such row cannot break the file for everyone. A CSV file keeps the
text as stored.
"""

import csv
import datetime
import io
import re
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from itertools import islice

from django.db import models
from django.db.models import Case, Value, When
from django.db.models.constants import LOOKUP_SEP
from django.db.models.functions import Cast, Coalesce, Concat, Left
from django.db.models.lookups import In
from django.http import FileResponse, StreamingHttpResponse
from django.utils.translation import gettext

from .conf import app_settings

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
# What XML 1.0 forbids: C0 controls other than tab, line feed and carriage return, surrogates, U+FFFE and U+FFFF.
XML_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@dataclass(frozen=True)
class Column:
    """One column of an export: the field it reads (a values_list path) and, if the raw value is not what people
    should see, either the labels of its values (a choice's code) or the function that shows it as text (a country
    code)."""

    field: str
    show: Callable | None = None
    labels: dict | None = None


class UTCDateTimeText(models.Func):
    """A datetime as "YYYY-MM-DD HH:MM:SS" in UTC (or NULL), formatted by the database (PostgreSQL or SQLite), so
    that a CSV export does not load each timestamp into a Python datetime only to print it again."""

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


def _yes_no_cells():
    """The function that shows a boolean as yes or no in the active language (read once per export, not per cell)."""
    yes, no = gettext("yes"), gettext("no")
    return lambda value: "" if value is None else (yes if value else no)


def _xlsx_datetime_cell(value):
    return "" if value is None else _naive_utc(value)


def cell_value(value):
    """Any value as a spreadsheet cell: datetimes in UTC, booleans as yes/no, everything else as neutralised text."""
    if isinstance(value, datetime.datetime):
        return _xlsx_datetime_cell(value)
    if isinstance(value, bool):
        return _yes_no_cells()(value)
    return _text_cell(None if value is None else str(value))


def _field_at(model, path):
    *relations, name = path.split(LOOKUP_SEP)
    for relation in relations:
        model = model._meta.get_field(relation).related_model
    return model._meta.get_field(name)


def read_and_shown(model, column, export_format):
    """What the query selects for the column, and the function that turns each value into a cell (None: the value is
    the cell), chosen once from its model field, so that each of millions of cells costs one call at most instead of
    checks of its value's type. In a CSV file the database writes the cells of every column that has no `show`
    function (csv_cell_text)."""
    field = _field_at(model, column.field)
    if column.show is not None:
        show = column.show
        return column.field, lambda value: _text_cell(show(value))
    if export_format == "csv":
        return csv_cell_text(column, field), None
    if column.labels is not None:
        labels = {value: str(label) for value, label in column.labels.items()}  # lazy labels, in this language
        return column.field, lambda value: _text_cell(labels.get(value))
    if isinstance(field, models.DateTimeField):
        return column.field, _xlsx_datetime_cell
    if isinstance(field, models.BooleanField):
        return column.field, _yes_no_cells()
    if isinstance(field, models.CharField | models.TextField):
        return column.field, _text_cell
    return column.field, cell_value


def csv_cell_text(column, field):
    """The column's CSV cell as the database writes it: the text _text_cell, _yes_no_cells and the labels make of the
    value in Python, and datetimes in UTC to the second."""
    text = models.TextField()
    if column.labels is not None:
        shown = [When(**{column.field: value}, then=Value(str(label))) for value, label in column.labels.items()]
        return Case(*shown, default=Value(""), output_field=text)
    if isinstance(field, models.DateTimeField):
        return Coalesce(UTCDateTimeText(column.field), Value(""), output_field=text)
    if isinstance(field, models.BooleanField):
        yes, no = Value(gettext("yes")), Value(gettext("no"))
        yes_no = [When(**{column.field: True}, then=yes), When(**{column.field: False}, then=no)]
        return Case(*yes_no, default=Value(""), output_field=text)
    source = column.field if isinstance(field, models.CharField | models.TextField) else Cast(column.field, text)
    value = Coalesce(source, Value(""), output_field=text)
    neutralised = When(In(Left(value, 1), FORMULA_PREFIXES), then=Concat(Value("'"), value, output_field=text))
    return Case(neutralised, default=value, output_field=text)


def chunks_of(queryset, columns, export_format):
    """Lists of rows of cell values, EXPORT_CHUNK_SIZE rows at a time; `columns` maps heading -> Column."""
    selected, cells = zip(
        *(read_and_shown(queryset.model, column, export_format) for column in columns.values()), strict=True
    )
    rows = queryset.values_list(*selected)
    chunk_size = app_settings.EXPORT_CHUNK_SIZE
    shown = [(index, cell) for index, cell in enumerate(cells) if cell is not None]
    iterator = rows.iterator(chunk_size=chunk_size)
    while chunk := list(islice(iterator, chunk_size)):
        if shown:
            chunk = [list(row) for row in chunk]
            for row in chunk:
                for index, cell in shown:
                    row[index] = cell(row[index])
        yield chunk


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
        writer.writerow([str(heading) for heading in columns])
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
    sheet = workbook.create_sheet(title=gettext("Signatures"))
    sheet.append([str(heading) for heading in columns])
    for row in (row for chunk in chunks_of(queryset, columns, "xlsx") for row in chunk):
        cells = []
        for value in row:
            cell = WriteOnlyCell(sheet, XML_FORBIDDEN.sub("\ufffd", value) if isinstance(value, str) else value)
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
