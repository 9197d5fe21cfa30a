"""The map of the counties on a provincial or city official's home page, coloured by the
figure they choose. The figures are those of the completeness, assessment and donation
statistics pages for the same period (the same selectors, added up per county), so the map
and the pages agree."""

from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from urllib.parse import urlencode

from django import forms
from django.urls import reverse
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from donations import rules as donation_rules
from front.glance import Glance
from portal import maps
from portal.models import Region, RegionLevel
from submissions.selectors import overview

COMPLETENESS, ADOPTED, POINTS, DOCKING = "completeness", "adopted", "points", "docking"
INDICATORS = [
    (COMPLETENESS, gettext_lazy("Share of units that filed the quarter")),
    (ADOPTED, gettext_lazy("Adopted items this year")),
    (POINTS, gettext_lazy("Points per unit this year")),
    (DOCKING, gettext_lazy("Micro-wish docking rate")),
]


class MapForm(forms.Form):
    map = forms.ChoiceField(label=gettext_lazy("Colour the counties by"), choices=INDICATORS)


@dataclass
class CountyRow:
    county: Region
    shown: str


@dataclass
class Figures:
    """One indicator's figure for each area, and how the map and its table say it."""

    areas: list[maps.Area]
    title: str
    source: str
    source_label: str
    top: Decimal | int | None = None  # the end of the scale; None: the largest figure
    fmt: Callable[[Decimal], str] = field(default=lambda value: _whole(value))


def _whole(value: Decimal) -> str:
    return number_format(value, 0 if value == value.to_integral_value() else 1)


def _percent(value: Decimal) -> str:
    return _("%(percent)s%%") % {"percent": number_format(value * 100, 0)}


def _percent_of_100(value: Decimal) -> str:
    return _("%(percent)s%%") % {"percent": number_format(value, 0)}


def _link(name: str, **query) -> str:
    return reverse(name) + "?" + urlencode(query)


def completeness_figures(glance: Glance, places: list[Region]) -> Figures:
    """The share of each area's units that filed the quarter being filed, from the
    completeness page's rows (the glance's, shared with the filing chart)."""
    year, quarter = glance.quarter
    tallies = overview.completeness_by_county(glance.completeness, {p.pk for p in places})
    areas = []
    for place in places:
        tally = tallies.get(place.pk)
        if tally is None or not tally.total:
            areas.append(maps.Area(place.pk, place.name, None, _("no units to report")))
            continue
        share = Decimal(tally.filed) / tally.total
        shown = _("%(percent)s (%(filed)s of %(units)s units)") % {
            "percent": _percent(share),
            "filed": tally.filed,
            "units": tally.total,
        }
        areas.append(maps.Area(place.pk, place.name, share, shown))
    return Figures(
        areas,
        title=_("Share of units that filed %(year)s Q%(quarter)s")
        % {"year": year, "quarter": quarter},
        source=_link("submissions:completeness", year=year, quarter=quarter),
        source_label=_("Open the completeness page"),
        top=Decimal(1),
        fmt=_percent,
    )


def score_figures(glance: Glance, places: list[Region], indicator: str) -> Figures:
    """Adopted items, or points per unit, of each area's units in this year's assessment
    (the glance's rows, shared with the media-level and standing charts)."""
    scores = overview.scores_by_county(glance.scores, {p.pk for p in places})
    areas = []
    for place in places:
        score = scores.get(place.pk)
        if indicator == ADOPTED:
            value = score.adopted if score else 0
            areas.append(maps.Area(place.pk, place.name, value, number_format(value)))
        elif score is None or score.points_per_unit is None:
            areas.append(maps.Area(place.pk, place.name, None, _("no units")))
        else:
            per_unit = score.points_per_unit
            shown = _("%(points)s (%(total)s points, %(units)s units)") % {
                "points": number_format(per_unit, 2),
                "total": number_format(score.points, 2),
                "units": score.units,
            }
            areas.append(maps.Area(place.pk, place.name, per_unit, shown))
    source = _link("submissions:assessment", year=glance.year)
    label = _("Open the annual assessment")
    if indicator == ADOPTED:
        title = _("Adopted items in %(year)s") % {"year": glance.year}
        return Figures(areas, title, source, label)
    title = _("Points per unit in %(year)s") % {"year": glance.year}
    return Figures(areas, title, source, label, fmt=lambda value: number_format(value, 2))


