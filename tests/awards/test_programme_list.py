"""The list of programmes a person has to do with."""

import pytest
from django.urls import reverse
from pytest_django.asserts import assertRedirects

URL = reverse("awards:programme-list")


def listed(response):
    return [p.pk for p in response.context["programmes"]]


def test_anonymous_is_sent_to_login(client, aw):
    assertRedirects(client.get(URL), f"{reverse('login')}?next={URL}")


@pytest.mark.parametrize(
    "who", ["province_admin", "reporter", "approver", "city_reviewer", "neighbour_reporter"]
)
def test_people_involved_see_the_programme(world, aw, client_for, who):
    response = client_for(getattr(world, who)).get(URL)
    assert response.status_code == 200
    assert listed(response) == [aw.programme.pk]


@pytest.mark.parametrize("who", ["outsider_reporter", "other_city_reviewer", "nobody"])
def test_others_do_not(world, aw, client_for, who):
    response = client_for(getattr(world, who)).get(URL)
    assert response.status_code == 200
    assert listed(response) == []


def test_only_administrators_may_create(world, aw, client_for):
    assert client_for(world.province_admin).get(URL).context["may_create"]
    assert not client_for(world.reporter).get(URL).context["may_create"]


def test_post_is_not_allowed(world, aw, client_for):
    assert client_for(world.province_admin).post(URL).status_code == 405
