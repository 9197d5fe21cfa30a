"""Reading campaigns and assignments, scoped to the person.

- Administrators see the drafts of campaigns their organising unit is in scope of.
- A published campaign is visible to anyone whose scope reaches its organising unit,
  one of its lead units or one of its responsible units.
- Assignments: those of units in the person's scope, plus those of activities their
  own unit leads (the lead unit reviews them).
"""

from datetime import date
from decimal import Decimal

from django.db.models import Case, Count, F, IntegerField, Q, QuerySet, Sum, Value, When
from django.shortcuts import get_object_or_404

from campaigns.models import (
    OPEN_STATES,
    Activity,
    Assignment,
    AssignmentState,
    Campaign,
    CampaignStatus,
    Progress,
)
from portal import journal
from portal.models import JournalEntry, Region, RegionLevel, Role
from portal.scoping import scope_for, scope_queryset, visible_units
from submissions.models import Item
from submissions.selectors.overview import OVERSEER_ROLES

PUBLIC_STATUSES = [CampaignStatus.PUBLISHED, CampaignStatus.CLOSED]


def campaigns_visible_to(user) -> QuerySet[Campaign]:
    scope = scope_for(user)
    if scope.everything:
        return Campaign.objects.all()
    admin_scope = scope_for(user, [Role.ADMIN])
    reach = (
        scope.units_q("owner_unit__")
        | Q(pk__in=Assignment.objects.filter(scope.units_q("unit__")).values("activity__campaign"))
        | Q(pk__in=Activity.objects.filter(scope.units_q("lead_unit__")).values("campaign"))
    )
    drafts = admin_scope.units_q("owner_unit__") if not admin_scope.is_empty else Q(pk__in=[])
    return Campaign.objects.filter((Q(status__in=PUBLIC_STATUSES) & reach) | drafts)


def campaign_for_user(user, pk: int) -> Campaign:
    return get_object_or_404(campaigns_visible_to(user).select_related("owner_unit__region"), pk=pk)


def campaign_list(user) -> QuerySet[Campaign]:
    return (
        campaigns_visible_to(user)
        .select_related("owner_unit")
        .annotate(
            activity_count=Count("activities", distinct=True),
        )
        .order_by("-year", "title")
    )


def assignments_visible_to(user) -> QuerySet[Assignment]:
    scope = scope_for(user)
    qs = Assignment.objects.filter(activity__campaign__status__in=PUBLIC_STATUSES)
    if scope.everything:
        return qs
    return qs.filter(scope.units_q("unit__") | Q(activity__lead_unit_id__in=scope.unit_ids))


def assignment_for_user(user, pk: int) -> Assignment:
    return get_object_or_404(
        assignments_visible_to(user).select_related(
            "unit__region",
            "activity__campaign__owner_unit__region",
            "activity__phase",
            "activity__lead_unit",
            "accepted_by",
        ),
        pk=pk,
    )


def _with_deadline(qs: QuerySet[Assignment]) -> QuerySet[Assignment]:
    return qs.annotate(
        deadline=Case(
            When(activity__report_due__isnull=False, then=F("activity__report_due")),
            default=F("activity__plan_due"),
        ),
        title=F("activity__title"),
    )


def my_assignments(user, *, today: date) -> list[Assignment]:
    """The assignments of the units where the person reports or signs off: open ones
    first, overdue before the rest, then by deadline."""
    units = visible_units(user, roles=[Role.REPORTER, Role.APPROVER])
    qs = _with_deadline(
        Assignment.objects.filter(
            unit__in=units, activity__campaign__status=CampaignStatus.PUBLISHED
        ).select_related("unit", "activity__campaign", "activity__phase", "activity__lead_unit")
    ).annotate(
        rank=Case(
            When(state__in=OPEN_STATES, deadline__lt=today, then=Value(0)),
            When(state__in=OPEN_STATES, then=Value(1)),
            When(state=AssignmentState.DONE, then=Value(2)),
            default=Value(3),
            output_field=IntegerField(),
        )
    )
    return list(qs.order_by("rank", F("deadline").asc(nulls_last=True), "pk"))


def lead_queue(user) -> QuerySet[Assignment]:
    """Assignments marked done that wait for this person's acceptance: those of the
    activities their units lead, and for administrators those in their area."""
    scope = scope_for(user)
    admin_scope = scope_for(user, [Role.ADMIN])
    q = Q(activity__lead_unit_id__in=scope.unit_ids)
    if not admin_scope.is_empty:
        q |= admin_scope.units_q("unit__")
    return (
        Assignment.objects.filter(q, state=AssignmentState.DONE)
        .filter(activity__campaign__status=CampaignStatus.PUBLISHED)
        .select_related("unit", "activity__campaign")
        .order_by("done_at")
    )


def open_assignments_with_deadlines() -> QuerySet[Assignment]:
    """For the reminders: every assignment of a published campaign not yet done or
    accepted, with `deadline` (report due, else plan due), `title`, and its unit."""
    return (
        _with_deadline(
            Assignment.objects.filter(
                state__in=OPEN_STATES, activity__campaign__status=CampaignStatus.PUBLISHED
            )
        )
        .select_related("unit", "activity__campaign")
        .order_by(F("deadline").asc(nulls_last=True), "pk")
    )


def assignment_progress(assignment: Assignment) -> QuerySet[Progress]:
    return assignment.progress.select_related("created_by").prefetch_related(
        "evidence", "items__report"
    )


def campaign_journal(campaign: Campaign) -> list[JournalEntry]:
    """The campaign's own journal (entries about its assignments are on theirs), oldest
    first, each entry with its readable `label`."""
    return journal.labelled(journal.entries_for(campaign))


