"""The dashboard of charts on a provincial or city official's home page: each
figure is the figure of the page the chart summarises, the bars follow the numbers, the
Excel twin holds the same numbers, the query count stays flat, and each person sees only
their own region's."""

import io
import re
import xml.etree.ElementTree as ET
from datetime import date, datetime
from decimal import Decimal

import openpyxl
import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from campaigns.models import OPEN_STATES, AssignmentState
from donations import services as donation_services
from front.chart_table import Chart, Link
from portal.clock import CHINA
from portal.models import RegionLevel, Role, UnitKind
from portal.services import attachment_create
from submissions.models import MediaLevel, MediaType, ScoringRule, ScoringYear
from tests.campaigns.builders import assignment_of, mark_done, published_campaign
from tests.conftest import build_world
from tests.donations.conftest import build_dw, make_pledge, make_project, pay, pdf
from tests.donations.test_wishes_services import make_wish
from tests.factories import RegionFactory, UnitFactory, UserFactory, person
from tests.shared import built_once_per_module
from tests.submissions.builders import adopt_all, submitted_report

HOME = reverse("home")
SVG = "{http://www.w3.org/2000/svg}"


def at(*args):
    return time_machine.travel(datetime(*args, 10, 0, tzinfo=CHINA), tick=False)


def _build():
    """Two years of reports in 陕西省, a campaign, a drive and micro-wishes:

    - 2025: 延长 Q2 adopted in August (by the same day last year), 延川 Q3 adopted on 20
      December (after it: not in last year's figure at 4 December).
    - 2026: 延长 Q1 and Q2 adopted; 2026 Q3 filed by 延长 on time (9 October) and by 延川
      late (12 October); 榆林's 靖边 adopted Q2; the city offices have not filed Q3.
    - the 2026 扶贫日 campaign: 延长's assignment done, 延川's open and overdue.
    - 延长's helping unit recorded three wishes, one claimed (33.3 %, meets 30 %).
    """
    w = build_world()
    w.yanchuan_approver = person("yanchuan_approver", w.yanchuan_bureau, Role.APPROVER)
    w.jingbian_approver = person("jingbian_approver", w.jingbian_bureau, Role.APPROVER)
    yanchuan = {
        "unit": w.yanchuan_bureau,
        "reporter": w.neighbour_reporter,
        "approver": w.yanchuan_approver,
    }
    jingbian = {
        "unit": w.jingbian_bureau,
        "reporter": w.outsider_reporter,
        "approver": w.jingbian_approver,
    }
    rules = ScoringYear.objects.create(year=2026)
    for level, points in ((MediaLevel.MUNICIPAL, "2"), (MediaLevel.PROVINCIAL, "4")):
        ScoringRule.objects.create(
            scoring_year=rules,
            media_level=level,
            media_type=MediaType.NEWSPAPER,
            points=Decimal(points),
        )
    with at(2025, 7, 8):
        report = submitted_report(w, n_items=3, year=2025, quarter=2)
    with at(2025, 8, 1):
        adopt_all(report, w.province_reviewer)
    with at(2025, 10, 9):
        report = submitted_report(w, n_items=4, year=2025, quarter=3, **yanchuan)
    with at(2025, 12, 20):
        adopt_all(report, w.province_reviewer)
    for quarter, n_items in ((1, 2), (2, 5)):
        with at(2026, 3 * quarter + 1, 9):
            report = submitted_report(w, n_items=n_items, year=2026, quarter=quarter)
            adopt_all(report, w.province_reviewer)
    with at(2026, 7, 9):
        report = submitted_report(w, n_items=1, year=2026, quarter=2, **jingbian)
        adopt_all(report, w.province_reviewer)
        submitted_report(w, n_items=2, year=2026, quarter=2, **yanchuan)
    with at(2026, 10, 9):
        submitted_report(w, n_items=3, year=2026, quarter=3)
    with at(2026, 10, 12):
        submitted_report(w, n_items=2, year=2026, quarter=3, **yanchuan)
    with at(2026, 11, 2):
        campaign = published_campaign(w)
        mark_done(w, assignment_of(campaign, w.yanchang_bureau))
        dw = build_dw(w)
        pledge = make_pledge(dw, amount="10000.00")
        pay(dw, pledge, "6000.00")
        # A project published for claiming: 8,000 given for it, 5,000 spent on it.
        project = make_project(dw)
        given = make_pledge(dw, amount="8000.00", designation="project", project=project)
        pay(dw, given, "8000.00", ref="BANK-2")
        donation_services.spending_record(
            user=dw.reporter,
            project=project,
            amount=Decimal("5000.00"),
            spent_on=date(2026, 11, 2),
            purpose="冷库设备",
            evidence=attachment_create(
                unit=dw.yanchang_bureau, uploaded=pdf(), uploaded_by=dw.reporter
            ),
        )
        wishes = [make_wish(dw, title=f"心愿{n}") for n in range(3)]
        donation_services.wish_claim(user=UserFactory(username="caring"), wish=wishes[0])
    return w, {"campaign": campaign.pk}


