"""Administrators check each nomination's qualification."""

import pytest
from django.urls import reverse
from pytest_django.asserts import assertRedirects

from awards import services
from awards.models import Nomination, NominationStatus
from tests.awards.conftest import file_work


def url(nomination):
    return reverse("awards:nomination-qualify", args=[nomination.pk])


@pytest.fixture
def nomination(world, aw):
    nomination = file_work(world, aw)
    return services.nomination_sign_off(nomination=nomination, user=world.approver)


def current(nomination):
    return Nomination.objects.get(pk=nomination.pk)


def test_anonymous_is_sent_to_login(client, nomination):
    assertRedirects(client.post(url(nomination)), f"{reverse('login')}?next={url(nomination)}")


def test_admin_passes(world, client_for, nomination):
    response = client_for(world.province_admin).post(url(nomination), {"passed": "1"})
    assertRedirects(response, reverse("awards:nomination-detail", args=[nomination.pk]))
    assert current(nomination).status == NominationStatus.QUALIFIED


def test_admin_rejects_with_a_reason(world, client_for, nomination):
    client_for(world.province_admin).post(url(nomination), {"passed": "0", "reason": "非本地区"})
    assert current(nomination).status == NominationStatus.REJECTED
    assert current(nomination).reject_reason == "非本地区"


def test_rejection_without_reason_is_refused(world, client_for, nomination):
    response = client_for(world.province_admin).post(url(nomination), {"passed": "0"})
    # The page again, the decision still chosen and the error beside the reason.
    assert response.status_code == 200
    assert response.context["qualify_form"].errors["reason"]
    assert 'id="id_reason_error"' in response.content.decode()
    assert current(nomination).status == NominationStatus.SUBMITTED


@pytest.mark.parametrize("who", ["reporter", "approver"])
def test_the_unit_is_forbidden(world, client_for, nomination, who):
    response = client_for(getattr(world, who)).post(url(nomination), {"passed": "1"})
    assert response.status_code == 403
    assert current(nomination).status == NominationStatus.SUBMITTED


@pytest.mark.parametrize("who", ["city_reviewer", "outsider_reporter"])
def test_others_get_404(world, client_for, nomination, who):
    assert client_for(getattr(world, who)).post(url(nomination), {"passed": "1"}).status_code == 404


def test_get_is_not_allowed(world, client_for, nomination):
    assert client_for(world.province_admin).get(url(nomination)).status_code == 405
