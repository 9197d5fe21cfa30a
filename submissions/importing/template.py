"""The Excel template reporters fill in: the data sheet with an example row, help and lists."""

import datetime as dt
import io

import openpyxl
from django.utils import translation
from django.utils.translation import gettext as _
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from portal import clock
from portal.spreadsheets import append_row, write_cell
from submissions import deadlines
from submissions.importing.columns import (
    COLUMNS,
    DATA_SHEET,
    EXAMPLE_MARK,
    HELP_SHEET,
    LISTS_SHEET,
    MAX_ROWS,
    zh_labels,
)
from submissions.models import Category, MediaLevel, MediaType


def example_row() -> dict:
    first, _last = clock.quarter_bounds(*deadlines.current_period())
    with translation.override("zh-hans"):
        return {
            "title": f"{EXAMPLE_MARK}延长县：苹果产业带动群众脱贫",
            "outlet": "延安日报",
            "media_level": str(MediaLevel.MUNICIPAL.label),
            "media_type": str(MediaType.NEWSPAPER.label),
            "published_on": first + dt.timedelta(days=16),
            "link": "https://www.example.cn/news/2026/1017.html",
            "page": "第2版",
            "authors": "王小燕、张明",
            "category": str(Category.INDUSTRY.label),
            "campaign_tag": "扶贫日",
            "is_lead_story": "是",
            "leader_endorsed": "否",
            "notes": _("This example row is skipped on import; delete it or leave it."),
        }


def build_template() -> bytes:
    """The import template: the data sheet with drop-downs, a sheet explaining each
    column, and a hidden sheet holding the drop-downs' lists."""
    with translation.override("zh-hans"):
        workbook = openpyxl.Workbook()
        sheet = workbook.active
        sheet.title = DATA_SHEET
        help_sheet = workbook.create_sheet(HELP_SHEET)
        lists = workbook.create_sheet(LISTS_SHEET)
        lists.sheet_state = "hidden"

        bold = Font(bold=True)
        required_fill = PatternFill("solid", fgColor="FDE2E1")
        optional_fill = PatternFill("solid", fgColor="EEEEEE")
        last_row = MAX_ROWS + 1
        example = example_row()
        for index, column in enumerate(COLUMNS, start=1):
            letter = get_column_letter(index)
            cell = write_cell(sheet, 1, index, column.header)
            cell.font = bold
            cell.fill = required_fill if column.required else optional_fill
            sheet.column_dimensions[letter].width = column.width
            value = write_cell(sheet, 2, index, example[column.field])
            if column.kind == "date":
                value.number_format = "yyyy-mm-dd"
        sheet.freeze_panes = "A2"

        list_columns = {}
        for index, column in enumerate(c for c in COLUMNS if c.kind == "choice"):
            letter = get_column_letter(index + 1)
            labels = zh_labels(column.choices)
            for row, label in enumerate(labels, start=1):
                write_cell(lists, row, index + 1, label)
            list_columns[column.field] = f"'{LISTS_SHEET}'!${letter}$1:${letter}${len(labels)}"

        for index, column in enumerate(COLUMNS, start=1):
            if column.kind not in ("choice", "bool"):
                continue
            formula = list_columns[column.field] if column.kind == "choice" else '"是,否"'
            validation = DataValidation(
                type="list",
                formula1=formula,
                allow_blank=not column.required,
                showErrorMessage=True,
                errorTitle=column.header,
                error=_("Choose a value from the list."),
            )
            letter = get_column_letter(index)
            validation.add(f"{letter}2:{letter}{last_row}")
            sheet.add_data_validation(validation)

        append_row(help_sheet, [_("Column"), _("Required"), _("How to fill it in"), _("Values")])
        for cell in help_sheet[1]:
            cell.font = bold
        for column in COLUMNS:
            values = "\n".join(zh_labels(column.choices)) if column.choices else ""
            if column.kind == "bool":
                values = "是\n否"
            append_row(
                help_sheet,
                [column.header, "是" if column.required else "否", str(column.help), values],
            )
        append_row(help_sheet, [])
        append_row(
            help_sheet,
            [
                _("Notes"),
                "",
                _(
                    "Fill in one item per row of the sheet “%(sheet)s”, from row 2 on. "
                    "Rows whose title begins with %(mark)s are skipped. Every row is checked "
                    "before anything is imported; likely duplicates are shown to you first."
                )
                % {"sheet": DATA_SHEET, "mark": EXAMPLE_MARK},
            ],
        )
        for letter, width in zip("ABCD", (12, 10, 70, 60), strict=True):
            help_sheet.column_dimensions[letter].width = width
        for row in help_sheet.iter_rows(min_row=2):
            for cell in row:
                cell.alignment = Alignment(wrap_text=True, vertical="top")

        buffer = io.BytesIO()
        workbook.save(buffer)
        return buffer.getvalue()
