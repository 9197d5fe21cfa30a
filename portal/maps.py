"""Maps of counties, drawn on the server as SVG: the same markup goes into a page and a PDF.

The outlines are those portal.map_shapes built out of the npm package into one JSON file per
province (settings.MAP_SHAPES_DIR, keyed by our region ids); this module reads that file
and colours the counties by a figure, with a legend and a text alternative. A region
without an outline is listed apart (Choropleth.unmapped), never dropped silently; without
the file (build_map_shapes not run) there is nothing to draw and the caller says so.
"""

import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache
from pathlib import Path

from django.conf import settings
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from portal.models import Region, RegionLevel

# The version of the shapes file portal.map_shapes writes; an older file is not read.
FORMAT_VERSION = 1


def shapes_dir() -> Path:
    return Path(getattr(settings, "MAP_SHAPES_DIR", Path(settings.BASE_DIR) / "var" / "map_shapes"))


def shapes_path(province_id: int) -> Path:
    return shapes_dir() / f"province-{province_id}.json"


def shapes_province_id(region: Region) -> int | None:
    """The province whose shapes file holds `region`'s counties (a province's own, a city's
    parent's)."""
    if region.level == RegionLevel.PROVINCE:
        return region.pk
    if region.level == RegionLevel.CITY:
        return region.parent_id
    return None


def counties_below(region: Region) -> list[Region]:
    """The active counties of `region`'s subtree with their cities, by city then code: the
    areas of its map and the rows of the map's table. One query."""
    return list(
        Region.objects.filter(
            path__startswith=region.path, level=RegionLevel.COUNTY, is_active=True
        )
        .select_related("parent")
        .order_by("parent__code", "parent__name", "code", "name")
    )


# Reading the shapes ------------------------------------------------------------------


@lru_cache(maxsize=16)
def _read_shapes(path: str, _stamp: tuple[int, int]) -> dict | None:
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return data if data.get("version") == FORMAT_VERSION else None


def load_shapes(province_id: int) -> dict | None:
    """The province's shapes as build_map_shapes wrote them, or None if there are none.
    Kept in memory until the file changes."""
    path = shapes_path(province_id)
    try:
        stat = path.stat()
    except OSError:
        return None
    return _read_shapes(str(path), (stat.st_mtime_ns, stat.st_size))


# Drawing -----------------------------------------------------------------------------


# ColorBrewer "Blues", 5 classes: sequential, in one hue, safe for colour-blind readers and
# in greyscale print (lightness alone orders the classes).
BLUES = ("#eff3ff", "#bdd7e7", "#6baed6", "#3182bd", "#08519c")
STROKE = "#4d4d4d"
NO_DATA_HATCH = "#6f6f6f"

# SVG geometry in user units (the drawing scales to its box on the page).
MAP_WIDTH, MAP_MAX_HEIGHT = 560, 600
LEGEND_WIDTH, LEGEND_ROW, LEGEND_SWATCH = 230, 30, 20
LABELLED_AREAS = 20  # names on the map when it has at most this many counties


@dataclass(frozen=True)
class Area:
    """One region on a map: its value (None: no figure) and that value as shown."""

    region_id: int
    name: str
    value: float | int | Decimal | None
    shown: str


@dataclass(frozen=True)
class LegendStep:
    fill: str
    label: str


@dataclass
class Choropleth:
    svg: SafeString | None  # None: nothing to draw
    legend: list[LegendStep]
    areas: list[Area]
    unmapped: list[Area]  # regions without a shape
    fills: dict[int, str]
    shapes_missing: bool = False  # build_map_shapes has not been run for the province


def class_of(value, top) -> int:
    """Which of the five classes `value` falls in, on equal intervals from 0 to `top`; the
    top value is always in the darkest. Decimal arithmetic, so that a value on a class
    boundary lands where the legend says."""
    top = Decimal(str(top))
    if top <= 0:
        return 0
    index = int(Decimal(5) * Decimal(str(value)) / top)
    return max(0, min(len(BLUES) - 1, index))


def choropleth(
    province_id: int,
    areas: Sequence[Area],
    *,
    title: str,
    fmt: Callable[[Decimal], str],
    top=None,
    testid: str = "county-map",
) -> Choropleth:
    """The areas coloured by value on the province's shapes (the map fits the areas drawn,
    so a city's counties fill it). `top` is the end of the scale (default: the largest
    value); `fmt` writes a value for the legend."""
    shapes = load_shapes(province_id)
    values = [a.value for a in areas if a.value is not None]
    top = top if top is not None else max(values, default=0)
    top_d = Decimal(str(top))
    legend = [
        LegendStep(
            fill,
            _("%(low)s to %(high)s")
            % {"low": fmt(top_d * k / 5), "high": fmt(top_d * (k + 1) / 5)},
        )
        for k, fill in enumerate(BLUES)
    ]
    if top_d <= 0:  # every figure is zero: one class, not five labelled "0 to 0"
        legend = [LegendStep(BLUES[0], fmt(Decimal(0)))]
    fills = {a.region_id: BLUES[class_of(a.value, top)] for a in areas if a.value is not None}
    known = shapes["regions"] if shapes else {}
    drawn = [a for a in areas if str(a.region_id) in known]
    unmapped = [a for a in areas if str(a.region_id) not in known]
    if shapes is None:
        return Choropleth(None, legend, list(areas), [], fills, shapes_missing=True)
    if not drawn:
        return Choropleth(None, legend, list(areas), unmapped, fills)
    svg = _svg(
        drawn,
        known,
        fills,
        legend,
        title=title,
        testid=testid,
        with_no_data=len(values) < len(areas),
    )
    return Choropleth(svg, legend, list(areas), unmapped, fills)


