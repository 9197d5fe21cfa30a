"""The home page card: a unit sees its open assignments at once after publishing."""

from django.urls import reverse

from tests.campaigns.builders import assignment_of, mark_done, published_campaign


def test_the_unit_sees_its_open_assignments(world, client_for):
    published_campaign(world)
    response = client_for(world.reporter).get(reverse("home"))
    assert response.context["campaign_open_count"] == 2
    assert response.content.decode().count('data-testid="home-assignment"') == 2


def test_the_lead_unit_sees_what_waits_for_it(world, client_for):
    campaign = published_campaign(world)
    mark_done(world, assignment_of(campaign, world.yanchang_bureau))
    response = client_for(world.city_reviewer).get(reverse("home"))
    assert response.context["campaign_waiting_count"] == 1
    assert 'data-testid="campaign-waiting"' in response.content.decode()
    assert 'data-testid="campaign-assignments"' not in response.content.decode()


def test_other_units_see_nothing_of_it(world, client_for):
    published_campaign(world)
    response = client_for(world.outsider_reporter).get(reverse("home"))
    assert response.context["campaign_open_count"] == 0


def test_the_menu_has_campaigns_for_people_with_a_role(world, client_for):
    url = reverse("campaigns:campaign-list")
    for user in (world.reporter, world.city_reviewer, world.province_admin):
        items = client_for(user).get(reverse("home")).context["nav_items"]
        assert url in [i["url"] for i in items]
    items = client_for(world.nobody).get(reverse("home")).context["nav_items"]
    assert url not in [i["url"] for i in items]
