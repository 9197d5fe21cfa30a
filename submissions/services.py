"""Every write to quarterly reports: filing, sign-off, review.

Each service checks the person's role over the report's unit, checks the report's
state, runs in one transaction, and writes to the portal journal (who, when, what). A form
carries the version of the record it showed; a save against an older version raises
ConcurrentEdit instead of overwriting someone else's change unseen.
"""

from datetime import date
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from simple_history.utils import bulk_update_with_history

from notifications.notices import notify_now, unit_people
from portal import clock, journal, versions
from portal.models import JournalEntry, Role, Unit, User
from portal.scoping import has_role, require_role, scope_for
from submissions import deadlines, scoring
from submissions.models import (
    EDITABLE_STATUSES,
    DeadlineExtension,
    Item,
    Report,
    ReportStatus,
    ReviewResult,
    Submission,
)

ITEM_FIELDS = [
    "title",
    "outlet",
    "media_level",
    "media_type",
    "published_on",
    "link",
    "page",
    "author_names",
    "category",
    "campaign_tag",
    "is_lead_story",
    "leader_endorsed",
    "notes",
]


class ReportError(Exception):
    """A domain rule refused the action; the message is for the user."""


class ConcurrentEdit(ReportError, versions.StaleVersion):
    """The row moved on since the page was shown (the portal's one stale-version error)."""

    def __init__(self):
        versions.StaleVersion.__init__(self)


def _log(report: Report, action: str, actor: User, comment: str = "", **data) -> JournalEntry:
    return journal.record(action, actor=actor, target=report, comment=comment, data=data)


def _tell_reporters(report: Report, entry: JournalEntry) -> None:
    """The unit's reporters must act on a report that came back to them: told at once, in
    the bell and by mail (notifications.notices), in the caller's transaction."""
    notify_now(
        entry=entry,
        recipients=unit_people(report.unit, [Role.REPORTER]),
        unit=report.unit,
        what=format_lazy(
            gettext_lazy("Quarterly publicity report {year} Q{quarter} of {unit}"),
            year=report.year,
            quarter=report.quarter,
            unit=report.unit.name,
        ),
        url=reverse("submissions:report-detail", args=[report.pk]),
    )


def _claim_version(model, obj, version: int | None, *, user: User | None = None, **changes):
    """Write `changes` only if the row is still at `version` (None: any): the portal's
    one version check, raising this app's ConcurrentEdit."""
    versions.claim(model, obj, version, user=user, error=ConcurrentEdit, **changes)


def _require_state(report: Report, allowed, message: str) -> None:
    if report.status not in allowed:
        raise ReportError(message)


def due_date_for(unit: Unit, year: int, quarter: int) -> date:
    """The unit's deadline: its own extension, else the quarter's, else 10 days after."""
    extensions = dict(
        DeadlineExtension.objects.filter(year=year, quarter=quarter)
        .filter(Q(unit=unit) | Q(unit=None))
        .values_list("unit_id", "due_date")
    )
    return (
        extensions.get(unit.pk) or extensions.get(None) or deadlines.default_due_date(year, quarter)
    )


@transaction.atomic
def report_start(*, unit: Unit, year: int, quarter: int, user: User) -> Report:
    """The unit's report for the quarter, created as a draft if it does not exist yet."""
    require_role(user, Role.REPORTER, unit)
    report, created = Report.objects.get_or_create(
        unit=unit,
        year=year,
        quarter=quarter,
        defaults={"created_by": user, "due_date": due_date_for(unit, year, quarter)},
    )
    if created:
        _log(report, "submissions.report.created", user)
    return report


def check_publication_date(report: Report, published_on: date) -> None:
    """An item's publication date falls in the report's quarter, and not after today."""
    first, last = clock.quarter_bounds(report.year, report.quarter)
    if not first <= published_on <= last:
        raise ValidationError(
            {
                "published_on": _(
                    "The publication date must fall in %(period)s (%(first)s to %(last)s)."
                )
                % {"period": report.period_label, "first": first, "last": last}
            }
        )
    if published_on > clock.china_today():
        raise ValidationError(
            {"published_on": _("The publication date cannot be later than today.")}
        )


