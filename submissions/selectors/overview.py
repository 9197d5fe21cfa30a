"""Reads for the overview pages: completeness of a quarter, the annual assessment, search.

Each function takes the person and returns only what lies in their part of the tree,
in a fixed number of queries however many units, reports or items there are.
"""

from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal

from django.db import connection, models
from django.db.models import Count, F, IntegerField, Q, QuerySet, Sum
from django.db.models.fields.json import KeyTextTransform
from django.db.models.functions import Cast, Coalesce
from django.utils.translation import gettext_lazy as _

from portal import clock
from portal.models import Region, RegionLevel, Role, Unit, UnitKind, User
from portal.scoping import scope_for, scope_queryset, visible_units
from submissions import deadlines, scoring
from submissions.filters import items_per_report
from submissions.models import (
    DeadlineExtension,
    Item,
    MediaLevel,
    MediaType,
    Report,
    ReportStatus,
    ReviewResult,
)
from submissions.search_text import bigrams

OVERSEER_ROLES = (Role.REVIEWER, Role.ADMIN)


class UnitState(models.TextChoices):
    """Where a unit stands with one quarter's report, in the order the page lists them."""

    NOT_STARTED = "not_started", _("Not started")
    DRAFT = "draft", _("Draft")
    AWAITING_SIGNOFF = "awaiting_signoff", _("Awaiting sign-off")
    ON_TIME = "on_time", _("Submitted on time")
    LATE = "late", _("Submitted late")
    MISSING = "missing", _("Missing")
    RETURNED = "returned", _("Returned")
    ADOPTED = "adopted", _("Adopted")


# States in which the unit has not (yet) filed the quarter.
NOT_FILED = frozenset(
    {UnitState.NOT_STARTED, UnitState.DRAFT, UnitState.AWAITING_SIGNOFF, UnitState.MISSING}
)


def default_period(today: date) -> tuple[int, int]:
    """The completeness page opens on the latest quarter that has ended: while its
    deadline runs it shows who has filed so far, once the deadline has passed it shows
    who is missing. (The quarter under way cannot be filed yet, so it would show
    nothing but "not started".)"""
    return clock.previous_quarter(*clock.quarter_of(today))


def unit_state(report: Report | None, due: date, today: date) -> UnitState:
    if report is not None:
        if report.status == ReportStatus.ADOPTED:
            return UnitState.ADOPTED
        if report.status == ReportStatus.SUBMITTED:
            return UnitState.LATE if report.is_late else UnitState.ON_TIME
        if report.status == ReportStatus.RETURNED or report.submitted_at is not None:
            # Once submitted and returned, the quarter counts as filed while the unit
            # reworks it (even while its approver sends it back again).
            return UnitState.RETURNED
    if today > due:
        return UnitState.MISSING
    if report is None:
        return UnitState.NOT_STARTED
    if report.status == ReportStatus.AWAITING_SIGNOFF:
        return UnitState.AWAITING_SIGNOFF
    return UnitState.DRAFT


@dataclass
class UnitRow:
    unit: Unit
    city: Region
    report: Report | None
    due_date: date
    state: UnitState

    @property
    def item_count(self) -> int:
        return self.report.item_count if self.report is not None else 0

    @property
    def submitted_at(self) -> datetime | None:
        return self.report.submitted_at if self.report is not None else None

    @property
    def has_filed(self) -> bool:
        return self.state not in NOT_FILED


@dataclass
class Tally:
    """Units per state, for one city or overall."""

    counts: dict[str, int] = field(default_factory=lambda: dict.fromkeys(UnitState.values, 0))

    def add(self, state: UnitState) -> None:
        self.counts[state] += 1

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    @property
    def filed(self) -> int:
        return sum(n for state, n in self.counts.items() if state not in NOT_FILED)

    def in_order(self) -> list[tuple[UnitState, int]]:
        return [(UnitState(state), self.counts[state]) for state in UnitState.values]


