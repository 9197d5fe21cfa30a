"""Who sees which units: every role against every level of the shared world tree."""

import pytest
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet

from portal.models import Attachment, Membership, Region, Role, Unit, User
from portal.scoping import (
    has_role,
    require_role,
    roles_of,
    scope_queryset,
    visible_regions,
    visible_units,
)
from tests.factories import MembershipFactory, UnitFactory, UserFactory

ALL_UNITS = {
    "province_office",
    "yanan_office",
    "yanchang_bureau",
    "yanchang_propaganda",
    "yanchuan_bureau",
    "yulin_office",
    "jingbian_bureau",
}

# What each person of the shared world may see, by the fixture's attribute names.
EXPECTED_UNITS = {
    "reporter": {"yanchang_bureau"},
    "approver": {"yanchang_bureau"},
    "neighbour_reporter": {"yanchuan_bureau"},
    "outsider_reporter": {"jingbian_bureau"},
    "city_reviewer": {"yanan_office", "yanchang_bureau", "yanchang_propaganda", "yanchuan_bureau"},
    "other_city_reviewer": {"yulin_office", "jingbian_bureau"},
    "province_reviewer": ALL_UNITS,
    "province_admin": ALL_UNITS,
    "nobody": set(),
}

EXPECTED_REGIONS = {
    "reporter": {"yanchang"},
    "approver": {"yanchang"},
    "neighbour_reporter": {"yanchuan"},
    "outsider_reporter": {"jingbian"},
    "city_reviewer": {"yanan", "yanchang", "qilicun", "yanchuan"},
    "other_city_reviewer": {"yulin", "jingbian"},
    "province_reviewer": {
        "province",
        "yanan",
        "yanchang",
        "qilicun",
        "yanchuan",
        "yulin",
        "jingbian",
    },
    "province_admin": {
        "province",
        "yanan",
        "yanchang",
        "qilicun",
        "yanchuan",
        "yulin",
        "jingbian",
    },
    "nobody": set(),
}


def fresh(user: User) -> User:
    """The same person loaded again, without the scope cached on the old object."""
    return User.objects.get(pk=user.pk)


def units_of(world, names) -> set[int]:
    return {getattr(world, name).pk for name in names}


def regions_of(world, names) -> set[int]:
    return {getattr(world, name).pk for name in names}


@pytest.fixture
def superuser(db):
    return UserFactory(username="root", is_superuser=True, is_staff=True)


@pytest.mark.parametrize("who", sorted(EXPECTED_UNITS))
def test_visible_units_per_role(world, who):
    user = getattr(world, who)
    units = visible_units(user)
    assert isinstance(units, QuerySet)
    assert set(units.values_list("pk", flat=True)) == units_of(world, EXPECTED_UNITS[who])


@pytest.mark.parametrize("who", sorted(EXPECTED_REGIONS))
def test_visible_regions_per_role(world, who):
    user = getattr(world, who)
    regions = visible_regions(user)
    assert isinstance(regions, QuerySet)
    assert set(regions.values_list("pk", flat=True)) == regions_of(world, EXPECTED_REGIONS[who])


def test_city_reviewer_does_not_see_the_other_city(world):
    visible = set(visible_units(world.city_reviewer))
    assert world.yanchang_bureau in visible
    assert world.yulin_office not in visible
    assert world.jingbian_bureau not in visible
    assert world.province_office not in visible


def test_city_reviewer_sees_units_down_to_townships(world):
    township_unit = UnitFactory(name="七里村街道便民服务中心", region=world.qilicun)
    assert township_unit in visible_units(world.city_reviewer)
    assert township_unit in visible_units(world.province_reviewer)
    # A county reporter reaches their own unit only, not the units below their county.
    assert township_unit not in visible_units(world.reporter)
    assert township_unit not in visible_units(world.other_city_reviewer)


def test_superuser_sees_everything(world, superuser):
    assert set(visible_units(superuser)) == set(Unit.objects.all())
    assert set(visible_regions(superuser)) == set(Region.objects.all())
    assert roles_of(superuser) == set(Role.values)


