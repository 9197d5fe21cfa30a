"""Publicity items from an Excel sheet: the template, reading and checking a filled-in
sheet, and spotting likely duplicates.

The sheet's contract is its Chinese column headers (COLUMNS); the order of the columns
does not matter, and a title row above the headers is allowed. Every cell of every row
is checked, and each problem is reported by its Excel row number and column header, so
the reporter can fix the sheet and upload it again: nothing is imported until it is
clean. Rows that look like items already reported (by any unit) or like an earlier row
of the same sheet are flagged for the reporter to decide, never dropped silently.

The clean rows wait in the session between the preview and the confirmation, so the
reporter does not upload the file twice; services.items_import writes them.
"""

import datetime as dt
import difflib
import io
import re
import secrets
import unicodedata
from dataclasses import dataclass, field
from itertools import chain

import openpyxl
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.utils.datetime import from_excel
from openpyxl.worksheet.datavalidation import DataValidation

from portal.models import User
from submissions import deadlines
from submissions.models import Category, Item, MediaLevel, MediaType, Report
from submissions.scoring import story_key

MAX_ROWS = 1000
SIMILAR_TITLES = 0.8
DATA_SHEET = "宣传成果"
HELP_SHEET = "填写说明"
LISTS_SHEET = "选项"
# A row whose title starts with this is the template's example, and is skipped.
EXAMPLE_MARK = "【示例】"
SESSION_KEY = "submissions.item_import"
KEPT_IMPORTS = 3


@dataclass(frozen=True)
class Column:
    header: str
    field: str
    kind: str  # text, choice, date, url, bool, authors
    required: bool = False
    choices: type | None = None
    help: str = ""
    width: int = 14


COLUMNS = [
    Column(
        "标题", "title", "text", True, help=gettext_lazy("The headline as published."), width=40
    ),
    Column(
        "媒体名称",
        "outlet",
        "text",
        True,
        help=gettext_lazy("The newspaper, station, website or account, e.g. 陕西日报."),
        width=18,
    ),
    Column(
        "媒体级别",
        "media_level",
        "choice",
        True,
        MediaLevel,
        gettext_lazy("Choose from the list."),
    ),
    Column(
        "媒体类型",
        "media_type",
        "choice",
        True,
        MediaType,
        gettext_lazy("Choose from the list."),
    ),
    Column(
        "发布日期",
        "published_on",
        "date",
        True,
        help=gettext_lazy(
            "A date in the report's quarter: an Excel date, or text such as "
            "2026-10-17, 2026/10/17 or 2026年10月17日."
        ),
        width=12,
    ),
    Column(
        "链接",
        "link",
        "url",
        help=gettext_lazy("The web address, if the piece is online."),
        width=30,
    ),
    Column(
        "版面/栏目",
        "page",
        "text",
        help=gettext_lazy("The page or programme, e.g. 第2版."),
    ),
    Column(
        "作者",
        "authors",
        "authors",
        help=gettext_lazy(
            "Names separated by 、 or commas. Names of people of your unit are linked to them "
            "for individual commendation; other names are kept as written."
        ),
    ),
    Column(
        "内容类别",
        "category",
        "choice",
        True,
        Category,
        gettext_lazy("Choose from the list."),
        width=22,
    ),
    Column(
        "活动标签",
        "campaign_tag",
        "text",
        help=gettext_lazy("Optional: the campaign the piece belongs to, e.g. 扶贫日."),
    ),
    Column(
        "头版/头条",
        "is_lead_story",
        "bool",
        help=gettext_lazy("是 if it was a front-page or lead story; empty or 否 otherwise."),
        width=10,
    ),
    Column(
        "领导批示",
        "leader_endorsed",
        "bool",
        help=gettext_lazy("是 if a leader endorsed it in writing; empty or 否 otherwise."),
        width=10,
    ),
    Column(
        "备注", "notes", "text", help=gettext_lazy("Anything the reviewer should know."), width=24
    ),
]
COLUMN_BY_FIELD = {column.field: column for column in COLUMNS}

