"""A finished 2026 assessment for the candidate pages: 延长县扶贫开发局's Q3 report adopted
with three items (two authored by its reporter 王小燕)."""

from decimal import Decimal

from submissions import services
from submissions.models import MediaLevel, MediaType, ReviewResult, ScoringRule, ScoringYear
from tests.submissions.builders import submitted_report


def adopted_year(world):
    year = ScoringYear.objects.create(year=2026)
    for level, media_type in [
        (MediaLevel.MUNICIPAL, MediaType.NEWSPAPER),
        (MediaLevel.PROVINCIAL, MediaType.NEWSPAPER),
        (MediaLevel.CENTRAL, MediaType.ONLINE),
    ]:
        ScoringRule.objects.create(
            scoring_year=year, media_level=level, media_type=media_type, points=Decimal(4)
        )
    report = submitted_report(world, n_items=3)
    services.items_review_bulk(
        report=report,
        user=world.province_reviewer,
        item_ids=list(report.items.values_list("pk", flat=True)),
        result=ReviewResult.ADOPTED,
    )
    report.refresh_from_db()
    return services.report_adopt(
        report=report, user=world.province_reviewer, version=report.version
    )
