"""What the summaries' documents read of quarterly reports: a region's figures for a year
or a quarter, and one report's items.

Each takes the person and the region, keeps to the person's review scope, and costs one
query (the ranking two, as the assessment). Points are Decimals to the cent, rounded and
ranked as the assessment page does (overview.cents, overview.competition_rank), so the
documents match it; the caller only formats them.
"""

from datetime import date, datetime
from decimal import Decimal

from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, Q, QuerySet, Sum, Value

from portal.models import JournalEntry, Region
from portal.scoping import scope_queryset
from submissions.filters import items_per_report
from submissions.models import Item, MediaLevel, MediaType, Report, ReportStatus, ReviewResult
from submissions.selectors.overview import (
    FINAL_POINTS,
    OVERSEER_ROLES,
    UnitScore,
    adopted_reports,
    cents,
    competition_rank,
    counted_from_items,
    summed_totals,
    unit_scores,
)

TOP_ITEMS = 10
# Reports whose items have reached the reviewers.
WITH_REVIEWERS = [ReportStatus.SUBMITTED, ReportStatus.ADOPTED]
# A unit with nothing reported in the quarter.
NO_COUNTS = {"published": 0, "adopted": 0, "points": cents(0)}
# The journal's code for a report's adoption (services.report_adopt): when it was adopted.
ADOPTED_ACTION = "submissions.report.adopted"


def _adopted_q() -> Q:
    return Q(review_result=ReviewResult.ADOPTED, report__status=ReportStatus.ADOPTED)


def _reported(user, region: Region, *, year: int, quarter: int | None = None) -> QuerySet[Item]:
    """Items reported to reviewers (report submitted or adopted) in `region`: published in
    `year`, or filed in the report of `year`'s `quarter`."""
    items = Item.objects.filter(
        report__unit__region__path__startswith=region.path,
        report__status__in=WITH_REVIEWERS,
    )
    if quarter is None:
        items = items.filter(published_on__range=(date(year, 1, 1), date(year, 12, 31)))
    else:
        items = items.filter(report__year=year, report__quarter=quarter)
    return scope_queryset(items, user, unit_field="report__unit", roles=OVERSEER_ROLES)


def year_matrix(user, region: Region, year: int) -> dict:
    """The year's published and adopted counts by media level x type, with row and
    column totals."""
    cells = {
        (row["media_level"], row["media_type"]): row
        for row in _reported(user, region, year=year)
        .order_by()
        .values("media_level", "media_type")
        .annotate(published=Count("pk"), adopted=Count("pk", filter=_adopted_q()))
    }
    rows = []
    for level in MediaLevel.values:
        published = [cells.get((level, t), {}).get("published", 0) for t in MediaType.values]
        adopted = [cells.get((level, t), {}).get("adopted", 0) for t in MediaType.values]
        rows.append(
            {
                "level": level,
                "published": published,
                "adopted": adopted,
                "published_total": sum(published),
                "adopted_total": sum(adopted),
            }
        )
    return {
        "types": list(MediaType.values),
        "rows": rows,
        "published_by_type": [sum(r["published"][i] for r in rows) for i in range(len(MediaType))],
        "adopted_by_type": [sum(r["adopted"][i] for r in rows) for i in range(len(MediaType))],
        "published": sum(r["published_total"] for r in rows),
        "adopted": sum(r["adopted_total"] for r in rows),
    }


def year_by_quarter(user, region: Region, year: int) -> dict[int, dict]:
    """Published and adopted counts of the year's items, by the quarter of their report."""
    return {
        row["report__quarter"]: row
        for row in _reported(user, region, year=year)
        .order_by()
        .values("report__quarter")
        .annotate(published=Count("pk"), adopted=Count("pk", filter=_adopted_q()))
    }


def year_published_per_unit(user, region: Region, year: int) -> dict[int, int]:
    """How many of the year's items each unit reported, by unit id."""
    return dict(
        _reported(user, region, year=year)
        .order_by()
        .values("report__unit")
        .annotate(n=Count("pk"))
        .values_list("report__unit", "n")
    )


def assessment_ranking(user, region: Region, year: int) -> list[UnitScore]:
    """The assessment's units of `region`'s subtree, ranked among themselves."""
    scores = [s for s in unit_scores(user, year) if s.unit.region.path.startswith(region.path)]
    competition_rank(scores, key=lambda s: s.points)
    return scores


def quarter_per_unit(user, region: Region, year: int, quarter: int) -> dict[int, dict]:
    """Published and adopted counts and adopted points of the quarter, by unit id (a unit
    with nothing reported is left out: NO_COUNTS)."""
    rows = (
        _reported(user, region, year=year, quarter=quarter)
        .order_by()
        .values("report__unit")
        .annotate(
            published=Count("pk"),
            adopted=Count("pk", filter=_adopted_q()),
            points=Sum(FINAL_POINTS, filter=_adopted_q()),
        )
    )
    return {
        row["report__unit"]: {
            "published": row["published"],
            "adopted": row["adopted"],
            "points": cents(row["points"]),
        }
        for row in rows
    }


