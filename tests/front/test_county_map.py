"""The map of the counties on a provincial or city official's home page."""

import re
import xml.etree.ElementTree as ET
from datetime import datetime
from decimal import Decimal

import pytest
import time_machine
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from donations import services as donation_services
from portal import maps
from portal.clock import CHINA
from portal.models import RegionLevel, Role, UnitKind
from tests.donations.conftest import build_dw
from tests.donations.test_wishes_services import make_wish
from tests.factories import RegionFactory, UnitFactory, UserFactory, person
from tests.submissions.builders import draft_report, submitted_report

HOME = reverse("home")
COMPLETENESS = reverse("submissions:completeness")
SVG = "{http://www.w3.org/2000/svg}"


@pytest.fixture
def shapes(world, settings, tmp_path):
    """The province's shapes, built as on deploy."""
    settings.MAP_SHAPES_DIR = tmp_path / "map_shapes"
    call_command("build_map_shapes", stdout=open("/dev/null", "w"))  # noqa: SIM115


@pytest.fixture
def q3_filed(world):
    """2026 Q3: 延长 submitted on time, 延川 only a draft, 靖边 nothing."""
    with time_machine.travel(datetime(2026, 10, 9, 10, 0, tzinfo=CHINA), tick=False):
        submitted_report(world, n_items=2)
        draft_report(
            world, n_items=1, unit=world.yanchuan_bureau, reporter=world.neighbour_reporter
        )


def svg_of(response) -> ET.Element:
    match = re.search(r'<svg[^>]*data-testid="county-map".*?</svg>', response.text, re.S)
    assert match, "no map on the page"
    return ET.fromstring(match.group(0))  # noqa: S314 (our own SVG)


def fills(response) -> dict[int, str]:
    return {
        int(p.get("data-region")): p.get("fill")
        for p in svg_of(response).iter(f"{SVG}path")
        if p.get("data-region")
    }


def table_rows(response) -> dict[int, str]:
    table = response.text[response.text.index('data-testid="county-map-table"') :]
    table = table[: table.index("</table>")]
    return {
        int(pk): re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", row)).strip()
        for pk, row in re.findall(r'<tr data-region="(\d+)">(.*?)</tr>', table, re.S)
    }


def test_a_province_reviewer_sees_every_county_of_the_province(
    world, client_for, shapes, late_2026
):
    response = client_for(world.province_reviewer).get(HOME)
    assert response.status_code == 200
    assert set(fills(response)) == {world.yanchang.pk, world.yanchuan.pk, world.jingbian.pk}
    rows = table_rows(response)
    assert set(rows) == {world.yanchang.pk, world.yanchuan.pk, world.jingbian.pk}
    assert "榆林市" in rows[world.jingbian.pk]  # the city column, on a province's map
    svg = svg_of(response)
    assert svg.get("role") == "img" and svg.find(f"{SVG}desc").text


def test_a_city_reviewers_map_holds_only_their_citys_counties(world, client_for, shapes, late_2026):
    response = client_for(world.city_reviewer).get(HOME)
    assert set(fills(response)) == {world.yanchang.pk, world.yanchuan.pk}
    assert set(table_rows(response)) == {world.yanchang.pk, world.yanchuan.pk}
    assert "靖边县" not in response.text


@pytest.mark.parametrize("who", ["reporter", "approver", "nobody"])
def test_a_county_unit_has_no_map(world, client_for, shapes, who):
    response = client_for(getattr(world, who)).get(HOME)
    assert response.status_code == 200
    assert 'data-testid="county-map-card"' not in response.text


