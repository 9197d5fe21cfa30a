"""A unit's own standing in the year's assessment, for its reporters and approvers: its
points, adopted items and rank among the units of its province, as the province's
assessment page ranks them (overview.unit_scores). The people of a unit may not open that
page; only their own unit's figures leave here."""

from dataclasses import dataclass
from decimal import Decimal

from portal.models import Region, RegionLevel, Unit
from submissions.selectors import overview


@dataclass(frozen=True)
class Standing:
    unit_id: int
    points: Decimal
    adopted: int
    rank: int
    of: int  # units ranked in the province
    province: str


def own_standings(units: list[Unit], year: int) -> dict[int, Standing]:
    """Unit id -> its standing in `year` among its province's units. One query for the
    provinces, then the assessment's queries once per province (a person's units are in
    one province)."""
    ancestor_ids = {
        int(part) for unit in units for part in unit.region.path.strip("/").split("/") if part
    }
    provinces = list(Region.objects.filter(pk__in=ancestor_ids, level=RegionLevel.PROVINCE))
    standings: dict[int, Standing] = {}
    wanted = {unit.pk for unit in units}
    for province in provinces:
        scores = overview.region_unit_scores(year, province)
        for score in scores:
            if score.unit.pk in wanted:
                standings[score.unit.pk] = Standing(
                    score.unit.pk, score.points, score.adopted, score.rank, len(scores),
                    province.name,
                )  # fmt: skip
    return standings
