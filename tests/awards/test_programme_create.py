"""Administrators create a programme."""

import pytest
from django.urls import reverse
from pytest_django.asserts import assertRedirects

from awards.models import Programme
from portal.journal import entries_for
from portal.models import Role
from tests.factories import person

URL = reverse("awards:programme-create")


def data(world, **extra):
    return {
        "organiser": world.yanan_office.pk,
        "year": 2018,
        "title": "主题征文活动",
        "basis_document": "宜宣明电〔2018〕20号",
        "kind": "contest",
        "nomination_opens": "2018-08-01",
        "nomination_closes": "2018-09-20",
        "notice_working_days": 5,
        **extra,
    }


def test_anonymous_is_sent_to_login(client):
    assertRedirects(client.get(URL), f"{reverse('login')}?next={URL}")


def test_admin_creates(world, client_for):
    response = client_for(world.province_admin).post(URL, data(world))
    programme = Programme.objects.get()
    assertRedirects(response, reverse("awards:programme-edit", args=[programme.pk]))
    assert programme.basis_document == "宜宣明电〔2018〕20号"
    assert programme.organiser == world.yanan_office
    assert entries_for(programme).filter(action="awards.programme.created").exists()


def test_window_must_be_ordered(world, client_for):
    response = client_for(world.province_admin).post(
        URL, data(world, nomination_closes="2018-07-01")
    )
    assert response.status_code == 200
    assert "nomination_closes" in response.context["form"].errors
    assert not Programme.objects.exists()


def test_organiser_must_be_in_the_admins_area(world, client_for):
    city_admin = person("city_admin", world.yulin_office, Role.ADMIN)
    response = client_for(city_admin).post(URL, data(world))
    assert "organiser" in response.context["form"].errors


@pytest.mark.parametrize("who", ["reporter", "approver", "city_reviewer", "nobody"])
def test_others_are_forbidden(world, client_for, who):
    assert client_for(getattr(world, who)).get(URL).status_code == 403


def test_put_is_not_allowed(world, client_for):
    assert client_for(world.province_admin).put(URL).status_code == 405
