"""Reading an Excel sheet of items (submissions.importing) and importing it
(services.items_import): each cell kind, the errors by row and column, duplicates."""

import datetime as dt
import io
import zipfile

import openpyxl
import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from portal.journal import entries_for
from submissions import importing, services
from submissions.models import Category, MediaLevel, MediaType
from tests.submissions.builders import draft_report, submitted_report

HEADERS = [column.header for column in importing.COLUMNS]


def sheet(*rows, headers=HEADERS, above=()):
    """An uploaded .xlsx whose first sheet holds `headers` and then `rows` (dicts by
    header); `above` are rows placed before the header row."""
    workbook = openpyxl.Workbook()
    ws = workbook.active
    for values in above:
        ws.append(values)
    ws.append(headers)
    for row in rows:
        ws.append([row.get(header) for header in headers])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return SimpleUploadedFile("items.xlsx", buffer.getvalue())


def good_row(**changes):
    row = {
        "标题": "延长县：苹果产业带动群众脱贫",
        "媒体名称": "延安日报",
        "媒体级别": "市级媒体",
        "媒体类型": "报纸",
        "刊发日期": dt.date(2026, 8, 17),
        "内容类别": "产业扶贫",
    }
    row.update(changes)
    return row


@pytest.fixture
def report(world):
    return draft_report(world, n_items=0)


def test_a_good_row_becomes_an_items_fields(report, world):
    parsed = importing.read_sheet(
        sheet(
            good_row(
                链接="www.yanan.gov.cn/news/1.html",
                作者="王小燕、张明",
                **{
                    "版面或栏目": "第2版",
                    "头版或头条": "是",
                    "获领导批示": "否",
                    "备注": "重点稿件",
                },
            )
        ),
        report=report,
    )
    assert parsed.errors == []
    [row] = parsed.rows
    assert row.row == 2
    assert row.data == {
        "title": "延长县：苹果产业带动群众脱贫",
        "outlet": "延安日报",
        "media_level": MediaLevel.MUNICIPAL,
        "media_type": MediaType.NEWSPAPER,
        "published_on": dt.date(2026, 8, 17),
        "link": "https://www.yanan.gov.cn/news/1.html",
        "page": "第2版",
        "author_names": "张明",
        "category": Category.INDUSTRY,
        "campaign_tag": "",
        "is_lead_story": True,
        "leader_endorsed": False,
        "notes": "重点稿件",
    }
    # 王小燕 is the unit's reporter: linked to her, for individual commendation.
    assert row.authors == [world.reporter.pk]


@pytest.mark.parametrize(
    "written",
    ["2026-08-17", "2026/8/17", "2026年8月17日", "2026 年 08 月 17 日", "2026.08.17", 46251],
)
def test_dates_as_text_or_serial_numbers(report, written):
    parsed = importing.read_sheet(sheet(good_row(刊发日期=written)), report=report)
    assert parsed.errors == []
    assert parsed.rows[0].data["published_on"] == dt.date(2026, 8, 17)


@pytest.mark.parametrize(
    ("level", "media_type", "category"),
    [
        ("市级媒体", "报纸", "产业扶贫"),
        ("Municipal media", "Newspaper", "Industry (产业扶贫)"),
        ("municipal", "NEWSPAPER", "industry"),
    ],
)
def test_choices_by_chinese_or_english_label_or_code(report, level, media_type, category):
    parsed = importing.read_sheet(
        sheet(good_row(媒体级别=level, 媒体类型=media_type, 内容类别=category)), report=report
    )
    assert parsed.errors == []
    data = parsed.rows[0].data
    assert (data["media_level"], data["media_type"], data["category"]) == (
        MediaLevel.MUNICIPAL,
        MediaType.NEWSPAPER,
        Category.INDUSTRY,
    )


def test_every_bad_cell_is_reported_by_row_and_column(report):
    parsed = importing.read_sheet(
        sheet(
            good_row(),
            good_row(标题=None, 媒体级别="乡镇媒体"),
            good_row(刊发日期="2026-10-17", 链接="not a link"),
            good_row(刊发日期="2026-02-30", **{"头版或头条": "也许"}),
            good_row(标题="长" * 201),
        ),
        report=report,
    )
    found = {(e.row, e.column) for e in parsed.errors}
    assert found == {
        (3, "标题"),
        (3, "媒体级别"),
        (4, "刊发日期"),
        (4, "链接"),
        (5, "刊发日期"),
        (5, "头版或头条"),
        (6, "标题"),
    }
    by_cell = {(e.row, e.column): e.message for e in parsed.errors}
    assert "2026-07-01" in by_cell[(4, "刊发日期")]  # outside the report's quarter
    assert "乡镇媒体" in by_cell[(3, "媒体级别")]
    assert [row.row for row in parsed.rows] == [2]


