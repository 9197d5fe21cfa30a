"""Copying last year's campaign as the starting point for this year's."""

from datetime import date

import pytest
from django.urls import reverse

from campaigns.models import Assignment, Campaign
from tests.campaigns.builders import published_campaign


@pytest.fixture
def source(world):
    return published_campaign(world, year=2025)


def url(campaign):
    return reverse("campaigns:campaign-copy", args=[campaign.pk])


def test_anonymous_is_sent_to_login(source, client):
    assert client.post(url(source), {"year": 2026})["Location"].startswith(reverse("login"))


def test_get_is_not_allowed(world, source, client_for):
    assert client_for(world.province_admin).get(url(source)).status_code == 405


def test_admin_copies_with_dates_moved_and_no_assignments(world, source, client_for):
    before = Assignment.objects.count()
    response = client_for(world.province_admin).post(url(source), {"year": 2026})
    copy = Campaign.objects.exclude(pk=source.pk).get()
    assert response["Location"] == reverse("campaigns:campaign-detail", args=[copy.pk])
    assert (copy.year, copy.status, copy.copied_from) == (2026, "draft", source)
    assert copy.title == "2026年扶贫日系列活动"
    assert [(p.name, p.starts_on) for p in copy.phases.all()] == [
        ("制定方案", date(2026, 7, 1)),
        ("组织实施", date(2026, 8, 1)),
    ]
    # The closing summary is made again when the copy is published, not copied.
    (activity,) = copy.activities.all()
    assert activity.report_due == date(2026, 10, 22)
    assert activity.phase.campaign == copy
    assert set(activity.responsible_units.all()) == {world.yanchang_bureau, world.yanchuan_bureau}
    assert Assignment.objects.count() == before


@pytest.mark.parametrize("who", ["reporter", "city_reviewer", "province_reviewer"])
def test_others_may_not_copy(world, source, client_for, who):
    assert client_for(getattr(world, who)).post(url(source), {"year": 2026}).status_code == 403
    assert Campaign.objects.count() == 1


def test_outsider_gets_404(world, source, client_for):
    response = client_for(world.outsider_reporter).post(url(source), {"year": 2026})
    assert response.status_code == 404