@dataclass
class CityTotals:
    city: Region
    tally: Tally


@dataclass
class Completeness:
    year: int
    quarter: int
    today: date
    rows: list[UnitRow]
    cities: list[CityTotals]
    overall: Tally
    # The quarter's deadline for units without one of their own (an extension for all,
    # else 10 days after the quarter).
    default_due: date | None = None


def overseen_reporting_units(user) -> QuerySet[Unit]:
    """The city and county offices that must report, within what the person reviews or
    administers (not the unit they may also report for)."""
    return visible_units(user, roles=OVERSEER_ROLES).filter(
        kind=UnitKind.POVERTY_OFFICE,
        region__level__in=[RegionLevel.CITY, RegionLevel.COUNTY],
    )


def in_region(queryset: QuerySet, region: Region | None, prefix: str = "") -> QuerySet:
    """`queryset` (of units, or of rows reaching a unit through `prefix`) narrowed to
    `region`'s subtree; unchanged without a region."""
    if region is None:
        return queryset
    return queryset.filter(**{f"{prefix}region__path__startswith": region.path})


def _city_of(unit: Unit) -> Region:
    # Reporting units sit in a city or in one of its counties (province > city > county).
    region = unit.region
    return region if region.level == RegionLevel.CITY else region.parent


def completeness(
    user, year: int, quarter: int, today: date, *, region: Region | None = None
) -> Completeness:
    """Every unit that must report the quarter, with its state, and totals per city; with
    `region`, only the units in its subtree (a national office looking at one province).

    Three queries: the units (with region and city joined), their reports for the
    quarter (with item counts), and the quarter's deadline extensions.

    The item counts are a correlated subquery, not a join and GROUP BY: joined, PostgreSQL
    hashes the whole item table (a million rows in a province) to count one quarter's.
    """
    units = list(
        in_region(overseen_reporting_units(user), region)
        .select_related("region__parent")
        .order_by("region__path", "name")
    )
    reports = {
        report.unit_id: report
        for report in Report.objects.filter(
            year=year, quarter=quarter, unit__in=[unit.pk for unit in units]
        )
        .annotate(item_count=items_per_report())
        .order_by()  # read into a dict: Report's default order would join the unit to sort
        .only(
            "unit_id",
            "year",
            "quarter",
            "status",
            "due_date",
            "submitted_at",
            "is_late",
            "nothing_to_report",
        )
    }
    extensions = dict(
        DeadlineExtension.objects.filter(year=year, quarter=quarter).values_list(
            "unit_id", "due_date"
        )
    )
    default_due = extensions.get(None) or deadlines.default_due_date(year, quarter)

    rows, by_city, overall = [], {}, Tally()
    for unit in units:
        report = reports.get(unit.pk)
        # A report carries its own deadline (extensions granted later are written onto it);
        # for a unit without one it is what services.due_date_for would give.
        due = report.due_date if report is not None else extensions.get(unit.pk, default_due)
        state = unit_state(report, due, today)
        city = _city_of(unit)
        rows.append(UnitRow(unit=unit, city=city, report=report, due_date=due, state=state))
        by_city.setdefault(city.pk, CityTotals(city=city, tally=Tally())).tally.add(state)
        overall.add(state)
    cities = sorted(by_city.values(), key=lambda c: c.city.path)
    return Completeness(year, quarter, today, rows, cities, overall, default_due)


def county_in_path(path: str, county_ids: frozenset[int] | set[int]) -> int | None:
    """The county among `county_ids` whose subtree holds the region of `path` ("/1/7/42/")."""
    for part in path.strip("/").split("/"):
        if part and int(part) in county_ids:
            return int(part)
    return None


def completeness_by_county(data: Completeness, county_ids: set[int]) -> dict[int, Tally]:
    """The completeness page's rows counted per county (a city's own office is in no
    county). No query: the units' regions came with the rows."""
    tallies: dict[int, Tally] = {}
    for row in data.rows:
        county = county_in_path(row.unit.region.path, county_ids)
        if county is not None:
            tallies.setdefault(county, Tally()).add(row.state)
    return tallies


