"""Publishing the proposed list for the notice period."""

import pytest
from django.urls import reverse
from pytest_django.asserts import assertRedirects

from awards import services
from awards.models import Programme, ProgrammeStatus
from tests.awards.conftest import qualified_work


def url(aw):
    return reverse("awards:notice-publish", args=[aw.programme.pk])


def status(aw):
    return Programme.objects.get(pk=aw.programme.pk).status


@pytest.fixture
def winner(world, aw):
    work = qualified_work(world, aw)
    return services.tier_assign(
        nomination=work, user=world.province_admin, tier=aw.tiers["theme"][0]
    )


def test_anonymous_is_sent_to_login(client, aw):
    assertRedirects(client.post(url(aw)), f"{reverse('login')}?next={url(aw)}")


def test_admin_publishes(world, aw, client_for, winner):
    response = client_for(world.province_admin).post(url(aw))
    assertRedirects(response, reverse("awards:programme-detail", args=[aw.programme.pk]))
    assert status(aw) == ProgrammeStatus.NOTICE


def test_nothing_to_publish_without_winners(world, aw, client_for):
    response = client_for(world.province_admin).post(url(aw), follow=True)
    assert [m.level_tag for m in response.context["messages"]] == ["error"]
    assert status(aw) == ProgrammeStatus.OPEN


@pytest.mark.parametrize("who", ["reporter", "city_reviewer"])
def test_non_admins_are_forbidden(world, aw, client_for, winner, who):
    assert client_for(getattr(world, who)).post(url(aw)).status_code == 403
    assert status(aw) == ProgrammeStatus.OPEN


def test_outsiders_get_404(world, aw, client_for):
    assert client_for(world.outsider_reporter).post(url(aw)).status_code == 404


def test_get_is_not_allowed(world, aw, client_for):
    assert client_for(world.province_admin).get(url(aw)).status_code == 405
