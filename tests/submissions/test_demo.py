"""seed_demo's quarterly reports are written in bulk: the same rows, history and journal
as writing them one at a time through create(), save(), journal.record, snapshot_of and
scoring.rescore_report, which `_one_by_one` below still does (the reference)."""

import random
from datetime import datetime, timedelta

import pytest
import time_machine
from django.contrib.contenttypes.models import ContentType
from django.db import transaction

from portal import clock, journal
from portal.models import JournalEntry, Membership, Role
from submissions import deadlines, demo, scoring
from submissions.models import Item, MediaType, Report, ReportStatus, ReviewResult, Submission
from submissions.search_text import SEARCHED_FIELDS, bigram_text
from submissions.selectors.reports import reporting_units
from submissions.services import snapshot_of

# Three quarters: 2025 Q1 drawn from PAST_STATES, Q2 from RECENT_STATES, Q3 being reported.
AUGUST_2025 = datetime(2025, 8, 20, 10, 0, tzinfo=clock.CHINA)


def _one_by_one(*, admin, reviewer):
    """seed_reports as it was written before the bulk version: one save at a time."""
    quarters = demo._quarters(clock.china_today())
    demo.seed_scoring({year for year, _q in quarters})
    for unit in reporting_units(admin).select_related("region"):
        rng = random.Random(f"{unit.pk}-{unit.name}")
        reporter, approver = (
            getattr(
                Membership.objects.filter(unit=unit, role=role).select_related("user").first(),
                "user",
                admin,
            )
            for role in (Role.REPORTER, Role.APPROVER)
        )
        for year, quarter in quarters:
            if Report.objects.filter(unit=unit, year=year, quarter=quarter).exists():
                continue
            due = deadlines.default_due_date(year, quarter)
            if (year, quarter) == quarters[-1]:
                state = ReportStatus.DRAFT if rng.random() < 0.6 or "延长" in unit.name else None
            elif (year, quarter) == quarters[-2]:
                state = "submitted" if "延长" in unit.name else rng.choice(demo.RECENT_STATES)
            else:
                state = rng.choice(demo.PAST_STATES)
            if state not in (None, "missing"):
                _make_report(unit, year, quarter, due, state, rng, reporter, approver, reviewer)


def _make_report(unit, year, quarter, due, state, rng, reporter, approver, reviewer):
    def event(action, actor, at, comment="", **data):
        journal.record(action, actor=actor, target=report, comment=comment, data=data, at=at)

    first, last = clock.quarter_bounds(year, quarter)
    last = min(last, clock.china_today())
    late = state == "late"
    status = ReportStatus.ADOPTED if late else ReportStatus(state)
    report = Report.objects.create(
        unit=unit, year=year, quarter=quarter, due_date=due, status=status, created_by=reporter
    )
    items = []
    for _n in range(rng.randint(3, 9)):
        level = rng.choice(list(demo.OUTLETS))
        outlet, media_type = rng.choice(demo.OUTLETS[level])
        title, category = rng.choice(demo.TITLES)
        items.append(
            Item(
                report=report,
                title=title.format(county=unit.region.name),
                outlet=outlet,
                media_level=level,
                media_type=media_type,
                published_on=first + timedelta(days=rng.randint(0, (last - first).days)),
                page=f"第{rng.randint(1, 8)}版" if media_type == MediaType.NEWSPAPER else "",
                author_names=rng.choice(["王小燕", "李建国", "赵文静", "孙海涛"]),
                category=category,
                is_lead_story=rng.random() < 0.1,
                leader_endorsed=rng.random() < 0.05,
            )
        )
    for number, item in enumerate(items, start=1):
        item.search_bigrams = bigram_text(*(getattr(item, f) for f in SEARCHED_FIELDS))
        item.number = number  # as item_create numbers them, from the report's counter
    Item.objects.bulk_create(items)
    report.last_item_number = len(items)
    Report.objects.filter(pk=report.pk).update(last_item_number=len(items))
    event("submissions.report.created", reporter, demo._moment(first + timedelta(days=20), 9))
    if status == ReportStatus.DRAFT:
        return
    if status == ReportStatus.AWAITING_SIGNOFF:
        report.holder_since = demo._moment(due - timedelta(days=2), 10)
        report.save()
        return
    submitted_on = due + timedelta(days=rng.randint(1, 6)) if late else due - timedelta(days=2)
    report.submitted_at = demo._moment(submitted_on, 16)
    report.holder_since = report.submitted_at
    report.is_late = late
    report.save()
    Submission.objects.create(
        report=report,
        number=1,
        submitted_at=report.submitted_at,
        submitted_by=approver,
        snapshot=snapshot_of(report),
    )
    event("submissions.report.submitted", approver, report.submitted_at, number=1)
    if status == ReportStatus.SUBMITTED:
        return
    items = list(report.items.all())
    reviewed_at = report.submitted_at + timedelta(days=3)
    for item in items:
        rejected = rng.random() < 0.15
        item.review_result = ReviewResult.REJECTED if rejected else ReviewResult.ADOPTED
        item.rejection_reason = "内容与扶贫宣传关联不大" if rejected else ""
        item.reviewed_by = reviewer
        item.reviewed_at = reviewed_at
    Item.objects.bulk_update(
        items, ["review_result", "rejection_reason", "reviewed_by", "reviewed_at"]
    )
    scoring.rescore_report(report)
    if status == ReportStatus.RETURNED:
        report.last_comment = "请补充第二条稿件的剪报扫描件后重新报送。"
        report.holder_since = reviewed_at
        report.save()
        event("submissions.report.returned", reviewer, reviewed_at, report.last_comment)
        return
    report.holder_since = None
    report.save()
    event("submissions.report.adopted", reviewer, reviewed_at)


