"""Publicity items from an Excel sheet: the template, reading and checking a filled-in
sheet, and spotting likely duplicates.

The sheet's contract is its Chinese column headers (columns.COLUMNS); the order of the
columns does not matter, and a title row above the headers is allowed. Every cell of every
row is checked, and each problem is reported by its Excel row number and column header, so
the reporter can fix the sheet and upload it again: nothing is imported until it is clean.
Rows that look like items already reported (by any unit) or like an earlier row of the same
sheet are flagged for the reporter to decide, never dropped silently.

The clean rows wait in the session between the preview and the confirmation, so the
reporter does not upload the file twice; services.items_import writes them.
"""

from submissions.importing.columns import COLUMNS, MAX_ROWS, Column
from submissions.importing.duplicates import flag_duplicates, similar_titles
from submissions.importing.reader import read_sheet
from submissions.importing.rows import Duplicate, ParsedRow, ParsedSheet, RowError, SheetError
from submissions.importing.session import SESSION_KEY, discard, stash, stashed
from submissions.importing.template import build_template, example_row

__all__ = [
    "COLUMNS",
    "MAX_ROWS",
    "SESSION_KEY",
    "Column",
    "Duplicate",
    "ParsedRow",
    "ParsedSheet",
    "RowError",
    "SheetError",
    "build_template",
    "discard",
    "example_row",
    "flag_duplicates",
    "read_sheet",
    "similar_titles",
    "stash",
    "stashed",
]
