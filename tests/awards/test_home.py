"""The home page shows open programmes and nominations waiting for sign-off."""

from django.urls import reverse

from tests.awards.conftest import file_work


def test_approver_sees_what_waits_for_sign_off(world, aw, client_for):
    file_work(world, aw)
    response = client_for(world.approver).get(reverse("home"))
    assert response.context["awards_programmes"] == [aw.programme]
    assert response.context["awards_to_sign"] == 1
    assert b'data-testid="awards-to-sign"' in response.content


def test_outsiders_see_no_programme(world, aw, client_for):
    response = client_for(world.outsider_reporter).get(reverse("home"))
    assert response.context["awards_programmes"] == []
