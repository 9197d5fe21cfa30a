"""The list endpoints' filters: those of the portal's pages (the reviewer queue's year,
quarter and status; the unit list's region and kind), over querysets already scoped."""

import django_filters
from django.utils.translation import gettext_lazy as _

from portal.models import RegionLevel, UnitKind
from portal.scoping import visible_regions
from submissions.models import ReportStatus

MAX_ID = 2**63 - 1  # no larger id fits a database integer


class _RegionSubtreeFilter(django_filters.NumberFilter):
    """A region and everything under it; a region outside the person's scope matches
    nothing (the same answer as for one that does not exist)."""

    def __init__(self, *args, prefix: str = "", **kwargs):
        self.prefix = prefix
        super().__init__(*args, **kwargs)

    def filter(self, qs, value):
        if value is None:
            return qs
        region = visible_regions(self.parent.request.user).filter(pk=value).first()
        if region is None:
            return qs.none()
        return qs.filter(**{f"{self.prefix}region__path__startswith": region.path})


class RegionFilter(django_filters.FilterSet):
    level = django_filters.ChoiceFilter(label=_("Level"), choices=RegionLevel.choices)


class UnitFilter(django_filters.FilterSet):
    region = _RegionSubtreeFilter(label=_("Region"), min_value=1, max_value=MAX_ID)
    kind = django_filters.ChoiceFilter(label=_("Kind"), choices=UnitKind.choices)


class ReportFilter(django_filters.FilterSet):
    year = django_filters.NumberFilter(label=_("Year"), min_value=2000, max_value=9999)
    quarter = django_filters.ChoiceFilter(
        label=_("Quarter"), choices=[(q, str(q)) for q in range(1, 5)]
    )
    status = django_filters.ChoiceFilter(label=_("Status"), choices=ReportStatus.choices)
    unit = django_filters.NumberFilter(
        label=_("Unit"), field_name="unit_id", min_value=1, max_value=MAX_ID
    )
    region = _RegionSubtreeFilter(label=_("Region"), prefix="unit__", min_value=1, max_value=MAX_ID)
