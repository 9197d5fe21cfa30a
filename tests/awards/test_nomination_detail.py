"""A nomination's page: its unit and the programme's administrators see it."""

import pytest
from django.urls import reverse
from pytest_django.asserts import assertRedirects

from awards import services
from tests.awards.conftest import file_work


def url(nomination):
    return reverse("awards:nomination-detail", args=[nomination.pk])


@pytest.fixture
def nomination(world, aw):
    return file_work(world, aw)


def test_anonymous_is_sent_to_login(client, nomination):
    assertRedirects(client.get(url(nomination)), f"{reverse('login')}?next={url(nomination)}")


@pytest.mark.parametrize("who", ["reporter", "approver", "province_admin"])
def test_unit_and_admins_see_it(world, client_for, nomination, who):
    response = client_for(getattr(world, who)).get(url(nomination))
    assert response.status_code == 200
    assert response.context["nomination"] == nomination


def test_only_the_approver_gets_the_sign_off_button(world, client_for, nomination):
    assert b'data-testid="sign-off"' in client_for(world.approver).get(url(nomination)).content
    assert b'data-testid="sign-off"' not in client_for(world.reporter).get(url(nomination)).content


def test_the_unit_sees_why_it_was_not_qualified(world, client_for, nomination):
    services.nomination_sign_off(nomination=nomination, user=world.approver)
    services.nomination_qualify(
        nomination=nomination, user=world.province_admin, passed=False, reason="超过规定字数"
    )
    response = client_for(world.reporter).get(url(nomination))
    assert "超过规定字数" in response.content.decode()
    assert b'data-testid="reject-reason"' in response.content


@pytest.mark.parametrize(
    "who", ["neighbour_reporter", "outsider_reporter", "city_reviewer", "nobody"]
)
def test_others_get_404(world, client_for, nomination, who):
    # A judge included: judges see nominations only on the judging page, without recusal
    # leaking through this one.
    assert client_for(getattr(world, who)).get(url(nomination)).status_code == 404


def test_post_is_not_allowed(world, client_for, nomination):
    assert client_for(world.reporter).post(url(nomination)).status_code == 405