def _svg(drawn, known, fills, legend, *, title, testid, with_no_data) -> SafeString:
    boxes = [known[str(a.region_id)]["box"] for a in drawn]
    x0, y0 = min(b[0] for b in boxes), min(b[1] for b in boxes)
    x1, y1 = max(b[2] for b in boxes), max(b[3] for b in boxes)
    scale = min(MAP_WIDTH / max(x1 - x0, 1), MAP_MAX_HEIGHT / max(y1 - y0, 1))
    map_w, map_h = (x1 - x0) * scale, (y1 - y0) * scale
    pad = 4
    stroke = round(0.8 / scale, 3)
    hatch = round(6 / scale, 3)

    paths = format_html_join(
        "",
        '<path d="{}" fill="{}" data-region="{}" data-fill="{}"><title>{}</title></path>',
        (
            (
                known[str(a.region_id)]["d"],
                fills.get(a.region_id, "url(#map-no-data)"),
                a.region_id,
                fills.get(a.region_id, "none"),
                f"{a.name}{pgettext('after a label', ':')}{a.shown}",
            )
            for a in drawn
        ),
    )
    labels = SafeString("")
    if len(drawn) <= LABELLED_AREAS:
        # A white halo keeps the names legible on the dark classes.
        labels = format_html_join(
            "",
            '<text x="{}" y="{}">{}</text>',
            (
                (
                    round(pad + (known[str(a.region_id)]["label"][0] - x0) * scale, 1),
                    round(pad + (known[str(a.region_id)]["label"][1] - y0) * scale + 4, 1),
                    a.name,
                )
                for a in drawn
            ),
        )
        # The halo is a copy of the names underneath, not paint-order (WeasyPrint paints
        # the stroke over the fill, which washes the names out in the PDF).
        labels = format_html(
            '<g font-size="12" text-anchor="middle" aria-hidden="true">'
            '<g fill="#fff" stroke="#fff" stroke-width="3" stroke-linejoin="round">{}</g>'
            '<g fill="#000">{}</g></g>',
            labels,
            labels,
        )

    legend_x = round(map_w + 2 * pad + 16, 1)
    steps = list(legend) + (
        [LegendStep("url(#map-no-data)", _("No figure"))] if with_no_data else []
    )
    legend_svg = format_html_join(
        "",
        '<rect x="{}" y="{}" width="{}" height="{}" fill="{}" stroke="{}" stroke-width="0.8"/>'
        '<text x="{}" y="{}">{}</text>',
        (
            (
                legend_x,
                28 + i * LEGEND_ROW,
                LEGEND_SWATCH,
                LEGEND_SWATCH,
                step.fill,
                STROKE,
                legend_x + LEGEND_SWATCH + 8,
                28 + i * LEGEND_ROW + 16,
                step.label,
            )
            for i, step in enumerate(steps)
        ),
    )
    width = round(legend_x + LEGEND_WIDTH, 1)
    height = round(max(map_h + 2 * pad, 28 + len(steps) * LEGEND_ROW + 8), 1)
    return format_html(
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {} {}" class="w-100" role="img"'
        ' aria-labelledby="{}-title {}-desc" data-testid="{}"'
        ' font-family="Noto Sans CJK SC, sans-serif">'
        '<title id="{}-title">{}</title><desc id="{}-desc">{}</desc>'
        '<defs><pattern id="map-no-data" patternUnits="userSpaceOnUse" width="{}" height="{}">'
        '<rect width="{}" height="{}" fill="#fff"/>'
        '<path d="M0 {}L{} 0" stroke="{}" stroke-width="{}"/></pattern></defs>'
        '<g transform="translate({} {}) scale({}) translate({} {})" stroke="{}" stroke-width="{}"'
        ' stroke-linejoin="round">{}</g>{}'
        '<g font-size="16" fill="#000"><text x="{}" y="18" font-weight="bold">{}</text>{}</g>'
        "</svg>",
        width,
        height,
        testid,
        testid,
        testid,
        testid,
        title,
        testid,
        _describe(drawn, fills),
        hatch,
        hatch,
        hatch,
        hatch,
        hatch,
        hatch,
        NO_DATA_HATCH,
        stroke,
        pad,
        pad,
        round(scale, 6),
        -x0,
        -y0,
        STROKE,
        stroke,
        paths,
        labels,
        legend_x,
        _("Legend"),
        legend_svg,
    )


def _describe(drawn: list[Area], fills: dict[int, str]) -> str:
    """The text alternative: how many counties, the highest and the lowest."""
    valued = sorted((a for a in drawn if a.value is not None), key=lambda a: a.value)
    text = _("A map of %(count)s counties, darker where the figure is higher.") % {
        "count": len(drawn)
    }
    if valued:
        text += " " + _("Highest: %(high)s (%(high_value)s); lowest: %(low)s (%(low_value)s).") % {
            "high": valued[-1].name,
            "high_value": valued[-1].shown,
            "low": valued[0].name,
            "low_value": valued[0].shown,
        }
    return text + " " + _("The table beside the map gives every county's figure.")