def test_a_title_row_above_the_headers_and_blank_rows_are_fine(report):
    parsed = importing.read_sheet(
        sheet(good_row(), {}, good_row(标题="第二条"), above=[["延长县2026年第三季度宣传成果"]]),
        report=report,
    )
    assert parsed.errors == []
    assert [row.row for row in parsed.rows] == [3, 5]


def test_a_sheet_without_a_required_column_is_refused(report):
    with pytest.raises(importing.SheetError, match="刊发日期"):
        importing.read_sheet(
            sheet(good_row(), headers=[h for h in HEADERS if h != "刊发日期"]), report=report
        )


def test_a_zip_that_is_no_workbook_is_refused(report):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<broken")
        archive.writestr("xl/workbook.xml", "<broken")
    with pytest.raises(importing.SheetError):
        importing.read_sheet(SimpleUploadedFile("x.xlsx", buffer.getvalue()), report=report)


def test_too_many_rows_are_refused(report, monkeypatch):
    monkeypatch.setattr(importing.reader, "MAX_ROWS", 3)
    with pytest.raises(importing.SheetError, match="3"):
        importing.read_sheet(sheet(*[good_row(标题=f"稿件{n}") for n in range(4)]), report=report)


def test_similar_titles():
    assert importing.similar_titles("延长县：苹果产业带动群众脱贫", "延长县苹果产业带动群众脱贫！")
    assert importing.similar_titles("延长县苹果产业带动群众脱贫", "延长县苹果产业带动村民脱贫")
    assert not importing.similar_titles("延长县苹果产业带动群众脱贫", "易地搬迁让山里人住进新楼房")


def test_duplicates_in_the_sheet_and_in_any_unit_are_flagged(world, report):
    other = draft_report(
        world, n_items=0, unit=world.jingbian_bureau, reporter=world.outsider_reporter
    )
    services.item_create(
        report=other,
        user=world.outsider_reporter,
        data={
            "title": "易地搬迁让山里人住进新楼房",
            "outlet": "人民网",
            "media_level": MediaLevel.CENTRAL,
            "media_type": MediaType.ONLINE,
            "published_on": dt.date(2026, 9, 1),
            "category": Category.RELOCATION,
        },
    )
    parsed = importing.read_sheet(
        sheet(
            good_row(),
            good_row(标题="延长县苹果产业带动群众脱贫。"),  # the same story again
            good_row(标题="易地搬迁让山里人住进了新楼房", 媒体名称="人民网", 刊发日期="2026-09-01"),
            good_row(标题="易地搬迁让山里人住进了新楼房", 媒体名称="新华网", 刊发日期="2026-09-01"),
        ),
        report=report,
    )
    importing.flag_duplicates(parsed.rows, report)
    flags = {row.row: row.duplicates for row in parsed.rows}
    assert flags[2] == []
    assert [d.sheet_row for d in flags[3]] == [2]
    [existing] = flags[4]
    assert (existing.unit, existing.period, existing.report_id) == (
        "靖边县扶贫开发局",
        str(other.period_label),
        other.pk,
    )
    assert flags[5] == []  # another outlet: not the same item


def test_items_import_saves_every_row_in_one_go(world, report):
    parsed = importing.read_sheet(
        sheet(good_row(作者="王小燕"), good_row(标题="第二条", 刊发日期="2026年9月30日")),
        report=report,
    )
    items = services.items_import(
        report=report, user=world.reporter, rows=[row.for_service() for row in parsed.rows]
    )
    assert [item.title for item in report.items.order_by("pk")] == [
        "延长县：苹果产业带动群众脱贫",
        "第二条",
    ]
    assert list(items[0].authors.all()) == [world.reporter]
    event = entries_for(report).get(action="submissions.items.imported")
    assert event.actor == world.reporter
    assert event.data["count"] == 2


def test_items_import_saves_nothing_when_a_row_is_bad(world, report):
    rows = [
        row.for_service() for row in importing.read_sheet(sheet(good_row()), report=report).rows
    ]
    bad = {**rows[0], "published_on": dt.date(2026, 12, 1), "row": 7}
    with pytest.raises(ValidationError, match="7"):
        services.items_import(report=report, user=world.reporter, rows=[rows[0], bad])
    assert report.items.count() == 0


def test_items_import_only_for_the_units_reporter_while_editable(world, report):
    rows = [
        row.for_service() for row in importing.read_sheet(sheet(good_row()), report=report).rows
    ]
    with pytest.raises(PermissionDenied):
        services.items_import(report=report, user=world.approver, rows=rows)
    submitted = submitted_report(world, n_items=1, quarter=2)
    with pytest.raises(services.ReportError):
        services.items_import(report=submitted, user=world.reporter, rows=rows)
    assert report.items.count() == 0
