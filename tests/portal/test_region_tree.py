"""The region tree: materialised paths, subtrees, moves and the rules of nesting."""

import pytest
from django.core.exceptions import ValidationError

from portal.models import Region, RegionLevel, Unit
from portal.scoping import visible_units
from tests.factories import RegionFactory, UnitFactory


def reload(region: Region) -> Region:
    return Region.objects.get(pk=region.pk)


def test_path_is_set_on_create(world):
    assert world.province.path == f"/{world.province.pk}/"
    assert world.yanan.path == f"/{world.province.pk}/{world.yanan.pk}/"
    assert world.qilicun.path == (
        f"/{world.province.pk}/{world.yanan.pk}/{world.yanchang.pk}/{world.qilicun.pk}/"
    )
    # What is stored matches what the object says.
    assert reload(world.qilicun).path == world.qilicun.path


def test_path_is_set_through_objects_create(world):
    village = Region.objects.create(name="七里村", level=RegionLevel.VILLAGE, parent=world.qilicun)
    assert village.path == f"{world.qilicun.path}{village.pk}/"
    assert reload(village).path == village.path


def test_subtree_is_the_region_and_all_descendants_in_one_query(world, django_assert_num_queries):
    with django_assert_num_queries(1):
        names = {r.name for r in world.yanan.subtree()}
    assert names == {"延安市", "延长县", "七里村街道", "延川县"}

    everything = set(Region.objects.values_list("name", flat=True))
    with django_assert_num_queries(1):
        assert {r.name for r in world.province.subtree()} == everything
    with django_assert_num_queries(1):
        assert [r.name for r in world.qilicun.subtree()] == ["七里村街道"]


def test_subtree_does_not_confuse_ids_with_a_common_prefix(world):
    # Regions whose ids share leading digits must not leak into each other's subtrees.
    siblings = [
        RegionFactory(name=f"测试县{i}", level=RegionLevel.COUNTY, parent=world.yulin)
        for i in range(12)
    ]
    first = siblings[0]
    for other in siblings[1:]:
        assert other not in first.subtree()


def test_ancestors_run_from_the_root(world):
    assert [r.name for r in world.qilicun.ancestors()] == [
        "陕西省",
        "延安市",
        "延长县",
        "七里村街道",
    ]


def test_moving_a_region_rewrites_its_descendants_paths(world):
    # 延长县 is moved from 延安市 to 榆林市, with its township below it.
    yanchang = reload(world.yanchang)
    yanchang.parent = world.yulin
    yanchang.save()

    assert yanchang.path == f"{world.yulin.path}{yanchang.pk}/"
    assert reload(world.yanchang).path == yanchang.path
    assert reload(world.qilicun).path == f"{yanchang.path}{world.qilicun.pk}/"
    # Regions outside the moved subtree keep their paths.
    assert reload(world.yanchuan).path == world.yanchuan.path
    assert reload(world.jingbian).path == world.jingbian.path

    assert {r.name for r in reload(world.yulin).subtree()} == {
        "榆林市",
        "靖边县",
        "延长县",
        "七里村街道",
    }
    assert {r.name for r in reload(world.yanan).subtree()} == {"延安市", "延川县"}


def test_moving_a_region_moves_the_reach_of_the_reviewers(world):
    yanchang = reload(world.yanchang)
    yanchang.parent = world.yulin
    yanchang.save()
    township_unit = UnitFactory(name="七里村街道办事处", region=world.qilicun)

    city = set(visible_units(world.city_reviewer))
    other_city = set(visible_units(world.other_city_reviewer))
    assert world.yanchang_bureau not in city
    assert township_unit not in city
    assert {world.yanchang_bureau, world.yanchang_propaganda, township_unit} <= other_city


def test_moving_a_deep_subtree_and_back(world):
    village = RegionFactory(name="七里村", level=RegionLevel.VILLAGE, parent=world.qilicun)
    original = {r.pk: r.path for r in Region.objects.all()}

    yanchang = reload(world.yanchang)
    yanchang.parent = world.yulin
    yanchang.save()
    assert reload(village).path == f"{yanchang.path}{world.qilicun.pk}/{village.pk}/"

    yanchang.parent = reload(world.yanan)
    yanchang.save()
    assert {r.pk: r.path for r in Region.objects.all()} == original


def test_saving_without_a_move_changes_no_paths(world):
    before = {r.pk: r.path for r in Region.objects.all()}
    yanan = reload(world.yanan)
    yanan.name = "延安市（更名）"
    yanan.save()
    assert {r.pk: r.path for r in Region.objects.all()} == before


def test_clean_accepts_the_world_tree(world):
    for region in Region.objects.all():
        region.full_clean()


def test_clean_refuses_a_county_without_parent(db):
    county = Region(name="孤立县", code="619999", level=RegionLevel.COUNTY)
    with pytest.raises(ValidationError) as error:
        county.full_clean()
    assert "parent" in error.value.message_dict


def test_clean_refuses_a_city_inside_a_county(world):
    city = Region(name="县中之市", level=RegionLevel.CITY, parent=world.yanchang)
    with pytest.raises(ValidationError) as error:
        city.full_clean()
    assert "level" in error.value.message_dict


def test_clean_refuses_a_province_with_a_parent(world):
    province = Region(name="省中之省", level=RegionLevel.PROVINCE, parent=world.province)
    with pytest.raises(ValidationError) as error:
        province.full_clean()
    assert "level" in error.value.message_dict


def test_clean_refuses_a_region_inside_its_own_subtree(world):
    yanan = reload(world.yanan)
    yanan.parent = world.qilicun
    with pytest.raises(ValidationError) as error:
        yanan.full_clean()
    assert "parent" in error.value.message_dict

    yanan.parent = reload(world.yanan)
    with pytest.raises(ValidationError) as error:
        yanan.full_clean()
    assert "parent" in error.value.message_dict


def test_clean_accepts_a_move_to_another_city(world):
    yanchang = reload(world.yanchang)
    yanchang.parent = world.yulin
    yanchang.full_clean()


def test_units_follow_the_region_path_ordering(world):
    names = list(
        Unit.objects.filter(region__in=world.yanan.subtree()).values_list("name", flat=True)
    )
    assert names[0] == "延安市扶贫开发办公室"
