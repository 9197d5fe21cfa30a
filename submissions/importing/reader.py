"""Reading a filled-in sheet: every cell of every row checked against the report."""

import datetime as dt
import io
import re
import unicodedata
import zipfile
from itertools import chain

import openpyxl
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.utils.translation import gettext as _
from openpyxl.utils.datetime import from_excel

from portal import clock
from portal.models import User
from portal.uploads import check_workbook_archive
from submissions.importing.columns import (
    COLUMN_BY_FIELD,
    COLUMNS,
    DATA_SHEET,
    EXAMPLE_MARK,
    MAX_ROWS,
    Column,
    choice_lookup,
    normalise,
    zh_labels,
)
from submissions.importing.rows import ParsedRow, ParsedSheet, RowError, SheetError
from submissions.models import Item, Report

TRUE_WORDS = {"是", "有", "y", "yes", "true", "1", "√", "✓", "对"}
FALSE_WORDS = {"否", "无", "n", "no", "false", "0", "×", "✗", "不是", "-"}
DATE_TEXT = re.compile(r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?$")
AUTHOR_SEPARATORS = re.compile(r"[、,，;；/\s]+")
# What a sheet of items may hold, checked from its declared size before its rows are read
# and again row by row (a sheet need not declare its size). The template has 13 columns;
# rows leave room for blank lines and the example between the 1,000 items.
MAX_SHEET_ROWS = MAX_ROWS * 5
MAX_SHEET_COLUMNS = 100
MAX_CELL_CHARS = 32_767  # Excel's own limit for one cell
# openpyxl reads a row whole, so one row of 2 million cells took 105 s: the cells of the
# workbook are counted in its XML, at the speed of a byte search, before openpyxl starts.
MAX_SHEET_CELLS = 100_000
CELL_TAG = re.compile(rb"<(?:\w+:)?c[\s/>]")


def _header_key(value) -> str:
    text = normalise(str(value)) if value is not None else ""
    return text.strip("*＊").removesuffix("(必填)")


HEADER_LOOKUP = {
    _header_key(header): column
    for column in COLUMNS
    for header in (column.header, *column.former_headers)
}


def _open(uploaded):
    try:
        check_workbook_archive(uploaded)
    except ValidationError as error:
        raise SheetError(error.messages[0]) from error
    uploaded.seek(0)
    data = uploaded.read()
    try:
        cells = _count_cells(data)
        workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as error:  # a damaged file can fail anywhere inside openpyxl
        raise SheetError(
            _("The file could not be read as an Excel workbook. Save it again as .xlsx.")
        ) from error
    if cells > MAX_SHEET_CELLS:
        workbook.close()
        raise SheetError(
            _(
                "The workbook has %(cells)s cells; an import sheet may have at most %(n)s. "
                "Delete the empty rows and columns at its end, or start from the template."
            )
            % {"cells": cells, "n": MAX_SHEET_CELLS}
        )
    return workbook


def _count_cells(data: bytes) -> int:
    """The cells in every XML part, counted in pieces (the parts' sizes were bounded by
    check_workbook_archive): each piece ends before a "<", so no tag is cut in two."""
    count = 0
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        for info in archive.infolist():
            if not info.filename.endswith(".xml"):
                continue
            with archive.open(info) as part:
                carry = b""
                while chunk := part.read(1 << 20):
                    text = carry + chunk
                    cut = text.rfind(b"<")
                    if cut <= 0:
                        carry = text
                        continue
                    count += len(CELL_TAG.findall(text, 0, cut))
                    carry = text[cut:]
                count += len(CELL_TAG.findall(carry))
    return count


def _find_header(rows: list[tuple]) -> tuple[int, dict[int, Column]] | None:
    for number, values in enumerate(rows, start=1):
        found = {}
        for index, value in enumerate(values):
            column = HEADER_LOOKUP.get(_header_key(value))
            if column is not None and column not in found.values():
                found[index] = column
        if any(column.field == "title" for column in found.values()):
            return number, found
    return None


def read_sheet(uploaded, *, report: Report) -> ParsedSheet:
    """Check every row of the sheet against `report`. Raises SheetError when the file
    cannot be used at all; otherwise returns the clean rows and every problem found."""
    workbook = _open(uploaded)
    try:
        sheet = (
            workbook[DATA_SHEET] if DATA_SHEET in workbook.sheetnames else workbook.worksheets[0]
        )
        _check_size(sheet.max_row or 0, sheet.max_column or 0)
        rows = _bounded(sheet.iter_rows(values_only=True))
        head = []
        for values in rows:
            head.append(values)
            if len(head) == 10:
                break
        header = _find_header(head)
        if header is None:
            raise SheetError(
                _("No header row found: the first row must hold the template's column headers.")
            )
        header_row, columns = header
        missing = [c.header for c in COLUMNS if c.required and c not in columns.values()]
        if missing:
            raise SheetError(
                _("The sheet lacks the column(s) %(columns)s. Start from the template.")
                % {"columns": "、".join(f"“{name}”" for name in missing)}
            )
        reader = RowReader(report)
        parsed, errors, count = [], [], 0
        for number, values in enumerate(chain(head[header_row:], rows), start=header_row + 1):
            cells = {
                column: values[index] if index < len(values) else None
                for index, column in columns.items()
            }
            if all(_blank(value) for value in cells.values()):
                continue
            title = cells.get(COLUMN_BY_FIELD["title"])
            if isinstance(title, str) and title.strip().startswith(EXAMPLE_MARK):
                continue
            count += 1
            if count > MAX_ROWS:
                raise SheetError(
                    _("The sheet has more than %(n)s items: split it into smaller sheets.")
                    % {"n": MAX_ROWS}
                )
            row, row_errors = reader.read(number, cells)
            if row_errors:
                errors.extend(row_errors)
            else:
                parsed.append(row)
    finally:
        workbook.close()
    return ParsedSheet(rows=parsed, errors=errors)


def _check_size(rows: int, columns: int) -> None:
    if rows > MAX_SHEET_ROWS or columns > MAX_SHEET_COLUMNS:
        raise SheetError(
            _(
                "The sheet is too large: an import sheet may have at most %(rows)s rows "
                "and %(columns)s columns. Delete the empty rows and columns at its end, "
                "or start from the template."
            )
            % {"rows": MAX_SHEET_ROWS, "columns": MAX_SHEET_COLUMNS}
        )


def _bounded(rows):
    """The rows, refused as soon as one passes the sheet's or a cell's limits."""
    for number, values in enumerate(rows, start=1):
        _check_size(number, len(values))
        for value in values:
            if isinstance(value, str) and len(value) > MAX_CELL_CHARS:
                raise SheetError(
                    _("Row %(row)s holds a cell longer than %(n)s characters.")
                    % {"row": number, "n": MAX_CELL_CHARS}
                )
        yield values


def _blank(value) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


class RowReader:
    """Turns one row's cells into an item's fields, with every problem by column."""

    def __init__(self, report: Report):
        self.report = report
        self.first, self.last = clock.quarter_bounds(report.year, report.quarter)
        self.lookups = {c.field: choice_lookup(c.choices) for c in COLUMNS if c.choices}
        members = User.objects.filter(memberships__unit=report.unit, is_active=True).distinct()
        self.people = {}
        for person in members:
            for name in (person.full_name, person.username):
                if name:
                    self.people.setdefault(normalise(name), person)

    def read(self, number: int, cells: dict) -> tuple[ParsedRow, list[RowError]]:
        row = ParsedRow(row=number, data={})
        errors = []
        for column in COLUMNS:
            value = cells.get(column)
            try:
                if _blank(value):
                    if column.required:
                        raise ValidationError(_("This column must be filled in."))
                    self._set_empty(row, column)
                else:
                    getattr(self, f"_read_{column.kind}")(row, column, value)
            except ValidationError as error:
                errors.extend(RowError(number, column.header, m) for m in error.messages)
        if not errors:
            # The model's own rules (lengths and the like), as item_create applies them.
            item = Item(report=self.report, **row.data)
            try:
                item.full_clean(exclude=["report", "number"], validate_constraints=False)
            except ValidationError as error:
                for name, messages in error.message_dict.items():
                    header = self._header_for(name)
                    errors.extend(RowError(number, header, m) for m in messages)
        return row, errors

    @staticmethod
    def _header_for(field_name: str) -> str:
        if field_name == "author_names":
            return COLUMN_BY_FIELD["authors"].header
        column = COLUMN_BY_FIELD.get(field_name)
        return column.header if column else field_name

    def _set_empty(self, row: ParsedRow, column: Column) -> None:
        if column.kind == "authors":
            row.data["author_names"] = ""
        elif column.kind == "bool":
            row.data[column.field] = False
        else:
            row.data[column.field] = ""

    def _read_text(self, row, column, value):
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        elif isinstance(value, dt.datetime | dt.date):
            value = value.isoformat()
        row.data[column.field] = str(value).strip()

    def _read_choice(self, row, column, value):
        found = self.lookups[column.field].get(normalise(str(value)))
        if found is None:
            raise ValidationError(
                _("“%(value)s” is not one of: %(choices)s.")
                % {"value": value, "choices": "；".join(zh_labels(column.choices))}
            )
        row.data[column.field] = found

    def _read_date(self, row, column, value):
        day = None
        if isinstance(value, dt.datetime):
            day = value.date()
        elif isinstance(value, dt.date):
            day = value
        elif isinstance(value, int | float) and not isinstance(value, bool):
            # A date cell without a date format: Excel's serial day number.
            if 1 <= value < 2958466:
                day = from_excel(value).date()
        else:
            match = DATE_TEXT.match(unicodedata.normalize("NFKC", str(value)).strip())
            if match:
                try:
                    day = dt.date(*(int(part) for part in match.groups()))
                except ValueError:
                    day = None
        if day is None:
            raise ValidationError(
                _(
                    "“%(value)s” is not a date: "
                    "write it as 2026-10-17, 2026/10/17 or 2026年10月17日."
                )
                % {"value": value}
            )
        if not self.first <= day <= self.last:
            raise ValidationError(
                _("The publication date must fall in %(period)s (%(first)s to %(last)s).")
                % {"period": self.report.period_label, "first": self.first, "last": self.last}
            )
        row.data[column.field] = day

    def _read_url(self, row, column, value):
        link = str(value).strip()
        if "://" not in link:
            link = f"https://{link}"
        try:
            URLValidator(schemes=["http", "https"])(link)
        except ValidationError:
            raise ValidationError(
                _("“%(value)s” is not a valid web address.") % {"value": value}
            ) from None
        row.data[column.field] = link

    def _read_bool(self, row, column, value):
        if isinstance(value, bool):
            row.data[column.field] = value
            return
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        word = normalise(str(value))
        if word in TRUE_WORDS:
            row.data[column.field] = True
        elif word in FALSE_WORDS:
            row.data[column.field] = False
        else:
            raise ValidationError(_("Write 是 or 否 (or leave it empty for 否)."))

    def _read_authors(self, row, column, value):
        others = []
        for name in AUTHOR_SEPARATORS.split(unicodedata.normalize("NFKC", str(value))):
            if not name:
                continue
            person = self.people.get(normalise(name))
            if person is not None and person.pk not in row.authors:
                row.authors.append(person.pk)
                row.author_labels.append(person.get_full_name())
            elif person is None and name not in others:
                others.append(name)
        row.data["author_names"] = "、".join(others)