def _require_editor(report: Report, user: User) -> None:
    require_role(user, Role.REPORTER, report.unit)
    _require_state(
        report,
        EDITABLE_STATUSES,
        _("This report has been handed on and can no longer be changed."),
    )


def _insert_items(items: list[Item], authors: dict[int, list], user: User) -> None:
    """Insert new items (with their authors, people or ids, by item number) in a few queries
    whatever their count, leaving the history that saving them one by one would: each
    item's creation by `user`, with its authors."""
    for item in items:
        item.set_search_bigrams()  # what Item.save() does
    Item.objects.bulk_create(items)
    links = Item.authors.through.objects.bulk_create(
        Item.authors.through(item=item, user_id=getattr(author, "pk", author))
        for item in items
        for author in dict.fromkeys(authors[item.number])
    )
    history = Item.history.bulk_history_create(items, default_user=user)
    by_item = {}
    for link in links:
        by_item.setdefault(link.item_id, []).append(link)
    author_history = Item.history.model.authors.model  # HistoricalItem_authors
    author_history.objects.bulk_create(
        author_history(history=entry, id=link.id, item_id=link.item_id, user_id=link.user_id)
        for entry in history
        for link in by_item.get(entry.id, [])
    )


def next_item_numbers(report: Report, count: int = 1) -> range:
    """Take the next `count` item numbers of `report` from its counter (Item.number). The
    caller holds the report's row lock (select_for_update), so two saves at once take
    different numbers; a deleted item's number is never taken again."""
    first = report.last_item_number + 1
    report.last_item_number += count
    # Not through claim(): the report's version stays, so no form open on it goes stale.
    Report.objects.filter(pk=report.pk).update(last_item_number=report.last_item_number)
    return range(first, first + count)


@transaction.atomic
def item_create(*, report: Report, user: User, data: dict, authors=(), clippings=()) -> Item:
    """Add an item to a draft or returned report, with the report's next item number.
    Raises ValidationError on bad data."""
    report = Report.objects.select_for_update().get(pk=report.pk)
    _require_editor(report, user)
    check_publication_date(report, data["published_on"])
    item = Item(report=report, **{k: data[k] for k in ITEM_FIELDS if k in data})
    item.full_clean(exclude=["report", "number"])
    (item.number,) = next_item_numbers(report)
    item._history_user = user
    item.save()
    if authors:  # a new item has none to clear
        item.authors.set(authors)
    if clippings:
        item.clippings.add(*clippings)
    if report.nothing_to_report:
        _claim_version(Report, report, None, user=user, nothing_to_report=False, nothing_reason="")
    _log(
        report, "submissions.item.created", user, item=item.pk, number=item.number, title=item.title
    )
    return item


@transaction.atomic
def item_update(
    *, item: Item, user: User, data: dict, version: int, authors=None, clippings=()
) -> Item:
    report = Report.objects.select_for_update().get(pk=item.report_id)
    _require_editor(report, user)
    check_publication_date(report, data["published_on"])
    changes = {k: data[k] for k in ITEM_FIELDS if k in data}
    candidate = Item(pk=item.pk, report=report, **changes)
    candidate.full_clean(exclude=["report", "number"], validate_unique=False)
    _claim_version(Item, item, version, user=user, **changes)
    if authors is not None:
        item.authors.set(authors)
    item.clippings.add(*clippings)
    _log(
        report, "submissions.item.changed", user, item=item.pk, number=item.number, title=item.title
    )
    return item


@transaction.atomic
def item_delete(*, item: Item, user: User, version: int) -> None:
    report = Report.objects.select_for_update().get(pk=item.report_id)
    _require_editor(report, user)
    if not Item.objects.filter(pk=item.pk, version=version).exists():
        raise ConcurrentEdit()
    _log(
        report, "submissions.item.deleted", user, item=item.pk, number=item.number, title=item.title
    )
    item._history_user = user
    item.delete()


@transaction.atomic
def report_declare_nothing(*, report: Report, user: User, reason: str, version: int) -> Report:
    """File the quarter as "nothing to report", so it counts as filed, not missing."""
    _require_editor(report, user)
    if report.items.exists():
        raise ReportError(_("Remove the items first: a report with items is not empty."))
    if not reason.strip():
        raise ValidationError({"nothing_reason": _("Say why there is nothing to report.")})
    _claim_version(
        Report, report, version, user=user, nothing_to_report=True, nothing_reason=reason.strip()
    )
    _log(report, "submissions.report.nothing_declared", user, comment=reason)
    return report


