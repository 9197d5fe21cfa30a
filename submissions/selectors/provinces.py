"""The overview pages of a person whose scope spans several provinces (the national office
of a deployment with a nation above its provinces): one row per province, counted and
summed in the database, each leading to the province's own page.

A national office oversees thousands of units: their rows, built in Python and drawn one
by one, made the pages take well over half a second (README, Benchmarks, "National
scale"). Here the database returns a few rows per province whatever the number of units.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.db.models import (
    Case,
    CharField,
    Count,
    DateField,
    F,
    FilteredRelation,
    IntegerField,
    Q,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from django.http import Http404

from portal.models import Region, RegionLevel
from portal.scoping import scope_for
from submissions import deadlines
from submissions.models import (
    DeadlineExtension,
    MediaLevel,
    MediaType,
    ReportStatus,
)
from submissions.selectors.overview import (
    OVERSEER_ROLES,
    Tally,
    UnitState,
    adopted_reports,
    cents,
    competition_rank,
    counted_from_items,
    overseen_reporting_units,
    summed_totals,
)


def overseen_provinces(user) -> list[Region]:
    """The provinces in which the person reviews or administers something, in tree order:
    every province under the nation for the national office, their own province for a
    province's or a city's office. One query."""
    scope = scope_for(user, OVERSEER_ROLES)
    provinces = Region.objects.filter(level=RegionLevel.PROVINCE)
    if not scope.everything:
        # The regions on a scope's path: a city office's path holds its province's id.
        above = {int(part) for path in scope.region_paths for part in path.strip("/").split("/")}
        provinces = provinces.filter(scope.regions_q() | Q(pk__in=above))
    return list(provinces.order_by("path"))


def overseen_province(user, region_id: str) -> Region:
    """The province `region_id` names, if the person oversees all of it; 404 otherwise
    (another province's id, a city's, or no number at all)."""
    try:
        pk = int(region_id)
    except (TypeError, ValueError):
        raise Http404 from None
    scope = scope_for(user, OVERSEER_ROLES)
    province = (
        Region.objects.filter(scope.regions_q(), level=RegionLevel.PROVINCE, pk=pk)
        if not scope.is_empty
        else Region.objects.none()
    ).first()
    if province is None:
        raise Http404
    return province


def province_of(region: str) -> Case:
    """SQL: the id of the province holding the region reached through `region` (a lookup
    path such as "unit__region"); NULL for a region above the provinces."""
    return Case(
        When(**{f"{region}__level": RegionLevel.PROVINCE}, then=F(f"{region}_id")),
        When(**{f"{region}__level": RegionLevel.CITY}, then=F(f"{region}__parent_id")),
        When(**{f"{region}__level": RegionLevel.COUNTY}, then=F(f"{region}__parent__parent_id")),
        When(
            **{f"{region}__level": RegionLevel.TOWNSHIP},
            then=F(f"{region}__parent__parent__parent_id"),
        ),
        default=None,
        output_field=IntegerField(),
    )


# Completeness ------------------------------------------------------------------------


@dataclass
class ProvinceTotals:
    province: Region
    tally: Tally


@dataclass
class ProvinceCompleteness:
    year: int
    quarter: int
    today: date
    provinces: list[ProvinceTotals]
    overall: Tally


def _due_date(year: int, quarter: int) -> Coalesce:
    """SQL: a unit's deadline for the quarter, as the completeness page takes it: its
    report's, else its own extension's, else the general extension's or the rule's. The
    quarter's extensions are few: read first, they become constants. One query."""
    extensions = dict(
        DeadlineExtension.objects.filter(year=year, quarter=quarter).values_list(
            "unit_id", "due_date"
        )
    )
    default_due = extensions.pop(None, None) or deadlines.default_due_date(year, quarter)
    units_by_date = defaultdict(list)
    for unit_id, due in extensions.items():
        units_by_date[due].append(unit_id)
    own = [When(pk__in=ids, then=Value(due)) for due, ids in sorted(units_by_date.items())]
    fallback = (
        Case(*own, default=Value(default_due), output_field=DateField())
        if own
        else Value(default_due, output_field=DateField())
    )
    return Coalesce("quarter_report__due_date", fallback, output_field=DateField())


