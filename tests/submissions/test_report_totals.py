"""What an adopted report adds to the annual assessment, stored when it is adopted
(ReportTotals), and the assessment summed from those totals: the same figures as summing
the year's adopted items, which it did before."""

import importlib
from collections import Counter
from decimal import Decimal

import pytest
from django.apps import apps
from django.db import connection
from django.db.models import Count, Q, Sum
from django.test.utils import CaptureQueriesContext

from portal.models import Role
from submissions import scoring, services
from submissions.models import (
    Item,
    MediaLevel,
    MediaType,
    Report,
    ReportTotals,
    ReviewResult,
    ScoringRule,
    ScoringYear,
)
from submissions.selectors.overview import FINAL_POINTS, adopted_items, cents, unit_scores
from tests.factories import person
from tests.submissions.builders import submitted_report


@pytest.fixture(autouse=True)
def rules(db):
    year = ScoringYear.objects.create(
        year=2026, lead_story_multiplier=Decimal("1.5"), endorsement_bonus=Decimal("2")
    )
    for level, media_type, points in [
        (MediaLevel.MUNICIPAL, MediaType.NEWSPAPER, "2"),
        (MediaLevel.PROVINCIAL, MediaType.NEWSPAPER, "4.25"),
        (MediaLevel.CENTRAL, MediaType.ONLINE, "8"),
        (MediaLevel.COUNTY, MediaType.TV, "1.1"),
    ]:
        ScoringRule.objects.create(
            scoring_year=year, media_level=level, media_type=media_type, points=Decimal(points)
        )


def review(report, reviewer, *, reject=(), override=None):
    """Adopt every item of the report but the `reject` positions; `override`: (position,
    points) set by hand. Returns the report, fresh."""
    items = list(report.items.order_by("pk"))
    for position, item in enumerate(items):
        rejected = position in reject
        points = override[1] if override and override[0] == position else None
        services.item_review(
            item=item,
            user=reviewer,
            result=ReviewResult.REJECTED if rejected else ReviewResult.ADOPTED,
            version=item.version,
            reason="重复" if rejected else "",
            points_override=points,
            override_reason="典型" if points is not None else "",
        )
    report.refresh_from_db()
    return report


def adopt(report, reviewer):
    return services.report_adopt(report=report, user=reviewer, version=report.version)


def expected(report) -> dict:
    adopted = [i for i in report.items.all() if i.review_result == ReviewResult.ADOPTED]
    return {
        "points": sum((i.final_points for i in adopted), Decimal(0)),
        "adopted": len(adopted),
        "by_level": dict(Counter(i.media_level for i in adopted)),
        "by_type": dict(Counter(i.media_type for i in adopted)),
    }


def stored(report) -> dict:
    totals = ReportTotals.objects.get(report=report)
    return {
        "points": totals.points,
        "adopted": totals.adopted,
        "by_level": totals.by_level,
        "by_type": totals.by_type,
    }


@pytest.fixture
def year_of_reports(world):
    """2026: 延长县 Q1 and Q2 adopted, 靖边县 Q3 adopted, 延川县 Q3 reviewed but not adopted."""
    reviewer = world.province_reviewer
    q1 = adopt(
        review(submitted_report(world, n_items=6, quarter=1), reviewer, reject={2}), reviewer
    )
    q2 = submitted_report(world, n_items=9, quarter=2)
    q2 = adopt(review(q2, reviewer, reject={0, 5}, override=(1, Decimal("12.5"))), reviewer)
    jingbian = submitted_report(
        world,
        n_items=4,
        unit=world.jingbian_bureau,
        reporter=world.outsider_reporter,
        approver=person("jingbian_approver", world.jingbian_bureau, Role.APPROVER),
    )
    jingbian = adopt(review(jingbian, reviewer), reviewer)
    pending = submitted_report(
        world,
        n_items=3,
        unit=world.yanchuan_bureau,
        reporter=world.neighbour_reporter,
        approver=person("yanchuan_approver", world.yanchuan_bureau, Role.APPROVER),
    )
    review(pending, reviewer)
    return [q1, q2, jingbian]