TRUE_WORDS = {"是", "有", "y", "yes", "true", "1", "√", "✓", "对"}
FALSE_WORDS = {"否", "无", "n", "no", "false", "0", "×", "✗", "不是", "-"}
DATE_TEXT = re.compile(r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?$")
AUTHOR_SEPARATORS = re.compile(r"[、,，;；/\s]+")


class SheetError(Exception):
    """The file as a whole cannot be used (not readable, no header row, too many rows)."""


@dataclass
class RowError:
    row: int
    column: str
    message: str


@dataclass
class Duplicate:
    """What a row looks like: an earlier row of the sheet, or an item already reported."""

    title: str
    sheet_row: int | None = None
    unit: str = ""
    period: str = ""
    report_id: int | None = None
    same_report: bool = False


@dataclass
class ParsedRow:
    row: int
    data: dict
    authors: list[int] = field(default_factory=list)
    author_labels: list[str] = field(default_factory=list)
    duplicates: list[Duplicate] = field(default_factory=list)

    def for_service(self) -> dict:
        return {**self.data, "authors": self.authors, "row": self.row}

    @property
    def level_label(self) -> str:
        return MediaLevel(self.data["media_level"]).label

    @property
    def type_label(self) -> str:
        return MediaType(self.data["media_type"]).label

    @property
    def category_label(self) -> str:
        return Category(self.data["category"]).label


@dataclass
class ParsedSheet:
    rows: list[ParsedRow]
    errors: list[RowError]


# --- Labels ---------------------------------------------------------------------------


def _norm(text: str) -> str:
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text)).casefold()


def zh_labels(choices) -> list[str]:
    """The choices' labels as the Chinese UI shows them: what the template offers."""
    with translation.override("zh-hans"):
        return [str(label) for label in choices.labels]


def _choice_lookup(choices) -> dict[str, str]:
    lookup = {}
    with translation.override("en"):
        english = [str(label) for label in choices.labels]
    for value, en, zh in zip(choices.values, english, zh_labels(choices), strict=True):
        for name in (value, en, zh):
            lookup.setdefault(_norm(name), value)
        # English labels carry the Chinese term in brackets: "Relocation (易地搬迁)".
        if bracketed := re.search(r"\((.+)\)", en):
            lookup.setdefault(_norm(bracketed.group(1)), value)
    return lookup


# --- The template ---------------------------------------------------------------------


def example_row() -> dict:
    first, _last = deadlines.quarter_bounds(*deadlines.current_period())
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
            cell = sheet.cell(row=1, column=index, value=column.header)
            cell.font = bold
            cell.fill = required_fill if column.required else optional_fill
            sheet.column_dimensions[letter].width = column.width
            value = sheet.cell(row=2, column=index, value=example[column.field])
            if column.kind == "date":
                value.number_format = "yyyy-mm-dd"
        sheet.freeze_panes = "A2"

        list_columns = {}
        for index, column in enumerate(c for c in COLUMNS if c.kind == "choice"):
            letter = get_column_letter(index + 1)
            labels = zh_labels(column.choices)
            for row, label in enumerate(labels, start=1):
                lists.cell(row=row, column=index + 1, value=label)
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

        help_sheet.append([_("Column"), _("Required"), _("How to fill it in"), _("Values")])
        for cell in help_sheet[1]:
            cell.font = bold
        for column in COLUMNS:
            values = "\n".join(zh_labels(column.choices)) if column.choices else ""
            if column.kind == "bool":
                values = "是\n否"
            help_sheet.append(
                [column.header, "是" if column.required else "否", str(column.help), values]
            )
        help_sheet.append([])
        help_sheet.append(
            [
                _("Notes"),
                "",
                _(
                    "Fill in one item per row of the sheet “%(sheet)s”, from row 2 on. "
                    "Rows whose title begins with %(mark)s are skipped. Every row is checked "
                    "before anything is imported; likely duplicates are shown to you first."
                )
                % {"sheet": DATA_SHEET, "mark": EXAMPLE_MARK},
            ]
        )
        for letter, width in zip("ABCD", (12, 10, 70, 60), strict=True):
            help_sheet.column_dimensions[letter].width = width
        for row in help_sheet.iter_rows(min_row=2):
            for cell in row:
                cell.alignment = Alignment(wrap_text=True, vertical="top")

        buffer = io.BytesIO()
        workbook.save(buffer)
        return buffer.getvalue()


# --- Reading a sheet ------------------------------------------------------------------


def _header_key(value) -> str:
    text = _norm(str(value)) if value is not None else ""
    return text.strip("*＊").removesuffix("(必填)")


HEADER_LOOKUP = {_header_key(column.header): column for column in COLUMNS}


def _open(uploaded):
    uploaded.seek(0)
    try:
        return openpyxl.load_workbook(io.BytesIO(uploaded.read()), read_only=True, data_only=True)
    except Exception as error:  # a damaged file can fail anywhere inside openpyxl
        raise SheetError(
            _("The file could not be read as an Excel workbook. Save it again as .xlsx.")
        ) from error


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
        rows = sheet.iter_rows(values_only=True)
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


def _blank(value) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