def test_inactive_user_sees_nothing(world):
    for who in ("reporter", "city_reviewer", "province_admin"):
        user = getattr(world, who)
        user.is_active = False
        user.save()
        user = fresh(user)
        assert not visible_units(user).exists()
        assert not visible_regions(user).exists()
        assert roles_of(user) == set()
        assert not has_role(user, Role.REPORTER)


def test_inactive_superuser_sees_nothing(db):
    user = UserFactory(username="retired_root", is_superuser=True, is_active=False)
    assert not visible_units(user).exists()
    assert roles_of(user) == set()


def test_user_without_memberships_sees_nothing(world):
    assert not visible_units(world.nobody).exists()
    assert not visible_regions(world.nobody).exists()
    assert not scope_queryset(Membership.objects.all(), world.nobody).exists()
    assert roles_of(world.nobody) == set()
    assert not has_role(world.nobody, Role.REPORTER)


def test_anonymous_user_sees_nothing(world):
    from django.contrib.auth.models import AnonymousUser

    anonymous = AnonymousUser()
    assert not visible_units(anonymous).exists()
    assert not visible_regions(anonymous).exists()
    assert not has_role(anonymous, Role.REPORTER)


def test_inactive_unit_drops_out_for_the_reviewers_above_it(world):
    world.yanchang_propaganda.is_active = False
    world.yanchang_propaganda.save()
    assert world.yanchang_propaganda not in visible_units(fresh(world.city_reviewer))
    assert world.yanchang_propaganda not in visible_units(fresh(world.province_admin))
    assert not has_role(fresh(world.city_reviewer), Role.REVIEWER, world.yanchang_propaganda)
    # Its old records stay reachable for the reviewers above it.
    record = _attachment(world.yanchang_propaganda, world.reporter, "old.pdf")
    assert record in scope_queryset(Attachment.objects.all(), fresh(world.city_reviewer))


def test_members_of_an_inactive_unit_lose_their_reach(world):
    world.yanchang_bureau.is_active = False
    world.yanchang_bureau.save()
    reporter = fresh(world.reporter)
    assert not visible_units(reporter).exists()
    assert not visible_regions(reporter).exists()
    assert roles_of(reporter) == set()
    assert not has_role(reporter, Role.REPORTER, world.yanchang_bureau)

    # A city office that is wound up takes its reviewer's reach over the counties with it.
    world.yanan_office.is_active = False
    world.yanan_office.save()
    assert not visible_units(fresh(world.city_reviewer)).exists()


def test_memberships_in_two_places_add_up(world):
    MembershipFactory(user=world.reporter, unit=world.yulin_office, role=Role.REVIEWER)
    reporter = fresh(world.reporter)
    assert set(visible_units(reporter).values_list("pk", flat=True)) == units_of(
        world, {"yanchang_bureau", "yulin_office", "jingbian_bureau"}
    )


def test_reviewer_at_province_and_city_is_not_duplicated(world):
    MembershipFactory(user=world.province_reviewer, unit=world.yanan_office, role=Role.REVIEWER)
    units = list(visible_units(fresh(world.province_reviewer)))
    assert len(units) == len(set(units)) == Unit.objects.count()


def test_roles_filter_narrows_the_scope(world):
    admin = world.province_admin
    assert visible_units(admin, roles=[Role.ADMIN]).count() == 7
    assert not visible_units(admin, roles=[Role.REPORTER]).exists()
    # The city reviewer reaches the counties as a reviewer, but holds no admin role.
    assert not visible_units(world.city_reviewer, roles=[Role.ADMIN]).exists()
    assert visible_units(world.city_reviewer, roles=[Role.REVIEWER]).count() == 4


def test_scope_queryset_over_memberships(world):
    memberships = scope_queryset(Membership.objects.all(), world.city_reviewer)
    assert isinstance(memberships, QuerySet)
    assert set(memberships.values_list("user__username", flat=True)) == {
        "reporter",
        "approver",
        "neighbour",
        "city_reviewer",
    }
    assert set(
        scope_queryset(Membership.objects.all(), world.reporter).values_list(
            "user__username", flat=True
        )
    ) == {"reporter", "approver"}


def _attachment(unit, user, name):
    return Attachment.objects.create(
        unit=unit,
        file=f"attachments/test/{name}",
        original_name=name,
        content_type="application/pdf",
        size=1,
        uploaded_by=user,
    )