def assignment_journal(assignment: Assignment) -> list[JournalEntry]:
    return journal.labelled(journal.entries_for(assignment))


def linkable_items(assignment: Assignment) -> QuerySet[Item]:
    """Publicity items already in the unit's own quarterly reports of the campaign's
    year, newest first."""
    return (
        Item.objects.filter(
            report__unit=assignment.unit, report__year=assignment.activity.campaign.year
        )
        .select_related("report")
        .order_by("-published_on", "-pk")
    )


def city_choices(user) -> QuerySet[Region]:
    """Cities the person oversees, or whose part they oversee (a county reviewer's city)."""
    scope = scope_for(user, [Role.REVIEWER, Role.ADMIN])
    cities = Region.objects.filter(level=RegionLevel.CITY, is_active=True).order_by("path")
    if scope.everything:
        return cities
    # A path is the chain of ids from the root, so the regions above one are read off it.
    above = {int(part) for path in scope.region_paths for part in path.strip("/").split("/")}
    return cities.filter(scope.regions_q() | Q(pk__in=above))


def campaign_matrix(
    user, campaign: Campaign, *, phase_id=None, city: Region | None = None, state: str = ""
) -> dict:
    """The plan as a matrix of activities by responsible unit, limited to what the person
    may see and the filters. A fixed number of queries however many units and activities."""
    activities = list(
        campaign.activities.select_related("phase", "lead_unit").prefetch_related(
            "responsible_units"
        )
    )
    assignments = assignments_visible_to(user).filter(activity__campaign=campaign)
    if phase_id:
        assignments = assignments.filter(activity__phase_id=phase_id)
    if city is not None:
        assignments = assignments.filter(unit__region__path__startswith=city.path)
    if state:
        assignments = assignments.filter(state=state)
    assignments = list(
        assignments.select_related("unit__region").order_by("unit__region__path", "unit__name")
    )
    totals = {
        row.pop("assignment__activity"): row
        for row in Progress.objects.filter(assignment__in=[a.pk for a in assignments])
        .order_by()
        .values("assignment__activity")
        .annotate(
            total=Sum("quantity"),
            events_held=Sum("events_held"),
            people_reached=Sum("people_reached"),
            funds_raised=Sum("funds_raised"),
            items_published=Sum("items_published"),
        )
    }
    units, cells = {}, {}
    for assignment in assignments:
        units.setdefault(assignment.unit_id, assignment.unit)
        cells[(assignment.activity_id, assignment.unit_id)] = assignment
    unit_list = list(units.values())
    shown = {a.activity_id for a in assignments}
    rows = []
    for activity in activities:
        if (phase_id or city or state) and activity.pk not in shown:
            continue
        row_cells = [cells.get((activity.pk, unit.pk)) for unit in unit_list]
        n_units = len(activity.responsible_units.all())
        expected_total = (
            activity.expected_quantity * n_units if activity.expected_quantity is not None else None
        )
        rows.append(
            {
                "activity": activity,
                "cells": row_cells,
                "achieved": totals.get(activity.pk, {}).get("total") or Decimal(0),
                # The closing summary's figures, summed over the units shown.
                "figures": totals.get(activity.pk) if activity.is_summary else None,
                "expected_total": expected_total,
                "n_units": n_units,
                "counts": {
                    s: sum(1 for c in row_cells if c and c.state == s)
                    for s in AssignmentState.values
                },
            }
        )
    return {"units": unit_list, "rows": rows, "assignments": assignments}


def progress_filed(assignments) -> dict[int, list[Progress]]:
    """Each assignment's progress filings, oldest first, keyed by assignment id: what the
    units filed, for the export. One query; the assignments were already scoped."""
    filed: dict[int, list[Progress]] = {}
    for progress in Progress.objects.filter(assignment__in=[a.pk for a in assignments]).order_by(
        "assignment_id", "created_at", "pk"
    ):
        filed.setdefault(progress.assignment_id, []).append(progress)
    return filed


def year_completion(user, region: Region, year: int, today: date) -> list[dict]:
    """Completion of the year's published (or since closed) campaigns in `region`, for its
    year-end summary: per campaign, its assignments to units of the region (in the
    person's review scope) and how many are accepted, done (awaiting acceptance), open, and
    open past their deadline (report due, else plan due). One grouped query."""
    open_q = Q(state__in=OPEN_STATES)
    past_due = Q(activity__report_due__lt=today) | Q(
        activity__report_due__isnull=True, activity__plan_due__lt=today
    )
    assignments = scope_queryset(
        Assignment.objects.filter(
            unit__region__path__startswith=region.path,
            activity__campaign__year=year,
            activity__campaign__status__in=[CampaignStatus.PUBLISHED, CampaignStatus.CLOSED],
        ),
        user,
        unit_field="unit",
        roles=OVERSEER_ROLES,
    )
    rows = (
        assignments.order_by()
        .values("activity__campaign", "activity__campaign__title")
        .annotate(
            assignments=Count("pk"),
            accepted=Count("pk", filter=Q(state=AssignmentState.ACCEPTED)),
            done=Count("pk", filter=Q(state=AssignmentState.DONE)),
            open=Count("pk", filter=open_q),
            overdue=Count("pk", filter=open_q & past_due),
        )
        .order_by("activity__campaign__title", "activity__campaign")
    )
    return [
        {
            "campaign_id": row["activity__campaign"],
            "title": row["activity__campaign__title"],
            "assignments": row["assignments"],
            "accepted": row["accepted"],
            "done": row["done"],
            "open": row["open"],
            "overdue": row["overdue"],
        }
        for row in rows
    ]