def _written():
    """Every row the seed writes, in insertion order, with each id replaced by its place
    among the rows of its table (a rolled-back run still uses up PostgreSQL's sequences)."""

    def places(model):
        return {
            pk: n for n, pk in enumerate(model.objects.order_by("pk").values_list("pk", flat=True))
        }

    reports, items = places(Report), places(Item)

    def rows(queryset, **renumber):
        out = []
        for row in queryset.order_by("pk").values():
            row.pop("history_id", None)  # in insertion order all the same
            for column, numbers in renumber.items():
                row[column] = numbers.get(row[column], row[column])
            out.append(row)
        return out

    submissions = rows(Submission.objects.all(), report_id=reports)
    for row in submissions:
        row.pop("id")
        snapshot = row["snapshot"]
        snapshot["items"] = {str(items[int(pk)]): item for pk, item in snapshot["items"].items()}
    entries = rows(
        JournalEntry.objects.filter(content_type=ContentType.objects.get_for_model(Report)),
        object_id=reports,
    )
    for row in entries:
        row.pop("id")
    return {
        "reports": rows(Report.objects.all(), id=reports),
        "items": rows(Item.objects.all(), id=items, report_id=reports),
        "submissions": submissions,
        "report history": rows(Report.history.all(), id=reports),
        "item history": rows(Item.history.all(), id=items, report_id=reports),
        "journal": entries,
    }


@pytest.mark.parametrize(
    "state",
    [
        ReportStatus.ADOPTED,
        "late",
        "missing",
        ReportStatus.SUBMITTED,
        ReportStatus.RETURNED,
        ReportStatus.AWAITING_SIGNOFF,
        ReportStatus.DRAFT,
    ],
)
def test_the_bulk_seed_writes_what_saving_one_by_one_writes(world, monkeypatch, state):
    monkeypatch.setattr(demo, "PAST_STATES", [state])
    monkeypatch.setattr(demo, "RECENT_STATES", [state])
    people = {"admin": world.province_admin, "reviewer": world.city_reviewer}
    with time_machine.travel(AUGUST_2025, tick=False):
        with transaction.atomic():
            _one_by_one(**people)
            first_run = _written()
            _one_by_one(**people)  # skips the quarters it has, not the draws it made
            expected = _written()
            transaction.set_rollback(True)
        assert not Report.objects.exists()

        assert demo.seed_reports(**people) == len(first_run["reports"])
        assert _written() == first_run
        assert demo.seed_reports(**people) == len(expected["reports"]) - len(first_run["reports"])
        assert _written() == expected
    statuses = {row["status"] for row in expected["reports"]}
    assert statuses == {"draft", "submitted", "adopted" if state == "late" else state} - {"missing"}
    if state in (ReportStatus.ADOPTED, "late", ReportStatus.RETURNED):
        assert expected["item history"], "nothing was rescored"
