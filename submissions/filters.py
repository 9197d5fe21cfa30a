"""The reviewer queue's filters and sort orders (django-filter)."""

import django_filters
from django.db.models import Count, F, IntegerField, Min, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from portal import clock, widgets
from portal.models import RegionLevel, Role
from portal.scoping import visible_regions
from submissions.deadlines import FIRST_YEAR
from submissions.models import Item, Report, ReportStatus

LATE, ON_TIME = "late", "on_time"


class QueueOrdering(django_filters.OrderingFilter):
    """Sorts by one column; reports that have not been submitted (or no longer wait)
    go last whichever way, on SQLite as on PostgreSQL."""

    columns = {
        "submitted": "submitted_at",
        "waiting": "holder_since",
        "unit": "unit__name",
        "items": "item_count",
    }

    def __init__(self, *args, **kwargs):
        kwargs["choices"] = [
            ("waiting", _("Waiting longest first")),
            ("-waiting", _("Waiting shortest first")),
            ("-submitted", _("Submitted most recently first")),
            ("submitted", _("Submitted earliest first")),
            ("unit", _("Unit name")),
            ("-unit", _("Unit name, reversed")),
            ("-items", _("Most items first")),
            ("items", _("Fewest items first")),
        ]
        kwargs.setdefault("label", _("Sort by"))
        kwargs.setdefault("empty_label", None)
        super().__init__(*args, **kwargs)

    def get_ordering_value(self, param):
        descending = param.startswith("-")
        field = F(self.columns[param.lstrip("-")])
        return field.desc(nulls_last=True) if descending else field.asc(nulls_last=True)

    def filter(self, qs, value):
        if not value:
            return qs
        chosen = [p for p in value if p.lstrip("-") in self.columns]
        if any(p.lstrip("-") == "items" for p in chosen):
            # Count items only when sorting by them, as a correlated subquery: an index-only
            # scan per report, and no GROUP BY for the paginator's COUNT to wrap.
            qs = qs.annotate(item_count=items_per_report())
        return qs.order_by(*[self.get_ordering_value(p) for p in chosen], "pk")


def items_per_report():
    """How many items a report has, as an annotation (0 for none)."""
    counted = (
        Item.objects.filter(report=OuterRef("pk"))
        .order_by()
        .values("report")
        .annotate(n=Count("*"))  # COUNT(*): an index-only scan of item.report_id
        .values("n")
    )
    return Coalesce(Subquery(counted, output_field=IntegerField()), 0)


class QueueFilter(django_filters.FilterSet):
    """Filters over reports the person reviews. Pass the already scoped queryset and the
    person as `user`: the city choices are the cities in their reviewing scope."""

    # The selects are built in Python (portal.widgets.Select) and their choices come from
    # two small queries: a template per option, the cities as model instances and SELECT
    # DISTINCT year over every report in scope were a third of the queue's time.
    year = django_filters.ChoiceFilter(
        label=_("Year"), empty_label=_("All years"), choices=[], widget=widgets.Select
    )
    quarter = django_filters.ChoiceFilter(
        label=_("Quarter"),
        empty_label=_("All quarters"),
        choices=[(q, _("Q%(quarter)s") % {"quarter": q}) for q in range(1, 5)],
        widget=widgets.Select,
    )
    status = django_filters.ChoiceFilter(
        label=_("Status"),
        choices=ReportStatus.choices,
        empty_label=_("All statuses"),
        widget=widgets.Select,
    )
    city = django_filters.ChoiceFilter(
        label=_("City"),
        choices=[],
        empty_label=_("All cities"),
        method="filter_city",
        widget=widgets.Select,
    )
    timeliness = django_filters.ChoiceFilter(
        label=_("On time or late"),
        choices=[(ON_TIME, _("On time")), (LATE, _("Late"))],
        empty_label=_("On time and late"),
        method="filter_timeliness",
        widget=widgets.Select,
    )
    o = QueueOrdering(widget=widgets.Select)

    def __init__(self, data=None, queryset=None, *, user, **kwargs):
        super().__init__(data, queryset, **kwargs)
        # Every year from the first report (or the campaign's start) to this one: the first
        # year is one step down the (year, quarter, status) index, where the years of the
        # reports in scope took a scan of them all.
        first = Report.objects.aggregate(first=Min("year"))["first"] or FIRST_YEAR
        years = range(clock.china_today().year, min(first, FIRST_YEAR) - 1, -1)
        self.filters["year"].extra["choices"] = [(year, str(year)) for year in years]
        # The cities in the person's reviewing scope: only these can be chosen.
        cities = list(
            visible_regions(user, [Role.REVIEWER])
            .filter(level=RegionLevel.CITY, is_active=True)
            .order_by("path")
            .values_list("pk", "name", "path")
        )
        self.filters["city"].extra["choices"] = [(pk, name) for pk, name, _path in cities]
        self.city_paths = {str(pk): path for pk, _name, path in cities}

    def filter_city(self, queryset, name, value):
        # A city's own office and every unit in its counties.
        return queryset.filter(unit__region__path__startswith=self.city_paths[value])

    def filter_timeliness(self, queryset, name, value):
        if value == LATE:
            return queryset.filter(is_late=True)
        return queryset.filter(Q(is_late=False) & ~Q(submitted_at=None))
