"""Overview pages: completeness of a quarter (and its remind buttons), the annual
assessment, search across items.

Each page takes ?format=xlsx to download the same rows as an Excel workbook.
"""

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from portal import clock
from portal.db_router import reads_from_replica
from portal.labels import choice_labels, display
from portal.security_events import record_export
from submissions import deadlines, reminders
from submissions.exports import xlsx_response
from submissions.forms.overview import PeriodForm, RemindForm, SearchForm, YearForm
from submissions.models import MediaLevel, MediaType, ReportStatus
from submissions.selectors import overview as selectors
from submissions.selectors import provinces as by_province
from submissions.selectors.overview import UnitState
from submissions.selectors.reminders import last_reminded

SEARCH_PAGE_SIZE = 50
# A national office's assessment lists the provinces, and the people of every province
# up to this many (the Excel export and each province's page list them all).
PEOPLE_ON_NATIONAL_PAGE = 50
SEARCH_EXPORT_LIMIT = 10_000
# The search counts its results up to this many: a common word matches hundreds of
# thousands of items in a province, and counting them all costs more than the page.
SEARCH_COUNT_LIMIT = 1_000


class CappedPaginator(Paginator):
    """Counts at most `limit` + 1 rows (a COUNT over a LIMIT subquery); `is_capped` says
    there are more than `limit`, and the pages stop after the counted rows."""

    def __init__(self, object_list, per_page, *, limit: int, **kwargs):
        super().__init__(object_list, per_page, **kwargs)
        self.limit = limit

    @cached_property
    def count(self) -> int:
        return self.object_list.order_by()[: self.limit + 1].count()

    @property
    def is_capped(self) -> bool:
        return self.count > self.limit


# Colours of the states, in the chart (SVG fill) and in the table (Bootstrap badge).
STATE_FILL = {
    UnitState.NOT_STARTED: "#adb5bd",
    UnitState.DRAFT: "#9ec5fe",
    UnitState.AWAITING_SIGNOFF: "#3d8bfd",
    UnitState.ON_TIME: "#20c997",
    UnitState.LATE: "#fd7e14",
    UnitState.MISSING: "#dc3545",
    UnitState.RETURNED: "#ffc107",
    UnitState.ADOPTED: "#146c43",
}
STATE_BADGE = {
    UnitState.NOT_STARTED: "text-bg-secondary",
    UnitState.DRAFT: "text-bg-info",
    UnitState.AWAITING_SIGNOFF: "text-bg-primary",
    UnitState.ON_TIME: "text-bg-success",
    UnitState.LATE: "text-bg-warning",
    UnitState.MISSING: "text-bg-danger",
    UnitState.RETURNED: "text-bg-warning",
    UnitState.ADOPTED: "text-bg-success",
}

# Chart geometry, in SVG user units (the drawing scales to the page width).
CHART_LABEL_WIDTH = 150
CHART_BAR_WIDTH = 600
CHART_ROW_HEIGHT = 30
CHART_BAR_HEIGHT = 20


def _require_overseer(user) -> None:
    """Completeness and the assessment are for reviewers and administrators."""
    if not selectors.has_overseer_role(user):
        raise PermissionDenied


def _wants_xlsx(request) -> bool:
    return request.GET.get("format") == "xlsx"


def _narrowed_to(request):
    """The province the page is narrowed to (?region=<id>), or None: only a province the
    person oversees in whole; any other id is a 404."""
    region = request.GET.get("region")
    return by_province.overseen_province(request.user, region) if region is not None else None


def _chart(bars: list[tuple[str, selectors.Tally]]) -> dict:
    """A horizontal stacked bar per (name, tally): per city, or per province for a
    national office; drawn on the server as SVG: segment widths are counts scaled to the
    largest."""
    largest = max((tally.total for _name, tally in bars), default=0) or 1
    rows = []
    for index, (name, tally) in enumerate(bars):
        y = index * CHART_ROW_HEIGHT
        x, segments = CHART_LABEL_WIDTH, []
        for state, count in tally.in_order():
            if not count:
                continue
            width = round(count * CHART_BAR_WIDTH / largest, 2)
            segments.append(
                {
                    "x": round(x, 2),
                    "width": width,
                    "fill": STATE_FILL[state],
                    "label": state.label,
                    "count": count,
                    "text_x": round(x + width / 2, 2),
                }
            )
            x += width
        rows.append(
            {
                "name": name,
                "y": y,
                "bar_y": y + (CHART_ROW_HEIGHT - CHART_BAR_HEIGHT) / 2,
                "text_y": y + CHART_ROW_HEIGHT / 2 + 5,
                "total_x": round(x + 6, 2),
                "total": tally.total,
                "segments": segments,
            }
        )
    return {
        "rows": rows,
        "width": CHART_LABEL_WIDTH + CHART_BAR_WIDTH + 50,
        "height": max(len(rows), 1) * CHART_ROW_HEIGHT,
        "bar_height": CHART_BAR_HEIGHT,
        "label_x": CHART_LABEL_WIDTH - 8,
        "legend": [(state.label, STATE_FILL[state]) for state in UnitState],
    }