def _unit_state(today: date) -> Case:
    """SQL: selectors.overview.unit_state, for a unit with its quarter's report joined as
    `quarter_report` and its deadline as `due`. The same order of tests."""
    status = "quarter_report__status"
    return Case(
        When(**{status: ReportStatus.ADOPTED}, then=Value(UnitState.ADOPTED)),
        When(
            **{status: ReportStatus.SUBMITTED, "quarter_report__is_late": True},
            then=Value(UnitState.LATE),
        ),
        When(**{status: ReportStatus.SUBMITTED}, then=Value(UnitState.ON_TIME)),
        When(
            Q(**{status: ReportStatus.RETURNED}) | Q(quarter_report__submitted_at__isnull=False),
            then=Value(UnitState.RETURNED),
        ),
        When(due__lt=today, then=Value(UnitState.MISSING)),
        When(quarter_report__id__isnull=True, then=Value(UnitState.NOT_STARTED)),
        When(**{status: ReportStatus.AWAITING_SIGNOFF}, then=Value(UnitState.AWAITING_SIGNOFF)),
        default=Value(UnitState.DRAFT),
        output_field=CharField(),
    )


def province_completeness(
    user, provinces: list[Region], year: int, quarter: int, today: date
) -> ProvinceCompleteness:
    """The completeness page's states counted per province (`overseen_provinces`): the
    units that must report, each with its quarter's report joined, counted by province
    and state in the database. Two queries (the extensions, the counts)."""
    units = overseen_reporting_units(user).annotate(
        quarter_report=FilteredRelation(
            "reports", condition=Q(reports__year=year, reports__quarter=quarter)
        )
    )
    rows = (
        units.alias(due=_due_date(year, quarter))
        .annotate(province=province_of("region"), state=_unit_state(today))
        .order_by()
        .values("province", "state")
        .annotate(n=Count("pk"))
        .values_list("province", "state", "n")
    )
    tallies = {province.pk: Tally() for province in provinces}
    overall = Tally()
    for province_id, state, n in rows:
        overall.counts[state] += n
        if province_id in tallies:
            tallies[province_id].counts[state] += n
    return ProvinceCompleteness(
        year=year,
        quarter=quarter,
        today=today,
        provinces=[ProvinceTotals(p, tallies[p.pk]) for p in provinces],
        overall=overall,
    )


# The annual assessment -------------------------------------------------------------


@dataclass
class ProvinceScore:
    province: Region
    points: Decimal = Decimal(0)
    adopted: int = 0
    by_level: list[int] = field(default_factory=lambda: [0] * len(MediaLevel))
    by_type: list[int] = field(default_factory=lambda: [0] * len(MediaType))
    rank: int = 0


def province_scores(user, provinces: list[Region], year: int) -> list[ProvinceScore]:
    """The assessment's unit rows (selectors.overview.unit_scores) summed per province and
    ranked by points: the totals stored for each of the year's adopted reports in the
    person's scope (ReportTotals, with its JSON counts per media level and type) added up
    per province in one query, as unit_scores adds them up per unit. Reports adopted
    without stored totals (loaded in bulk) are counted from their items in one query more,
    as unit_scores does."""
    reports = adopted_reports(user, year)
    rows = (
        reports.annotate(province=province_of("unit__region"))
        .order_by()
        .values("province")
        .annotate(**summed_totals())
    )
    scores = {province.pk: ProvinceScore(province) for province in provinces}
    missing = False
    for row in rows:
        score = scores.get(row["province"])
        missing = missing or row["without_totals"] > 0
        if score is None:
            continue
        score.points += cents(row["points"])
        score.adopted += row["adopted"]
        score.by_level = [row[f"level_{v}"] for v in MediaLevel.values]
        score.by_type = [row[f"type_{v}"] for v in MediaType.values]
    if missing:
        levels, types = MediaLevel.values, MediaType.values
        for row in counted_from_items(reports, province_of("report__unit__region")):
            score = scores.get(row["key"])
            if score is None:
                continue
            score.points += cents(row["points"])  # each report's cents, as unit_scores adds
            score.adopted += row["n"]
            if row["media_level"] in levels:
                score.by_level[levels.index(row["media_level"])] += row["n"]
            if row["media_type"] in types:
                score.by_type[types.index(row["media_type"])] += row["n"]
    ranked = sorted(scores.values(), key=lambda s: (-s.points, -s.adopted, s.province.path))
    competition_rank(ranked, key=lambda s: s.points)
    return ranked
