"""Publishing creates one assignment per responsible unit per activity, at once."""

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from campaigns.models import Assignment
from portal.models import JournalEntry
from tests.campaigns.builders import draft_campaign


@pytest.fixture
def campaign(world):
    return draft_campaign(world)


def url(campaign):
    return reverse("campaigns:campaign-publish", args=[campaign.pk])


def test_anonymous_is_sent_to_login(campaign, client):
    response = client.post(url(campaign), {"version": campaign.version})
    assert response["Location"].startswith(reverse("login"))


def test_get_is_not_allowed(world, campaign, client_for):
    assert client_for(world.province_admin).get(url(campaign)).status_code == 405


def test_admin_publishes_and_the_units_see_it_on_their_home_page(world, campaign, client_for):
    response = client_for(world.province_admin).post(url(campaign), {"version": campaign.version})
    assert response["Location"] == reverse("campaigns:campaign-detail", args=[campaign.pk])
    campaign.refresh_from_db()
    assert campaign.status == "published"
    rows = set(Assignment.objects.values_list("activity__is_summary", "unit__name", "state"))
    assert rows == {
        (False, "延长县扶贫开发局", "assigned"),
        (False, "延川县扶贫开发局", "assigned"),
        (True, "延长县扶贫开发局", "assigned"),
        (True, "延川县扶贫开发局", "assigned"),
    }
    assert JournalEntry.objects.filter(action="campaigns.campaign.published").count() == 1
    assert all(
        a.history.get().history_user == world.province_admin for a in Assignment.objects.all()
    )

    home = client_for(world.reporter).get(reverse("home"))
    assert home.context["campaign_open_count"] == 2
    assert 'data-testid="home-assignment"' in home.content.decode()


def test_publishing_twice_is_refused(world, campaign, client_for):
    client = client_for(world.province_admin)
    client.post(url(campaign), {"version": campaign.version})
    campaign.refresh_from_db()
    response = client.post(url(campaign), {"version": campaign.version})
    messages = [m.level_tag for m in get_messages(response.wsgi_request)]
    assert "error" in messages
    assert Assignment.objects.count() == 4


def test_a_stale_version_publishes_nothing(world, campaign, client_for):
    client_for(world.province_admin).post(url(campaign), {"version": campaign.version + 1})
    assert not Assignment.objects.exists()


def test_reviewer_cannot_see_the_draft(world, campaign, client_for):
    response = client_for(world.province_reviewer).post(url(campaign), {"version": 1})
    assert response.status_code == 404
    response = client_for(world.reporter).post(url(campaign), {"version": 1})
    assert response.status_code == 404
    assert not Assignment.objects.exists()


def test_city_admin_outside_the_organising_unit_is_refused(world, campaign, client_for):
    from portal.models import Role
    from tests.factories import MembershipFactory

    MembershipFactory(user=world.city_reviewer, unit=world.yanan_office, role=Role.ADMIN)
    response = client_for(world.city_reviewer).post(url(campaign), {"version": campaign.version})
    assert response.status_code == 404
