"""Copying last year's programme as the start of this year's."""

import pytest
from django.urls import reverse
from pytest_django.asserts import assertRedirects

from awards.models import Programme


def url(aw):
    return reverse("awards:programme-copy", args=[aw.programme.pk])


def test_anonymous_is_sent_to_login(client, aw):
    assertRedirects(client.post(url(aw)), f"{reverse('login')}?next={url(aw)}")


def test_admin_copies(world, aw, client_for):
    year = aw.programme.year + 1
    response = client_for(world.province_admin).post(url(aw), {"year": year})
    copy = Programme.objects.get(year=year)
    assertRedirects(response, reverse("awards:programme-edit", args=[copy.pk]))
    assert copy.categories.count() == 3
    assert copy.criteria.count() == 2


@pytest.mark.usefixtures("late_2026")  # `aw` is this year's by the clock; 2030 must be another
@pytest.mark.parametrize("who", ["reporter", "city_reviewer"])
def test_non_admins_are_forbidden(world, aw, client_for, who):
    assert client_for(getattr(world, who)).post(url(aw), {"year": 2030}).status_code == 403
    assert not Programme.objects.filter(year=2030).exists()


def test_get_is_not_allowed(world, aw, client_for):
    assert client_for(world.province_admin).get(url(aw)).status_code == 405
