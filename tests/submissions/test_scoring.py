"""Points for adopted items, from the year's scoring rules, through the review services."""

from decimal import Decimal

import pytest
from django.urls import reverse
from pytest_django.asserts import assertContains

from submissions import services
from submissions.models import (
    Item,
    MediaLevel,
    MediaType,
    ReviewResult,
    ScoringRule,
    ScoringYear,
)
from tests.submissions.builders import item_data

YEAR, QUARTER = 2026, 3


@pytest.fixture
def rules(db):
    scoring = ScoringYear.objects.create(
        year=YEAR, lead_story_multiplier=Decimal("1.5"), endorsement_bonus=Decimal(2)
    )
    for level, media_type, points in [
        (MediaLevel.CENTRAL, MediaType.NEWSPAPER, 10),
        (MediaLevel.PROVINCIAL, MediaType.TV, 6),
        (MediaLevel.COUNTY, MediaType.ONLINE, 1),
    ]:
        ScoringRule.objects.create(
            scoring_year=scoring, media_level=level, media_type=media_type, points=points
        )
    return scoring


def medium(level, media_type, **extra) -> dict:
    return {"media_level": level, "media_type": media_type, **extra}


CENTRAL_PAPER = medium(MediaLevel.CENTRAL, MediaType.NEWSPAPER)
PROVINCIAL_TV = medium(MediaLevel.PROVINCIAL, MediaType.TV)
COUNTY_ONLINE = medium(MediaLevel.COUNTY, MediaType.ONLINE)


def submitted_with(world, *items: dict):
    """A submitted report of 延长县 with items made from `items` (overrides of sample data)."""
    report = services.report_start(
        unit=world.yanchang_bureau, year=YEAR, quarter=QUARTER, user=world.reporter
    )
    for n, fields in enumerate(items):
        data = item_data(n, year=YEAR, quarter=QUARTER) | {
            "is_lead_story": False,
            "leader_endorsed": False,
            "title": f"第{n + 1}篇稿件",
            **fields,
        }
        services.item_create(report=report, user=world.reporter, data=data)
    report.refresh_from_db()
    report = services.report_hand_to_approver(
        report=report, user=world.reporter, version=report.version
    )
    return services.report_sign_off(report=report, user=world.approver, version=report.version)


def adopt_all(world, report):
    services.items_review_bulk(
        report=report,
        user=world.city_reviewer,
        item_ids=list(report.items.values_list("pk", flat=True)),
        result=ReviewResult.ADOPTED,
    )
    return {item.title: item.final_points for item in report.items.order_by("pk")}


def test_base_points_by_level_and_type(world, rules):
    report = submitted_with(world, CENTRAL_PAPER, PROVINCIAL_TV, COUNTY_ONLINE)
    points = adopt_all(world, report)
    assert list(points.values()) == [Decimal(10), Decimal(6), Decimal(1)]


def test_a_medium_without_a_rule_scores_nothing(world, rules):
    report = submitted_with(world, medium(MediaLevel.INDUSTRY, MediaType.RADIO))
    assert list(adopt_all(world, report).values()) == [Decimal(0)]


def test_lead_story_is_multiplied(world, rules):
    report = submitted_with(world, CENTRAL_PAPER | {"is_lead_story": True})
    assert list(adopt_all(world, report).values()) == [Decimal(15)]


def test_leader_endorsement_adds_the_bonus(world, rules):
    report = submitted_with(
        world,
        PROVINCIAL_TV | {"leader_endorsed": True},
        COUNTY_ONLINE | {"leader_endorsed": True, "is_lead_story": True},
    )
    assert list(adopt_all(world, report).values()) == [Decimal(8), Decimal("3.5")]


def test_the_same_story_counts_once_at_its_highest_value(world, rules):
    report = submitted_with(
        world,
        PROVINCIAL_TV | {"title": "延长县：苹果产业带动群众脱贫"},
        CENTRAL_PAPER | {"title": "延长县 苹果产业，带动群众脱贫！"},
        COUNTY_ONLINE | {"title": "另一篇报道"},
    )
    points = list(adopt_all(world, report).values())
    assert points == [Decimal(0), Decimal(10), Decimal(1)]
    assert sum(points) == Decimal(11)


