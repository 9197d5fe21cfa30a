"""Reads for the award pages, scoped to the person. What they may not see is a 404; what
they see but may not change is a 403 (raised by the views and services)."""

from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Q, QuerySet
from django.db.models.functions import Coalesce
from django.http import Http404
from django.shortcuts import get_object_or_404

from awards.models import (
    PLACE_TAKING_STATUSES,
    Certificate,
    Criterion,
    Judge,
    Nomination,
    NominationStatus,
    Nominator,
    Objection,
    Programme,
    ProgrammeStatus,
    Score,
    Tier,
)
from awards.services import can_administer, may_file_for, own_unit_ids
from portal import journal
from portal.models import JournalEntry, Region, Role
from portal.scoping import scope_for

CENT = Decimal("0.01")


def programmes_for(user) -> QuerySet[Programme]:
    """Programmes the person administers, nominates for, or judges."""
    admin = scope_for(user, [Role.ADMIN]).units_q(prefix="organiser__")
    filing = scope_for(user, [Role.REPORTER, Role.APPROVER, Role.ADMIN])
    query = admin | Q(judges__user=user)
    if filing.everything:
        query = Q()
    elif filing.unit_ids:
        query |= Q(nominators__unit__in=filing.unit_ids)
    return (
        Programme.objects.filter(query)
        .distinct()
        .select_related("organiser")
        .order_by("-year", "title")
    )


def programme_for_user(user, pk: int) -> Programme:
    return get_object_or_404(programmes_for(user).select_related("organiser__region"), pk=pk)


def setup_summary(programme: Programme) -> dict:
    """Each section of a programme's set-up in brief, for its set-up page: six queries
    whatever its size."""
    return {
        "categories_with_tiers": list(programme.categories.prefetch_related("tiers")),
        "criteria_list": list(programme.criteria.all()),
        "nominator_list": list(programme.nominators.select_related("unit")),
        "judge_list": list(
            programme.judges.select_related("user")
            .prefetch_related("categories")
            .order_by("user__full_name", "user__username")
        ),
    }


def nominating_units(user, programme: Programme) -> list[Nominator]:
    """The programme's nominating units the person files or signs off for, each with
    how many of its places its nominations take (`filed`): one found not qualified
    takes none."""
    nominators = (
        programme.nominators.select_related("unit__region")
        .annotate(
            filed=Count(
                "unit__award_nominations",
                filter=Q(
                    unit__award_nominations__programme=programme,
                    unit__award_nominations__status__in=PLACE_TAKING_STATUSES,
                ),
            )
        )
        .order_by("unit__region__path", "unit__name")
    )
    scope = scope_for(user, [Role.REPORTER, Role.APPROVER, Role.ADMIN])
    if not scope.everything:
        nominators = nominators.filter(scope.units_q(prefix="unit__"))
    return list(nominators)


def filing_units(user, programme: Programme) -> list[Nominator]:
    return [n for n in nominating_units(user, programme) if may_file_for(user, n.unit)]


def nominations_for(user, programme: Programme) -> QuerySet[Nomination]:
    """All nominations for the programme's administrators; a unit's own otherwise."""
    nominations = programme.nominations.select_related(
        "category", "unit", "tier", "nominee_unit", "nominee_region"
    ).order_by("category__position", "category_id", "pk")
    if can_administer(user, programme):
        return nominations
    scope = scope_for(user, [Role.REPORTER, Role.APPROVER, Role.ADMIN])
    return nominations.filter(scope.units_q(prefix="unit__"))


def nomination_for_user(user, pk: int) -> Nomination:
    nomination = get_object_or_404(
        Nomination.objects.select_related("programme__organiser__region", "unit__region"), pk=pk
    )
    programme = nomination.programme
    if can_administer(user, programme):
        return nomination
    scope = scope_for(user, [Role.REPORTER, Role.APPROVER, Role.ADMIN])
    if scope.everything or nomination.unit_id in scope.unit_ids:
        return nomination
    if any(nomination.unit.region.path.startswith(p) for p in scope.region_paths):
        return nomination
    raise Http404


# Judging ----------------------------------------------------------------------------


def nomination_journal(nomination: Nomination, limit: int = 20) -> list[JournalEntry]:
    """The nomination's latest journal entries, newest first, each with its `label`."""
    entries = journal.entries_for(nomination).order_by("-at", "-pk")[:limit]
    return journal.labelled(entries)


