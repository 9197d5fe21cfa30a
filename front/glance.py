"""What an official's home page shows of their region at a glance: which region
that is, and the figures of its pages that both the dashboard's charts and the county map
show, read once per request.

An official is a reviewer or administrator of the national office (of a deployment with a
nation above its provinces), a province's or a city's; the region is the widest they are
one of. The figures are read on first use and kept for the request:
this quarter's completeness (the filing chart and the map's first indicator), this year's
assessment (the media-level and standing charts, the map's adopted items and points) and
the helping units' docking rates (the docking chart and the map's docking rate).
"""

from dataclasses import dataclass, field
from datetime import date
from functools import cached_property

from django.http import Http404
from django.shortcuts import get_object_or_404

from donations import selectors as donation_selectors
from portal.models import Membership, Region, RegionLevel, Role
from submissions.selectors import overview

OFFICIAL_ROLES = (Role.REVIEWER, Role.ADMIN)
OFFICIAL_LEVELS = (RegionLevel.NATION, RegionLevel.PROVINCE, RegionLevel.CITY)


def official_regions(memberships: list[Membership]) -> list[Region]:
    """The nation, provinces and cities where the person reviews or administers."""
    return [
        m.unit.region
        for m in memberships
        if m.role in OFFICIAL_ROLES and m.unit.region.level in OFFICIAL_LEVELS
    ]


def official_region(memberships: list[Membership]) -> Region | None:
    """The nation, province or city whose figures the person's home page shows (the
    widest, if several)."""
    return min(official_regions(memberships), key=lambda r: (len(r.path), r.path), default=None)


def region_for(memberships: list[Membership], region_id: int) -> Region:
    """The nation, province or city `region_id`, if it lies in one the person is an
    official of; else 404."""
    region = get_object_or_404(Region, pk=region_id, level__in=OFFICIAL_LEVELS)
    if not any(region.path.startswith(r.path) for r in official_regions(memberships)):
        raise Http404
    return region


@dataclass
class Glance:
    """Who asks, for which region, on which day; and the figures read for them, each
    once (the same selectors as the pages they summarise, for `region`)."""

    user: object
    region: Region
    today: date
    year: int = field(init=False)

    def __post_init__(self):
        self.year = self.today.year

    @cached_property
    def quarter(self) -> tuple[int, int]:
        """The quarter being filed, as the completeness page opens on it."""
        return overview.default_period(self.today)

    @cached_property
    def completeness(self) -> overview.Completeness:
        year, quarter = self.quarter
        return overview.completeness(self.user, year, quarter, self.today, region=self.region)

    @cached_property
    def scores(self) -> list[overview.UnitScore]:
        return overview.unit_scores(self.user, self.year, region=self.region)

    @cached_property
    def docking(self) -> list[dict]:
        """The donation statistics page's rates, with each unit's region (for its county)."""
        units = donation_selectors.helping_units(self.user, self.region)
        return donation_selectors.docking_rates(units.select_related("region"))
