"""Items typed or pasted into the report page's grid, as officials keep them in Excel: one
row per item, the sheet's columns, every cell checked by the same RowReader as an uploaded
sheet. A row left empty is skipped; nothing is saved until every row is right.

The grid's inputs are named `r<row>-<field>` (row from 0); `rows` says how many there are.
"""

from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _

from submissions.importing.columns import COLUMNS, Column, zh_labels
from submissions.importing.reader import RowReader
from submissions.importing.rows import ParsedRow
from submissions.models import Item, Report

FIRST_ROWS = 10
MORE_ROWS = 10
# What one page holds and one save takes: a quarter's report rarely passes 200 items.
MAX_GRID_ROWS = 300
# Typed or pasted, never a whole file: a cell longer than this is not an item's field.
MAX_CELL = 2000


def column_label(column: Column) -> str:
    if column.field == "authors":
        return str(_("Authors"))
    return str(Item._meta.get_field(column.field).verbose_name)


@dataclass
class GridRow:
    index: int
    cells: dict[str, str]
    errors: dict[str, list[str]] = field(default_factory=dict)

    @property
    def number(self) -> int:
        return self.index + 1

    @property
    def is_blank(self) -> bool:
        return not any(value.strip() for value in self.cells.values())

    def cell_list(self, labels: dict[str, str]) -> list[dict]:
        """The row's cells in column order, for the template."""
        return [
            {
                "column": column,
                "label": labels[column.field],
                "name": f"r{self.index}-{column.field}",
                "value": self.cells.get(column.field, ""),
                "errors": self.errors.get(column.field, []),
            }
            for column in COLUMNS
        ]


@dataclass
class Grid:
    rows: list[GridRow]
    parsed: list[ParsedRow] = field(default_factory=list)

    @property
    def has_errors(self) -> bool:
        return any(row.errors for row in self.rows)

    @property
    def error_count(self) -> int:
        return sum(len(messages) for row in self.rows for messages in row.errors.values())

    def table(self) -> list[dict]:
        """Each row's number and cells, for the template (labels looked up once)."""
        labels = {column.field: column_label(column) for column in COLUMNS}
        return [{"number": row.number, "cells": row.cell_list(labels)} for row in self.rows]


def row_count(value, *, at_least: int = FIRST_ROWS) -> int:
    """How many rows the grid shows: what was asked for, within 1 and MAX_GRID_ROWS."""
    try:
        count = int(str(value))
    except ValueError:
        count = at_least
    return max(1, min(count, MAX_GRID_ROWS))


def empty_grid(rows: int = FIRST_ROWS) -> Grid:
    return Grid(rows=[GridRow(index, {}) for index in range(row_count(rows))])


def posted_grid(data, *, extra_rows: int = 0) -> Grid:
    """The grid as posted (every cell kept as typed), with `extra_rows` blank rows more."""
    count = row_count(data.get("rows"))
    rows = [
        GridRow(
            index,
            {c.field: str(data.get(f"r{index}-{c.field}", ""))[:MAX_CELL] for c in COLUMNS},
        )
        for index in range(count)
    ]
    total = min(count + extra_rows, MAX_GRID_ROWS)
    rows += [GridRow(index, {}) for index in range(count, total)]
    return Grid(rows=rows)


def check(grid: Grid, report: Report) -> Grid:
    """Check every filled row's cells as an uploaded sheet's; errors go onto the cells."""
    reader = RowReader(report)
    by_header = {column.header: column.field for column in COLUMNS}
    for row in grid.rows:
        if row.is_blank:
            continue
        cells = {column: row.cells.get(column.field, "") for column in COLUMNS}
        parsed, errors = reader.read(row.number, cells)
        for error in errors:
            name = by_header.get(error.column, "title")
            row.errors.setdefault(name, []).append(error.message)
        if not errors:
            grid.parsed.append(parsed)
    return grid


def choice_options() -> dict[str, list[str]]:
    """The Chinese labels a choice column accepts, offered as the cell's suggestions."""
    return {column.field: zh_labels(column.choices) for column in COLUMNS if column.choices}
