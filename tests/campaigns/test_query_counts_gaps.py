"""The campaign list and a unit's assignments cost the same queries however many
campaigns, activities and responsible units there are."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.campaigns.builders import file_progress, mark_done, published_campaign
from tests.factories import UnitFactory


def _grow(world, years):
    for year in years:
        extra = [UnitFactory(name=f"延长县单位{year}-{i}", region=world.yanchang) for i in range(3)]
        campaign = published_campaign(
            world,
            year=year,
            n_activities=3,
            units=[world.yanchang_bureau, world.yanchuan_bureau, *extra],
        )
        # Some assignments done and waiting for the lead unit, so its queue fills too.
        for assignment in campaign.activities.first().assignments.filter(
            unit=world.yanchang_bureau
        ):
            file_progress(world, assignment)
            mark_done(world, assignment)


def _queries(client, url) -> tuple[int, str]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries), response.text


@pytest.mark.parametrize(
    ("name", "who"),
    [
        ("campaigns:campaign-list", "province_admin"),
        ("campaigns:campaign-list", "city_reviewer"),
        ("campaigns:campaign-list", "reporter"),
        ("campaigns:my-assignments", "reporter"),
        ("home", "reporter"),
        ("home", "city_reviewer"),
    ],
)
def test_queries_stay_flat_as_campaigns_grow(world, client_for, name, who):
    client = client_for(getattr(world, who))
    url = reverse(name)
    _queries(client, url)  # the session and the language settle on the first request
    _grow(world, [2026])
    few, _ = _queries(client, url)
    _grow(world, [2027, 2028, 2029])
    many, page = _queries(client, url)
    assert many == few
    if name != "home":
        assert "2029年扶贫日系列活动" in page


def test_assignment_page_stays_flat_as_progress_grows(world, client_for):
    campaign = published_campaign(world)
    assignment = campaign.activities.get(is_summary=False).assignments.get(
        unit=world.yanchang_bureau
    )
    client = client_for(world.reporter)
    url = reverse("campaigns:assignment-detail", args=[assignment.pk])
    file_progress(world, assignment)
    _queries(client, url)
    few, _ = _queries(client, url)
    for _ in range(6):
        file_progress(world, assignment)
    many, _ = _queries(client, url)
    assert many == few