def docking_figures(glance: Glance, places: list[Region]) -> Figures:
    """Each area's helping units as the donation statistics page lists them for the
    region (the glance's rates, shared with the docking chart), their wishes added up: the
    area's rate is its docked wishes out of its recorded ones, rounded as each unit's."""
    ids = {place.pk for place in places}
    totals: dict[int, dict] = {}
    for rate in glance.docking:
        place = overview.county_in_path(rate["unit"].region.path, ids)
        if place is None:
            continue
        total = totals.setdefault(place, {"recorded": 0, "docked": 0, "units": 0, "meet": 0})
        total["recorded"] += rate["recorded"]
        total["docked"] += rate["docked"]
        total["units"] += 1
        total["meet"] += rate["meets"]
    areas = []
    for place in places:
        total = totals.get(place.pk)
        if total is None or not total["recorded"]:
            areas.append(maps.Area(place.pk, place.name, None, _("no wishes recorded")))
            continue
        percent = donation_rules.docking_percent(total["docked"], total["recorded"])
        shown = _(
            "%(percent)s%% (%(docked)s of %(recorded)s wishes docked; %(meet)s of %(units)s "
            "helping units meet the required share)"
        ) % {"percent": number_format(percent, 1), **total}
        areas.append(maps.Area(place.pk, place.name, percent, shown))
    return Figures(
        areas,
        title=_("Micro-wish docking rate of the helping units"),
        source=_link("donations:statistics", region=glance.region.pk),
        source_label=_("Open the donation statistics"),
        top=100,
        fmt=_percent_of_100,
    )


def figures_for(glance: Glance, places: list[Region], indicator: str) -> Figures:
    if indicator == COMPLETENESS:
        return completeness_figures(glance, places)
    if indicator == DOCKING:
        return docking_figures(glance, places)
    return score_figures(glance, places, indicator)


def provinces_below(region: Region) -> list[Region]:
    """The nation's active provinces, by code: the rows of a national office's table."""
    return list(
        Region.objects.filter(parent=region, level=RegionLevel.PROVINCE, is_active=True).order_by(
            "code", "name"
        )
    )


def chosen_indicator(request) -> tuple[MapForm, str]:
    """The form and the indicator it chose (the first, for none or one not known)."""
    form = MapForm(request.GET or None, initial={"map": COMPLETENESS})
    if form.is_bound and form.is_valid():
        return form, form.cleaned_data["map"]
    return form, COMPLETENESS


def county_map_context(request, glance: Glance | None) -> dict:
    """The map's context for the home page (for a national office, its table of the
    provinces), or nothing for a person with no nation, province or city to oversee. One
    query of its own (the counties or provinces), besides the figures the glance reads for
    the dashboard too, however many counties."""
    if glance is None:
        return {}
    region = glance.region
    form, indicator = chosen_indicator(request)
    national = region.level == RegionLevel.NATION
    counties = provinces_below(region) if national else maps.counties_below(region)
    figures = figures_for(glance, counties, indicator)
    if national:
        # The pinned map package has the counties of each city and no province outlines, and
        # outlines drawn here would be an unofficial map: the nation's figures are a table only.
        drawn = maps.Choropleth(None, [], figures.areas, [], {})
    else:
        drawn = maps.choropleth(
            maps.shapes_province_id(region),
            figures.areas,
            title=figures.title,
            fmt=figures.fmt,
            top=figures.top,
        )
    by_id = {county.pk: county for county in counties}
    return {
        "county_map": {
            "region": region,
            "form": form,
            "indicator": indicator,
            "title": figures.title,
            "map": drawn,
            "rows": [CountyRow(by_id[a.region_id], a.shown) for a in drawn.areas],
            "unmapped": [by_id[a.region_id] for a in drawn.unmapped],
            "fills": drawn.fills,
            "show_city": region.level == RegionLevel.PROVINCE,
            "national": national,
            "source": figures.source,
            "source_label": figures.source_label,
        }
    }
