"""County maps: shapes built from the npm package, matched to our regions by code and
name, and drawn as SVG with colours that follow the numbers."""

import json
import xml.etree.ElementTree as ET
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command

from portal import map_shapes, maps
from portal.models import Region, RegionLevel
from tests.factories import RegionFactory

SVG = "{http://www.w3.org/2000/svg}"


@pytest.fixture
def shapes_dir(settings, tmp_path):
    settings.MAP_SHAPES_DIR = tmp_path / "map_shapes"
    return settings.MAP_SHAPES_DIR


def build(*provinces) -> str:
    out = StringIO()
    call_command("build_map_shapes", *provinces, stdout=out)
    return out.getvalue()


def built(province) -> dict:
    return json.loads(maps.shapes_path(province.pk).read_text(encoding="utf-8"))


def area(region, value):
    return maps.Area(region.pk, region.name, value, "—" if value is None else str(value))


def county_paths(svg) -> dict[int, ET.Element]:
    root = ET.fromstring(str(svg))  # noqa: S314 (our own SVG)
    return {int(p.get("data-region")): p for p in root.iter(f"{SVG}path") if p.get("data-region")}


def test_the_command_writes_the_provinces_counties_keyed_by_region_id(world, shapes_dir):
    output = build()
    data = built(world.province)
    assert set(data["regions"]) == {
        str(world.yanchang.pk),
        str(world.yanchuan.pk),
        str(world.jingbian.pk),
    }
    assert data["regions"][str(world.yanchang.pk)]["name"] == "延长县"
    assert data["regions"][str(world.yanchang.pk)]["d"].startswith("M")
    assert data["width"] == map_shapes.FRAME_WIDTH and data["height"] > 0
    assert "陕西省: 3 counties drawn" in output
    # Only the province's shapes are copied: a few kilobytes, not the package's megabytes.
    assert maps.shapes_path(world.province.pk).stat().st_size < 50_000


def test_a_renamed_county_takes_the_shape_of_its_old_name(world, shapes_dir):
    zichang = RegionFactory(
        name="子长市", code="610681", level=RegionLevel.COUNTY, parent=world.yanan
    )
    output = build("610000")
    assert built(world.province)["regions"][str(zichang.pk)]["shape"] == "子长县"
    assert "子长市 takes the shape of 子长县" in output


def test_a_county_without_a_shape_is_reported(world, shapes_dir):
    RegionFactory(name="新设县", code=None, level=RegionLevel.COUNTY, parent=world.yanan)
    output = build("陕西省")
    assert "1 without a shape: 新设县" in output
    assert len(built(world.province)["regions"]) == 3


def test_matching_by_code_then_name_then_stem_in_the_same_city():
    shapes = [
        map_shapes.Shape(code="610623", name="子长县", centre=(), polygons=()),
        map_shapes.Shape(code="610624", name="安塞区", centre=(), polygons=()),
        map_shapes.Shape(code="610621", name="延长县", centre=(), polygons=()),
    ]
    regions = [
        Region(pk=1, name="子长市", code="610681"),  # renamed in 2019, with a new code
        Region(pk=2, name="安塞区", code="610603"),  # the data keeps the old county's code
        Region(pk=3, name="改名县", code="610621"),  # the code wins over the name
        Region(pk=4, name="宜川县", code="610630"),  # not in this city's shapes
    ]
    matched = map_shapes.match_shapes(regions, shapes)
    assert {pk: s.name for pk, s in matched.items()} == {1: "子长县", 2: "安塞区", 3: "延长县"}


def test_stems():
    assert map_shapes.stem("子长县") == map_shapes.stem("子长市") == "子长"
    assert map_shapes.stem("镇宁布依族苗族自治县") == "镇宁布依族苗族"
    assert map_shapes.stem("富县") == "富"
    assert map_shapes.stem("县") == "县"


@pytest.mark.parametrize(
    ("value", "top", "expected"),
    [
        (0, 10, 0),
        (1.99, 10, 0),
        (2, 10, 1),
        (8, 10, 4),
        (10, 10, 4),
        (5, 0, 0),
        (Decimal("0.6"), 1, 3),
    ],
)
def test_classes_are_equal_intervals_up_to_the_top(value, top, expected):
    assert maps.class_of(value, top) == expected


def test_colours_follow_the_numbers(world, shapes_dir):
    build()
    result = maps.choropleth(
        world.province.pk,
        [area(world.yanchang, 12), area(world.yanchuan, 3), area(world.jingbian, 3)],
        title="已采用",
        fmt=str,
    )
    paths = county_paths(result.svg)
    darkness = {pk: maps.BLUES.index(p.get("fill")) for pk, p in paths.items()}
    assert darkness[world.yanchang.pk] == len(maps.BLUES) - 1  # the highest is the darkest
    assert darkness[world.yanchuan.pk] == darkness[world.jingbian.pk] < darkness[world.yanchang.pk]
    # Hover: each county's name and figure.
    assert paths[world.yanchang.pk].find(f"{SVG}title").text == "延长县：12"


def test_the_svg_has_a_text_alternative_and_a_legend(world, shapes_dir):
    build()
    result = maps.choropleth(
        world.province.pk,
        [area(world.yanchang, 4), area(world.yanchuan, 1), area(world.jingbian, None)],
        title="已采用条数",
        fmt=str,
    )
    root = ET.fromstring(str(result.svg))  # noqa: S314 (our own SVG)
    assert root.get("role") == "img"
    assert root.find(f"{SVG}title").text == "已采用条数"
    desc = root.find(f"{SVG}desc").text
    assert "延长县" in desc and "延川县" in desc
    texts = [t.text for t in root.iter(f"{SVG}text")]
    assert [step.label for step in result.legend] == [
        t for t in texts if t in {s.label for s in result.legend}
    ]
    # A county without a figure is hatched, not coloured as if it were low.
    assert county_paths(result.svg)[world.jingbian.pk].get("fill") == "url(#map-no-data)"


def test_a_region_without_a_shape_is_returned_as_unmapped(world, shapes_dir):
    build()
    newcomer = RegionFactory(name="新设县", level=RegionLevel.COUNTY, parent=world.yanan)
    result = maps.choropleth(
        world.province.pk, [area(world.yanchang, 1), area(newcomer, 2)], title="t", fmt=str
    )
    assert [a.name for a in result.unmapped] == ["新设县"]
    assert set(county_paths(result.svg)) == {world.yanchang.pk}


def test_without_the_shapes_file_there_is_no_svg(world, shapes_dir):
    result = maps.choropleth(world.province.pk, [area(world.yanchang, 1)], title="t", fmt=str)
    assert result.svg is None and result.shapes_missing
    assert [a.name for a in result.areas] == ["延长县"]
