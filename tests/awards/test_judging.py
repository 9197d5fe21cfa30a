"""The judge's page: their categories' qualified nominations, never their own unit's."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from pytest_django.asserts import assertRedirects

from tests.awards.conftest import file_work, qualified_work, score_all


def url(aw):
    return reverse("awards:judging", args=[aw.programme.pk])


def shown(response):
    return [row.nomination.pk for row in response.context["rows"]]


def test_anonymous_is_sent_to_login(client, aw):
    assertRedirects(client.get(url(aw)), f"{reverse('login')}?next={url(aw)}")


def test_a_judge_never_sees_their_own_units_nomination(world, aw, client_for):
    county = qualified_work(world, aw, title="县局作品")
    city = qualified_work(world, aw, unit=world.yanan_office, title="市办作品")
    city_judge = client_for(world.city_reviewer).get(url(aw))
    assert shown(city_judge) == [county.pk]
    assert "市办作品" not in city_judge.content.decode()
    province_judge = client_for(world.province_reviewer).get(url(aw))
    assert shown(province_judge) == [county.pk, city.pk]


def test_nominee_from_the_judges_unit_is_also_recused(world, aw, client_for):
    # Filed by the county, but the author works at the judge's own city office.
    qualified_work(world, aw, nominee_unit=world.yanan_office)
    assert shown(client_for(world.city_reviewer).get(url(aw))) == []


def test_contest_works_are_judged_without_the_authors_name(world, aw, client_for):
    qualified_work(world, aw, author="刘志刚", title="一条硬化路")
    content = client_for(world.province_reviewer).get(url(aw)).content.decode()
    assert "一条硬化路" in content
    assert "刘志刚" not in content
    assert "延长县扶贫开发局" not in content


def test_names_show_when_the_programme_is_not_anonymous(world, aw, client_for):
    aw.programme.anonymous_judging = False
    aw.programme.save()
    qualified_work(world, aw, author="刘志刚")
    assert "刘志刚" in client_for(world.province_reviewer).get(url(aw)).content.decode()


def test_only_qualified_nominations_are_shown(world, aw, client_for):
    file_work(world, aw)
    assert shown(client_for(world.province_reviewer).get(url(aw))) == []


def test_query_count_is_flat(world, aw, client_for):
    client = client_for(world.province_reviewer)
    qualified_work(world, aw, title="甲")
    with CaptureQueriesContext(connection) as few:
        client.get(url(aw))
    for n in range(2):
        nomination = qualified_work(world, aw, unit=world.yanchuan_bureau, title=f"乙{n}")
        score_all(aw, nomination, world.province_reviewer, 80)
    with CaptureQueriesContext(connection) as many:
        response = client.get(url(aw))
    assert len(response.context["rows"]) == 3
    assert len(many) == len(few)


@pytest.mark.parametrize("who", ["reporter", "approver", "province_admin"])
def test_non_judges_are_forbidden(world, aw, client_for, who):
    assert client_for(getattr(world, who)).get(url(aw)).status_code == 403


def test_outsiders_get_404(world, aw, client_for):
    assert client_for(world.outsider_reporter).get(url(aw)).status_code == 404


def test_post_is_not_allowed(world, aw, client_for):
    assert client_for(world.city_reviewer).post(url(aw)).status_code == 405