def test_scope_queryset_over_attachments(world):
    own = _attachment(world.yanchang_bureau, world.reporter, "own.pdf")
    neighbour = _attachment(world.yanchuan_bureau, world.neighbour_reporter, "neighbour.pdf")
    far = _attachment(world.jingbian_bureau, world.outsider_reporter, "far.pdf")

    def visible(user):
        return set(scope_queryset(Attachment.objects.all(), user))

    assert visible(world.reporter) == {own}
    assert visible(world.approver) == {own}
    assert visible(world.neighbour_reporter) == {neighbour}
    assert visible(world.city_reviewer) == {own, neighbour}
    assert visible(world.other_city_reviewer) == {far}
    assert visible(world.province_reviewer) == {own, neighbour, far}
    assert visible(world.nobody) == set()


def test_scope_queryset_through_a_custom_unit_field(world):
    # Memberships reached from the user side: the people whose unit the reviewer oversees.
    people = scope_queryset(
        User.objects.all(), world.other_city_reviewer, unit_field="memberships__unit"
    ).distinct()
    assert set(people.values_list("username", flat=True)) == {"outsider", "yulin_reviewer"}


def test_has_role(world, superuser):
    assert has_role(world.reporter, Role.REPORTER)
    assert has_role(world.reporter, Role.REPORTER, world.yanchang_bureau)
    assert not has_role(world.reporter, Role.REPORTER, world.yanchuan_bureau)
    assert not has_role(world.reporter, Role.APPROVER, world.yanchang_bureau)
    assert not has_role(world.reporter, Role.REVIEWER)
    assert has_role(world.approver, Role.APPROVER, world.yanchang_bureau)

    assert has_role(world.city_reviewer, Role.REVIEWER, world.yanchang_bureau)
    assert has_role(world.city_reviewer, Role.REVIEWER, world.yanan_office)
    assert not has_role(world.city_reviewer, Role.REVIEWER, world.jingbian_bureau)
    assert not has_role(world.city_reviewer, Role.REVIEWER, world.province_office)
    assert not has_role(world.city_reviewer, Role.ADMIN)

    assert has_role(world.province_admin, Role.ADMIN, world.jingbian_bureau)
    assert has_role(world.province_admin, Role.REVIEWER, world.yanchang_bureau)
    assert not has_role(world.province_reviewer, Role.ADMIN, world.yanchang_bureau)

    assert has_role(superuser, Role.ADMIN, world.jingbian_bureau)
    assert not has_role(world.nobody, Role.REPORTER)


def test_require_role(world):
    require_role(world.city_reviewer, Role.REVIEWER, world.yanchuan_bureau)
    with pytest.raises(PermissionDenied):
        require_role(world.reporter, Role.REVIEWER, world.yanchang_bureau)
    with pytest.raises(PermissionDenied):
        require_role(world.other_city_reviewer, Role.REVIEWER, world.yanchang_bureau)
    with pytest.raises(PermissionDenied):
        require_role(world.nobody, Role.REPORTER)


def test_roles_of(world):
    assert roles_of(world.reporter) == {Role.REPORTER}
    assert roles_of(world.province_admin) == {Role.ADMIN, Role.REVIEWER}
    assert roles_of(world.nobody) == set()


def test_scopes_are_sql_filters(world):
    sql = str(visible_units(world.city_reviewer).query)
    assert "LIKE" in sql.upper()
    assert world.yanan.path in sql
    sql = str(visible_regions(world.city_reviewer).query)
    assert "LIKE" in sql.upper()
    sql = str(scope_queryset(Attachment.objects.all(), world.city_reviewer).query)
    assert "LIKE" in sql.upper()
    # A reporter's scope is their unit's id, not a subtree.
    sql = str(visible_units(world.reporter).query)
    assert "LIKE" not in sql.upper()
    assert f"IN ({world.yanchang_bureau.pk})" in sql


@pytest.mark.parametrize("who", ["reporter", "city_reviewer", "province_admin", "nobody"])
def test_visible_units_costs_at_most_two_queries(world, who, django_assert_max_num_queries):
    user = fresh(getattr(world, who))
    with django_assert_max_num_queries(2):
        list(visible_units(user))
    # The scope is remembered on the user for the rest of the request.
    with django_assert_max_num_queries(1):
        list(visible_units(user))
