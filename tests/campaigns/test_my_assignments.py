"""My assignments: the unit's work by deadline, overdue ones first."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse

from campaigns import services
from campaigns.models import Assignment
from tests.campaigns.builders import mark_done, published_campaign

URL = reverse("campaigns:my-assignments")


def test_anonymous_is_sent_to_login(client):
    assert client.get(URL)["Location"].startswith(reverse("login"))


def test_post_is_not_allowed(world, client_for):
    assert client_for(world.reporter).post(URL).status_code == 405


@time_machine.travel(datetime(2026, 9, 1, 10, tzinfo=ZoneInfo("Asia/Shanghai")), tick=False)
def test_overdue_first_then_by_deadline_then_finished(world, client_for):
    campaign = published_campaign(world)  # report due 22 Oct, summary 25 Oct
    early = services.activity_create(
        campaign=campaign,
        user=world.province_admin,
        data={"title": "制定扶贫日活动方案", "plan_due": date(2026, 7, 31)},
        units=[world.yanchang_bureau],
    )
    done = services.activity_create(
        campaign=campaign,
        user=world.province_admin,
        data={"title": "报送典型材料", "report_due": date(2026, 8, 1)},
        units=[world.yanchang_bureau],
    )
    mark_done(world, Assignment.objects.get(activity=done, unit=world.yanchang_bureau))
    response = client_for(world.reporter).get(URL)
    titles = [
        "closing summary" if a.activity.is_summary else a.activity.title
        for a in response.context["assignments"]
    ]
    assert titles == [
        "制定扶贫日活动方案",
        "宣传一批：集中宣传报道1",
        "closing summary",
        "报送典型材料",
    ]
    assert response.content.decode().count('data-testid="overdue"') == 1
    assert early.pk


def test_other_units_assignments_are_not_listed(world, client_for):
    published_campaign(world)
    assert client_for(world.outsider_reporter).get(URL).context["assignments"] == []
    neighbour = client_for(world.neighbour_reporter).get(URL).context["assignments"]
    assert {a.unit for a in neighbour} == {world.yanchuan_bureau}


@pytest.mark.parametrize("who", ["city_reviewer", "province_admin", "nobody"])
def test_people_without_a_unit_role_see_an_empty_list(world, client_for, who):
    published_campaign(world)
    response = client_for(getattr(world, who)).get(URL)
    assert response.status_code == 200
    assert response.context["assignments"] == []


def test_the_breadcrumb_is_named_for_screen_readers_in_the_reader_language(world, client_for):
    client = client_for(world.reporter)
    assert '<nav aria-label="导航路径">' in client.get(URL).text
    client.cookies["django_language"] = "en"
    assert '<nav aria-label="Breadcrumb">' in client.get(URL).text
