"""Excel downloads of the overview pages: the rows the page shows, as a workbook."""

import re
from collections.abc import Iterable, Sequence
from io import BytesIO
from urllib.parse import quote

from django.http import HttpResponse
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from portal.spreadsheets import append_row

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

Sheet = tuple[str, Sequence[str], Iterable[Sequence]]


def workbook_bytes(sheets: Iterable[Sheet], heading: Sequence[str] = ()) -> bytes:
    """`heading`: lines above each sheet's table (an official document's title and number),
    then a blank row; the table's header row stays in view as the sheet scrolls."""
    workbook = Workbook(write_only=False)
    workbook.remove(workbook.active)
    bold = Font(bold=True)
    for title, headers, rows in sheets:
        # Excel refuses sheet titles longer than 31 characters or with []:*?/\ in them.
        safe_title = "".join(ch for ch in str(title) if ch not in "[]:*?/\\")[:31] or "Sheet"
        sheet = workbook.create_sheet(safe_title)
        for number, line in enumerate(heading):
            (cell,) = append_row(sheet, [line])
            cell.font = Font(bold=True, size=14) if number == 0 else bold
        if heading:
            append_row(sheet, [])
        for cell in append_row(sheet, [str(h) for h in headers]):
            cell.font = bold
        widths = [max(len(str(h)) * 2, 8) for h in headers]
        for row in rows:
            values = [cell.value for cell in append_row(sheet, row)]
            for i, value in enumerate(values[: len(widths)]):
                widths[i] = min(max(widths[i], len(str(value or "")) * 2), 60)
        for i, width in enumerate(widths, start=1):
            sheet.column_dimensions[get_column_letter(i)].width = width
        header_row = len(heading) + (2 if heading else 1)
        sheet.freeze_panes = f"A{header_row + 1}"
    buffer = BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def content_disposition(filename: str) -> str:
    """An attachment header any browser reads: an ASCII fallback name, and the real
    (Chinese) name in RFC 5987 encoding for those that understand it."""
    fallback = re.sub(r"[^\x20-\x7e]+", "_", filename).replace('"', "").replace("\\", "")
    if not fallback.rsplit(".", 1)[0].strip(" _-"):
        fallback = "export.xlsx"
    return f"attachment; filename=\"{fallback}\"; filename*=UTF-8''{quote(filename, safe='')}"


def xlsx_response(
    filename: str, sheets: Iterable[Sheet], heading: Sequence[str] = ()
) -> HttpResponse:
    """`sheets`: (title, headers, rows) for each worksheet, in order; `heading` as in
    workbook_bytes."""
    response = HttpResponse(workbook_bytes(sheets, heading), content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = content_disposition(filename)
    return response
