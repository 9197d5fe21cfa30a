"""An administrator adds activities: lead and responsible units from their own scope."""

import pytest
from django.urls import reverse

from campaigns import services
from campaigns.models import Activity, Assignment
from portal.models import Role
from tests.campaigns.builders import draft_campaign, published_campaign
from tests.factories import MembershipFactory


def url(campaign):
    return reverse("campaigns:activity-create", args=[campaign.pk])


def post_data(world, campaign, **extra):
    data = {
        "title": "制作悬挂扶贫宣传牌匾",
        "description": "每个乡镇制作悬挂扶贫开发宣传牌1块。",
        "phase": campaign.phases.first().pk if campaign.phases.exists() else "",
        "order": 5,
        "lead_unit": world.yanchang_propaganda.pk,
        "responsible_units": [world.yanchang_bureau.pk, world.yanchuan_bureau.pk],
        "expected_quantity": "7",
        "expected_unit": "块宣传牌",
        "plan_due": "2026-07-31",
        "report_due": "2026-10-22",
    }
    data.update(extra)
    return data


@pytest.fixture
def campaign(world):
    return draft_campaign(world)


def test_anonymous_is_sent_to_login(campaign, client):
    assert client.get(url(campaign))["Location"].startswith(reverse("login"))


def test_delete_is_not_allowed(world, campaign, client_for):
    assert client_for(world.province_admin).delete(url(campaign)).status_code == 405


def test_admin_adds_an_activity_to_a_draft(world, campaign, client_for):
    client = client_for(world.province_admin)
    assert client.get(url(campaign)).status_code == 200
    response = client.post(url(campaign), post_data(world, campaign))
    assert response["Location"] == reverse("campaigns:campaign-detail", args=[campaign.pk])
    activity = Activity.objects.get(title="制作悬挂扶贫宣传牌匾")
    assert activity.lead_unit == world.yanchang_propaganda
    assert set(activity.responsible_units.all()) == {world.yanchang_bureau, world.yanchuan_bureau}
    assert activity.expected_quantity == 7
    assert not activity.assignments.exists()  # a draft assigns nothing yet


def test_on_a_published_campaign_the_units_are_assigned_at_once(world, client_for):
    campaign = published_campaign(world, year=2025)
    client_for(world.province_admin).post(url(campaign), post_data(world, campaign))
    activity = Activity.objects.get(title="制作悬挂扶贫宣传牌匾")
    assert set(activity.assignments.values_list("unit__name", flat=True)) == {
        "延长县扶贫开发局",
        "延川县扶贫开发局",
    }
    # A unit new to the campaign is asked for the closing summary too.
    client_for(world.province_admin).post(
        url(campaign),
        post_data(world, campaign, title="新增活动", responsible_units=[world.jingbian_bureau.pk]),
    )
    assert Assignment.objects.filter(activity__is_summary=True, unit=world.jingbian_bureau).exists()


def test_a_report_due_before_the_plan_is_refused(world, campaign, client_for):
    response = client_for(world.province_admin).post(
        url(campaign), post_data(world, campaign, report_due="2026-07-01")
    )
    assert response.status_code == 200
    assert not Activity.objects.filter(title="制作悬挂扶贫宣传牌匾").exists()


def test_a_city_admin_cannot_pick_units_outside_the_city(world, client_for):
    MembershipFactory(user=world.city_reviewer, unit=world.yanan_office, role=Role.ADMIN)
    campaign = services.campaign_create(
        user=world.city_reviewer,
        owner_unit=world.yanan_office,
        data={"kind": "special", "year": 2026, "title": "延安市专题宣传"},
    )
    response = client_for(world.city_reviewer).post(
        url(campaign),
        post_data(
            world, campaign, phase="", lead_unit="", responsible_units=[world.jingbian_bureau.pk]
        ),
    )
    assert response.status_code == 200
    assert "responsible_units" in response.context["form"].errors


@pytest.mark.parametrize("who", ["reporter", "city_reviewer", "province_reviewer"])
def test_others_may_not_add_activities(world, client_for, who):
    campaign = published_campaign(world)
    response = client_for(getattr(world, who)).post(url(campaign), post_data(world, campaign))
    assert response.status_code == 403
    assert Assignment.objects.count() == 4
