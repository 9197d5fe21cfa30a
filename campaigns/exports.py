"""The campaign matrix as an Excel workbook (openpyxl), one row per assignment."""

import io

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font

from portal.spreadsheets import append_row


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
    ]
    for cell in append_row(sheet, headers):
        cell.font = Font(bold=True)
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
    out = io.BytesIO()
    book.save(out)
    out.seek(0)
    return out