def test_the_colours_and_figures_equal_the_completeness_page(
    world, client_for, shapes, q3_filed, late_2026
):
    # Another unit in 延长 that has not filed: 延长 is 1 of 2, 延川 0 of 1, 靖边 0 of 1.
    UnitFactory(name="延长县乡村振兴局", region=world.yanchang, kind=UnitKind.POVERTY_OFFICE)
    client = client_for(world.province_reviewer)
    home = client.get(HOME)
    page = client.get(COMPLETENESS)  # opens on the same quarter: 2026 Q3
    assert (page.context["data"].year, page.context["data"].quarter) == (2026, 3)
    expected = {}
    for row in page.context["data"].rows:
        if row.unit.region.level == RegionLevel.COUNTY:
            filed, total = expected.get(row.unit.region_id, (0, 0))
            expected[row.unit.region_id] = (filed + row.has_filed, total + 1)
    assert expected == {
        world.yanchang.pk: (1, 2),
        world.yanchuan.pk: (0, 1),
        world.jingbian.pk: (0, 1),
    }
    shown = {a.region_id: a.value for a in home.context["county_map"]["map"].areas}
    assert shown == {pk: Decimal(f) / t for pk, (f, t) in expected.items()}
    rows = table_rows(home)
    assert "50%（2个单位中1个已报送）" in rows[world.yanchang.pk]
    colours = fills(home)
    assert colours[world.yanchuan.pk] == colours[world.jingbian.pk] == maps.BLUES[0]
    assert colours[world.yanchang.pk] == maps.BLUES[2]  # 50 % on a scale from 0 to 100 %


@pytest.mark.parametrize("indicator", ["adopted", "points"])
def test_the_yearly_figures_equal_the_assessment_page(
    world, client_for, shapes, late_2026, indicator
):
    client = client_for(world.province_reviewer)
    home = client.get(HOME, {"map": indicator})
    page = client.get(reverse("submissions:assessment"))
    assert home.context["county_map"]["indicator"] == indicator
    by_county = {}
    for score in page.context["units"]:
        if score.unit.region.level == RegionLevel.COUNTY:
            units, adopted, points = by_county.get(score.unit.region_id, (0, 0, Decimal(0)))
            by_county[score.unit.region_id] = (
                units + 1,
                adopted + score.adopted,
                points + score.points,
            )
    shown = {a.region_id: a.value for a in home.context["county_map"]["map"].areas}
    if indicator == "adopted":
        assert shown == {pk: adopted for pk, (_u, adopted, _p) in by_county.items()}
    else:
        assert shown == {
            pk: (points / units).quantize(Decimal("0.01"))
            for pk, (units, _a, points) in by_county.items()
        }


def test_a_renamed_county_is_on_the_map(world, client_for, shapes, settings, late_2026):
    zichang = RegionFactory(
        name="子长市", code="610681", level=RegionLevel.COUNTY, parent=world.yanan
    )
    call_command("build_map_shapes", stdout=open("/dev/null", "w"))  # noqa: SIM115
    response = client_for(world.city_reviewer).get(HOME)
    assert zichang.pk in fills(response)
    assert 'data-testid="county-map-unmapped"' not in response.text


def test_a_county_without_a_shape_is_listed_under_the_map(world, client_for, shapes, late_2026):
    newcomer = RegionFactory(name="新设县", code=None, level=RegionLevel.COUNTY, parent=world.yanan)
    response = client_for(world.city_reviewer).get(HOME)
    assert newcomer.pk not in fills(response)
    assert newcomer.pk in table_rows(response)
    unmapped = response.text[response.text.index('data-testid="county-map-unmapped"') :]
    assert "新设县" in unmapped[: unmapped.index("</p>")]


def test_the_page_works_without_the_shapes_file(world, client_for, settings, tmp_path, late_2026):
    settings.MAP_SHAPES_DIR = tmp_path / "nothing-here"
    response = client_for(world.province_reviewer).get(HOME)
    assert response.status_code == 200
    assert 'data-testid="county-map-missing"' in response.text
    assert set(table_rows(response)) == {world.yanchang.pk, world.yanchuan.pk, world.jingbian.pk}


def test_an_unknown_indicator_falls_back_to_completeness(world, client_for, shapes, late_2026):
    response = client_for(world.province_reviewer).get(HOME, {"map": "nonsense"})
    assert response.status_code == 200
    assert response.context["county_map"]["indicator"] == "completeness"


