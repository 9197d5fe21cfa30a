"""The administrators' page of objections and the final step."""

import pytest
from django.urls import reverse
from pytest_django.asserts import assertRedirects

from awards import services


def url(programme):
    return reverse("awards:objections", args=[programme.pk])


def test_anonymous_is_sent_to_login(client, published):
    response = client.get(url(published.programme))
    assertRedirects(response, f"{reverse('login')}?next={url(published.programme)}")


def test_admin_sees_objections_with_their_contacts(world, client_for, published):
    services.objection_lodge(programme=published.programme, text="涉嫌抄袭", contact="13800000000")
    response = client_for(world.province_admin).get(url(published.programme))
    assert response.status_code == 200
    assert "13800000000" in response.content.decode()
    assert b'data-settled="0"' in response.content
    assert b'data-testid="finalise"' in response.content


@pytest.mark.parametrize("who", ["reporter", "city_reviewer"])
def test_non_admins_are_forbidden(world, client_for, published, who):
    assert client_for(getattr(world, who)).get(url(published.programme)).status_code == 403


def test_outsiders_get_404(world, client_for, published):
    assert client_for(world.outsider_reporter).get(url(published.programme)).status_code == 404


def test_post_is_not_allowed(world, client_for, published):
    assert client_for(world.province_admin).post(url(published.programme)).status_code == 405