shared, world, objs = built_once_per_module(_build)


@pytest.fixture
def clock_late_2026():
    with time_machine.travel(datetime(2026, 12, 4, 10, 0, tzinfo=CHINA), tick=True):
        yield


def charts_of(response) -> dict[str, Chart]:
    return {chart.key: chart for chart in response.context["dashboard"]["charts"]}


def svg_of(response, key: str) -> ET.Element:
    match = re.search(rf'<svg[^>]*data-testid="chart-{key}".*?</svg>', response.text, re.S)
    assert match, f"no {key} chart on the page"
    return ET.fromstring(match.group(0))  # noqa: S314 (our own SVG)


def column(chart: Chart, header_index: int) -> list:
    return [row[header_index] for row in chart.rows]


# Every figure is the figure of the page it summarises ----------------------------------


def test_the_filing_chart_counts_the_completeness_pages_units(world, client_for, clock_late_2026):
    client = client_for(world.province_admin)
    chart = charts_of(client.get(HOME))["filing"]
    page = client.get(reverse("submissions:completeness"))
    data = page.context["data"]
    assert (data.year, data.quarter) == (2026, 3)
    filed = [row for row in data.rows if row.has_filed]
    late = sum(1 for row in filed if row.report.is_late)
    assert column(chart, 1) == [
        len(filed) - late,
        late,
        data.overall.total - data.overall.filed,
        data.overall.total,
    ]
    assert column(chart, 1) == [1, 1, 3, 5]  # 延长 on time, 延川 late; 2 city offices, 靖边
    assert "10月10日" in chart.caption and chart.passed and chart.days_left == 0
    assert chart.source == reverse("submissions:completeness") + "?year=2026&quarter=3"


def test_before_the_deadline_the_working_days_left_are_counted(world, client_for):
    # Friday 9 October 2026; Saturday 10 October is a make-up working day (调休上班).
    with time_machine.travel(datetime(2026, 10, 9, 10, 0, tzinfo=CHINA), tick=True):
        chart = charts_of(client_for(world.province_admin).get(HOME))["filing"]
    assert not chart.passed
    assert chart.days_left == 2
    assert chart.rows[2][0] == "尚未报送"
    assert "已有2个报送，距截止日期（2026年10月10日）还有2个工作日" in chart.caption


def test_the_media_level_chart_equals_the_assessment_of_each_year(
    world, client_for, clock_late_2026
):
    client = client_for(world.province_admin)
    chart = charts_of(client.get(HOME))["levels"]
    this_year = client.get(reverse("submissions:assessment"), {"year": 2026}).context["units"]
    last_year = client.get(reverse("submissions:assessment"), {"year": 2025}).context["units"]
    levels = len(MediaLevel.values)
    assert column(chart, 1)[:levels] == [
        sum(s.by_level[i] for s in this_year) for i in range(levels)
    ]
    assert sum(column(chart, 1)[:levels]) == 8  # 延长 2 + 5, 靖边 1
    # Last year by 4 December: 延长's Q2 (adopted in August), not 延川's Q3 (20 December).
    yanchang = next(s for s in last_year if s.unit.pk == world.yanchang_bureau.pk)
    yanchuan = next(s for s in last_year if s.unit.pk == world.yanchuan_bureau.pk)
    assert column(chart, 2)[:levels] == yanchang.by_level
    assert yanchuan.adopted == 4 and sum(column(chart, 2)[:levels]) == 3
    assert chart.rows[-1][1:] == [8, 3]


