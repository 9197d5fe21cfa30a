"""Demo data drawn from the planning documents: Shaanxi province, Yan'an city, Yanchang county.

Idempotent: regions are matched by code (or by name under their parent), units by
name in their region, people by user name. Running it again changes nothing but the
demo passwords, which it sets to --password.
"""

from django.contrib.auth.models import Group, Permission
from django.core.management.base import BaseCommand
from django.db import connection, transaction
from django.db.models import Q

from awards.demo import seed as seed_awards
from campaigns.demo import seed as seed_campaigns
from donations.demo import seed as seed_donations
from portal.models import Region, RegionLevel, Role, Unit, UnitKind, User
from portal.services import membership_grant
from submissions.demo import seed_reports

# Each app seeds its own demo data after the people exist; order matters (awards use campaigns).
APP_SEEDS = [seed_campaigns, seed_awards]

DEFAULT_PASSWORD = "Demo@2026"

# (code, name) per city, and the counties we model in full for Yan'an.
PROVINCE = ("610000", "陕西省")
CITIES = [
    ("610100", "西安市"),
    ("610300", "宝鸡市"),
    ("610600", "延安市"),
    ("610700", "汉中市"),
    ("610800", "榆林市"),
]
COUNTIES = {
    "610600": [
        ("610602", "宝塔区"),
        ("610603", "安塞区"),
        ("610621", "延长县"),
        ("610622", "延川县"),
        ("610625", "志丹县"),
        ("610626", "吴起县"),
        ("610627", "甘泉县"),
        ("610628", "富县"),
        ("610629", "洛川县"),
        ("610630", "宜川县"),
        ("610631", "黄龙县"),
        ("610632", "黄陵县"),
        ("610681", "子长市"),
    ],
    "610800": [
        ("610802", "榆阳区"),
        ("610824", "靖边县"),
        ("610826", "绥德县"),
        ("610831", "子洲县"),
    ],
    "610700": [("610702", "汉台区"), ("610722", "城固县"), ("610729", "留坝县")],
    "610300": [("610302", "渭滨区"), ("610330", "凤县"), ("610331", "太白县")],
    "610100": [("610115", "临潼区"), ("610122", "蓝田县"), ("610124", "周至县")],
}
YANCHANG_TOWNSHIPS = {
    "七里村街道": ["七里村社区", "凉水岸村"],
    "黑家堡镇": ["黑家堡村", "阿青村"],
    "郑庄镇": ["郑庄村", "石头湾村"],
    "张家滩镇": ["张家滩村", "王家川村"],
    "交口镇": ["交口村", "西河子沟村"],
    "雷赤镇": ["雷赤村", "南河沟村"],
    "安沟镇": ["安沟村", "刘家村"],
}

DEMO_PEOPLE = [
    # username, full name, unit key, roles, staff
    ("county_reporter", "王小燕", "yanchang_bureau", [Role.REPORTER], False),
    ("county_approver", "李建国", "yanchang_bureau", [Role.APPROVER], False),
    ("city_reviewer", "张卫东", "yanan_office", [Role.REVIEWER], False),
    ("province_reviewer", "刘丽华", "province_office", [Role.REVIEWER], False),
    ("province_admin", "陈志强", "province_office", [Role.ADMIN, Role.REVIEWER], True),
    # Separation of duties (三权分立): the security and audit administrators are two more
    # people, and not staff of the admin site.
    ("security_admin", "周立新", "province_office", [Role.SECURITY], False),
    ("audit_admin", "吴静", "province_office", [Role.AUDITOR], False),
]


