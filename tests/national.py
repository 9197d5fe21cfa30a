"""Two provinces under a nation, for the tests of a deployment that holds several."""

from io import StringIO

from django.core.management import call_command

from portal.models import Region, RegionLevel, Role, UnitKind
from tests.factories import UnitFactory, person


def two_provinces(world) -> dict:
    """陕西省 (the world's) and 甘肃省 under 全国, loaded as an operator would
    (`load_regions --nation`), with a national office (a reviewer and an administrator),
    Gansu's office (a reviewer) and two Gansu county offices, 永登 and 皋兰."""
    call_command("load_regions", "陕西省", "甘肃省", "--depth", "county", "--nation", "全国",
                 stdout=StringIO())  # fmt: skip
    nation = Region.objects.get(level=RegionLevel.NATION)
    gansu = Region.objects.get(code="620000")
    national_office = UnitFactory(name="国家乡村振兴局", region=nation)
    gansu_office = UnitFactory(name="甘肃省扶贫开发办公室", region=gansu)
    county_offices = {
        key: UnitFactory(
            name=name, region=Region.objects.get(code=code), kind=UnitKind.POVERTY_OFFICE
        )
        for key, name, code in [
            ("yongdeng", "永登县扶贫开发局", "620121"),
            ("gaolan", "皋兰县扶贫开发局", "620122"),
        ]
    }
    return {
        "nation": nation,
        "gansu": gansu,
        "shaanxi": world.province,
        "national_office": national_office,
        "gansu_office": gansu_office,
        **county_offices,
        "national_reviewer": person("national_reviewer", national_office, Role.REVIEWER),
        "national_admin": person("national_admin", national_office, Role.ADMIN),
        "gansu_reviewer": person("gansu_reviewer", gansu_office, Role.REVIEWER),
    }