def test_the_quarters_chart_equals_the_year_end_summaries(world, client_for, clock_late_2026):
    client = client_for(world.province_admin)
    chart = charts_of(client.get(HOME))["quarters"]
    labels = column(chart, 0)
    assert labels[0] == "2024年第4季度" and labels[-1] == "2026年第3季度" and len(labels) == 8
    shown = {label: row[1:] for label, row in zip(labels, chart.rows, strict=True)}
    for year in (2024, 2025, 2026):
        page = client.get(
            reverse("summaries:year-end"), {"region": world.province.pk, "year": year}
        )
        for q in page.context["f"]["quarters"]:
            label = f"{year}年第{q['quarter']}季度"
            if label in shown:
                assert shown[label] == [q["published"], q["adopted"]], label
    assert shown["2026年第2季度"] == [8, 6]  # 延长 5 + 靖边 1 adopted, 延川's 2 submitted
    assert shown["2026年第3季度"] == [5, 0]


def test_the_top_and_bottom_are_the_assessments(world, client_for, clock_late_2026):
    # Eleven units in the assessment: the five first and the five last are shown.
    for n in range(6):
        UnitFactory(name=f"延安市第{n}县扶贫局", region=world.yanan, kind=UnitKind.POVERTY_OFFICE)
    client = client_for(world.province_admin)
    chart = charts_of(client.get(HOME))["standing"]
    units = client.get(reverse("submissions:assessment")).context["units"]
    assert len(units) == 11
    expected = [[s.unit.name, s.rank, s.unit.region.name, s.points, s.adopted] for s in units]
    assert chart.rows == expected[:5] + expected[-5:]
    assert chart.rows[0][0] == world.yanchang_bureau.name


def test_the_campaigns_chart_equals_the_campaign_page(world, client_for, objs, clock_late_2026):
    client = client_for(world.province_admin)
    (row,) = charts_of(client.get(HOME))["campaigns"].rows
    matrix = client.get(reverse("campaigns:campaign-detail", args=[objs["campaign"]])).context[
        "matrix"
    ]
    states = [a.state for a in matrix["assignments"]]
    assert row[0].href == reverse("campaigns:campaign-detail", args=[objs["campaign"]])
    # The activity's two assignments and the closing summary's two.
    assert row[1] == len(states) == 4
    assert row[2] == states.count(AssignmentState.ACCEPTED)
    assert row[3] == states.count(AssignmentState.DONE) == 1
    assert row[4] + row[5] == sum(1 for state in states if state in OPEN_STATES)
    # 延川's and both summaries are open past their deadlines (22 and 25 October).
    assert row[4:] == [0, 3]


def test_the_donation_charts_equal_the_public_and_statistics_pages(
    world, client_for, clock_late_2026
):
    client = client_for(world.province_admin)
    charts = charts_of(client.get(HOME))
    public = client.get(reverse("donations:public-index"), {"region": world.province.pk})
    (project,) = public.context["projects"]
    shown = client.get(reverse("donations:public-project", args=[project.pk])).context["project"]
    (row, total) = charts["donations"].rows
    assert row[0].href == reverse("donations:public-project", args=[project.pk])
    assert row[2:] == [project.received, shown.spent] == [Decimal("8000.00"), Decimal("5000.00")]
    assert total[2] == public.context["totals"]["received"]
    page = client.get(reverse("donations:statistics"), {"region": world.province.pk})
    rates = page.context["rates"]
    assert [row[:4] for row in charts["docking"].rows] == [
        [r["unit"].name, r["recorded"], r["docked"], r["percent"]] for r in rates
    ]
    assert charts["docking"].rows == [
        ["陕西省统计局驻延长县帮扶工作队", 3, 1, Decimal("33.3"), "达标"]
    ]


