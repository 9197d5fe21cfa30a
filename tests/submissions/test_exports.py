"""Excel downloads of the overview pages: real workbooks holding what the page shows."""

from datetime import date, datetime
from decimal import Decimal
from io import BytesIO
from urllib.parse import quote

import pytest
import time_machine
from openpyxl import load_workbook

from portal.clock import CHINA
from submissions import services
from submissions.exports import XLSX_CONTENT_TYPE, xlsx_response
from submissions.models import ReviewResult
from submissions.views import overview
from tests.factories import UserFactory
from tests.submissions.builders import draft_report, item_data, submitted_report

COMPLETENESS = "/reports/completeness/"
ASSESSMENT = "/reports/assessment/"
SEARCH = "/reports/search/"


def workbook(response):
    assert response.status_code == 200
    assert response["Content-Type"] == XLSX_CONTENT_TYPE
    assert response["Content-Disposition"].startswith("attachment;")
    return load_workbook(BytesIO(response.content))


def rows(sheet):
    return [list(row) for row in sheet.iter_rows(min_row=2, values_only=True)]


@pytest.fixture
def boss(db):
    return UserFactory(username="boss", is_superuser=True)


def test_chinese_file_names_survive_the_header():
    response = xlsx_response(
        "2026年第3季度报送情况.xlsx", [("单位", ["单位", "状态"], [["延长县", "迟报"]])]
    )
    header = response["Content-Disposition"]
    # An ASCII fallback for old clients, and the real name in RFC 5987 form.
    assert 'filename="2026_3_.xlsx"' in header
    assert f"filename*=UTF-8''{quote('2026年第3季度报送情况.xlsx')}" in header
    sheet = load_workbook(BytesIO(response.content))["单位"]
    assert [c.value for c in sheet[1]] == ["单位", "状态"]
    assert [c.value for c in sheet[2]] == ["延长县", "迟报"]


def test_a_formula_typed_into_a_title_stays_text():
    response = xlsx_response(
        "x.xlsx", [("S", ["标题"], [['=HYPERLINK("http://evil.example","点我")']])]
    )
    cell = load_workbook(BytesIO(response.content))["S"]["A2"]
    assert cell.data_type == "s"
    assert cell.value == '=HYPERLINK("http://evil.example","点我")'


def test_completeness_export_matches_the_page(world, client_for, boss):
    with time_machine.travel(datetime(2026, 10, 9, 10, 0, tzinfo=CHINA), tick=False):
        submitted_report(world, n_items=2)
    with time_machine.travel(datetime(2026, 10, 12, 10, 0, tzinfo=CHINA), tick=False):
        submitted_report(world, n_items=1, unit=world.jingbian_bureau, reporter=boss, approver=boss)
    client = client_for(world.province_reviewer)
    with time_machine.travel(datetime(2026, 10, 15, 10, 0, tzinfo=CHINA), tick=False):
        page = client.get(COMPLETENESS, {"year": 2026, "quarter": 3})
        book = workbook(client.get(COMPLETENESS, {"year": 2026, "quarter": 3, "format": "xlsx"}))
    data = page.context["data"]

    units = rows(book.worksheets[0])
    assert [(r[0], r[1], r[2], r[5]) for r in units] == [
        (row.city.name, row.unit.name, str(row.state.label), row.item_count) for row in data.rows
    ]
    assert {r[1]: r[3] for r in units}[world.yanchang_bureau.name] == datetime(2026, 10, 10)
    submitted = {r[1]: r[4] for r in units}[world.yanchang_bureau.name]
    assert submitted == datetime(2026, 10, 9, 10, 0)  # China time, as on the page

    totals = rows(book.worksheets[1])
    expected = [
        [c.city.name, c.tally.total, *[n for _s, n in c.tally.in_order()]] for c in data.cities
    ]
    assert totals[:-1] == expected
    assert totals[-1][1:] == [data.overall.total, *[n for _s, n in data.overall.in_order()]]
    assert totals[-1][1] == 5