def test_adopting_stores_what_the_report_adds(world, year_of_reports):
    for report in year_of_reports:
        assert stored(report) == expected(report)
    q2 = year_of_reports[1]
    assert stored(q2)["adopted"] == 7
    assert Decimal("12.5") <= stored(q2)["points"]
    # Reports not adopted have none.
    assert ReportTotals.objects.count() == 3


def test_a_refused_adoption_stores_nothing(world):
    reviewer = world.province_reviewer
    report = submitted_report(world, n_items=2)
    with pytest.raises(services.ReportError):
        adopt(report, reviewer)  # items not reviewed yet
    report = review(report, reviewer)
    with pytest.raises(services.ConcurrentEdit):
        services.report_adopt(report=report, user=reviewer, version=report.version - 1)
    assert not ReportTotals.objects.exists()


def test_a_report_adopted_with_every_item_rejected_adds_nothing(world):
    reviewer = world.province_reviewer
    report = adopt(review(submitted_report(world, n_items=2), reviewer, reject={0, 1}), reviewer)
    assert stored(report) == {"points": Decimal(0), "adopted": 0, "by_level": {}, "by_type": {}}


def summed_from_items(user, year) -> dict[int, tuple]:
    """The assessment's unit figures as it computed them before: from the adopted items."""
    aggregates = {
        "points": Sum(FINAL_POINTS),
        "adopted": Count("pk"),
        **{f"level_{v}": Count("pk", filter=Q(media_level=v)) for v in MediaLevel.values},
        **{f"type_{v}": Count("pk", filter=Q(media_type=v)) for v in MediaType.values},
    }
    rows = adopted_items(user, year).order_by().values("report__unit").annotate(**aggregates)
    return {
        row["report__unit"]: (
            cents(row["points"]),
            row["adopted"],
            [row[f"level_{v}"] for v in MediaLevel.values],
            [row[f"type_{v}"] for v in MediaType.values],
        )
        for row in rows
    }


def scores(user, year) -> dict[int, tuple]:
    return {
        s.unit.pk: (s.points, s.adopted, s.by_level, s.by_type)
        for s in unit_scores(user, year)
        if s.adopted
    }


@pytest.mark.parametrize("who", ["province_reviewer", "city_reviewer", "other_city_reviewer"])
def test_the_assessment_gives_the_figures_summed_from_the_items(world, year_of_reports, who):
    user = getattr(world, who)
    assert scores(user, 2026) == summed_from_items(user, 2026)
    assert scores(user, 2025) == summed_from_items(user, 2025) == {}


def _scores_and_queries(user):
    with CaptureQueriesContext(connection) as queries:
        result = scores(user, 2026)
    return result, len(queries)


def test_reports_adopted_without_totals_are_counted_from_their_items(world, year_of_reports):
    user = world.province_reviewer
    scores(user, 2026)  # the person's roles are read once, then remembered
    before, queries = _scores_and_queries(user)
    # As reports loaded in bulk (demo data, benchmarks) are: adopted, with no totals.
    ReportTotals.objects.filter(report__in=year_of_reports[1:]).delete()
    after, more_queries = _scores_and_queries(user)
    assert after == before
    assert more_queries == queries + 1
    assert scoring.fill_missing_totals() == 2
    assert _scores_and_queries(user) == (before, queries)
    for report in year_of_reports:
        assert stored(report) == expected(report)


def test_the_migration_fills_the_totals_of_reports_adopted_before_it(world, year_of_reports):
    made = {report.pk: stored(report) for report in year_of_reports}
    ReportTotals.objects.all().delete()
    migration = importlib.import_module("submissions.migrations.0006_report_totals")
    migration.forward(apps, None)
    assert {pk: stored(Report(pk=pk)) for pk in made} == made
    assert ReportTotals.objects.count() == len(made)
    # Items of reports never adopted are not counted anywhere.
    assert (
        Item.objects.exclude(report__in=year_of_reports)
        .filter(review_result=ReviewResult.ADOPTED)
        .exists()
    )