@transaction.atomic
def report_hand_to_approver(*, report: Report, user: User, version: int) -> Report:
    _require_editor(report, user)
    if not report.nothing_to_report and not report.items.exists():
        raise ReportError(
            _("Add at least one item, or file the quarter as “nothing to report” with a reason.")
        )
    changes = {"status": ReportStatus.AWAITING_SIGNOFF, "holder_since": timezone.now()}
    if report.status == ReportStatus.DRAFT:
        # The approver's send-back is answered by handing on again; a reviewer's return
        # comment (RETURNED) stays in view until the approver signs the report off.
        changes["last_comment"] = ""
    _claim_version(Report, report, version, user=user, **changes)
    _log(report, "submissions.report.handed_to_approver", user)
    return report


@transaction.atomic
def report_sign_off(*, report: Report, user: User, version: int) -> Report:
    """The unit's approver signs the report off: it is submitted to the reviewers, its
    items are frozen in a Submission, and the first submission decides on time or late."""
    require_role(user, Role.APPROVER, report.unit)
    _require_state(
        report, {ReportStatus.AWAITING_SIGNOFF}, _("This report is not waiting for sign-off.")
    )
    now = timezone.now()
    # Signed off, every comment to the unit is answered: the reviewers see a fresh report
    # and the comments stay in its history.
    changes = {
        "status": ReportStatus.SUBMITTED,
        "submitted_at": now,
        "holder_since": now,
        "last_comment": "",
    }
    first = not report.submissions.exists()
    if first:
        changes["is_late"] = deadlines.is_late(now, report.due_date)
    _claim_version(Report, report, version, user=user, **changes)
    number = report.submissions.count() + 1
    Submission.objects.create(
        report=report,
        number=number,
        submitted_at=now,
        submitted_by=user,
        snapshot=snapshot_of(report),
    )
    # Items rejected last time come back for a fresh look; adopted ones keep their result.
    rejected = list(report.items.filter(review_result=ReviewResult.REJECTED))
    for item in rejected:
        item.review_result = ReviewResult.PENDING
        item.version += 1
    bulk_update_with_history(rejected, Item, ["review_result", "version"], default_user=user)
    _log(report, "submissions.report.submitted", user, number=number, late=report.is_late)
    return report


@transaction.atomic
def report_send_back(*, report: Report, user: User, version: int, comment: str) -> Report:
    """The approver sends the report back to the reporter instead of signing it off. The
    unit's reporters are told at once (bell and mail, after commit)."""
    require_role(user, Role.APPROVER, report.unit)
    _require_state(
        report, {ReportStatus.AWAITING_SIGNOFF}, _("This report is not waiting for sign-off.")
    )
    if not comment.strip():
        raise ValidationError({"comment": _("Tell the reporter what to change.")})
    _claim_version(
        Report,
        report,
        version,
        user=user,
        status=ReportStatus.DRAFT,
        last_comment=comment.strip(),
        holder_since=timezone.now(),
    )
    entry = _log(report, "submissions.report.sent_back", user, comment=comment.strip())
    _tell_reporters(report, entry)
    return report


def _require_reviewer(report: Report, user: User) -> None:
    if not has_role(user, Role.REVIEWER, report.unit):
        raise PermissionDenied
    _require_state(report, {ReportStatus.SUBMITTED}, _("Only a submitted report can be reviewed."))


