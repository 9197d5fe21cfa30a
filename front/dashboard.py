"""The charts on a national, provincial or city official's home page, put together.

Each chart (front/dashboard_charts.py) is drawn on the server from the selectors of the
page it summarises, for the official's province or city, so that its figures are that
page's; each comes with its numbers as a table (front/chart_table.py), which the template
shows under the chart and front.views.dashboard writes as the chart's Excel twin. The
figures the county map shows too are read once for both (front/glance.py). A fixed number
of queries however many units, reports or items (about twenty in all).
"""

from collections.abc import Callable

from front import dashboard_charts
from front.chart_table import Chart
from front.glance import Glance

CHARTS: dict[str, Callable[[Glance], Chart]] = {
    "filing": dashboard_charts.filing,
    "levels": dashboard_charts.levels,
    "quarters": dashboard_charts.quarters,
    "standing": dashboard_charts.standing,
    "campaigns": dashboard_charts.campaigns,
    "donations": dashboard_charts.donations,
    "docking": dashboard_charts.docking,
}


def build(glance: Glance, only: str | None = None) -> list[Chart]:
    """The dashboard's charts for the glance's region (one of them with `only`)."""
    return [make(glance) for key, make in CHARTS.items() if only in (None, key)]


def dashboard_context(glance: Glance | None) -> dict:
    """The dashboard on the home page of a national, province or city official, or nothing."""
    if glance is None:
        return {}
    return {"dashboard": {"region": glance.region, "charts": build(glance)}}
