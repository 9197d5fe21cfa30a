"""Candidates proposed by the annual assessment's ranking."""

import pytest
from django.urls import reverse
from pytest_django.asserts import assertRedirects

from tests.awards.assessment import adopted_year


def url(aw, year=2026):
    return reverse("awards:candidates", args=[aw.programme.pk]) + f"?year={year}"


def test_anonymous_is_sent_to_login(client, aw):
    response = client.get(url(aw))
    assertRedirects(
        response, f"{reverse('login')}?next={url(aw).replace('?', '%3F').replace('=', '%3D')}"
    )


def test_ranked_units_and_people_are_offered(world, aw, client_for):
    adopted_year(world)
    response = client_for(world.province_admin).get(url(aw))
    assert response.status_code == 200
    units = response.context["units"]
    assert units[0].unit == world.yanchang_bureau
    assert units[0].rank == 1 and units[0].adopted == 3
    assert [p.user_id for p in response.context["people"]] == [world.reporter.pk]
    assert f'data-testid="nominate-unit-{world.yanchang_bureau.pk}"'.encode() in response.content
    assert f'data-testid="nominate-person-{world.reporter.pk}"'.encode() in response.content


def test_a_reporter_sees_the_page_but_no_ranking_beyond_their_reach(world, aw, client_for):
    adopted_year(world)
    response = client_for(world.reporter).get(url(aw))
    assert response.status_code == 200
    assert response.context["units"] == []


@pytest.mark.parametrize("who", ["approver", "city_reviewer"])
def test_involved_non_filers_are_forbidden(world, aw, client_for, who):
    assert client_for(getattr(world, who)).get(url(aw)).status_code == 403


def test_outsiders_get_404(world, aw, client_for):
    assert client_for(world.outsider_reporter).get(url(aw)).status_code == 404


def test_post_is_not_allowed(world, aw, client_for):
    assert client_for(world.province_admin).post(url(aw)).status_code == 405
