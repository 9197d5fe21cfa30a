"""The map of the counties on a provincial or city official's home page, coloured by the
figure they choose. The figures are those of the completeness, assessment and donation
statistics pages for the same period (the same selectors, added up per county), so the map
and the pages agree."""

from dataclasses import dataclass
from decimal import Decimal
from urllib.parse import urlencode

from django import forms
from django.urls import reverse
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from donations import rules as donation_rules
from donations import selectors as donation_selectors
from portal import clock, maps
from portal.models import Membership, Region, RegionLevel, Role
from submissions.selectors import overview

COMPLETENESS, ADOPTED, POINTS, DOCKING = "completeness", "adopted", "points", "docking"
INDICATORS = [
    (COMPLETENESS, gettext_lazy("Share of units that filed the quarter")),
    (ADOPTED, gettext_lazy("Adopted items this year")),
    (POINTS, gettext_lazy("Points per unit this year")),
    (DOCKING, gettext_lazy("Micro-wish docking rate")),
]
MAP_ROLES = (Role.REVIEWER, Role.ADMIN)


class MapForm(forms.Form):
    map = forms.ChoiceField(label=gettext_lazy("Colour the counties by"), choices=INDICATORS)


@dataclass
class CountyRow:
    county: Region
    shown: str


def map_region(memberships: list[Membership]) -> Region | None:
    """The province or city whose counties the person oversees (the widest, if several)."""
    regions = [
        m.unit.region
        for m in memberships
        if m.role in MAP_ROLES and m.unit.region.level in (RegionLevel.PROVINCE, RegionLevel.CITY)
    ]
    return min(regions, key=lambda r: (len(r.path), r.path), default=None)


def _whole(value: Decimal) -> str:
    return number_format(value, 0 if value == value.to_integral_value() else 1)


def _percent(value: Decimal) -> str:
    return _("%(percent)s%%") % {"percent": number_format(value * 100, 0)}


def _percent_of_100(value: Decimal) -> str:
    return _("%(percent)s%%") % {"percent": number_format(value, 0)}


def docking_areas(user, region: Region, counties: list[Region]) -> list[maps.Area]:
    """Each county's helping units as the donation statistics page lists them for the
    region (donations.selectors.docking_rates), their wishes added up: the county's rate is
    its docked wishes out of its recorded ones, rounded as each unit's. Two queries."""
    units = donation_selectors.helping_units(user, region).select_related("region")
    ids = {county.pk for county in counties}
    totals: dict[int, dict] = {}
    for rate in donation_selectors.docking_rates(units):
        county = overview.county_in_path(rate["unit"].region.path, ids)
        if county is None:
            continue
        total = totals.setdefault(county, {"recorded": 0, "docked": 0, "units": 0, "meet": 0})
        total["recorded"] += rate["recorded"]
        total["docked"] += rate["docked"]
        total["units"] += 1
        total["meet"] += rate["meets"]
    areas = []
    for county in counties:
        total = totals.get(county.pk)
        if total is None or not total["recorded"]:
            areas.append(maps.Area(county.pk, county.name, None, _("no wishes recorded")))
            continue
        percent = donation_rules.docking_percent(total["docked"], total["recorded"])
        shown = _(
            "%(percent)s%% (%(docked)s of %(recorded)s wishes docked; %(meet)s of %(units)s "
            "helping units meet the required share)"
        ) % {"percent": number_format(percent, 1), **total}
        areas.append(maps.Area(county.pk, county.name, percent, shown))
    return areas


def county_map_context(request, memberships: list[Membership]) -> dict:
    """The map's context for the home page, or nothing for a person with no province or
    city to oversee. Four queries at most, however many counties."""
    region = map_region(memberships)
    if region is None:
        return {}
    form = MapForm(request.GET or None, initial={"map": COMPLETENESS})
    indicator = COMPLETENESS
    if form.is_bound and form.is_valid():
        indicator = form.cleaned_data["map"]
    counties = maps.counties_below(region)
    ids = {county.pk for county in counties}
    today = clock.china_today()
    year, quarter = overview.default_period(today)
    areas, top, fmt = [], None, _whole
    if indicator == COMPLETENESS:
        data = overview.completeness(request.user, year, quarter, today)
        tallies = overview.completeness_by_county(data, ids)
        top, fmt = Decimal(1), _percent
        for county in counties:
            tally = tallies.get(county.pk)
            if tally is None or not tally.total:
                areas.append(maps.Area(county.pk, county.name, None, _("no units to report")))
                continue
            share = Decimal(tally.filed) / tally.total
            shown = _("%(percent)s (%(filed)s of %(units)s units)") % {
                "percent": _percent(share),
                "filed": tally.filed,
                "units": tally.total,
            }
            areas.append(maps.Area(county.pk, county.name, share, shown))
        title = _("Share of units that filed %(year)s Q%(quarter)s") % {
            "year": year,
            "quarter": quarter,
        }
        source = (
            reverse("submissions:completeness")
            + "?"
            + urlencode({"year": year, "quarter": quarter})
        )
        source_label = _("Open the completeness page")
    elif indicator == DOCKING:
        areas = docking_areas(request.user, region, counties)
        top, fmt = 100, _percent_of_100
        title = _("Micro-wish docking rate of the helping units")
        source = reverse("donations:statistics") + "?" + urlencode({"region": region.pk})
        source_label = _("Open the donation statistics")
    else:
        year = today.year
        scores = overview.scores_by_county(overview.unit_scores(request.user, year), ids)
        for county in counties:
            score = scores.get(county.pk)
            if indicator == ADOPTED:
                value = score.adopted if score else 0
                areas.append(maps.Area(county.pk, county.name, value, number_format(value)))
            elif score is None or score.points_per_unit is None:
                areas.append(maps.Area(county.pk, county.name, None, _("no units")))
            else:
                per_unit = score.points_per_unit
                shown = _("%(points)s (%(total)s points, %(units)s units)") % {
                    "points": number_format(per_unit, 2),
                    "total": number_format(score.points, 2),
                    "units": score.units,
                }
                areas.append(maps.Area(county.pk, county.name, per_unit, shown))
        if indicator == POINTS:
            fmt = lambda value: number_format(value, 2)  # noqa: E731
        if indicator == ADOPTED:
            title = _("Adopted items in %(year)s") % {"year": year}
        else:
            title = _("Points per unit in %(year)s") % {"year": year}
        source = reverse("submissions:assessment") + "?" + urlencode({"year": year})
        source_label = _("Open the annual assessment")
    drawn = maps.choropleth(
        maps.shapes_province_id(region),
        areas,
        title=title,
        fmt=fmt,
        top=top,
    )
    by_id = {county.pk: county for county in counties}
    return {
        "county_map": {
            "region": region,
            "form": form,
            "indicator": indicator,
            "title": title,
            "map": drawn,
            "rows": [CountyRow(by_id[a.region_id], a.shown) for a in drawn.areas],
            "unmapped": [by_id[a.region_id] for a in drawn.unmapped],
            "fills": drawn.fills,
            "show_city": region.level == RegionLevel.PROVINCE,
            "source": source,
            "source_label": source_label,
        }
    }
