"""The demo data command: idempotent, with the seven demo accounts from the README."""

from io import StringIO

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command

from portal.models import SEPARATED_ROLES, Membership, Region, Role, Unit, User
from portal.scoping import visible_units
from tests.demo_data import seeded_once

ACCOUNTS = [
    "county_reporter",
    "county_approver",
    "city_reviewer",
    "province_reviewer",
    "province_admin",
    "security_admin",
    "audit_admin",
]


def _seed(**options):
    out = StringIO()
    call_command("seed_demo", stdout=out, **options)
    return out.getvalue()


def _counts():
    return {
        model.__name__: model.objects.count() for model in (Region, Unit, User, Membership, Group)
    }


# Seeded once for the module; what a test changes (seeding again) is rolled back after it.
demo_data = seeded_once()


@pytest.fixture
def seeded(demo_data, db):
    """The module's demo data, inside this test's savepoint: seed_demo's output."""
    return demo_data.value


def test_running_twice_creates_the_same_data(seeded):
    first = _counts()
    assert first["Region"] > 40 and first["Unit"] > 30

    _seed()

    assert _counts() == first


def test_the_seven_accounts_exist_with_the_demo_password(seeded):
    users = User.objects.filter(username__in=ACCOUNTS)
    assert sorted(u.username for u in users) == sorted(ACCOUNTS)
    for user in users:
        assert user.check_password("Demo@2026"), user.username
        assert user.is_active
        assert user.email == f"{user.username}@example.gov.cn"


def test_password_option_sets_every_demo_password(seeded):
    output = _seed(password="Yanan#Demo2027")

    assert "Yanan#Demo2027" in output
    for user in User.objects.filter(username__in=ACCOUNTS):
        assert user.check_password("Yanan#Demo2027")
        assert not user.check_password("Demo@2026")
    # The donation demo's township, helping-unit and caring-person accounts follow it too.
    caring = User.objects.get(username="caring_person")
    assert caring.check_password("Yanan#Demo2027")


def test_accounts_have_their_roles(seeded):
    def roles(username):
        return {
            (m.unit.name, m.role)
            for m in Membership.objects.filter(user__username=username).select_related("unit")
        }

    assert roles("county_reporter") == {("延长县扶贫开发局", Role.REPORTER)}
    assert roles("county_approver") == {("延长县扶贫开发局", Role.APPROVER)}
    assert roles("city_reviewer") == {("延安市扶贫开发办公室", Role.REVIEWER)}
    assert roles("province_reviewer") == {("陕西省扶贫开发办公室", Role.REVIEWER)}
    assert roles("province_admin") == {
        ("陕西省扶贫开发办公室", Role.ADMIN),
        ("陕西省扶贫开发办公室", Role.REVIEWER),
    }
    assert roles("security_admin") == {("陕西省扶贫开发办公室", Role.SECURITY)}
    assert roles("audit_admin") == {("陕西省扶贫开发办公室", Role.AUDITOR)}
    staff = set(User.objects.filter(is_staff=True).values_list("username", flat=True))
    assert staff == {"province_admin"}
    assert not User.objects.filter(is_superuser=True).exists()
    admin = User.objects.get(username="province_admin")
    assert admin.has_perm("portal.add_region") and admin.has_perm("portal.change_membership")


def test_yanchang_sits_under_yanan_under_shaanxi(seeded):
    yanchang = Region.objects.get(code="610621")
    assert yanchang.name == "延长县"
    assert (yanchang.parent.code, yanchang.parent.name) == ("610600", "延安市")
    assert (yanchang.parent.parent.code, yanchang.parent.parent.name) == ("610000", "陕西省")
    assert yanchang.parent.parent.parent is None
    assert [r.code for r in yanchang.ancestors()] == ["610000", "610600", "610621"]
    # Its townships and villages hang below it, without codes.
    assert yanchang.subtree().filter(level="village").count() == 14


def test_city_reviewer_scope_is_yanan(seeded):
    reviewer = User.objects.get(username="city_reviewer")
    names = set(visible_units(reviewer).values_list("name", flat=True))

    assert {
        "延长县扶贫开发局",
        "延长县融媒体中心",
        "延安市扶贫开发办公室",
        "宝塔区扶贫开发局",
    } <= names
    assert "西安市扶贫开发办公室" not in names
    assert "临潼区扶贫开发局" not in names
    assert "陕西省扶贫开发办公室" not in names
    assert not any(name.startswith("榆林") for name in names)


def test_county_reporter_scope_is_their_bureau(seeded):
    reporter = User.objects.get(username="county_reporter")
    assert list(visible_units(reporter).values_list("name", flat=True)) == ["延长县扶贫开发局"]


def test_the_three_administrators_are_three_people(seeded):
    """Separation of duties (三权分立): each of the system, security and audit administrator
    roles is held, and nobody holds two of them."""
    separated = Membership.objects.filter(role__in=SEPARATED_ROLES)
    holders = {}
    for user_id, role in separated.values_list("user_id", "role"):
        holders.setdefault(user_id, set()).add(role)
    assert all(len(roles) == 1 for roles in holders.values())
    assert set().union(*holders.values()) == SEPARATED_ROLES
    for username in ("security_admin", "audit_admin"):
        officer = User.objects.get(username=username)
        assert not officer.is_staff and not officer.groups.exists()
