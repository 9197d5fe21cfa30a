"""The unit approver signs a nomination off."""

import pytest
from django.urls import reverse
from pytest_django.asserts import assertRedirects

from awards.models import Nomination, NominationStatus
from tests.awards.conftest import file_work


def url(nomination):
    return reverse("awards:nomination-sign-off", args=[nomination.pk])


@pytest.fixture
def nomination(world, aw):
    return file_work(world, aw)


def status(nomination):
    return Nomination.objects.get(pk=nomination.pk).status


def test_anonymous_is_sent_to_login(client, nomination):
    assertRedirects(client.post(url(nomination)), f"{reverse('login')}?next={url(nomination)}")


def test_approver_signs_off(world, client_for, nomination):
    response = client_for(world.approver).post(url(nomination))
    assertRedirects(response, reverse("awards:nomination-detail", args=[nomination.pk]))
    assert status(nomination) == NominationStatus.SUBMITTED


def test_twice_is_refused_with_a_message(world, client_for, nomination):
    client = client_for(world.approver)
    client.post(url(nomination), follow=True)
    response = client.post(url(nomination), follow=True)
    assert [m.level_tag for m in response.context["messages"]] == ["error"]


@pytest.mark.parametrize("who", ["reporter", "province_admin"])
def test_others_who_see_it_are_forbidden(world, client_for, nomination, who):
    assert client_for(getattr(world, who)).post(url(nomination)).status_code == 403
    assert status(nomination) == NominationStatus.AWAITING_SIGNOFF


def test_outsiders_get_404(world, aw, client_for, nomination):
    assert client_for(aw.neighbour_approver).post(url(nomination)).status_code == 404


def test_get_is_not_allowed(world, client_for, nomination):
    assert client_for(world.approver).get(url(nomination)).status_code == 405
