"""A judge saves their scores of one nomination."""

from decimal import Decimal

import pytest
from django.urls import reverse
from pytest_django.asserts import assertRedirects

from awards.models import Score
from tests.awards.conftest import qualified_work


def url(nomination):
    return reverse("awards:score", args=[nomination.pk])


def values(aw, *numbers):
    return {f"c{c.pk}": n for c, n in zip(aw.criteria, numbers, strict=True)}


@pytest.fixture
def county_work(world, aw):
    return qualified_work(world, aw)


def test_anonymous_is_sent_to_login(client, county_work):
    assertRedirects(client.post(url(county_work)), f"{reverse('login')}?next={url(county_work)}")


def test_judge_scores(world, aw, client_for, county_work):
    response = client_for(world.city_reviewer).post(url(county_work), values(aw, 90, 80))
    assertRedirects(
        response,
        reverse("awards:judging", args=[aw.programme.pk]) + f"#n{county_work.pk}",
        fetch_redirect_response=False,
    )
    assert sorted(Score.objects.values_list("value", flat=True)) == [Decimal(80), Decimal(90)]


def test_rescoring_replaces(world, aw, client_for, county_work):
    client = client_for(world.city_reviewer)
    client.post(url(county_work), values(aw, 90, 80))
    client.post(url(county_work), values(aw, 70, 60))
    assert sorted(Score.objects.values_list("value", flat=True)) == [Decimal(60), Decimal(70)]


def test_out_of_range_is_refused(world, aw, client_for, county_work):
    client_for(world.city_reviewer).post(url(county_work), values(aw, 120, 80))
    assert not Score.objects.exists()


def test_missing_criterion_is_refused(world, aw, client_for, county_work):
    client_for(world.city_reviewer).post(url(county_work), {f"c{aw.criteria[0].pk}": 80})
    assert not Score.objects.exists()


def test_own_units_nomination_is_404_for_the_judge(world, aw, client_for):
    own = qualified_work(world, aw, unit=world.yanan_office)
    assert client_for(world.city_reviewer).post(url(own), values(aw, 90, 90)).status_code == 404
    assert not Score.objects.exists()


@pytest.mark.parametrize("who", ["reporter", "province_admin", "outsider_reporter"])
def test_non_judges_get_404(world, aw, client_for, county_work, who):
    response = client_for(getattr(world, who)).post(url(county_work), values(aw, 90, 80))
    assert response.status_code == 404
    assert not Score.objects.exists()


def test_get_is_not_allowed(world, aw, client_for, county_work):
    assert client_for(world.city_reviewer).get(url(county_work)).status_code == 405