# The drawing follows the numbers -------------------------------------------------------


@pytest.mark.parametrize("key", ["filing", "levels", "standing", "docking", "donations"])
def test_the_bars_are_as_long_as_their_numbers(world, client_for, clock_late_2026, key):
    response = client_for(world.province_admin).get(HOME)
    svg = svg_of(response, key)
    bars = [
        (Decimal(rect.get("data-value")), float(rect.get("width")))
        for rect in svg.iter(f"{SVG}rect")
        if rect.get("data-value")
    ]
    assert bars and any(value for value, _w in bars)
    per_unit = {round(width / float(value), 1) for value, width in bars if value}
    assert len(per_unit) == 1, per_unit  # one scale for every bar
    assert all(width <= 0.5 for value, width in bars if not value)
    labels = [t.text for t in svg.iter(f"{SVG}text")]
    chart = charts_of(response)[key]
    for value, _w in bars:
        if key in ("filing", "levels"):
            assert str(value) in labels
    assert svg.get("role") == "img"
    assert svg.find(f"{SVG}title").text == chart.title
    assert svg.find(f"{SVG}desc").text.startswith(chart.caption[:10])


def test_the_filing_bars_carry_the_tables_numbers(world, client_for, clock_late_2026):
    response = client_for(world.province_admin).get(HOME)
    values = [int(r.get("data-value")) for r in svg_of(response, "filing").iter(f"{SVG}rect")]
    assert values == column(charts_of(response)["filing"], 1)[:3]


def test_the_quarter_columns_are_as_tall_as_their_numbers(world, client_for, clock_late_2026):
    response = client_for(world.province_admin).get(HOME)
    rects = [r for r in svg_of(response, "quarters").iter(f"{SVG}rect") if r.get("data-value")]
    chart = charts_of(response)["quarters"]
    assert [int(r.get("data-value")) for r in rects] == [v for row in chart.rows for v in row[1:]]
    heights = {
        round(float(r.get("height")) / int(r.get("data-value")), 1)
        for r in rects
        if int(r.get("data-value"))
    }
    assert len(heights) == 1


# The Excel twin ----------------------------------------------------------------------------


def test_the_excel_twin_holds_the_same_numbers(world, client_for, clock_late_2026):
    client = client_for(world.province_admin)
    charts = charts_of(client.get(HOME))
    response = client.get(reverse("dashboard-xlsx", args=[world.province.pk]))
    assert response.status_code == 200
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    assert len(book.worksheets) == len(charts)
    for sheet, chart in zip(book.worksheets, charts.values(), strict=True):
        rows = [list(r) for r in sheet.iter_rows(values_only=True)]
        start = rows.index([c.header for c in chart.columns])
        expected = [[str(v) if isinstance(v, Link) else v for v in row] for row in chart.rows]
        # A cell holds a number as a float (an int when whole), an empty cell None.
        got = [
            [
                Decimal(str(v)) if isinstance(v, float | int) and isinstance(e, Decimal) else v
                for v, e in zip(row, want, strict=True)
            ]
            for row, want in zip(rows[start + 1 :], expected, strict=True)
        ]
        expected = [[None if v == "" else v for v in row] for row in expected]
        assert len(rows) - start - 1 == len(expected), chart.key
        assert got == expected, chart.key


def test_one_charts_excel_twin(world, client_for, clock_late_2026):
    client = client_for(world.province_admin)
    url = reverse("dashboard-xlsx", args=[world.province.pk])
    book = openpyxl.load_workbook(io.BytesIO(client.get(url, {"chart": "docking"}).content))
    assert [s.title for s in book.worksheets] == ["各帮扶单位微心愿对接率"]
    assert client.get(url, {"chart": "nothing"}).status_code == 404
    assert client.post(url).status_code == 405


