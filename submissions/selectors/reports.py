"""Reading reports and items, scoped to the person."""

from django.db.models import Count, Prefetch, Q, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404

from portal import journal
from portal.models import JournalEntry, RegionLevel, Unit, UnitKind
from portal.scoping import scope_queryset, visible_units
from submissions.models import DeadlineExtension, Item, Report, ReviewResult


def reports_visible_to(user) -> QuerySet[Report]:
    return scope_queryset(Report.objects.all(), user)


def report_for_user(user, pk: int) -> Report:
    """The report, or 404 when its unit is outside the person's scope."""
    return get_object_or_404(
        reports_visible_to(user).select_related("unit__region", "created_by"), pk=pk
    )


def report_journal(report: Report) -> list[JournalEntry]:
    """The report's journal, oldest first, each entry with its readable `label`."""
    return journal.labelled(journal.entries_for(report))


def item_for_user(user, pk: int) -> Item:
    return get_object_or_404(
        scope_queryset(Item.objects.all(), user, unit_field="report__unit").select_related(
            "report__unit__region"
        ),
        pk=pk,
    )


def item_of_report(report: Report, pk) -> Item:
    """One of the report's items, or 404 (also for an id that is not a number)."""
    if not str(pk).isdigit():
        raise Http404
    item = get_object_or_404(report.items.all(), pk=int(pk))
    item.report = report
    return item


def report_items(report: Report) -> QuerySet[Item]:
    """The report's items with everything the report page shows, in a fixed number of queries.
    Each item's authors and clippings are plain lists (`author_list`, `clipping_list`): a
    related manager built per item and per use cost more than the rows on a 200-item page."""
    return report.items.prefetch_related(
        Prefetch("authors", to_attr="author_list"),
        Prefetch("clippings", to_attr="clipping_list"),
    ).select_related("reviewed_by")


def item_authors_text(item: Item) -> str:
    """The item's authors as its row shows them: the portal's people (`author_list`, from
    report_items), then the other names as typed, joined by 、."""
    names = [author.get_full_name() for author in item.author_list]
    if item.author_names:
        names.append(item.author_names)
    return "、".join(names)


def item_for_row(item: Item) -> Item:
    """One item with what its row on the report page shows (after it was added in place)."""
    return report_items(item.report).get(pk=item.pk)


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


def unit_quarters(user, *, today=None) -> tuple[tuple[int, int], list[dict]]:
    """For each unit where the person reports or signs off: the current reporting quarter's
    deadline, days left and report (or None), and the unit's other reports.
    Three queries however many units and reports."""
    from portal import clock
    from portal.models import Role
    from portal.scoping import has_role
    from submissions import deadlines

    today = today or clock.china_today()
    year, quarter = deadlines.current_period(today)
    units = list(report_units_for_reporter(user))
    reports = with_item_counts(Report.objects.filter(unit__in=units)).order_by("-year", "-quarter")
    # The quarter's extensions read once, not once per unit without a report yet (as
    # services.due_date_for would): its unit's own, else everyone's, else the default.
    extensions = dict(
        DeadlineExtension.objects.filter(year=year, quarter=quarter)
        .filter(Q(unit__in=units) | Q(unit=None))
        .values_list("unit_id", "due_date")
    )
    by_unit: dict[int, list[Report]] = {unit.pk: [] for unit in units}
    for report in reports:
        by_unit[report.unit_id].append(report)
    rows = []
    for unit in units:
        current = next(
            (r for r in by_unit[unit.pk] if (r.year, r.quarter) == (year, quarter)), None
        )
        due = (
            current.due_date
            if current
            else (
                extensions.get(unit.pk)
                or extensions.get(None)
                or deadlines.default_due_date(year, quarter)
            )
        )
        rows.append(
            {
                "unit": unit,
                "current": current,
                "due": due,
                "days_left": clock.days_left(due, today),
                "past": [r for r in by_unit[unit.pk] if r is not current],
                "is_reporter": has_role(user, Role.REPORTER, unit),
            }
        )
    return (year, quarter), rows


def reports_back_with(user) -> list[Report]:
    """The reports that came back to the person to change, longest waiting first: returned
    by a reviewer, or sent back by the approver (a draft with the approver's comment), of
    the units where they report. One query after the person's scope."""
    from portal.models import Role
    from submissions.models import ReportStatus

    came_back = Q(status=ReportStatus.RETURNED) | (
        Q(status=ReportStatus.DRAFT) & ~Q(last_comment="")
    )
    return list(
        Report.objects.filter(came_back, unit__in=visible_units(user, roles=[Role.REPORTER]))
        .select_related("unit")
        .order_by("holder_since", "pk")
    )