def test_completeness_export_is_refused_to_reporters(world, client_for):
    response = client_for(world.reporter).get(COMPLETENESS, {"format": "xlsx"})
    assert response.status_code == 403


def test_assessment_export_matches_the_page(world, client_for):
    report = submitted_report(world, n_items=3)
    reviewer = world.province_reviewer
    first = report.items.order_by("pk").first()
    services.item_review(
        item=first,
        user=reviewer,
        result=ReviewResult.ADOPTED,
        version=first.version,
        points_override=Decimal("12.5"),
        override_reason="头版头条",
    )
    services.items_review_bulk(
        report=report,
        user=reviewer,
        item_ids=list(report.items.exclude(pk=first.pk).values_list("pk", flat=True)),
        result=ReviewResult.ADOPTED,
    )
    report.refresh_from_db()
    services.report_adopt(report=report, user=reviewer, version=report.version)

    client = client_for(reviewer)
    page = client.get(ASSESSMENT, {"year": 2026})
    book = workbook(client.get(ASSESSMENT, {"year": 2026, "format": "xlsx"}))
    unit_sheet, people_sheet = book.worksheets
    exported = rows(unit_sheet)
    shown = page.context["units"]
    assert [(r[0], r[1], Decimal(str(r[3])), r[4]) for r in exported] == [
        (s.rank, s.unit.name, s.points, s.adopted) for s in shown
    ]
    assert exported[0][5:] == shown[0].by_level + shown[0].by_type
    assert exported[0][1] == world.yanchang_bureau.name and exported[0][4] == 3
    assert [(r[1], r[3]) for r in rows(people_sheet)] == [("王小燕", 2)]


def test_search_export_holds_the_results(world, client_for, boss):
    draft_report(world, n_items=4)
    draft_report(world, n_items=2, unit=world.jingbian_bureau, reporter=boss)
    client = client_for(world.reporter)
    page = client.get(SEARCH, {"q": "延"})
    book = workbook(client.get(SEARCH, {"q": "延", "format": "xlsx"}))
    exported = rows(book.worksheets[0])
    titles = [item.title for item in page.context["page"].object_list]
    assert [r[1] for r in exported] == titles
    # A reporter's export holds their own unit's items only.
    assert {r[6] for r in exported} == {world.yanchang_bureau.name}
    assert exported[0][0] == datetime.combine(
        page.context["page"].object_list[0].published_on, datetime.min.time()
    )
    assert len(book.worksheets) == 1


def test_search_export_is_capped_and_says_so(world, client_for, monkeypatch):
    draft_report(world, n_items=3)
    monkeypatch.setattr(overview, "SEARCH_EXPORT_LIMIT", 2)
    book = workbook(client_for(world.reporter).get(SEARCH, {"format": "xlsx"}))
    assert len(rows(book.worksheets[0])) == 2
    note = rows(book.worksheets[1])[0][0]
    assert "2" in note


def test_search_export_keeps_formulas_as_text(world, client_for):
    report = services.report_start(
        unit=world.yanchang_bureau, year=2026, quarter=3, user=world.reporter
    )
    services.item_create(
        report=report,
        user=world.reporter,
        data={**item_data(0), "title": "=1+1 扶贫", "published_on": date(2026, 8, 1)},
    )
    book = workbook(client_for(world.reporter).get(SEARCH, {"format": "xlsx"}))
    cell = book.worksheets[0]["B2"]
    assert cell.value == "=1+1 扶贫" and cell.data_type == "s"


@pytest.mark.parametrize("text", ["+1+cmd|' /C calc'!A0", "-2+3", "@SUM(A1:A9)", "\t=1+1"])
def test_other_formula_starts_stay_text(text):
    response = xlsx_response("x.xlsx", [("S", ["标题"], [[text, 3, Decimal("2.5")]])])
    row = load_workbook(BytesIO(response.content))["S"][2]
    assert [(c.value, c.data_type) for c in row] == [(text, "s"), (3, "n"), (2.5, "n")]
    assert row[0].quotePrefix
