"""Changing an activity; on a published campaign units added are assigned, and a unit
that has filed progress cannot be taken off."""

import pytest
from django.urls import reverse

from tests.campaigns.builders import assignment_of, file_progress, published_campaign


@pytest.fixture
def campaign(world):
    return published_campaign(world)


@pytest.fixture
def activity(campaign):
    return campaign.activities.get(is_summary=False)


def url(activity):
    return reverse("campaigns:activity-edit", args=[activity.pk])


def post_data(world, activity, units, **extra):
    data = {
        "title": activity.title,
        "description": activity.description,
        "phase": activity.phase_id,
        "order": activity.order,
        "lead_unit": activity.lead_unit_id,
        "responsible_units": [u.pk for u in units],
        "expected_quantity": "3",
        "expected_unit": activity.expected_unit,
        "plan_due": activity.plan_due.isoformat(),
        "report_due": activity.report_due.isoformat(),
    }
    data.update(extra)
    return data


def test_anonymous_is_sent_to_login(activity, client):
    assert client.get(url(activity))["Location"].startswith(reverse("login"))


def test_put_is_not_allowed(world, activity, client_for):
    assert client_for(world.province_admin).put(url(activity)).status_code == 405


def test_admin_swaps_a_unit(world, activity, client_for):
    client = client_for(world.province_admin)
    assert client.get(url(activity)).status_code == 200
    client.post(
        url(activity), post_data(world, activity, [world.yanchang_bureau, world.jingbian_bureau])
    )
    assert set(activity.assignments.values_list("unit__name", flat=True)) == {
        "延长县扶贫开发局",
        "靖边县扶贫开发局",
    }
    assert activity.history.count() >= 2


def test_a_unit_with_progress_cannot_be_taken_off(world, campaign, activity, client_for):
    file_progress(world, assignment_of(campaign, world.yanchang_bureau))
    response = client_for(world.province_admin).post(
        url(activity), post_data(world, activity, [world.yanchuan_bureau])
    )
    assert response.status_code == 200
    assert activity.assignments.filter(unit=world.yanchang_bureau).exists()


def test_the_closing_summary_is_not_edited_here(world, campaign, client_for):
    summary = campaign.activities.get(is_summary=True)
    assert client_for(world.province_admin).get(url(summary)).status_code == 404


@pytest.mark.parametrize("who", ["reporter", "city_reviewer", "province_reviewer"])
def test_others_may_not_edit(world, activity, client_for, who):
    assert client_for(getattr(world, who)).get(url(activity)).status_code == 403


def test_outsider_gets_404(world, activity, client_for):
    assert client_for(world.outsider_reporter).get(url(activity)).status_code == 404
