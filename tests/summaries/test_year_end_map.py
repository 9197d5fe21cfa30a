"""The year-end summary's map of the year's adopted items by county: frozen as data in the
figures (so the hash covers it), drawn from the province's shapes in the preview and the
PDF, with its figures as a table, and rendered without it when the shapes are missing."""

import re
import xml.etree.ElementTree as ET
from datetime import date
from io import BytesIO

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext
from pypdf import PdfReader

from portal import maps
from portal.clock import china_today
from portal.documents import snapshot_hash
from summaries import figures, services
from summaries.models import DocumentKind
from tests.summaries.data import pdf_text

URL = reverse("summaries:year-end")
SVG = "{http://www.w3.org/2000/svg}"
MISSING = (
    "The map could not be drawn: its outlines have not been built on this server"
    " (manage.py build_map_shapes). The figures are in the table below."
)


@pytest.fixture
def shapes(world, settings, tmp_path):
    settings.MAP_SHAPES_DIR = tmp_path / "map_shapes"
    call_command("build_map_shapes", stdout=open("/dev/null", "w"))  # noqa: SIM115


@pytest.fixture
def no_shapes(settings, tmp_path):
    settings.MAP_SHAPES_DIR = tmp_path / "nothing_here"


def year_end(world, region=None):
    return figures.year_end(world.province_admin, region or world.province, 2026, china_today())


def snapshot(data) -> dict:
    header = services.header(
        kind=DocumentKind.YEAR_END,
        title="陕西省2026年度扶贫宣传工作总结",
        doc_number="陕扶办〔2026〕12号",
        issuer="陕西省扶贫开发办公室",
        issue_date=date(2026, 12, 31),
    )
    return {"document": header, "figures": data}


def test_the_figures_hold_the_adopted_items_of_each_county(world, year_2026):
    county_map = year_end(world)["county_map"]
    assert county_map["province_id"] == world.province.pk
    adopted = {c["name"]: c["adopted"] for c in county_map["counties"]}
    # 延长 3 adopted, 靖边 2 (one rejected), 延川 filed nothing.
    assert adopted == {"延长县": 3, "延川县": 0, "靖边县": 2}
    assert {c["city"] for c in county_map["counties"]} == {"延安市", "榆林市"}


def test_a_citys_summary_maps_only_its_counties(world, year_2026):
    county_map = year_end(world, world.yanan)["county_map"]
    assert county_map["province_id"] == world.province.pk
    assert [c["name"] for c in county_map["counties"]] == ["延长县", "延川县"]


def test_the_hash_covers_the_map_data(world, year_2026):
    data = year_end(world)
    changed = {**data, "county_map": {**data["county_map"]}}
    changed["county_map"]["counties"] = [
        {**c, "adopted": c["adopted"] + 1} for c in data["county_map"]["counties"]
    ]
    assert snapshot_hash(snapshot(data)) != snapshot_hash(snapshot(changed))


def test_the_preview_draws_the_map_with_colours_that_follow_the_numbers(
    world, year_2026, shapes, client_for
):
    response = client_for(world.province_admin).get(f"{URL}?region={world.province.pk}&year=2026")
    html = response.content.decode()
    match = re.search(r'<svg[^>]*data-testid="summary-county-map".*?</svg>', html, re.S)
    assert match, "no map in the preview"
    svg = ET.fromstring(match.group(0))  # noqa: S314 (our own SVG)
    fills = {
        int(p.get("data-region")): p.get("fill")
        for p in svg.iter(f"{SVG}path")
        if p.get("data-region")
    }
    assert fills == {
        world.yanchang.pk: maps.BLUES[-1],  # the top value, the darkest
        world.jingbian.pk: maps.BLUES[3],  # 2 of 3
        world.yanchuan.pk: maps.BLUES[0],
    }
    assert svg.get("role") == "img" and svg.find(f"{SVG}desc").text
    table = html[html.index('data-testid="summary-county-map-table"') :]
    assert re.search(rf'data-region="{world.yanchang.pk}">.*?延长县.*?>3</td>', table, re.S)


def test_the_pdf_carries_the_map_its_legend_and_its_table(world, year_2026, shapes):
    pdf = services.document_pdf(snapshot(year_end(world)))
    text = pdf_text(pdf)
    with translation.override("zh-hans"):
        title = gettext("Adopted items by county, %(year)s") % {"year": 2026}
        legend = gettext("Legend")
        missing = gettext(MISSING)
    assert title in text
    assert legend in text
    for name in ("延长县", "延川县", "靖边县"):
        assert text.count(name) >= 2  # on the map and in its table
    assert missing not in text


def test_without_the_shapes_the_pdf_still_renders_and_says_so(world, year_2026, no_shapes):
    pdf = services.document_pdf(snapshot(year_end(world)))
    assert len(PdfReader(BytesIO(pdf)).pages) >= 1
    text = re.sub(r"\s", "", pdf_text(pdf))
    with translation.override("zh-hans"):
        assert re.sub(r"\s", "", gettext(MISSING)) in text
        assert gettext("Legend") not in text
    for name in ("延长县", "延川县", "靖边县"):
        assert name in text  # the table is there


def test_a_summary_frozen_before_the_map_renders_as_then(world, year_2026, shapes):
    data = year_end(world)
    del data["county_map"]
    text = pdf_text(services.document_pdf(snapshot(data)))
    with translation.override("zh-hans"):
        assert gettext("Adopted items by county, %(year)s") % {"year": 2026} not in text
