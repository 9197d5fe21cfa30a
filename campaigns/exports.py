"""The campaign matrix as an Excel workbook (openpyxl), one row per assignment."""

import io

from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

from campaigns.selectors import progress_filed
from portal.clock import CHINA
from portal.spreadsheets import append_row


def progress_text(filings) -> str:
    """What a unit filed on its assignment, one filing a paragraph, each dated (China
    time) and with its quantity when it gave one."""
    parts = []
    for progress in filings:
        head = timezone.localtime(progress.created_at, CHINA).strftime("%Y-%m-%d")
        if progress.quantity is not None:
            head += f" ({progress.quantity.normalize():f})"
        parts.append(f"{head} {progress.text}")
    return "\n".join(parts)


def matrix_workbook(campaign, matrix) -> io.BytesIO:
    book = Workbook()
    sheet = book.active
    sheet.title = _("Assignments")[:31]
    append_row(sheet, [str(campaign)])
    sheet["A1"].font = Font(bold=True, size=14)
    headers = [
        _("Activity"),
        _("Phase"),
        _("Lead unit"),
        _("Responsible unit"),
        _("Region"),
        _("State"),
        _("Expected output per unit"),
        _("Unit of output"),
        _("Plan due"),
        _("Report due"),
        _("Progress filed"),
    ]
    for cell in append_row(sheet, headers):
        cell.font = Font(bold=True)
    filed = progress_filed(matrix["assignments"])
    for row in matrix["rows"]:
        activity = row["activity"]
        for assignment in row["cells"]:
            if assignment is None:
                continue
            append_row(
                sheet,
                [
                    activity.title,
                    activity.phase.name if activity.phase else "",
                    activity.lead_unit.name if activity.lead_unit else "",
                    assignment.unit.name,
                    assignment.unit.region.name,
                    str(assignment.get_state_display()),
                    activity.expected_quantity,
                    activity.expected_unit,
                    activity.plan_due,
                    activity.report_due,
                    progress_text(filed.get(assignment.pk, [])),
                ],
            )
    totals = book.create_sheet(_("Progress totals")[:31])
    for cell in append_row(
        totals, [_("Activity"), _("Achieved"), _("Expected"), _("Unit of output")]
    ):
        cell.font = Font(bold=True)
    for row in matrix["rows"]:
        activity = row["activity"]
        append_row(
            totals, [activity.title, row["achieved"], row["expected_total"], activity.expected_unit]
        )
    for ws in (sheet, totals):
        ws.column_dimensions["A"].width = 40
        for col in "BCDEFGHIJ":
            ws.column_dimensions[col].width = 18
    sheet.column_dimensions["K"].width = 60
    for (cell,) in sheet.iter_rows(min_row=3, min_col=11, max_col=11):
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    out = io.BytesIO()
    book.save(out)
    out.seek(0)
    return out
