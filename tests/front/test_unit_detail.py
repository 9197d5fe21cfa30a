"""A unit's page: its place in the tree and its people, for those whose scope reaches it."""

import pytest
from django.urls import reverse
from django.utils import translation
from pytest_django.asserts import assertContains, assertNotContains, assertRedirects

from portal.models import Role
from tests.factories import UserFactory


def url(unit) -> str:
    return reverse("unit-detail", args=[unit.pk])


def test_anonymous_is_sent_to_login(world, client):
    target = url(world.yanchang_bureau)
    response = client.get(target)
    assertRedirects(response, f"{reverse('login')}?next={target}", fetch_redirect_response=False)


def test_post_is_not_allowed(world, client_for):
    assert client_for(world.reporter).post(url(world.yanchang_bureau)).status_code == 405


def test_own_unit_shows_its_place_and_people(world, client_for):
    response = client_for(world.reporter).get(url(world.yanchang_bureau))
    assert response.status_code == 200
    assertContains(response, f'<h1 class="h3">{world.yanchang_bureau.name}</h1>', html=True)
    for region in (world.province, world.yanan, world.yanchang):
        assertContains(response, f'<li class="breadcrumb-item">{region.name}</li>', html=True)
    assertContains(response, world.yanchang.code)
    with translation.override("zh-hans"):
        reporter_label, approver_label = str(Role.REPORTER.label), str(Role.APPROVER.label)
    assertContains(response, f"<tr><td>王小燕</td><td>{reporter_label}</td></tr>", html=True)
    assertContains(response, f"<tr><td>李建国</td><td>{approver_label}</td></tr>", html=True)
    # People of other units are not listed here.
    assertNotContains(response, world.neighbour_reporter.get_full_name())


def test_inactive_people_are_not_listed(world, client_for):
    world.approver.is_active = False
    world.approver.save()
    response = client_for(world.reporter).get(url(world.yanchang_bureau))
    assertNotContains(response, "李建国")


@pytest.mark.parametrize(
    ("who", "allowed"),
    [
        ("reporter", {"yanchang_bureau"}),
        ("approver", {"yanchang_bureau"}),
        ("neighbour_reporter", {"yanchuan_bureau"}),
        (
            "city_reviewer",
            {"yanan_office", "yanchang_bureau", "yanchang_propaganda", "yanchuan_bureau"},
        ),
        ("other_city_reviewer", {"yulin_office", "jingbian_bureau"}),
        (
            "province_reviewer",
            {
                "province_office",
                "yanan_office",
                "yanchang_bureau",
                "yanchang_propaganda",
                "yanchuan_bureau",
                "yulin_office",
                "jingbian_bureau",
            },
        ),
        ("nobody", set()),
    ],
)
def test_every_unit_id_answers_200_or_404(world, client_for, who, allowed):
    client = client_for(getattr(world, who))
    for name in (
        "province_office",
        "yanan_office",
        "yanchang_bureau",
        "yanchang_propaganda",
        "yanchuan_bureau",
        "yulin_office",
        "jingbian_bureau",
    ):
        response = client.get(url(getattr(world, name)))
        assert response.status_code == (200 if name in allowed else 404), name


def test_reporter_gets_404_for_the_colleague_unit_in_the_same_county(world, client_for):
    # Same county, same region: still not their unit.
    response = client_for(world.reporter).get(url(world.yanchang_propaganda))
    assert response.status_code == 404


def test_reviewer_above_sees_the_county_unit(world, client_for):
    response = client_for(world.city_reviewer).get(url(world.yanchang_bureau))
    assert response.status_code == 200
    assertContains(response, "王小燕")


def test_other_citys_reviewer_gets_404(world, client_for):
    response = client_for(world.other_city_reviewer).get(url(world.yanchang_bureau))
    assert response.status_code == 404
    assertNotContains(response, world.yanchang_bureau.name, status_code=404)


def test_superuser_sees_any_unit(world, client_for):
    root = UserFactory(username="root", is_superuser=True, is_staff=True)
    assert client_for(root).get(url(world.jingbian_bureau)).status_code == 200


def test_unknown_id_is_404(world, client_for):
    response = client_for(world.province_admin).get(reverse("unit-detail", args=[999_999]))
    assert response.status_code == 404


def test_inactive_unit_is_404(world, client_for):
    world.yanchang_bureau.is_active = False
    world.yanchang_bureau.save()
    assert client_for(world.city_reviewer).get(url(world.yanchang_bureau)).status_code == 404
    assert client_for(world.reporter).get(url(world.yanchang_bureau)).status_code == 404


def test_detail_query_count_is_small(world, client_for, django_assert_max_num_queries):
    client = client_for(world.city_reviewer)
    client.get(url(world.yanchang_bureau))
    # session, user, scope, unit, ancestors, members, menu roles, awards won, the bell's count.
    with django_assert_max_num_queries(10):
        client.get(url(world.yanchang_bureau))