@transaction.atomic
def item_review(
    *,
    item: Item,
    user: User,
    result: str,
    version: int,
    reason: str = "",
    points_override: Decimal | None = None,
    override_reason: str = "",
) -> Item:
    """Adopt or reject one item; the report's points are worked out again."""
    report = Report.objects.select_for_update().get(pk=item.report_id)
    _require_reviewer(report, user)
    if result not in (ReviewResult.ADOPTED, ReviewResult.REJECTED):
        raise ValidationError({"result": _("Choose adopt or reject.")})
    if result == ReviewResult.REJECTED and not reason.strip():
        raise ValidationError({"reason": _("Give the reason the unit will see.")})
    if points_override is not None and not override_reason.strip():
        raise ValidationError({"override_reason": _("Say why you set the points by hand.")})
    _claim_version(
        Item,
        item,
        version,
        user=user,
        review_result=result,
        rejection_reason=reason.strip() if result == ReviewResult.REJECTED else "",
        points_override=points_override if result == ReviewResult.ADOPTED else None,
        override_reason=override_reason.strip()
        if result == ReviewResult.ADOPTED and points_override is not None
        else "",
        reviewed_by=user,
        reviewed_at=timezone.now(),
    )
    scoring.rescore_report(report)
    item.refresh_from_db()
    _log(
        report, f"submissions.item.{result}", user, comment=reason, item=item.pk, number=item.number
    )
    return item


@transaction.atomic
def items_review_bulk(
    *,
    report: Report,
    user: User,
    item_ids: list[int],
    result: str,
    reason: str = "",
    seen: dict[int, int] | None = None,
) -> int:
    """Adopt or reject several items of one report at once. Returns how many changed.
    `seen` maps item ids to the versions the page showed: if any ticked item changed
    since, nothing is written (ConcurrentEdit)."""
    report = Report.objects.select_for_update().get(pk=report.pk)
    _require_reviewer(report, user)
    if result not in (ReviewResult.ADOPTED, ReviewResult.REJECTED):
        raise ValidationError({"result": _("Choose adopt or reject.")})
    if result == ReviewResult.REJECTED and not reason.strip():
        raise ValidationError({"reason": _("Give the reason the unit will see.")})
    items = list(report.items.select_for_update().filter(pk__in=item_ids))
    if seen is not None and any(seen.get(item.pk, item.version) != item.version for item in items):
        raise ConcurrentEdit()
    now = timezone.now()
    for item in items:
        item.review_result = result
        item.rejection_reason = reason.strip() if result == ReviewResult.REJECTED else ""
        item.points_override = None
        item.override_reason = ""
        item.reviewed_by = user
        item.reviewed_at = now
        item.version += 1
    bulk_update_with_history(
        items,
        Item,
        [
            "review_result",
            "rejection_reason",
            "points_override",
            "override_reason",
            "reviewed_by",
            "reviewed_at",
            "version",
        ],
        default_user=user,
    )
    count = len(items)
    scoring.rescore_report(report)
    _log(report, f"submissions.items.bulk_{result}", user, comment=reason, items=list(item_ids))
    return count


@transaction.atomic
def report_adopt(*, report: Report, user: User, version: int, comment: str = "") -> Report:
    """Adopt a report whose every item has a decision. One transaction: the status, the
    report's totals for the annual assessment (scoring.record_totals) and the journal."""
    _require_reviewer(report, user)
    pending = report.items.filter(review_result=ReviewResult.PENDING).count()
    if pending:
        raise ReportError(
            _("%(n)s item(s) are not reviewed yet: adopt or reject every item first.")
            % {"n": pending}
        )
    _claim_version(
        Report,
        report,
        version,
        user=user,
        status=ReportStatus.ADOPTED,
        last_comment=comment.strip(),
        holder_since=None,
    )
    # What the report adds to the annual assessment, in this transaction.
    scoring.record_totals(report)
    _log(report, "submissions.report.adopted", user, comment=comment.strip())
    return report


@transaction.atomic
def report_return(*, report: Report, user: User, version: int, comment: str) -> Report:
    """Return the report to its unit with comments; it becomes editable again. The unit's
    reporters are told at once (bell and mail, after commit)."""
    _require_reviewer(report, user)
    if not comment.strip():
        raise ValidationError({"comment": _("Tell the unit what to fix.")})
    _claim_version(
        Report,
        report,
        version,
        user=user,
        status=ReportStatus.RETURNED,
        last_comment=comment.strip(),
        holder_since=timezone.now(),
    )
    entry = _log(report, "submissions.report.returned", user, comment=comment.strip())
    _tell_reporters(report, entry)
    return report


