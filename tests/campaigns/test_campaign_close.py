"""Closing a campaign: no more filing afterwards."""

import pytest
from django.urls import reverse

from tests.campaigns.builders import assignment_of, published_campaign


@pytest.fixture
def campaign(world):
    return published_campaign(world)


def url(campaign):
    return reverse("campaigns:campaign-close", args=[campaign.pk])


def test_anonymous_is_sent_to_login(campaign, client):
    assert client.post(url(campaign), {"version": 1})["Location"].startswith(reverse("login"))


def test_get_is_not_allowed(world, campaign, client_for):
    assert client_for(world.province_admin).get(url(campaign)).status_code == 405


def test_admin_closes_and_units_can_no_longer_file(world, campaign, client_for):
    client_for(world.province_admin).post(url(campaign), {"version": campaign.version})
    campaign.refresh_from_db()
    assert campaign.status == "closed"
    assignment = assignment_of(campaign, world.yanchang_bureau)
    page = client_for(world.reporter).get(
        reverse("campaigns:assignment-detail", args=[assignment.pk])
    )
    assert page.status_code == 200
    assert not page.context["may_file"]


@pytest.mark.parametrize("who", ["reporter", "city_reviewer", "province_reviewer"])
def test_others_may_not_close(world, campaign, client_for, who):
    response = client_for(getattr(world, who)).post(url(campaign), {"version": campaign.version})
    assert response.status_code == 403
    campaign.refresh_from_db()
    assert campaign.status == "published"


def test_outsider_gets_404(world, campaign, client_for):
    response = client_for(world.other_city_reviewer).post(url(campaign), {"version": 1})
    assert response.status_code == 404