def judge_of(user, programme: Programme) -> Judge | None:
    return Judge.objects.filter(programme=programme, user=user).first()


def nominations_to_judge(user, programme: Programme) -> QuerySet[Nomination]:
    """Qualified nominations in the judge's categories, without those from (or of) the
    judge's own units: the judge never sees them."""
    judge = judge_of(user, programme)
    if judge is None:
        return Nomination.objects.none()
    units = own_unit_ids(user)
    return (
        programme.nominations.filter(
            status=NominationStatus.QUALIFIED,
            category__in=judge.categories.all(),
        )
        .exclude(unit__in=units)
        .exclude(nominee_unit__in=units)
        .select_related("category")
        .order_by("category__position", "category_id", "pk")
    )


def nomination_for_judge(user, pk: int) -> Nomination:
    nomination = get_object_or_404(Nomination.objects.select_related("programme"), pk=pk)
    if not nominations_to_judge(user, nomination.programme).filter(pk=pk).exists():
        raise Http404
    return nomination


@dataclass
class JudgingRow:
    nomination: Nomination
    values: dict[int, Decimal]

    @property
    def scored(self) -> bool:
        return bool(self.values)


def judging_rows(user, programme: Programme) -> list[JudgingRow]:
    """The judge's nominations with the scores they gave so far: two queries."""
    nominations = list(nominations_to_judge(user, programme))
    mine: dict[int, dict[int, Decimal]] = {}
    for score in Score.objects.filter(judge=user, nomination__in=[n.pk for n in nominations]):
        mine.setdefault(score.nomination_id, {})[score.criterion_id] = score.value
    return [JudgingRow(n, mine.get(n.pk, {})) for n in nominations]


# Ranking ----------------------------------------------------------------------------


def combine(judge_totals: list[Decimal], drop_extremes: bool) -> Decimal | None:
    """The mean of the judges' weighted totals; with `drop_extremes` and at least three
    judges, without one highest and one lowest."""
    if not judge_totals:
        return None
    totals = sorted(judge_totals)
    if drop_extremes and len(totals) >= 3:
        totals = totals[1:-1]
    return (sum(totals) / len(totals)).quantize(CENT)


@dataclass
class RankedNomination:
    nomination: Nomination
    score: Decimal | None
    judges: int
    rank: int = 0


@dataclass
class TierCount:
    tier: Tier
    taken: int

    @property
    def left(self) -> int:
        return self.tier.quota - self.taken


@dataclass
class CategoryRanking:
    category: object
    rows: list[RankedNomination] = field(default_factory=list)
    tiers: list[TierCount] = field(default_factory=list)


def ranking(programme: Programme) -> list[CategoryRanking]:
    """Each category's qualified nominations ranked by combined score, and its tiers with
    the places taken. Four queries however many nominations and judges."""
    criteria = list(Criterion.objects.filter(programme=programme))
    weights = {c.pk: c.weight for c in criteria}
    weight_sum = sum(weights.values()) or Decimal(1)
    nominations = list(
        programme.nominations.filter(status=NominationStatus.QUALIFIED)
        .select_related("category", "unit", "tier")
        .order_by("category__position", "category_id", "pk")
    )
    per_judge: dict[tuple[int, int], dict[int, Decimal]] = {}
    for nomination_id, judge_id, criterion_id, value in Score.objects.filter(
        nomination__programme=programme, nomination__status=NominationStatus.QUALIFIED
    ).values_list("nomination_id", "judge_id", "criterion_id", "value"):
        per_judge.setdefault((nomination_id, judge_id), {})[criterion_id] = value
    totals: dict[int, list[Decimal]] = {}
    for (nomination_id, _judge), values in per_judge.items():
        if set(values) >= set(weights):
            total = sum(Decimal(values[c]) * w for c, w in weights.items()) / weight_sum
            totals.setdefault(nomination_id, []).append(total)
    tiers = list(
        Tier.objects.filter(category__programme=programme)
        .annotate(taken=Count("winners"))
        .order_by("category_id", "position", "pk")
    )
    by_category: dict[int, CategoryRanking] = {}
    for category in programme.categories.all():
        by_category[category.pk] = CategoryRanking(category=category)
    for tier in tiers:
        by_category[tier.category_id].tiers.append(TierCount(tier, tier.taken))
    for nomination in nominations:
        scores = totals.get(nomination.pk, [])
        by_category[nomination.category_id].rows.append(
            RankedNomination(
                nomination, combine(scores, programme.drop_extremes), judges=len(scores)
            )
        )
    for entry in by_category.values():
        entry.rows.sort(key=lambda r: (r.score is None, -(r.score or 0), r.nomination.pk))
        previous, rank = object(), 0
        for position, row in enumerate(entry.rows, start=1):
            if row.score != previous:
                rank, previous = position, row.score
            row.rank = rank
    return list(by_category.values())


