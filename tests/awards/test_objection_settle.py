"""Recording how an objection was settled."""

import pytest
from django.urls import reverse
from pytest_django.asserts import assertRedirects

from awards import services
from awards.models import Objection


def url(objection):
    return reverse("awards:objection-settle", args=[objection.pk])


@pytest.fixture
def objection(published):
    return services.objection_lodge(programme=published.programme, text="抄袭", contact="a@b.cn")


def test_anonymous_is_sent_to_login(client, objection):
    assertRedirects(client.post(url(objection)), f"{reverse('login')}?next={url(objection)}")


def test_admin_settles(world, client_for, objection, published):
    response = client_for(world.province_admin).post(url(objection), {"settlement": "经核查不属实"})
    assertRedirects(response, reverse("awards:objections", args=[published.programme.pk]))
    settled = Objection.objects.get()
    assert settled.settlement == "经核查不属实"
    assert settled.settled_by == world.province_admin


def test_an_empty_settlement_is_refused(world, client_for, objection):
    client_for(world.province_admin).post(url(objection), {"settlement": ""})
    assert Objection.objects.get().settled_at is None


@pytest.mark.parametrize("who", ["reporter", "city_reviewer"])
def test_non_admins_are_forbidden(world, client_for, objection, who):
    response = client_for(getattr(world, who)).post(url(objection), {"settlement": "x"})
    assert response.status_code == 403
    assert Objection.objects.get().settled_at is None


def test_outsiders_get_404(world, client_for, objection):
    response = client_for(world.outsider_reporter).post(url(objection), {"settlement": "x"})
    assert response.status_code == 404


def test_get_is_not_allowed(world, client_for, objection):
    assert client_for(world.province_admin).get(url(objection)).status_code == 405