class RowReader:
    """Turns one row's cells into an item's fields, with every problem by column."""

    def __init__(self, report: Report):
        self.report = report
        self.first, self.last = deadlines.quarter_bounds(report.year, report.quarter)
        self.lookups = {c.field: _choice_lookup(c.choices) for c in COLUMNS if c.choices}
        members = User.objects.filter(memberships__unit=report.unit, is_active=True).distinct()
        self.people = {}
        for person in members:
            for name in (person.full_name, person.username):
                if name:
                    self.people.setdefault(_norm(name), person)

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
                item.full_clean(exclude=["report"], validate_constraints=False)
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
        found = self.lookups[column.field].get(_norm(str(value)))
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
        word = _norm(str(value))
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
            person = self.people.get(_norm(name))
            if person is not None and person.pk not in row.authors:
                row.authors.append(person.pk)
                row.author_labels.append(person.get_full_name())
            elif person is None and name not in others:
                others.append(name)
        row.data["author_names"] = "、".join(others)


# --- Likely duplicates ----------------------------------------------------------------


def similar_titles(a: str, b: str) -> bool:
    key_a, key_b = story_key(a), story_key(b)
    if key_a == key_b:
        return True
    return difflib.SequenceMatcher(None, key_a, key_b).ratio() >= SIMILAR_TITLES


def flag_duplicates(rows: list[ParsedRow], report: Report) -> None:
    """Flag rows like an earlier row of the sheet, or like an item already in any report
    of any unit: the same outlet and publication date, and a similar title."""
    seen: dict[tuple[str, dt.date], list[ParsedRow]] = {}
    for row in rows:
        key = (_norm(row.data["outlet"]), row.data["published_on"])
        for earlier in seen.get(key, []):
            if similar_titles(row.data["title"], earlier.data["title"]):
                row.duplicates.append(Duplicate(title=earlier.data["title"], sheet_row=earlier.row))
                break
        seen.setdefault(key, []).append(row)

    existing = (
        Item.objects.filter(
            published_on__in={row.data["published_on"] for row in rows},
            outlet__in={row.data["outlet"] for row in rows},
        )
        .order_by("pk")
        .values_list(
            "title",
            "outlet",
            "published_on",
            "report_id",
            "report__unit__name",
            "report__year",
            "report__quarter",
        )
    )
    by_key: dict[tuple[str, dt.date], list[tuple]] = {}
    for record in existing:
        by_key.setdefault((_norm(record[1]), record[2]), []).append(record)
    for row in rows:
        key = (_norm(row.data["outlet"]), row.data["published_on"])
        for title, _outlet, _day, report_id, unit, year, quarter in by_key.get(key, []):
            if similar_titles(row.data["title"], title):
                row.duplicates.append(
                    Duplicate(
                        title=title,
                        unit=unit,
                        period=_("%(year)s Q%(quarter)s") % {"year": year, "quarter": quarter},
                        report_id=report_id,
                        same_report=report_id == report.pk,
                    )
                )


# --- Waiting in the session between preview and confirmation ---------------------------


def _to_session(row: ParsedRow) -> dict:
    data = {**row.data, "published_on": row.data["published_on"].isoformat()}
    return {
        "row": row.row,
        "data": data,
        "authors": row.authors,
        "author_labels": row.author_labels,
        "duplicates": [vars(d) for d in row.duplicates],
    }


def _from_session(stored: dict) -> ParsedRow:
    data = {**stored["data"]}
    data["published_on"] = dt.date.fromisoformat(data["published_on"])
    return ParsedRow(
        row=stored["row"],
        data=data,
        authors=list(stored["authors"]),
        author_labels=list(stored["author_labels"]),
        duplicates=[Duplicate(**d) for d in stored["duplicates"]],
    )


def stash(session, report: Report, rows: list[ParsedRow], file_name: str) -> str:
    """Keep the checked rows for the confirmation step; returns the token naming them.
    A new upload for the same report replaces the previous one."""
    imports = {
        token: entry
        for token, entry in session.get(SESSION_KEY, {}).items()
        if entry["report"] != report.pk
    }
    # Only the latest few imports are kept, so the session stays small.
    excess = len(imports) - (KEPT_IMPORTS - 1)
    for token in sorted(imports, key=lambda t: imports[t]["at"])[: max(excess, 0)]:
        del imports[token]
    token = secrets.token_urlsafe(16)
    imports[token] = {
        "report": report.pk,
        "file": file_name,
        "at": timezone.now().isoformat(),
        "rows": [_to_session(row) for row in rows],
    }
    session[SESSION_KEY] = imports
    return token


def stashed(session, report: Report, token: str) -> tuple[str, list[ParsedRow]] | None:
    entry = session.get(SESSION_KEY, {}).get(token)
    if entry is None or entry["report"] != report.pk:
        return None
    return entry["file"], [_from_session(row) for row in entry["rows"]]


def discard(session, token: str) -> None:
    imports = session.get(SESSION_KEY, {})
    if imports.pop(token, None) is not None:
        session[SESSION_KEY] = imports