# The annual assessment -------------------------------------------------------------

FINAL_POINTS = Coalesce("points_override", "points")
CENT = Decimal("0.01")


def adopted_items(user, year: int) -> QuerySet[Item]:
    """Items adopted in reports whose review is finished (report adopted), published in
    `year`, in the person's review scope. An item must fall in its report's quarter, so
    the publication date picks the year and can use the (review_result, published_on)
    index."""
    items = Item.objects.filter(
        review_result=ReviewResult.ADOPTED,
        published_on__range=(date(year, 1, 1), date(year, 12, 31)),
        report__status=ReportStatus.ADOPTED,
    )
    return scope_queryset(items, user, unit_field="report__unit", roles=OVERSEER_ROLES)


@dataclass
class UnitScore:
    unit: Unit
    points: Decimal
    adopted: int
    by_level: list[int]
    by_type: list[int]
    rank: int = 0


@dataclass
class PersonScore:
    user_id: int
    name: str
    unit_name: str
    adopted: int
    points: Decimal
    rank: int = 0


def cents(value) -> Decimal:
    """Points to the cent, as the assessment shows them (SQLite sums decimals as floats:
    round the same way on every database)."""
    return Decimal(value or 0).quantize(CENT)


def competition_rank(rows, key) -> None:
    """Standard competition ranking: equal values share a rank (1, 2, 2, 4)."""
    previous, rank = object(), 0
    for position, row in enumerate(rows, start=1):
        value = key(row)
        if value != previous:
            rank, previous = position, value
        row.rank = rank


def _count_at(key: str, counts: str) -> Coalesce:
    """SQL: the sum of the JSON objects of counts in `counts` (ReportTotals.by_level or
    by_type, reached from a report) at `key`, 0 where absent (PostgreSQL's ->>, SQLite's
    JSON functions)."""
    return Coalesce(Sum(Cast(KeyTextTransform(key, counts), IntegerField())), 0)


def summed_totals() -> dict:
    """Aggregates over adopted reports of what report_adopt stored for each (ReportTotals):
    points, adopted items, each media level's and type's count (level_<value>,
    type_<value>), and how many reports have no stored totals (`without_totals`: loaded in
    bulk, counted from their items instead)."""
    return {
        "points": Sum("totals__points"),
        "adopted": Coalesce(Sum("totals__adopted"), 0),
        "without_totals": Count("pk", filter=Q(totals__isnull=True)),
        **{f"level_{v}": _count_at(v, "totals__by_level") for v in MediaLevel.values},
        **{f"type_{v}": _count_at(v, "totals__by_type") for v in MediaType.values},
    }


def adopted_reports(user, year: int, region: Region | None = None) -> QuerySet[Report]:
    """The year's adopted reports of active units in the person's review scope (an
    inactive unit is listed on no assessment page), in `region`'s subtree if given."""
    reports = scope_queryset(
        Report.objects.filter(year=year, status=ReportStatus.ADOPTED, unit__is_active=True),
        user,
        roles=OVERSEER_ROLES,
    )
    return in_region(reports, region, "unit__")


def counted_from_items(reports: QuerySet[Report], key) -> QuerySet:
    """For those of `reports` (adopted) that have no stored totals, what they add counted
    from their adopted items, grouped as scoring.totals_by_report groups them (per report,
    media level and type: n, points) and by `key` (an expression: the unit, the
    province)."""
    return (
        Item.objects.filter(
            report__in=reports.filter(totals__isnull=True).values("pk"),
            review_result=ReviewResult.ADOPTED,
        )
        .annotate(key=key)
        .order_by()
        .values("key", "report_id", "media_level", "media_type")
        .annotate(n=Count("pk"), points=Sum(FINAL_POINTS))
    )


