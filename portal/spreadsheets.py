"""The one cell writer of every Excel download: text stays text, never a formula.

A title typed as `=HYPERLINK("http://…?"&D3,"点击查看")` would otherwise open as a live
formula in the reader's Excel (formula injection). Numbers, dates and empty cells are
written as themselves; everything else becomes a string cell, and one that Excel or WPS
would read as a formula is written as a string with the quote prefix ('), so it stays
text even when someone edits the cell."""

from collections.abc import Iterable
from datetime import date, datetime
from decimal import Decimal
from io import BytesIO

import tablib
from django.utils import timezone
from import_export.formats import base_formats as import_export_formats
from openpyxl import Workbook
from openpyxl.cell import Cell
from openpyxl.worksheet.worksheet import Worksheet

from portal.clock import CHINA

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def cell_value(value):
    """What a cell holds for `value`: numbers and dates as such, all else as text."""
    if isinstance(value, datetime) and value.tzinfo is not None:
        # Excel has no time zones: write the China time a reader expects.
        return timezone.localtime(value, CHINA).replace(tzinfo=None)
    if value is None or isinstance(value, bool | int | float | Decimal | date):
        return value
    # Lazy translations, choice labels and model instances become plain text.
    return str(value)


def write_cell(sheet: Worksheet, row: int, column: int, value) -> Cell:
    value = cell_value(value)
    cell = sheet.cell(row=row, column=column)
    cell.value = value
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        cell.data_type = "s"
        cell.quotePrefix = True
    return cell


def append_row(sheet: Worksheet, values: Iterable) -> list[Cell]:
    """Write `values` in the row below the last one, as sheet.append would (an empty
    `values` leaves an empty row)."""
    row = sheet._current_row + 1
    cells = [write_cell(sheet, row, column, v) for column, v in enumerate(values, start=1)]
    sheet._current_row = row
    return cells


def workbook_bytes(headers: Iterable, rows: Iterable[Iterable]) -> bytes:
    """An .xlsx of one sheet, every cell written by write_cell."""
    book = Workbook()
    sheet = book.active
    append_row(sheet, headers)
    for row in rows:
        append_row(sheet, row)
    out = BytesIO()
    book.save(out)
    return out.getvalue()


def csv_safe(value):
    """A CSV field that Excel or WPS will not run as a formula: text that would start one
    gets the apostrophe prefix (OWASP's advice for CSV injection)."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


class SafeCSV(import_export_formats.CSV):
    """django-import-export's CSV, with text that would run as a formula kept as text."""

    def export_data(self, dataset, **kwargs):
        safe = tablib.Dataset(headers=dataset.headers)
        for row in dataset:
            safe.append([csv_safe(value) for value in row])
        return super().export_data(safe, **kwargs)


class SafeXLSX(import_export_formats.XLSX):
    """django-import-export's XLSX, written cell by cell through write_cell."""

    def export_data(self, dataset, **kwargs):
        return workbook_bytes(dataset.headers or [], dataset)
