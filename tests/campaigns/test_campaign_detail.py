"""The campaign page: the matrix of activities by unit, the timeline, filters, totals,
scoped to the person; its query count stays flat as units and activities grow."""

from datetime import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse

from campaigns import services
from portal.models import UnitKind
from tests.campaigns.builders import (
    assignment_of,
    draft_campaign,
    file_progress,
    mark_done,
    published_campaign,
)
from tests.factories import UnitFactory


@pytest.fixture
def campaign(world):
    return published_campaign(
        world, units=[world.yanchang_bureau, world.yanchuan_bureau, world.jingbian_bureau]
    )


def url(campaign, query=""):
    return reverse("campaigns:campaign-detail", args=[campaign.pk]) + query


def cell_units(response) -> set[str]:
    return {a.unit.name for a in response.context["matrix"]["assignments"]}


def test_anonymous_is_sent_to_login(campaign, client):
    assert client.get(url(campaign))["Location"].startswith(reverse("login"))


def test_post_is_not_allowed(world, campaign, client_for):
    assert client_for(world.province_admin).post(url(campaign)).status_code == 405


def test_admin_sees_every_cell_with_its_state(world, campaign, client_for):
    mark_done(world, assignment_of(campaign, world.yanchang_bureau))
    response = client_for(world.province_admin).get(url(campaign))
    html = response.content.decode()
    assert cell_units(response) == {"延长县扶贫开发局", "延川县扶贫开发局", "靖边县扶贫开发局"}
    assert 'data-state="done"' in html
    assert html.count('data-testid="matrix-cell"') == 2 * 3  # the activity and the summary
    assert 'data-testid="publish"' not in html
    assert 'data-testid="timeline"' in html


def test_a_city_reviewer_sees_the_cells_of_the_city(world, campaign, client_for):
    response = client_for(world.other_city_reviewer).get(url(campaign))
    assert cell_units(response) == {"靖边县扶贫开发局"}


def test_the_lead_unit_sees_every_cell_of_the_activities_it_leads(world, campaign, client_for):
    response = client_for(world.city_reviewer).get(url(campaign))
    cells = {
        (a.activity.is_summary, a.unit.name) for a in response.context["matrix"]["assignments"]
    }
    # It leads the activity (all three units) but not the closing summary (its city only).
    assert cells == {
        (False, "延长县扶贫开发局"),
        (False, "延川县扶贫开发局"),
        (False, "靖边县扶贫开发局"),
        (True, "延长县扶贫开发局"),
        (True, "延川县扶贫开发局"),
    }


def test_a_unit_sees_its_own_cells_and_the_whole_plan(world, campaign, client_for):
    response = client_for(world.reporter).get(url(campaign))
    assert cell_units(response) == {"延长县扶贫开发局"}
    html = response.content.decode()
    assert html.count('data-testid="activity"') == 2
    assert "靖边县扶贫开发局" in html  # named among the plan's responsible units
    assert 'data-testid="admin-actions"' not in html


@pytest.mark.parametrize("who", ["other_city_reviewer", "nobody"])
def test_people_outside_its_units_get_404(world, client_for, who):
    campaign = published_campaign(world)
    assert client_for(getattr(world, who)).get(url(campaign)).status_code == 404


def test_a_draft_is_hidden_from_everyone_but_its_administrators(world, client_for):
    campaign = draft_campaign(world)
    assert client_for(world.province_admin).get(url(campaign)).status_code == 200
    for who in (world.reporter, world.city_reviewer, world.province_reviewer):
        assert client_for(who).get(url(campaign)).status_code == 404


def test_filters_by_state_city_and_phase(world, campaign, client_for):
    file_progress(world, assignment_of(campaign, world.yanchang_bureau))
    client = client_for(world.province_admin)
    response = client.get(url(campaign, "?state=in_progress"))
    assert cell_units(response) == {"延长县扶贫开发局"}
    response = client.get(url(campaign, f"?city={world.yulin.pk}"))
    assert cell_units(response) == {"靖边县扶贫开发局"}
    phase = campaign.phases.get(name="制定方案")
    response = client.get(url(campaign, f"?phase={phase.pk}"))
    assert response.context["matrix"]["rows"] == []


def test_totals_per_activity_against_the_expected_output(world, campaign, client_for):
    file_progress(world, assignment_of(campaign, world.yanchang_bureau), quantity=Decimal(2))
    file_progress(
        world,
        assignment_of(campaign, world.yanchuan_bureau),
        quantity=Decimal(1),
        user=world.neighbour_reporter,
    )
    response = client_for(world.province_admin).get(url(campaign))
    row = response.context["matrix"]["rows"][0]
    assert row["achieved"] == Decimal(3)
    assert row["expected_total"] == Decimal(9)  # 3 reports from each of 3 units


@time_machine.travel(datetime(2026, 8, 15, 10, tzinfo=ZoneInfo("Asia/Shanghai")), tick=False)
def test_the_timeline_marks_today_and_the_current_phase(world, campaign, client_for):
    response = client_for(world.reporter).get(url(campaign))
    timeline = response.context["timeline"]
    assert timeline["today"]["day"].isoformat() == "2026-08-15"
    assert [bar["current"] for bar in timeline["bars"]] == [False, True]
    html = response.content.decode()
    assert 'data-testid="timeline-today"' in html
    assert html.count('data-testid="timeline-deadline"') == 3  # 31 July, 22 and 25 October
    assert "style=" not in html


def _grow(world, campaign, n_units, n_activities):
    units = [UnitFactory(region=world.yanchang, kind=UnitKind.MEDIA) for _ in range(n_units)]
    activities = [
        services.activity_create(
            campaign=campaign,
            user=world.province_admin,
            data={"title": f"活动{n}", "lead_unit": world.yanan_office},
            units=units,
        )
        for n in range(n_activities)
    ]
    for assignment in activities[0].assignments.all()[:2]:
        assignment.refresh_from_db()
        services.progress_file(
            assignment=assignment,
            user=_reporter_for(assignment),
            version=assignment.version,
            data={"text": "进展", "quantity": Decimal(1)},
        )


def _reporter_for(assignment):
    from portal.models import Role
    from tests.factories import person

    return person(f"r{assignment.unit_id}", assignment.unit, Role.REPORTER)


def test_query_count_is_flat_as_units_and_activities_grow(world, campaign, client_for):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = client_for(world.province_admin)
    client.get(url(campaign))  # warm the session and caches
    _grow(world, campaign, 2, 2)
    with CaptureQueriesContext(connection) as small:
        assert client.get(url(campaign)).status_code == 200
    _grow(world, campaign, 8, 6)
    with CaptureQueriesContext(connection) as large:
        response = client.get(url(campaign))
    assert len(response.context["matrix"]["units"]) == 3 + 2 + 8
    assert len(large.captured_queries) == len(small.captured_queries)
    assert len(large.captured_queries) <= 20


def test_the_closing_summary_row_sums_the_figures(world, campaign, client_for):
    for unit, user, events in (
        (world.yanchang_bureau, world.reporter, 4),
        (world.yanchuan_bureau, world.neighbour_reporter, 2),
    ):
        summary = assignment_of(campaign, unit, summary=True)
        services.progress_file(
            assignment=summary,
            user=user,
            version=summary.version,
            data={"text": "总结", "events_held": events, "funds_raised": Decimal(1000)},
        )
    response = client_for(world.city_reviewer).get(url(campaign))
    (row,) = [r for r in response.context["matrix"]["rows"] if r["activity"].is_summary]
    assert row["figures"]["events_held"] == 6
    assert row["figures"]["funds_raised"] == Decimal(2000)
