"""The unit list: only the units in the person's part of the tree, with filters and pages."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from pytest_django.asserts import assertRedirects

from portal.models import UnitKind
from tests.factories import UnitFactory

URL = reverse("unit-list")


def listed(response) -> set[int]:
    """Ids of the units whose rows the page shows."""
    html = response.content.decode()
    table = html[html.index("<tbody>") : html.index("</tbody>")]
    return {int(pk) for pk in re.findall(r'href="/units/(\d+)/"', table)}


def ids(*units) -> set[int]:
    return {unit.pk for unit in units}


def test_anonymous_is_sent_to_login(client, db):
    response = client.get(URL)
    assertRedirects(response, f"{reverse('login')}?next={URL}", fetch_redirect_response=False)


def test_post_is_not_allowed(world, client_for):
    assert client_for(world.city_reviewer).post(URL).status_code == 405


@pytest.mark.parametrize(
    ("who", "expected"),
    [
        ("reporter", ["yanchang_bureau"]),
        ("approver", ["yanchang_bureau"]),
        ("outsider_reporter", ["jingbian_bureau"]),
        (
            "city_reviewer",
            ["yanan_office", "yanchang_bureau", "yanchang_propaganda", "yanchuan_bureau"],
        ),
        ("other_city_reviewer", ["yulin_office", "jingbian_bureau"]),
        (
            "province_admin",
            [
                "province_office",
                "yanan_office",
                "yanchang_bureau",
                "yanchang_propaganda",
                "yanchuan_bureau",
                "yulin_office",
                "jingbian_bureau",
            ],
        ),
        ("nobody", []),
    ],
)
def test_rows_are_scoped(world, client_for, who, expected):
    response = client_for(getattr(world, who)).get(URL)
    assert response.status_code == 200
    assert listed(response) == ids(*(getattr(world, name) for name in expected))


def test_rows_are_in_tree_order(world, client_for):
    response = client_for(world.city_reviewer).get(URL)
    names = [unit.name for unit in response.context["page"]]
    assert names[0] == world.yanan_office.name
    assert names.index(world.yanchang_bureau.name) < names.index(world.yanchuan_bureau.name)


def test_inactive_units_are_not_listed(world, client_for):
    world.yanchang_propaganda.is_active = False
    world.yanchang_propaganda.save()
    response = client_for(world.city_reviewer).get(URL)
    assert world.yanchang_propaganda.pk not in listed(response)


def test_filter_by_region(world, client_for):
    client = client_for(world.city_reviewer)
    response = client.get(URL, {"region": world.yanchang.pk})
    assert listed(response) == ids(world.yanchang_bureau, world.yanchang_propaganda)
    response = client.get(URL, {"region": world.yanan.pk})
    assert len(listed(response)) == 4


def test_filter_by_region_takes_the_whole_subtree(world, client_for):
    township_unit = UnitFactory(name="七里村街道办事处", region=world.qilicun)
    response = client_for(world.province_admin).get(URL, {"region": world.yanchang.pk})
    assert listed(response) == ids(world.yanchang_bureau, world.yanchang_propaganda, township_unit)


def test_filter_by_kind(world, client_for):
    response = client_for(world.province_admin).get(URL, {"kind": UnitKind.PROPAGANDA})
    assert listed(response) == ids(world.yanchang_propaganda)


def test_filter_by_text_matches_unit_and_region_names(world, client_for):
    client = client_for(world.province_admin)
    assert listed(client.get(URL, {"q": "宣传部"})) == ids(world.yanchang_propaganda)
    # "延川" is in the region's name and in the unit's name.
    assert listed(client.get(URL, {"q": "延川"})) == ids(world.yanchuan_bureau)
    # "榆林" names the city: its office, and 靖边县's bureau only through its own region.
    assert listed(client.get(URL, {"q": "榆林"})) == ids(world.yulin_office)


def test_filters_combine(world, client_for):
    response = client_for(world.province_admin).get(
        URL, {"region": world.yanan.pk, "kind": UnitKind.POVERTY_OFFICE, "q": "延长"}
    )
    assert listed(response) == ids(world.yanchang_bureau)


def test_no_match_says_so(world, client_for):
    response = client_for(world.province_admin).get(URL, {"q": "不存在的单位"})
    assert listed(response) == set()
    assert response.context["page"].paginator.count == 0


def test_region_choices_are_scoped(world, client_for):
    response = client_for(world.city_reviewer).get(URL)
    choices = set(response.context["form"].fields["region"].queryset)
    assert choices == {world.yanan, world.yanchang, world.yanchuan}
    html = response.content.decode()
    assert f'value="{world.yulin.pk}"' not in html
    assert f'value="{world.jingbian.pk}"' not in html


@pytest.mark.parametrize(
    ("who", "foreign_region"),
    [
        ("reporter", "yulin"),
        ("reporter", "yanan"),
        ("reporter", "province"),
        ("reporter", "yanchuan"),
        ("city_reviewer", "yulin"),
        ("city_reviewer", "province"),
        ("other_city_reviewer", "yanan"),
    ],
)
def test_a_foreign_region_cannot_widen_the_scope(world, client_for, who, foreign_region):
    user = getattr(world, who)
    client = client_for(user)
    own = listed(client.get(URL))
    response = client.get(URL, {"region": getattr(world, foreign_region).pk})
    assert response.status_code == 200
    # The form refuses the region, and the list stays what the person may see anyway.
    assert "region" in response.context["form"].errors
    assert listed(response) <= own


def test_a_nonsense_region_is_refused(world, client_for):
    response = client_for(world.city_reviewer).get(URL, {"region": "abc"})
    assert response.status_code == 200
    assert "region" in response.context["form"].errors


@pytest.fixture
def many_units(world):
    return [
        UnitFactory(
            name=f"延川县帮扶单位{i:03d}", region=world.yanchuan, kind=UnitKind.HELPING_UNIT
        )
        for i in range(60)
    ]


def test_pagination(world, client_for, many_units):
    client = client_for(world.city_reviewer)
    first = client.get(URL)
    second = client.get(URL, {"page": 2})
    assert len(listed(first)) == 50
    assert len(listed(second)) == 64 - 50
    assert listed(first).isdisjoint(listed(second))
    assert listed(first) | listed(second) == ids(
        world.yanan_office,
        world.yanchang_bureau,
        world.yanchang_propaganda,
        world.yanchuan_bureau,
        *many_units,
    )
    assert 'href="?page=2"' in first.content.decode()
    assert 'href="?page=1"' in second.content.decode()


def test_pagination_keeps_the_filters(world, client_for, many_units):
    response = client_for(world.city_reviewer).get(URL, {"kind": UnitKind.HELPING_UNIT})
    assert len(listed(response)) == 50
    assert 'href="?kind=helping_unit&amp;page=2"' in response.content.decode()
    second = client_for(world.city_reviewer).get(URL, {"kind": UnitKind.HELPING_UNIT, "page": 2})
    assert listed(second) <= ids(*many_units)
    assert len(listed(second)) == 10


def test_a_page_past_the_end_shows_the_last(world, client_for, many_units):
    response = client_for(world.city_reviewer).get(URL, {"page": 99})
    assert response.status_code == 200
    assert response.context["page"].number == 2


def test_other_reviewers_pages_hold_none_of_these_units(world, client_for, many_units):
    response = client_for(world.other_city_reviewer).get(URL, {"page": 2})
    assert listed(response) == ids(world.yulin_office, world.jingbian_bureau)


def _list_queries(client, **params) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(URL, params).status_code == 200
    return len(queries)


def _add_units(world, start: int, stop: int):
    regions = [world.yanchang, world.yanchuan, world.jingbian, world.qilicun, world.yanan]
    for i in range(start, stop):
        UnitFactory(name=f"测试单位{i}", region=regions[i % len(regions)])


@pytest.mark.parametrize("who", ["province_admin", "city_reviewer", "reporter"])
def test_queries_stay_flat_as_units_grow(world, client_for, who):
    client = client_for(getattr(world, who))
    _list_queries(client)  # the session settles on the first request
    _add_units(world, 0, 4)
    few = _list_queries(client)
    few_filtered = _list_queries(client, region=world.yanchang.pk, q="测试")
    _add_units(world, 4, 40)
    assert _list_queries(client) == few
    assert _list_queries(client, region=world.yanchang.pk, q="测试") == few_filtered