def _completeness_xlsx(data: selectors.Completeness):
    headers = [
        _("City"),
        _("Unit"),
        _("State"),
        _("Deadline"),
        _("Submitted at"),
        _("Items"),
        _("Nothing to report"),
    ]
    rows = [
        [
            row.city.name,
            row.unit.name,
            row.state.label,
            row.due_date,
            row.submitted_at,
            row.item_count,
            _("Yes") if row.report is not None and row.report.nothing_to_report else "",
        ]
        for row in data.rows
    ]
    state_headers = [state.label for state in UnitState]
    totals = [
        [city.city.name, city.tally.total, *[n for _state, n in city.tally.in_order()]]
        for city in data.cities
    ]
    totals.append(
        [_("All cities"), data.overall.total, *[n for _state, n in data.overall.in_order()]]
    )
    period = _("%(year)s Q%(quarter)s") % {"year": data.year, "quarter": data.quarter}
    return xlsx_response(
        _("Completeness %(period)s.xlsx") % {"period": period},
        [
            (_("Units"), headers, rows),
            (_("Totals per city"), [_("City"), _("Units"), *state_headers], totals),
        ],
    )


@require_safe
@login_required
@reads_from_replica
def completeness(request):
    _require_overseer(request.user)
    province = _narrowed_to(request)
    today = clock.china_today()
    year, quarter = selectors.default_period(today)
    form = PeriodForm(request.GET or None, today=today, initial={"year": year, "quarter": quarter})
    if form.is_bound and form.is_valid():
        year, quarter = form.cleaned_data["year"], form.cleaned_data["quarter"]
    context = {
        "form": form,
        "province": province,
        "states": list(UnitState),
        "deadline": deadlines.default_due_date(year, quarter),
    }
    if province is None and not _wants_xlsx(request):
        provinces = by_province.overseen_provinces(request.user)
        if len(provinces) > 1:
            # A national office: a row per province, each leading to the province's page.
            data = by_province.province_completeness(request.user, provinces, year, quarter, today)
            bars = [(p.province.name, p.tally) for p in data.provinces]
            context |= {"data": data, "chart": _chart(bars), "national": True}
            return render(request, "submissions/overview/completeness.html", context)
    data = selectors.completeness(request.user, year, quarter, today, region=province)
    if _wants_xlsx(request):
        record_export(request, "submissions.completeness", len(data.rows))
        return _completeness_xlsx(data)
    reminded = last_reminded([row.unit.pk for row in data.rows], year, quarter)
    labels = choice_labels(UnitState)
    for row in data.rows:
        row.badge = STATE_BADGE[row.state]
        row.state_label = labels[row.state]
        row.last_reminded = reminded.get(row.unit.pk)
    context |= {
        "data": data,
        "chart": _chart([(c.city.name, c.tally) for c in data.cities]),
        "report_statuses": ReportStatus,
        "not_filed": [state.value for state in selectors.NOT_FILED],
    }
    return render(request, "submissions/overview/completeness.html", context)


@require_POST
@login_required
def remind_units(request):
    """Remind one unit, or every unit still missing, of a quarter's report, now."""
    if not selectors.has_overseer_role(request.user):
        raise PermissionDenied
    form = RemindForm(request.POST)
    if not form.is_valid():
        raise Http404
    year, quarter, unit_id, region_id = (
        form.cleaned_data[k] for k in ("year", "quarter", "unit", "region")
    )
    province = by_province.overseen_province(request.user, region_id) if region_id else None
    units = selectors.in_region(
        selectors.overseen_reporting_units(request.user), province
    ).select_related("region")
    if unit_id is not None:
        units = units.filter(pk=unit_id)
        if not units:
            raise Http404
    today = clock.china_today()
    reminded, made = reminders.reminders_send_for_quarter(
        user=request.user, units=list(units), year=year, quarter=quarter, today=today
    )
    if made:
        messages.success(
            request,
            _("Reminded %(units)s unit(s): %(people)s reminder(s) sent.")
            % {"units": reminded, "people": made},
        )
    else:
        messages.info(request, _("Nobody to remind: the units have filed or were reminded today."))
    query = urlencode(
        {"year": year, "quarter": quarter, **({"region": region_id} if province else {})}
    )
    return redirect(f"{reverse('submissions:completeness')}?{query}")


