"""The menu entry for awards: for anyone with a role, not for those without."""

import pytest
from django.urls import reverse


def names(response):
    return [item["name"] for item in response.context["nav_items"]]


@pytest.mark.parametrize("who", ["reporter", "approver", "city_reviewer", "province_admin"])
def test_people_with_a_role_see_awards(world, client_for, who):
    assert "programme-list" in names(client_for(getattr(world, who)).get(reverse("home")))


def test_people_without_a_role_do_not(world, client_for):
    assert "programme-list" not in names(client_for(world.nobody).get(reverse("home")))
