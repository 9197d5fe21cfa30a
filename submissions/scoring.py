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

from simple_history.utils import bulk_update_with_history

from submissions.models import Item, Report, ReviewResult, ScoringYear

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
    items = list(report.items.all())
    best_of_story: dict[str, Item] = {}
    computed: dict[int, Decimal] = {}
    for item in items:
        if item.review_result != ReviewResult.ADOPTED:
            computed[item.pk] = Decimal(0)
            continue
        computed[item.pk] = item_points(item, rules, multiplier, bonus)
        key = story_key(item.title)
        best = best_of_story.get(key)
        if best is None or computed[item.pk] > computed[best.pk]:
            best_of_story[key] = item
    keepers = {item.pk for item in best_of_story.values()}
    changed = []
    for item in items:
        points = computed[item.pk] if item.pk in keepers else Decimal(0)
        if item.points != points:
            item.points = points
            changed.append(item)
    bulk_update_with_history(changed, Item, ["points"], default_change_reason="rescored")