# Query counts --------------------------------------------------------------------------------


def _home_queries(client) -> int:
    client.get(HOME)  # caches a process fills on its first request
    with CaptureQueriesContext(connection) as queries:
        assert client.get(HOME).status_code == 200
    return len(queries)


def test_the_home_pages_queries_do_not_grow_with_the_data(world, client_for, clock_late_2026):
    client = client_for(world.province_admin)
    before = _home_queries(client)
    # The quarter's completeness and the year's assessment are read once for the charts
    # and the county map (front.glance): 30 queries, where each reading its own made three
    # more.
    assert before == 30
    # Two more cities, each with a county bureau that filed and got its report adopted.
    for n in range(2):
        city = RegionFactory(name=f"第{n}市", level=RegionLevel.CITY, parent=world.province)
        county = RegionFactory(name=f"第{n}县", level=RegionLevel.COUNTY, parent=city)
        unit = UnitFactory(name=f"第{n}县扶贫局", region=county, kind=UnitKind.POVERTY_OFFICE)
        people = {
            "unit": unit,
            "reporter": person(f"reporter{n}", unit, Role.REPORTER),
            "approver": person(f"approver{n}", unit, Role.APPROVER),
        }
        with at(2026, 7, 9):
            report = submitted_report(world, n_items=4, year=2026, quarter=2, **people)
            adopt_all(report, world.province_reviewer)
        with at(2026, 10, 9):
            submitted_report(world, n_items=2, year=2026, quarter=3, **people)
    assert _home_queries(client) == before
    assert charts_of(client.get(HOME))["filing"].rows[-1] == ["应报单位", 7]


# Who sees what -----------------------------------------------------------------------------


@pytest.mark.parametrize("who", ["reporter", "approver", "neighbour_reporter"])
def test_a_county_unit_sees_no_dashboard_and_gets_no_excel(world, client_for, who):
    client = client_for(getattr(world, who))
    response = client.get(HOME)
    assert response.status_code == 200
    assert "dashboard" not in response.context
    assert 'data-testid="dashboard"' not in response.text
    assert client.get(reverse("dashboard-xlsx", args=[world.yanan.pk])).status_code == 403


def test_a_city_official_sees_only_their_citys_units(world, client_for, clock_late_2026):
    client = client_for(world.city_reviewer)
    response = client.get(HOME)
    charts = charts_of(response)
    assert response.context["dashboard"]["region"] == world.yanan
    # 延安's office, 延长 and 延川: 靖边 (榆林) is not counted.
    assert charts["filing"].rows[-1][1] == 3
    assert {row[0] for row in charts["standing"].rows} == {
        world.yanan_office.name,
        world.yanchang_bureau.name,
        world.yanchuan_bureau.name,
    }
    assert charts["levels"].rows[-1][1] == 7  # without 靖边's adopted item
    assert world.jingbian_bureau.name not in response.text
    own = client.get(reverse("dashboard-xlsx", args=[world.yanan.pk]))
    assert own.status_code == 200
    for region in (world.province, world.yulin, world.yanchang):
        assert client.get(reverse("dashboard-xlsx", args=[region.pk])).status_code == 404


def test_another_provinces_official_gets_404(world, client_for, clock_late_2026):
    gansu = RegionFactory(name="甘肃省", code="620000", level=RegionLevel.PROVINCE)
    office = UnitFactory(name="甘肃省扶贫开发办公室", region=gansu)
    official = person("gansu_reviewer", office, Role.REVIEWER)
    client = client_for(official)
    assert charts_of(client.get(HOME))["filing"].rows[-1][1] == 0
    assert client.get(reverse("dashboard-xlsx", args=[gansu.pk])).status_code == 200
    for region in (world.province, world.yanan):
        assert client.get(reverse("dashboard-xlsx", args=[region.pk])).status_code == 404


def test_the_excel_twin_asks_to_sign_in(world, client):
    response = client.get(reverse("dashboard-xlsx", args=[world.province.pk]))
    assert response.status_code == 302
