"""A nation above the provinces, for one deployment holding several provinces: the national
office sees every province, each province only itself. Without a nation (the demo, the
`world`), each province is a root as before."""

from io import StringIO

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.urls import reverse
from django.utils.translation import gettext

from portal.models import Region, RegionLevel, Role
from portal.scoping import has_province_role, visible_units
from tests.factories import RegionFactory
from tests.national import two_provinces


def load(*args) -> str:
    out = StringIO()
    call_command("load_regions", *args, stdout=out)
    return out.getvalue()


@pytest.fixture
def nation(world):
    return two_provinces(world)


def test_loading_under_a_nation_keeps_the_province_and_its_ids(world, nation):
    province = Region.objects.get(pk=world.province.pk)
    yanchang = Region.objects.get(pk=world.yanchang.pk)
    root = nation["nation"]
    assert (root.name, root.parent_id, root.path) == ("全国", None, f"/{root.pk}/")
    assert province.parent_id == root.pk
    assert province.path == f"/{root.pk}/{province.pk}/"
    assert yanchang.path.startswith(province.path)
    assert nation["gansu"].parent_id == root.pk
    # Loading again changes nothing.
    assert "No change" in load("陕西省", "甘肃省", "--depth", "county", "--nation", "全国")


def test_the_national_office_sees_every_province_and_each_province_only_itself(world, nation):
    national = set(visible_units(nation["national_reviewer"]).values_list("name", flat=True))
    shaanxi = set(visible_units(world.province_reviewer).values_list("name", flat=True))
    gansu = set(visible_units(nation["gansu_reviewer"]).values_list("name", flat=True))

    assert {"延长县扶贫开发局", "永登县扶贫开发局", "国家乡村振兴局"} <= national
    assert "延长县扶贫开发局" in shaanxi and "永登县扶贫开发局" not in shaanxi
    assert "永登县扶贫开发局" in gansu and "延长县扶贫开发局" not in gansu
    assert "国家乡村振兴局" not in shaanxi | gansu


def test_guessing_another_provinces_unit_is_a_404(world, nation, client_for):
    gansu_unit = reverse("unit-detail", args=[nation["yongdeng"].pk])
    shaanxi_unit = reverse("unit-detail", args=[world.yanchang_bureau.pk])

    assert client_for(world.province_reviewer).get(gansu_unit).status_code == 404
    assert client_for(nation["gansu_reviewer"]).get(shaanxi_unit).status_code == 404
    assert client_for(nation["national_reviewer"]).get(gansu_unit).status_code == 200
    assert client_for(nation["national_reviewer"]).get(shaanxi_unit).status_code == 200


def test_the_unit_list_of_the_national_office_shows_both_provinces(world, nation, client_for):
    page = client_for(nation["national_reviewer"]).get(reverse("unit-list")).content.decode()
    assert "延长县扶贫开发局" in page and "永登县扶贫开发局" in page

    page = client_for(world.province_reviewer).get(reverse("unit-list")).content.decode()
    assert "延长县扶贫开发局" in page and "永登县扶贫开发局" not in page


def test_the_working_day_calendar_is_the_national_offices_to_enter(world, nation, client_for):
    # China's holidays are the same in every province: the office at the top enters them.
    assert has_province_role(nation["national_admin"], Role.ADMIN)
    assert not has_province_role(world.province_admin, Role.ADMIN)
    calendar = reverse("work-calendar")
    assert client_for(nation["national_admin"]).get(calendar).status_code == 200
    assert client_for(world.province_admin).get(calendar).status_code == 403


def test_without_a_nation_the_province_enters_the_calendar(world):
    assert not Region.objects.filter(level=RegionLevel.NATION).exists()
    assert has_province_role(world.province_admin, Role.ADMIN)


def test_the_national_office_may_open_the_nations_year_end_summary(world, nation, client_for):
    page = reverse("summaries:year-end") + f"?region={nation['nation'].pk}&year=2026"
    assert client_for(nation["national_reviewer"]).get(page).status_code == 200
    assert client_for(world.province_reviewer).get(page).status_code == 404


@pytest.mark.parametrize(
    ("level", "parent", "message"),
    [
        (RegionLevel.CITY, "nation", gettext("Only provinces sit directly under the nation.")),
        (RegionLevel.NATION, "province", None),
        (
            RegionLevel.CITY,
            None,
            gettext("Only the nation or a province may have no parent region."),
        ),
    ],
)
def test_the_tree_keeps_its_levels(db, level, parent, message):
    root = RegionFactory(name="全国", code=None, level=RegionLevel.NATION, parent=None)
    province = RegionFactory(name="甘肃省", code="620000", level=RegionLevel.PROVINCE, parent=root)
    region = Region(
        name="某地", level=level, parent={"nation": root, "province": province, None: None}[parent]
    )
    with pytest.raises(ValidationError) as refused:
        region.full_clean()
    if message:
        assert message in str(refused.value)


def test_a_nation_and_a_province_may_each_be_a_root(db):
    Region(name="全国", level=RegionLevel.NATION).full_clean()
    Region(name="陕西省", code="610000", level=RegionLevel.PROVINCE).full_clean()