def unit_scores(user, year: int, *, region: Region | None = None) -> list[UnitScore]:
    """Units ranked by the adopted points of the year, with counts per media level and
    type. Two queries: the totals report_adopt stored for each of the year's adopted
    reports in the person's scope, summed per unit in the database, and the units (every
    unit that must report is listed, with zero if nothing was adopted). Reports adopted
    without totals (loaded in bulk: scoring.fill_missing_totals makes them) are counted
    from their items, in one query more. With `region`, only the units in its subtree."""
    units = in_region(visible_units(user, roles=OVERSEER_ROLES), region)
    return _ranked(adopted_reports(user, year, region), units)


def region_unit_scores(year: int, region: Region) -> list[UnitScore]:
    """`unit_scores` for every unit of `region`'s subtree, whoever asks: a unit's own
    standing among its province's units. The caller shows a person only their own rows."""
    reports = Report.objects.filter(year=year, status=ReportStatus.ADOPTED, unit__is_active=True)
    units = Unit.objects.filter(is_active=True)
    return _ranked(in_region(reports, region, "unit__"), in_region(units, region))


def _ranked(reports: QuerySet[Report], units: QuerySet[Unit]) -> list[UnitScore]:
    by_unit: dict[int, dict] = {}
    missing = False
    for row in reports.order_by().values("unit_id").annotate(**summed_totals()):
        missing = missing or row["without_totals"] > 0
        by_unit[row["unit_id"]] = {
            "points": cents(row["points"]),
            "adopted": row["adopted"],
            "by_level": {v: row[f"level_{v}"] for v in MediaLevel.values},
            "by_type": {v: row[f"type_{v}"] for v in MediaType.values},
        }
    if missing:
        for row in counted_from_items(reports, F("report__unit_id")):
            _add_totals(
                by_unit,
                row["key"],
                cents(row["points"]),
                row["n"],
                {row["media_level"]: row["n"]},
                {row["media_type"]: row["n"]},
            )
    units = units.filter(
        Q(pk__in=[pk for pk, totals in by_unit.items() if totals["adopted"]])
        | Q(
            kind=UnitKind.POVERTY_OFFICE,
            region__level__in=[RegionLevel.CITY, RegionLevel.COUNTY],
        )
    ).select_related("region")
    scores = []
    for unit in units:
        totals = by_unit.get(unit.pk) or scoring.empty_totals()
        scores.append(
            UnitScore(
                unit=unit,
                points=cents(totals["points"]),
                adopted=totals["adopted"],
                by_level=[totals["by_level"].get(v, 0) for v in MediaLevel.values],
                by_type=[totals["by_type"].get(v, 0) for v in MediaType.values],
            )
        )
    scores.sort(key=lambda s: (-s.points, -s.adopted, s.unit.region.path, s.unit.name))
    competition_rank(scores, key=lambda s: s.points)
    return scores


@dataclass
class CountyScore:
    """The assessment's units in one county, added up."""

    units: int = 0
    adopted: int = 0
    points: Decimal = Decimal(0)

    @property
    def points_per_unit(self) -> Decimal | None:
        return cents(self.points / self.units) if self.units else None


def scores_by_county(scores: list[UnitScore], county_ids: set[int]) -> dict[int, CountyScore]:
    """The assessment's rows (unit_scores) added up per county, units below a county (a
    township's unit) in it. No query: the units' regions came with the rows."""
    counties: dict[int, CountyScore] = {}
    for score in scores:
        county = county_in_path(score.unit.region.path, county_ids)
        if county is None:
            continue
        total = counties.setdefault(county, CountyScore())
        total.units += 1
        total.adopted += score.adopted
        total.points += score.points
    return counties


def _add_totals(by_unit: dict, unit_id: int, points, adopted, by_level, by_type) -> None:
    unit = by_unit.setdefault(unit_id, scoring.empty_totals())
    unit["points"] += points
    unit["adopted"] += adopted
    for key, counts in (("by_level", by_level), ("by_type", by_type)):
        for value, n in counts.items():
            unit[key][value] = unit[key].get(value, 0) + n