@transaction.atomic
def deadline_extend(
    *, year: int, quarter: int, due_date: date, reason: str, user: User, unit: Unit | None = None
) -> DeadlineExtension:
    """Give a quarter (or one unit's report for it) a later deadline, with a reason."""
    if unit is None:
        # A quarter's deadline is the province's: only its administrators move it for all.
        scope = scope_for(user, [Role.ADMIN])
        if not scope.everything and not any(p.count("/") == 2 for p in scope.region_paths):
            raise PermissionDenied
    else:
        require_role(user, Role.ADMIN, unit)
    if due_date < deadlines.default_due_date(year, quarter):
        raise ValidationError({"due_date": _("An extension cannot be earlier than the deadline.")})
    if not reason.strip():
        raise ValidationError({"reason": _("Give the reason for the extension.")})
    extension, _created = DeadlineExtension.objects.update_or_create(
        year=year,
        quarter=quarter,
        unit=unit,
        defaults={"due_date": due_date, "reason": reason.strip(), "granted_by": user},
    )
    reports = Report.objects.filter(year=year, quarter=quarter, submitted_at=None)
    if unit is not None:
        reports = reports.filter(unit=unit)
    else:
        # A unit's own extension outranks the general one.
        reports = reports.exclude(
            unit__in=DeadlineExtension.objects.filter(
                year=year, quarter=quarter, unit__isnull=False
            ).values("unit")
        )
    reports.update(due_date=due_date)
    return extension


def snapshot_of(report: Report) -> dict:
    """The report's items as plain data, keyed by item id."""
    items = list(report.items.prefetch_related("authors").order_by("pk"))
    authors = {item.pk: [a.get_full_name() for a in item.authors.all()] for item in items}
    return snapshot_from(report, items, authors=authors)


def snapshot_from(report: Report, items: list[Item], *, authors: dict[int, list[str]]) -> dict:
    """What snapshot_of records, from items in hand and their authors' names by item id."""
    return {
        "nothing_to_report": report.nothing_to_report,
        "items": {
            str(item.pk): {
                "number": item.number,
                **{f: str(getattr(item, f)) for f in ITEM_FIELDS},
                "authors": sorted(authors.get(item.pk, [])),
            }
            for item in sorted(items, key=lambda item: item.pk)
        },
    }


@transaction.atomic
def items_import(
    *,
    report: Report,
    user: User,
    rows: list[dict],
    key: str = "",
    action: str = "submissions.items.imported",
) -> list[Item]:
    """Add many items at once (an Excel import, or the report page's grid: `action`) to a
    draft or returned report.

    One transaction: every row is saved or none. Each row holds an item's fields, its
    authors (people or ids) and optionally its sheet row number for messages; it is
    checked as item_create checks one item. Writes one journal event for the import.
    `key` names the import: the same key is imported once only, even when the confirm
    button is pressed twice (the report's row lock orders the two requests).
    """
    report = Report.objects.select_for_update().get(pk=report.pk)
    _require_editor(report, user)
    if not rows:
        raise ReportError(_("There is nothing to import."))
    if key and journal.entries_for(report).filter(action=action, data__key=key).exists():
        raise ReportError(_("These rows have been imported already."))
    items, authors = [], {}
    # Numbered in the order of the rows; a refused row rolls the counter back with the rest.
    numbers = next_item_numbers(report, len(rows))
    for number, row in enumerate(rows, start=1):
        item = Item(report=report, **{k: row[k] for k in ITEM_FIELDS if k in row})
        try:
            check_publication_date(report, row["published_on"])
            # The table's constraints are on what the rows do not hold (the number, the
            # review): the database keeps them, without a query per row here.
            item.full_clean(exclude=["report", "number"], validate_constraints=False)
        except ValidationError as error:
            raise ValidationError(
                _("Row %(row)s: %(problems)s")
                % {"row": row.get("row", number), "problems": " ".join(error.messages)}
            ) from error
        item.number = numbers[number - 1]
        items.append(item)
        authors[item.number] = row.get("authors") or []
    _insert_items(items, authors, user)
    if report.nothing_to_report:
        _claim_version(Report, report, None, user=user, nothing_to_report=False, nothing_reason="")
    _log(
        report,
        action,
        user,
        count=len(items),
        items=[i.pk for i in items],
        key=key,
    )
    return items
