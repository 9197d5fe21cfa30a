"""Reading reports and items, scoped to the person."""

from django.db.models import Count, Q, QuerySet
from django.shortcuts import get_object_or_404

from portal.models import RegionLevel, Unit, UnitKind
from portal.scoping import scope_queryset, visible_units
from submissions.models import Item, Report, ReviewResult


def reports_visible_to(user) -> QuerySet[Report]:
    return scope_queryset(Report.objects.all(), user)


def report_for_user(user, pk: int) -> Report:
    """The report, or 404 when its unit is outside the person's scope."""
    return get_object_or_404(
        reports_visible_to(user).select_related("unit__region", "created_by"), pk=pk
    )


def item_for_user(user, pk: int) -> Item:
    return get_object_or_404(
        scope_queryset(Item.objects.all(), user, unit_field="report__unit").select_related(
            "report__unit__region"
        ),
        pk=pk,
    )


def report_items(report: Report) -> QuerySet[Item]:
    """The report's items with everything the report page shows, in a fixed number of queries."""
    return report.items.prefetch_related("authors", "clippings").select_related("reviewed_by")


def with_item_counts(reports: QuerySet[Report]) -> QuerySet[Report]:
    return reports.annotate(
        item_count=Count("items"),
        adopted_count=Count("items", filter=Q(items__review_result=ReviewResult.ADOPTED)),
        pending_count=Count("items", filter=Q(items__review_result=ReviewResult.PENDING)),
    )


def reporting_units(user) -> QuerySet[Unit]:
    """The units that file quarterly reports: the city and county poverty-alleviation
    offices in the person's scope."""
    return visible_units(user).filter(
        is_active=True,
        kind=UnitKind.POVERTY_OFFICE,
        region__level__in=[RegionLevel.CITY, RegionLevel.COUNTY],
    )


def report_units_for_reporter(user) -> QuerySet[Unit]:
    from portal.models import Role

    return visible_units(user, roles=[Role.REPORTER, Role.APPROVER]).select_related("region")