def top_items(
    user, region: Region, year: int, quarter: int | None = None, *, limit: int = TOP_ITEMS
) -> list[dict]:
    """The adopted items with the most points, of the year (by publication) or of a
    quarter's reports; newest first among equals."""
    rows = (
        _reported(user, region, year=year, quarter=quarter)
        .filter(_adopted_q())
        .annotate(final=FINAL_POINTS)
        .order_by("-final", "-published_on", "pk")
        .values(
            "pk", "title", "outlet", "media_level", "published_on", "final", "report__unit__name"
        )
    )[:limit]
    return [
        {
            "id": row["pk"],
            "title": row["title"],
            "outlet": row["outlet"],
            "level": row["media_level"],
            "published_on": row["published_on"],
            "points": cents(row["final"]),
            "unit": row["report__unit__name"],
        }
        for row in rows
    ]


def report_items(report: Report) -> list[dict]:
    """A report's items in publication order, each with its review result and, if
    adopted, its final points (None otherwise)."""
    items = report.items.order_by("published_on", "pk").values(
        "pk",
        "number",
        "title",
        "outlet",
        "media_level",
        "media_type",
        "published_on",
        "page",
        "link",
        "review_result",
        "rejection_reason",
        "points",
        "points_override",
    )
    rows = []
    for item in items:
        final = item["points_override"] if item["points_override"] is not None else item["points"]
        adopted = item["review_result"] == ReviewResult.ADOPTED
        rows.append(
            {
                "id": item["pk"],
                "number": item["number"],
                "title": item["title"],
                "outlet": item["outlet"],
                "level": item["media_level"],
                "type": item["media_type"],
                "published_on": item["published_on"],
                "page": item["page"],
                "link": item["link"],
                "result": item["review_result"],
                "reason": item["rejection_reason"],
                "points": cents(final) if adopted else None,
            }
        )
    return rows


def total_points(points) -> Decimal:
    """The sum of points to the cent ("0.00" for none), as the assessment adds them."""
    return sum((cents(p) for p in points), cents(0))


# The officials' dashboard (front/dashboard.py) --------------------------------------------


def quarters_trend(user, region: Region, quarters: list[tuple[int, int]]) -> dict[tuple, dict]:
    """Items reported to reviewers and items adopted, per (year, quarter) of `quarters`,
    counted as the year-end summary counts them (year_by_quarter: an item lies in its
    report's quarter). One query over the quarters' reports, not their items: each
    report's item count is an index-only count (items_per_report) and its adopted items
    the totals report_adopt stored; reports adopted without totals (loaded in bulk) are
    counted from their items, in one query more."""
    wanted = Q(pk__in=[])
    for year, quarter in quarters:
        wanted |= Q(year=year, quarter=quarter)
    reports = scope_queryset(
        Report.objects.filter(
            wanted, unit__region__path__startswith=region.path, status__in=WITH_REVIEWERS
        ),
        user,
        roles=OVERSEER_ROLES,
    )
    out = {period: {"published": 0, "adopted": 0} for period in quarters}
    missing = False
    for year, quarter, status, published, adopted in (
        reports.order_by()
        .annotate(n=items_per_report())
        .values_list("year", "quarter", "status", "n", "totals__adopted")
    ):
        out[(year, quarter)]["published"] += published
        if status == ReportStatus.ADOPTED:
            missing = missing or adopted is None
            out[(year, quarter)]["adopted"] += adopted or 0
    if missing:
        counted = (
            Item.objects.filter(
                report__in=reports.filter(status=ReportStatus.ADOPTED, totals__isnull=True),
                review_result=ReviewResult.ADOPTED,
            )
            .order_by()
            .values_list("report__year", "report__quarter")
            .annotate(n=Count("pk"))
        )
        for year, quarter, n in counted:
            out[(year, quarter)]["adopted"] += n
    return out


def adopted_by_level(
    user, region: Region, year: int, *, adopted_by: datetime | None = None
) -> dict[str, int]:
    """The year's adopted items per media level, summed as the assessment sums them
    (summed_totals over adopted_reports: the same reports, the same counts); with
    `adopted_by`, only the reports whose adoption the journal records by then (this year
    against the same day last year). One query, one more for reports adopted without
    stored totals."""
    reports = adopted_reports(user, year, region)
    if adopted_by is not None:
        adoptions = JournalEntry.objects.filter(
            action=ADOPTED_ACTION,
            at__lte=adopted_by,
            content_type=ContentType.objects.get_for_model(Report),
        ).values("object_id")
        reports = reports.filter(pk__in=adoptions)
    # Only the counts per level of the assessment's aggregates: each costs Django time to
    # compile (a JSON key cast and summed), and points and types are not asked for.
    wanted = {
        name: aggregate
        for name, aggregate in summed_totals().items()
        if name.startswith("level_") or name == "without_totals"
    }
    totals = reports.aggregate(**wanted)
    counts = {level: totals[f"level_{level}"] for level in MediaLevel.values}
    if totals["without_totals"]:
        for row in counted_from_items(reports, Value(0)):
            counts[row["media_level"]] += row["n"]
    return counts
