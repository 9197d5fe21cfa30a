"""The Excel twin of the dashboard on an official's home page (front/dashboard.py)."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from front import dashboard
from front.chart_table import Link
from front.glance import Glance, official_regions, region_for
from portal import clock, selectors
from portal.db_router import reads_from_replica
from portal.security_events import record_export
from submissions.exports import xlsx_response


@require_safe
@login_required
@reads_from_replica
def dashboard_xlsx(request, region_id: int):
    """Every chart's numbers (or one chart's, ?chart=<key>) for a province or city the
    person is an official of: 403 for someone who is no official, 404 for a region that
    is not theirs."""
    memberships = selectors.memberships_of(request.user)
    if not official_regions(memberships):
        raise PermissionDenied
    region = region_for(memberships, region_id)
    only = request.GET.get("chart")
    if only is not None and only not in dashboard.CHARTS:
        raise Http404
    charts = dashboard.build(Glance(request.user, region, clock.china_today()), only=only)
    record_export(request, "front.dashboard", sum(len(c.rows) for c in charts))
    sheets = [
        (
            chart.title[:31],
            [column.header for column in chart.columns],
            [[str(v) if isinstance(v, Link) else v for v in row] for row in chart.rows],
        )
        for chart in charts
    ]
    name = _("%(region)s at a glance.xlsx") % {"region": region.name}
    return xlsx_response(name, sheets, heading=[region.name, str(clock.china_today())])
