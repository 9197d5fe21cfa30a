"""A county reporter's and approver's home page: their own unit at a glance. This
quarter's report, what it waits for and the days left are on the quarter card; here, what
the card adds: the step the report waits for, and the unit's points and rank this year."""

import re

import pytest
from django.urls import reverse

from submissions.models import ReportStatus
from tests.submissions.builders import draft_report
from tests.summaries.data import build_rules, build_year_2026

HOME = reverse("home")
pytestmark = pytest.mark.usefixtures("late_2026")


def text_of(response, testid) -> list[str]:
    found = re.findall(rf'data-testid="{testid}"[^>]*>(.*?)</p>', response.text, re.S)
    return [re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", t)).strip() for t in found]


@pytest.mark.parametrize("who", ["reporter", "approver"])
def test_the_card_says_what_the_report_waits_for(world, client_for, who):
    response = client_for(getattr(world, who)).get(HOME)
    assert response.status_code == 200
    (waits,) = text_of(response, "quarter-waits-for")
    assert "the reporter to start it" in waits or "填报人开始填写" in waits


def test_a_draft_waits_for_the_reporter_to_send_it(world, client_for):
    report = draft_report(world, n_items=1, year=2026, quarter=4)
    assert report.status == ReportStatus.DRAFT
    (waits,) = text_of(client_for(world.approver).get(HOME), "quarter-waits-for")
    assert "sign-off" in waits or "提交审签" in waits


@pytest.mark.parametrize("who", ["reporter", "approver"])
def test_the_units_points_and_rank_this_year(world, client_for, who):
    build_rules()
    build_year_2026(world)  # 延长 15 points (3 adopted), 靖边 14 (2)
    (standing,) = text_of(client_for(getattr(world, who)).get(HOME), "unit-standing")
    assert "2026" in standing and "15.00" in standing and "3" in standing
    assert re.search(r"ranked 1 of \d+|排名第1", standing), standing


def test_a_second_unit_ranks_below(world, client_for):
    build_rules()
    build_year_2026(world)
    (standing,) = text_of(client_for(world.outsider_reporter).get(HOME), "unit-standing")
    assert "14.00" in standing
    assert re.search(r"ranked 2 of \d+|排名第2", standing), standing


def test_reviewers_have_no_unit_card(world, client_for):
    response = client_for(world.province_reviewer).get(HOME)
    assert 'data-testid="unit-standing"' not in response.text
