"""What reviewers read: the queue of reports in their scope, and what changed between
two submissions of a report."""

from django.core.exceptions import FieldDoesNotExist
from django.db.models import Count, F, Q, QuerySet
from django.utils import timezone
from django.utils.timesince import timesince
from django.utils.translation import gettext as _

from portal import journal
from portal.models import JournalEntry, Region, RegionLevel, Role
from portal.scoping import scope_queryset
from submissions.filters import QueueFilter
from submissions.models import (
    Category,
    Item,
    MediaLevel,
    MediaType,
    Report,
    ReportStatus,
    ReviewResult,
)


def reviewable_reports(user) -> QuerySet[Report]:
    """Reports of the units `user` reviews (through a reviewer role, not as a reporter)."""
    return scope_queryset(Report.objects.all(), user, roles=[Role.REVIEWER])


def review_queue(user, params) -> QueueFilter:
    """The queue filtered and sorted by `params` (the query string). Without a status in
    `params` it shows what waits for the reviewers: submitted reports. The result's `qs`
    is the queryset to paginate, its `form` the filter form.

    The queryset carries no item counts (unless sorted by them): counting the items of
    every report in scope, a million of them in a province, only for the paginator to
    show fifty, is what made the queue slow. `queue_rows` counts the page's items."""
    data = params.copy()
    if "status" not in data:
        data["status"] = ReportStatus.SUBMITTED
    reports = (
        reviewable_reports(user)
        .select_related("unit__region__parent")
        .order_by(F("holder_since").asc(nulls_last=True), "pk")
    )
    return QueueFilter(data, queryset=reports, user=user)


def waiting_count(user) -> int:
    """How many submitted reports wait for this person's review (the home page shows it)."""
    return reviewable_reports(user).filter(status=ReportStatus.SUBMITTED).count()


def city_of(region: Region) -> Region | None:
    """The city a unit's region lies in (needs region__parent loaded)."""
    if region.level == RegionLevel.CITY:
        return region
    if region.level == RegionLevel.COUNTY:
        return region.parent
    return None


def holder_of(report: Report) -> str:
    """Who must act next on the report."""
    if report.status == ReportStatus.SUBMITTED:
        return _("reviewers")
    if report.status == ReportStatus.AWAITING_SIGNOFF:
        return _("the unit's approver")
    if report.status in (ReportStatus.DRAFT, ReportStatus.RETURNED):
        return _("the unit")
    return ""


def _item_counts(report_ids) -> dict[int, dict]:
    """Items, adopted and not yet reviewed, per report: one grouped query over the
    given reports only (an index scan on item.report_id)."""
    rows = (
        Item.objects.filter(report_id__in=report_ids)
        .order_by()
        .values("report_id")
        .annotate(
            item_count=Count("pk"),
            adopted_count=Count("pk", filter=Q(review_result=ReviewResult.ADOPTED)),
            pending_count=Count("pk", filter=Q(review_result=ReviewResult.PENDING)),
        )
    )
    return {row.pop("report_id"): row for row in rows}


NO_ITEMS = {"item_count": 0, "adopted_count": 0, "pending_count": 0}


def queue_rows(reports) -> list[Report]:
    """The page's reports, each with `city`, `holder`, `waiting` ("3 days") and its
    `item_count`, `adopted_count` and `pending_count` set (one more query)."""
    now = timezone.now()
    rows = list(reports)
    counts = _item_counts([report.pk for report in rows]) if rows else {}
    for report in rows:
        for name, value in counts.get(report.pk, NO_ITEMS).items():
            setattr(report, name, value)
        report.city = city_of(report.unit.region)
        report.holder = holder_of(report)
        report.waiting = (
            timesince(report.holder_since, now, depth=1)
            if report.holder and report.holder_since
            else ""
        )
    return rows


def recent_events(report: Report, limit: int = 10) -> list[JournalEntry]:
    """The report's latest journal entries, newest first, each with a readable `label`."""
    return journal.labelled(journal.entries_for(report).order_by("-at", "-pk")[:limit])


def latest_changes(report: Report) -> dict | None:
    """What changed between the report's last two submissions; None after the first."""
    last_two = list(report.submissions.order_by("-number")[:2])
    if len(last_two) < 2:
        return None
    newer, older = last_two
    return {
        "older": older,
        "newer": newer,
        **submission_diff(older.snapshot, newer.snapshot),
    }


_CHOICES = {
    "media_level": dict(MediaLevel.choices),
    "media_type": dict(MediaType.choices),
    "category": dict(Category.choices),
}
_BOOLEAN_FIELDS = {"is_lead_story", "leader_endorsed"}


def _label(field: str) -> str:
    try:
        return str(Item._meta.get_field(field).verbose_name)
    except FieldDoesNotExist:  # a field dropped since the snapshot was taken
        return field


def _shown(field: str, value) -> str:
    if isinstance(value, list):
        return "、".join(value)
    if field in _CHOICES:
        return str(_CHOICES[field].get(value, value))
    if field in _BOOLEAN_FIELDS:
        return _("yes") if value == "True" else _("no")
    return "" if value is None else str(value)


def _item_id(key: str):
    return (0, int(key)) if key.isdigit() else (1, key)


def submission_diff(old: dict, new: dict) -> dict:
    """Compare two Submission snapshots (see services.snapshot_of).

    Returns {"added": [...], "removed": [...], "changed": [...], "nothing_to_report":
    None or (old, new), "has_changes": bool}. Added and removed entries are the item's
    snapshot with its "id"; a changed entry is {"id", "title", "fields": [{"field",
    "label", "old", "new", "old_shown", "new_shown"}]}. Pure: reads no database.
    """
    old_items = old.get("items", {})
    new_items = new.get("items", {})
    added = [
        {"id": k, **new_items[k]} for k in sorted(new_items, key=_item_id) if k not in old_items
    ]
    removed = [
        {"id": k, **old_items[k]} for k in sorted(old_items, key=_item_id) if k not in new_items
    ]
    changed = []
    for key in sorted(new_items.keys() & old_items.keys(), key=_item_id):
        before, after = old_items[key], new_items[key]
        fields = [
            {
                "field": field,
                "label": _label(field),
                "old": before.get(field),
                "new": after.get(field),
                "old_shown": _shown(field, before.get(field)),
                "new_shown": _shown(field, after.get(field)),
            }
            for field in [*before, *(f for f in after if f not in before)]
            # The item's number is its name, not a change (older snapshots have none).
            if field != "number" and before.get(field) != after.get(field)
        ]
        if fields:
            changed.append(
                {
                    "id": key,
                    "number": after.get("number"),
                    "title": after.get("title", ""),
                    "fields": fields,
                }
            )
    nothing = (old.get("nothing_to_report"), new.get("nothing_to_report"))
    nothing_changed = nothing if nothing[0] != nothing[1] else None
    return {
        "added": added,
        "removed": removed,
        "changed": changed,
        "nothing_to_report": nothing_changed,
        "has_changes": bool(added or removed or changed or nothing_changed),
    }