def person_scores(user, year: int, *, region: Region | None = None) -> list[PersonScore]:
    """People ranked by the adopted items they authored (per unit they wrote for), with
    those items' points. One query over the item-author links. With `region`, the items
    of the units in its subtree."""
    links = in_region(
        scope_queryset(
            Item.authors.through.objects.filter(
                item__review_result=ReviewResult.ADOPTED,
                item__published_on__range=(date(year, 1, 1), date(year, 12, 31)),
                item__report__status=ReportStatus.ADOPTED,
            ),
            user,
            unit_field="item__report__unit",
            roles=OVERSEER_ROLES,
        ),
        region,
        "item__report__unit__",
    )
    rows = (
        links.order_by()
        .values("user_id", "user__full_name", "user__username", "item__report__unit__name")
        .annotate(
            adopted=Count("item_id"),
            points=Sum(Coalesce("item__points_override", "item__points")),
        )
    )
    scores = [
        PersonScore(
            user_id=row["user_id"],
            name=row["user__full_name"] or row["user__username"],
            unit_name=row["item__report__unit__name"],
            adopted=row["adopted"],
            points=cents(row["points"]),
        )
        for row in rows
    ]
    scores.sort(key=lambda s: (-s.adopted, -s.points, s.name, s.unit_name))
    competition_rank(scores, key=lambda s: s.adopted)
    return scores


# Search -----------------------------------------------------------------------------


def searchable_units(user) -> QuerySet[Unit]:
    return visible_units(user).select_related("region").order_by("region__path", "name")


def _term_q(term: str) -> Q:
    """Items whose title, outlet or author names hold `term` (Chinese text has no spaces
    between words, so a term is matched as a substring, case-insensitively).

    On PostgreSQL a term of two characters or more is first looked up in the bigram index
    (migration 0003, submissions/search_text.py): items holding every character pair of
    the term. icontains on the real text then drops those whose pairs do not stand
    together, so the answer is the same as icontains alone, on every database.

    The people whose name matches are looked up first in the (small) user table, and the
    link to their items joins the OR only when someone matches."""
    q = Q(title__icontains=term) | Q(outlet__icontains=term) | Q(author_names__icontains=term)
    pairs = bigrams(term)
    if pairs and connection.vendor == "postgresql":
        q &= Q(search_bigrams__has_bigrams=" ".join(pairs))
    people = list(User.objects.filter(full_name__icontains=term).values_list("pk", flat=True))
    if people:
        authored = Item.authors.through.objects.filter(user_id__in=people).values("item_id")
        q |= Q(pk__in=authored)
    return q


def search_items(
    user,
    *,
    text: str = "",
    date_from: date | None = None,
    date_to: date | None = None,
    media_level: str = "",
    media_type: str = "",
    category: str = "",
    unit: Unit | None = None,
    review_result: str = "",
) -> QuerySet[Item]:
    """Items in the person's scope (a reporter: their own unit's) matching every
    whitespace-separated term in the title, outlet or author names, and the filters.
    Newest first."""
    items = scope_queryset(Item.objects.all(), user, unit_field="report__unit")
    for term in text.split():
        items = items.filter(_term_q(term))
    if date_from:
        items = items.filter(published_on__gte=date_from)
    if date_to:
        items = items.filter(published_on__lte=date_to)
    if media_level:
        items = items.filter(media_level=media_level)
    if media_type:
        items = items.filter(media_type=media_type)
    if category:
        items = items.filter(category=category)
    if unit is not None:
        items = items.filter(report__unit=unit)
    if review_result:
        items = items.filter(review_result=review_result)
    return (
        items.select_related("report__unit")
        .prefetch_related("authors")
        .order_by("-published_on", "-pk")
    )


def has_overseer_role(user) -> bool:
    return not scope_for(user, OVERSEER_ROLES).is_empty
