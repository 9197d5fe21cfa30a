"""Winners show on their unit's page once the list is final."""

from django.urls import reverse


def test_the_winning_unit_page_lists_its_awards(world, client_for, final):
    response = client_for(world.reporter).get(
        reverse("unit-detail", args=[world.yanchang_bureau.pk])
    )
    assert response.status_code == 200
    assert b'data-testid="unit-awards"' in response.content
    content = response.content.decode()
    assert "一条硬化路" in content and "一等奖" in content and "优秀组织奖" in content


def test_nothing_shows_while_on_notice(world, client_for, published):
    response = client_for(world.reporter).get(
        reverse("unit-detail", args=[world.yanchang_bureau.pk])
    )
    assert b'data-testid="unit-awards"' not in response.content


def test_other_units_show_none(world, client_for, final):
    response = client_for(world.neighbour_reporter).get(
        reverse("unit-detail", args=[world.yanchuan_bureau.pk])
    )
    assert b'data-testid="unit-awards"' not in response.content
