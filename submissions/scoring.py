"""Points for adopted items, from the year's scoring rules.

points = rule points for the item's media level and type
         × the lead-story multiplier, if it was a front-page or lead story
         + the endorsement bonus, if a leader endorsed it in writing.
The same story carried by several outlets counts once, at its highest value: within a
report, adopted items whose titles match once spaces and punctuation are ignored form
one story, and only the best-scoring of them keeps its points.
"""

import unicodedata
from decimal import Decimal

from django.db.models import Count, QuerySet, Sum
from django.db.models.functions import Coalesce
from simple_history.utils import bulk_update_with_history

from submissions.models import Item, Report, ReportStatus, ReportTotals, ReviewResult, ScoringYear

CENT = Decimal("0.01")


def story_key(title: str) -> str:
    return "".join(
        ch.lower()
        for ch in unicodedata.normalize("NFKC", title)
        if unicodedata.category(ch)[0] not in "PZS"
    )


def rules_for(year: int) -> tuple[dict, Decimal, Decimal]:
    scoring_year = ScoringYear.objects.filter(year=year).first()
    if scoring_year is None:
        return {}, Decimal(1), Decimal(0)
    rules = {(rule.media_level, rule.media_type): rule.points for rule in scoring_year.rules.all()}
    return rules, scoring_year.lead_story_multiplier, scoring_year.endorsement_bonus


def item_points(item: Item, rules: dict, multiplier: Decimal, bonus: Decimal) -> Decimal:
    points = rules.get((item.media_level, item.media_type), Decimal(0))
    if item.is_lead_story:
        points *= multiplier
    if item.leader_endorsed:
        points += bonus
    return points.quantize(CENT)


def rescore_report(report: Report) -> None:
    """Work out every item's points again. Call inside the reviewing transaction."""
    rules, multiplier, bonus = rules_for(report.year)
    changed = assign_points(list(report.items.all()), rules, multiplier, bonus)
    bulk_update_with_history(changed, Item, ["points"], default_change_reason="rescored")


def assign_points(items: list[Item], rules, multiplier, bonus) -> list[Item]:
    """Set each of a report's items' points (saved or not yet): an adopted item earns its
    points unless another adopted item of the same story earns more. Returns the items
    whose points changed, in the report's order."""
    best_of_story: dict[str, Item] = {}
    computed: dict[int, Decimal] = {}
    for item in items:
        if item.review_result != ReviewResult.ADOPTED:
            computed[id(item)] = Decimal(0)
            continue
        computed[id(item)] = item_points(item, rules, multiplier, bonus)
        key = story_key(item.title)
        best = best_of_story.get(key)
        if best is None or computed[id(item)] > computed[id(best)]:
            best_of_story[key] = item
    keepers = {id(item) for item in best_of_story.values()}
    changed = []
    for item in items:
        points = computed[id(item)] if id(item) in keepers else Decimal(0)
        if item.points != points:
            item.points = points
            changed.append(item)
    return changed


# What adopted reports add to the annual assessment --------------------------------------


def empty_totals() -> dict:
    return {"points": Decimal(0), "adopted": 0, "by_level": {}, "by_type": {}}


def totals_by_report(items: QuerySet[Item]) -> dict[int, dict]:
    """The adopted ones among `items`, summed per report id: points (as set by hand, else
    by the rules), how many, and how many per media level and per media type. One
    grouped query; a report with no adopted item is left out (empty_totals)."""
    rows = (
        items.filter(review_result=ReviewResult.ADOPTED)
        .order_by()
        .values("report_id", "media_level", "media_type")
        .annotate(n=Count("pk"), points=Sum(Coalesce("points_override", "points")))
    )
    totals: dict[int, dict] = {}
    for row in rows:
        report = totals.setdefault(row["report_id"], empty_totals())
        # SQLite sums decimals as floats: each sum is a whole number of cents.
        report["points"] += Decimal(row["points"] or 0).quantize(CENT)
        report["adopted"] += row["n"]
        for key, value in (("by_level", row["media_level"]), ("by_type", row["media_type"])):
            report[key][value] = report[key].get(value, 0) + row["n"]
    return totals


def record_totals(report: Report) -> ReportTotals:
    """Store what `report` adds to the assessment. Call inside the adopting transaction:
    once adopted, its items no longer change."""
    values = totals_by_report(report.items.all()).get(report.pk, empty_totals())
    totals, _created = ReportTotals.objects.update_or_create(report=report, defaults=values)
    return totals


def fill_missing_totals(batch_size: int = 500) -> int:
    """Totals for adopted reports that have none: reports loaded in bulk rather than adopted
    through report_adopt (demo data, benchmarks). Returns how many were made."""
    missing = list(
        Report.objects.filter(status=ReportStatus.ADOPTED, totals=None).values_list("pk", flat=True)
    )
    for start in range(0, len(missing), batch_size):
        batch = missing[start : start + batch_size]
        found = totals_by_report(Item.objects.filter(report_id__in=batch))
        ReportTotals.objects.bulk_create(
            ReportTotals(report_id=pk, **found.get(pk, empty_totals())) for pk in batch
        )
    return len(missing)