@pytest.mark.parametrize("indicator", ["completeness", "adopted", "docking"])
def test_queries_do_not_grow_with_the_counties(world, client_for, shapes, late_2026, indicator):
    client = client_for(world.province_reviewer)

    def count() -> int:
        client.get(HOME, {"map": indicator})  # warm the session and the shapes cache
        with CaptureQueriesContext(connection) as queries:
            client.get(HOME, {"map": indicator})
        return len(queries)

    before = count()
    for n in range(6):
        county = RegionFactory(name=f"新县{n}", level=RegionLevel.COUNTY, parent=world.yulin)
        UnitFactory(name=f"新县{n}扶贫开发局", region=county, kind=UnitKind.POVERTY_OFFICE)
    assert count() == before


@pytest.fixture
def wishes(world):
    """Micro-wishes of two helping units: 延长's recorded three, two claimed (66.7 %); 延川's
    recorded four, one claimed (25 %); 靖边 has no helping unit."""
    with time_machine.travel(datetime(2026, 11, 2, 10, 0, tzinfo=CHINA), tick=False):
        dw = build_dw(world)
        yanchang = [make_wish(dw, title=f"心愿{n}") for n in range(3)]
        yanchuan_unit = UnitFactory(
            name="陕西省财政厅驻延川县帮扶工作队", region=world.yanchuan, kind=UnitKind.HELPING_UNIT
        )
        yanchuan_dw = type(dw)(**vars(dw))
        yanchuan_dw.helping_unit = yanchuan_unit
        yanchuan_dw.village = dw.other_village
        yanchuan_dw.helper = person("helper2", yanchuan_unit, Role.REPORTER)
        yanchuan_dw.helper_leader = person("helper2_leader", yanchuan_unit, Role.APPROVER)
        yanchuan = [make_wish(yanchuan_dw, title=f"愿望{n}") for n in range(4)]
        for n, wish in enumerate([*yanchang[:2], yanchuan[0]]):
            donation_services.wish_claim(user=UserFactory(username=f"caring{n}"), wish=wish)


def test_the_docking_rates_equal_the_statistics_page(world, client_for, shapes, wishes, late_2026):
    client = client_for(world.province_admin)
    home = client.get(HOME, {"map": "docking"})
    assert home.context["county_map"]["indicator"] == "docking"
    # The statistics page of each county lists its helping units: their wishes added up.
    expected = {}
    for county in (world.yanchang, world.yanchuan, world.jingbian):
        page = client.get(reverse("donations:statistics"), {"region": county.pk})
        rates = page.context["rates"]
        expected[county.pk] = (
            sum(r["recorded"] for r in rates),
            sum(r["docked"] for r in rates),
            sum(r["meets"] for r in rates),
        )
    assert expected == {
        world.yanchang.pk: (3, 2, 1),
        world.yanchuan.pk: (4, 1, 0),
        world.jingbian.pk: (0, 0, 0),
    }
    shown = {a.region_id: a.value for a in home.context["county_map"]["map"].areas}
    assert shown == {
        world.yanchang.pk: Decimal("66.7"),
        world.yanchuan.pk: Decimal("25.0"),
        world.jingbian.pk: None,
    }
    rows = table_rows(home)
    assert "66.7%（3个心愿中2个已对接；1个帮扶单位中1个达到规定比例）" in rows[world.yanchang.pk]
    assert "25.0%（4个心愿中1个已对接；1个帮扶单位中0个达到规定比例）" in rows[world.yanchuan.pk]
    assert "未录入心愿" in rows[world.jingbian.pk]
    # The colours follow the rates on a scale from 0 to 100 %: 66.7 % in the fourth of the
    # five classes, 25 % in the second; 靖边 has no figure and no fill of the scale.
    colours = fills(home)
    assert colours[world.yanchang.pk] == maps.BLUES[3]
    assert colours[world.yanchuan.pk] == maps.BLUES[1]
    assert colours[world.jingbian.pk] not in maps.BLUES
    assert 'href="/donations/statistics/?region=' in home.text
