"""The home page card: a unit sees its open assignments at once after publishing."""

from django.urls import reverse

from campaigns import services
from campaigns.models import Assignment
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


def test_an_assignment_sent_back_is_the_first_of_the_units_five(world, client_for):
    campaign = published_campaign(world, n_activities=6)
    # The last of seven open assignments (same deadlines, then by number): not in the five.
    last = Assignment.objects.filter(
        activity__campaign=campaign, activity__is_summary=False, unit=world.yanchang_bureau
    ).latest("pk")
    mark_done(world, last)
    last.refresh_from_db()
    services.assignment_return(
        assignment=last, user=world.city_reviewer, version=last.version, comment="请补充现场照片"
    )
    response = client_for(world.reporter).get(reverse("home"))
    assert response.context["campaign_open_count"] == 7
    assert response.context["campaign_assignments"][0] == last
    page = response.content.decode()
    detail = reverse("campaigns:assignment-detail", args=[last.pk])
    first_row = page.split('data-testid="home-assignment"')[1]
    assert detail in first_row.split("</li>")[0]
    # And in the card of what came back, first on the page, with the comment.
    came_back = page.split('data-testid="came-back"')[1].split("</section>")[0]
    assert detail in came_back
    assert "请补充现场照片" in came_back