class Command(BaseCommand):
    help = "Create or refresh the demo regions, units and accounts (idempotent)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--password",
            default=DEFAULT_PASSWORD,
            help=f"Password for every demo account (default: {DEFAULT_PASSWORD}).",
        )

    def handle(self, *args, password, **options):
        self._seed(password)
        # The planner's statistics of the tables just filled, which autovacuum would gather
        # only a while later: without them PostgreSQL guesses a row or two per table and an
        # overseer's home page (its dashboard) takes seconds instead of a fraction of one.
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")

    @transaction.atomic
    def _seed(self, password):
        units = self._regions_and_units()
        admin_group = self._admin_group()
        for username, full_name, unit_key, roles, staff in DEMO_PEOPLE:
            user, _ = User.objects.get_or_create(
                username=username,
                defaults={"full_name": full_name, "email": f"{username}@example.gov.cn"},
            )
            user.full_name = full_name
            user.is_staff = staff
            user.set_password(password)
            user.save()
            if staff:
                user.groups.add(admin_group)
            for role in roles:
                membership_grant(user=user, unit=units[unit_key], role=role)
        reports = seed_reports(
            admin=User.objects.get(username="province_admin"),
            reviewer=User.objects.get(username="city_reviewer"),
        )
        summaries = [seed() for seed in APP_SEEDS] + [seed_donations(password=password)]
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo data ready: {Region.objects.count()} regions, {Unit.objects.count()} units, "
                f"{reports} new quarterly reports. "
                + "".join(f"{line} " for line in summaries if line)
                + f"Accounts: {', '.join(p[0] for p in DEMO_PEOPLE)} (password: {password})"
            )
        )

    def _region(self, code, name, level, parent):
        if code:
            region, _ = Region.objects.get_or_create(
                code=code, defaults={"name": name, "level": level, "parent": parent}
            )
        else:
            region, _ = Region.objects.get_or_create(name=name, parent=parent, level=level)
        return region

    def _unit(self, name, kind, region):
        unit, _ = Unit.objects.get_or_create(name=name, region=region, defaults={"kind": kind})
        return unit

    def _regions_and_units(self) -> dict[str, Unit]:
        province = self._region(*PROVINCE, RegionLevel.PROVINCE, None)
        units = {
            "province_office": self._unit(
                "陕西省扶贫开发办公室", UnitKind.POVERTY_OFFICE, province
            ),
        }
        self._unit("陕西省委宣传部", UnitKind.PROPAGANDA, province)
        self._unit("陕西广播电视台", UnitKind.MEDIA, province)
        self._unit("陕西日报社", UnitKind.MEDIA, province)
        for code, name in CITIES:
            city = self._region(code, name, RegionLevel.CITY, province)
            office = self._unit(f"{name}扶贫开发办公室", UnitKind.POVERTY_OFFICE, city)
            self._unit(f"{name[:-1]}市委宣传部", UnitKind.PROPAGANDA, city)
            if code == "610600":
                units["yanan_office"] = office
                self._unit("延安日报社", UnitKind.MEDIA, city)
                self._unit("延安市广播电视台", UnitKind.MEDIA, city)
                self._unit("延长油田股份有限公司", UnitKind.ENTERPRISE, city)
            for county_code, county_name in COUNTIES[code]:
                county = self._region(county_code, county_name, RegionLevel.COUNTY, city)
                bureau = self._unit(f"{county_name}扶贫开发局", UnitKind.POVERTY_OFFICE, county)
                if county_code == "610621":
                    units["yanchang_bureau"] = bureau
                    self._yanchang(county)
        return units

    def _yanchang(self, county):
        self._unit("中共延长县委宣传部", UnitKind.PROPAGANDA, county)
        self._unit("延长县广播电视台", UnitKind.MEDIA, county)
        self._unit("延长县融媒体中心", UnitKind.MEDIA, county)
        self._unit("延长县慈善协会", UnitKind.SOCIAL_ORG, county)
        self._unit("陕西省统计局驻延长县帮扶工作队", UnitKind.HELPING_UNIT, county)
        for township_name, villages in YANCHANG_TOWNSHIPS.items():
            township = self._region(None, township_name, RegionLevel.TOWNSHIP, county)
            for village_name in villages:
                self._region(None, village_name, RegionLevel.VILLAGE, township)

    def _admin_group(self) -> Group:
        """Administrators manage regions, units, people and memberships, the scoring
        rules and deadline extensions in the admin, and may look at reports there."""
        group, _ = Group.objects.get_or_create(name="管理员")
        perms = Permission.objects.filter(
            Q(
                content_type__app_label="portal",
                content_type__model__in=["region", "unit", "user", "membership", "attachment"],
            )
            | Q(
                content_type__app_label="submissions",
                content_type__model__in=["scoringyear", "scoringrule", "deadlineextension"],
            )
            | Q(content_type__app_label="submissions", codename="view_report")
        )
        group.permissions.set(perms)
        return group