def test_a_rejected_duplicate_leaves_the_other_its_points(world, rules):
    report = submitted_with(
        world,
        PROVINCIAL_TV | {"title": "同一篇稿件"},
        CENTRAL_PAPER | {"title": "同一篇稿件。"},
    )
    adopt_all(world, report)
    central = report.items.get(media_level=MediaLevel.CENTRAL)
    services.item_review(
        item=central,
        user=world.city_reviewer,
        result=ReviewResult.REJECTED,
        reason="链接无法打开",
        version=central.version,
    )
    provincial = report.items.get(media_level=MediaLevel.PROVINCIAL)
    assert provincial.final_points == Decimal(6)
    assert Item.objects.get(pk=central.pk).final_points == Decimal(0)


def test_override_with_a_reason_sets_final_points(world, rules):
    report = submitted_with(world, COUNTY_ONLINE)
    item = report.items.get()
    item = services.item_review(
        item=item,
        user=world.city_reviewer,
        result=ReviewResult.ADOPTED,
        version=item.version,
        points_override=Decimal(4),
        override_reason="全省推广的典型经验",
    )
    assert item.points == Decimal(1)
    assert item.final_points == Decimal(4)
    assert item.override_reason == "全省推广的典型经验"


def test_override_without_a_reason_is_refused(world, rules):
    from django.core.exceptions import ValidationError

    report = submitted_with(world, COUNTY_ONLINE)
    item = report.items.get()
    with pytest.raises(ValidationError) as error:
        services.item_review(
            item=item,
            user=world.city_reviewer,
            result=ReviewResult.ADOPTED,
            version=item.version,
            points_override=Decimal(4),
        )
    assert "override_reason" in error.value.error_dict
    item.refresh_from_db()
    assert item.review_result == ReviewResult.PENDING


def test_reject_scores_zero_and_the_unit_sees_the_reason(world, rules, client_for):
    report = submitted_with(world, CENTRAL_PAPER)
    adopt_all(world, report)
    item = report.items.get()
    assert item.final_points == Decimal(10)
    item = services.item_review(
        item=item,
        user=world.city_reviewer,
        result=ReviewResult.REJECTED,
        reason="稿件发布于上一季度",
        version=item.version,
    )
    assert item.final_points == Decimal(0)
    assert item.rejection_reason == "稿件发布于上一季度"
    page = client_for(world.reporter).get(reverse("submissions:report-detail", args=[report.pk]))
    assert page.status_code == 200
    assertContains(page, "稿件发布于上一季度")


def test_adopting_again_after_a_rejection_drops_the_reason(world, rules):
    report = submitted_with(world, PROVINCIAL_TV)
    item = report.items.get()
    item = services.item_review(
        item=item,
        user=world.city_reviewer,
        result=ReviewResult.REJECTED,
        reason="重复",
        version=item.version,
    )
    item = services.item_review(
        item=item, user=world.city_reviewer, result=ReviewResult.ADOPTED, version=item.version
    )
    assert (item.rejection_reason, item.final_points) == ("", Decimal(6))


def test_no_rules_for_the_year_scores_nothing(world):
    report = submitted_with(world, CENTRAL_PAPER)
    assert list(adopt_all(world, report).values()) == [Decimal(0)]


def test_review_page_shows_the_points_and_total(world, rules, client_for):
    report = submitted_with(world, CENTRAL_PAPER | {"is_lead_story": True}, COUNTY_ONLINE)
    adopt_all(world, report)
    page = client_for(world.city_reviewer).get(
        reverse("submissions:report-review", args=[report.pk])
    )
    assert page.context["total_points"] == Decimal("16.00")
    assertContains(page, 'data-testid="total-points">16.00<')