def _assessment_xlsx(year, units, people):
    level_labels = [label for _value, label in MediaLevel.choices]
    type_labels = [label for _value, label in MediaType.choices]
    unit_rows = [
        [s.rank, s.unit.name, s.unit.region.name, s.points, s.adopted, *s.by_level, *s.by_type]
        for s in units
    ]
    people_rows = [[p.rank, p.name, p.unit_name, p.adopted, p.points] for p in people]
    return xlsx_response(
        _("Assessment %(year)s.xlsx") % {"year": year},
        [
            (
                _("Units"),
                [
                    _("Rank"),
                    _("Unit"),
                    _("Region"),
                    _("Points"),
                    _("Adopted items"),
                    *level_labels,
                    *type_labels,
                ],
                unit_rows,
            ),
            (
                _("People"),
                [_("Rank"), _("Name"), _("Unit"), _("Adopted items"), _("Points")],
                people_rows,
            ),
        ],
    )


@require_safe
@login_required
@reads_from_replica
def assessment(request):
    _require_overseer(request.user)
    province = _narrowed_to(request)
    today = clock.china_today()
    year = today.year
    form = YearForm(request.GET or None, today=today, initial={"year": year})
    if form.is_bound and form.is_valid():
        year = form.cleaned_data["year"]
    context = {
        "form": form,
        "year": year,
        "province": province,
        "levels": MediaLevel.choices,
        "types": MediaType.choices,
    }
    if province is None and not _wants_xlsx(request):
        provinces = by_province.overseen_provinces(request.user)
        if len(provinces) > 1:
            # A national office: provinces ranked, each leading to the province's ranking.
            people = selectors.person_scores(request.user, year)
            context |= {
                "provinces": by_province.province_scores(request.user, provinces, year),
                "people": people[:PEOPLE_ON_NATIONAL_PAGE],
                "people_count": len(people),
                "national": True,
            }
            return render(request, "submissions/overview/assessment.html", context)
    units = selectors.unit_scores(request.user, year, region=province)
    people = selectors.person_scores(request.user, year, region=province)
    if _wants_xlsx(request):
        record_export(request, "submissions.assessment", len(units) + len(people))
        return _assessment_xlsx(year, units, people)
    context |= {"units": units, "people": people}
    return render(request, "submissions/overview/assessment.html", context)


def _author_list(item) -> str:
    names = [author.get_full_name() for author in item.authors.all()]
    if item.author_names:
        names.append(item.author_names)
    return "、".join(names)


def _search_xlsx(request, items):
    rows = [
        [
            item.published_on,
            item.title,
            item.outlet,
            display(item, "media_level"),
            display(item, "media_type"),
            display(item, "category"),
            item.report.unit.name,
            item.number,
            _author_list(item),
            display(item, "review_result"),
            item.final_points,
            item.link,
        ]
        for item in items[:SEARCH_EXPORT_LIMIT]
    ]
    headers = [
        _("Publication date"),
        _("Title"),
        _("Outlet"),
        _("Media level"),
        _("Media type"),
        _("Content category"),
        _("Unit"),
        _("No."),
        _("Authors"),
        _("Review result"),
        _("Points"),
        _("Link"),
    ]
    sheets = [(_("Items"), headers, rows)]
    if len(rows) == SEARCH_EXPORT_LIMIT:
        note = _("The export holds the first %(n)s items found; narrow the search for the rest.")
        sheets.append((_("Note"), [_("Note")], [[note % {"n": SEARCH_EXPORT_LIMIT}]]))
    record_export(request, "submissions.search", len(rows))
    return xlsx_response(_("Search results.xlsx"), sheets)


@require_safe
@login_required
@reads_from_replica
def search(request):
    form = SearchForm(request.GET or None, user=request.user)
    if form.is_bound and not form.is_valid():
        items = selectors.search_items(request.user).none()
    else:
        items = selectors.search_items(request.user, **form.filters())
    if _wants_xlsx(request):
        return _search_xlsx(request, items)
    paginator = CappedPaginator(items, SEARCH_PAGE_SIZE, limit=SEARCH_COUNT_LIMIT)
    page = paginator.get_page(request.GET.get("page"))
    for item in page:
        item.author_list = _author_list(item)
    export_query = request.GET.copy()
    export_query.pop("page", None)
    export_query["format"] = "xlsx"
    context = {
        "form": form,
        "page": page,
        "export_query": export_query.urlencode(),
        "export_limit": SEARCH_EXPORT_LIMIT,
    }
    return render(request, "submissions/overview/search.html", context)