# Public -----------------------------------------------------------------------------


def public_programme(pk: int) -> Programme:
    """A programme whose list is published (on notice or final)."""
    return get_object_or_404(
        Programme.objects.select_related("organiser").exclude(status=ProgrammeStatus.OPEN),
        pk=pk,
    )


def final_programmes_for(user) -> QuerySet[Programme]:
    """Programmes whose list is final, organised in the person's part of the tree: by a
    unit in their scope, or by an office above one of their units (the province's
    programme for its counties). Another province's programme is not theirs (the API:
    a 404). One query for the person's regions, then the list."""
    scope = scope_for(user)
    final = Programme.objects.filter(status=ProgrammeStatus.FINAL)
    if scope.everything:
        return final.select_related("organiser")
    paths = set(scope.region_paths) | set(
        Region.objects.filter(units__pk__in=scope.unit_ids).values_list("path", flat=True)
    )
    # A path is the chain of ids from the root: the regions above one are its prefixes.
    above = {path[: index + 1] for path in paths for index, c in enumerate(path) if c == "/"}
    reach = scope.units_q(prefix="organiser__") | Q(organiser__region__path__in=above - {"/"})
    return final.filter(reach).select_related("organiser")


def winners(programme: Programme) -> QuerySet[Nomination]:
    return (
        programme.nominations.filter(tier__isnull=False)
        .select_related("category", "tier", "unit", "nominee_unit", "nominee_region")
        .order_by("category__position", "category_id", "tier__position", "tier_id", "pk")
    )


def objections_of(programme: Programme) -> QuerySet[Objection]:
    return programme.objections.select_related("nomination", "settled_by").order_by("lodged_at")


def certificate_by_token(token) -> Certificate:
    return get_object_or_404(
        Certificate.objects.select_related(
            "nomination__programme__organiser", "nomination__tier", "nomination__category"
        ),
        token=token,
    )


def unit_awards(unit) -> QuerySet[Nomination]:
    """Final awards won by the unit, by a person of it, or by a work of its author."""
    return (
        Nomination.objects.filter(
            Q(nominee_unit=unit) | Q(unit=unit, nominee_unit=None),
            tier__isnull=False,
            programme__status=ProgrammeStatus.FINAL,
        )
        .select_related("programme", "category", "tier", "certificate")
        .order_by("-programme__year", "programme__title", "pk")
    )


def year_winners(region: Region, year: int) -> list[dict]:
    """The winners of the year's final award programmes who belong to `region`, for its
    year-end summary: the nominee's unit, else the county nominated, else the nominating
    unit. By programme, category and tier; one query. Final lists are public, so no
    scoping."""
    rows = (
        Nomination.objects.filter(
            tier__isnull=False, programme__year=year, programme__status=ProgrammeStatus.FINAL
        )
        .annotate(
            where=Coalesce(
                "nominee_unit__region__path", "nominee_region__path", "unit__region__path"
            ),
            winner_unit=Coalesce("nominee_unit__name", "unit__name"),
        )
        .filter(where__startswith=region.path)
        .order_by(
            "programme__title",
            "programme_id",
            "category__position",
            "category_id",
            "tier__position",
            "tier_id",
            "pk",
        )
        .values(
            "pk",
            "programme__title",
            "category__name",
            "tier__name",
            "nominee_name",
            "work_title",
            "winner_unit",
        )
    )
    return [
        {
            "id": row["pk"],
            "programme": row["programme__title"],
            "category": row["category__name"],
            "tier": row["tier__name"],
            "winner": row["nominee_name"],
            "work": row["work_title"],
            "unit": row["winner_unit"] or "",
        }
        for row in rows
    ]
