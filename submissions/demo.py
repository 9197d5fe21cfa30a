"""Demo quarterly reports for `manage.py seed_demo`: several quarters across the demo units,
in every state, with titles and outlets like those in the planning documents.

Historical quarters are written directly (with their journal and snapshots) so that
their dates lie in the past; the services are for people, whose actions happen now.

Every report is first planned in memory, then all of them are written in bulk, a few
queries per table: the same rows, in the same order and with the same values, as saving
them one by one (create, save, submission, rescoring) would leave, each with the history
rows those saves record and the journal entries they write. seed_demo runs in about two
dozen tests; writing row by row took some 4,000 queries and most of its time.
"""

import random
from dataclasses import dataclass, field
from datetime import datetime, time, timedelta
from decimal import Decimal

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils import timezone

from portal import clock
from portal.models import JournalEntry, Membership, Role, User
from submissions import deadlines, scoring
from submissions.models import (
    Category,
    Item,
    MediaLevel,
    MediaType,
    Report,
    ReportStatus,
    ReviewResult,
    ScoringRule,
    ScoringYear,
    Submission,
)
from submissions.search_text import SEARCHED_FIELDS, bigram_text
from submissions.selectors.reports import reporting_units
from submissions.services import snapshot_from

OUTLETS = {
    MediaLevel.CENTRAL: [
        ("人民日报", MediaType.NEWSPAPER),
        ("新华社", MediaType.ONLINE),
        ("中央电视台", MediaType.TV),
        ("光明日报", MediaType.NEWSPAPER),
        ("经济日报", MediaType.NEWSPAPER),
    ],
    MediaLevel.PROVINCIAL: [
        ("陕西日报", MediaType.NEWSPAPER),
        ("陕西广播电视台", MediaType.TV),
        ("群众新闻网", MediaType.ONLINE),
        ("陕西农村广播", MediaType.RADIO),
    ],
    MediaLevel.MUNICIPAL: [
        ("延安日报", MediaType.NEWSPAPER),
        ("延安广播电视台", MediaType.TV),
        ("延安发布", MediaType.NEW_MEDIA),
    ],
    MediaLevel.COUNTY: [
        ("延长县融媒体中心", MediaType.NEW_MEDIA),
        ("延长县广播电视台", MediaType.TV),
        ("延长县乡村振兴宣传栏", MediaType.DISPLAY),
    ],
    MediaLevel.INDUSTRY: [("农民日报", MediaType.NEWSPAPER), ("中国社会报", MediaType.NEWSPAPER)],
    MediaLevel.OFFICE: [("中国扶贫", MediaType.NEWSPAPER), ("陕西扶贫信息网", MediaType.ONLINE)],
}

TITLES = [
    ("{county}：苹果产业带动贫困群众稳定增收", Category.INDUSTRY),
    ("{county}易地扶贫搬迁群众住上新房子过上好日子", Category.RELOCATION),
    ("驻村第一书记扎根{county}山村的三年", Category.CADRES),
    ("{county}开展“扶贫日”系列宣传活动", Category.POLICY),
    ("{county}：技能培训让贫困劳动力端上“技术饭碗”", Category.TRAINING),
    ("{county}兜底保障织密民生安全网", Category.SAFETY_NET),
    ("{county}结对帮扶架起干群连心桥", Category.PAIRING),
    ("{county}整村推进改变贫困村旧面貌", Category.VILLAGE),
    ("{county}社会扶贫汇聚脱贫攻坚合力", Category.RESULTS),
    ("{county}扶贫干部作风建设见闻", Category.STYLE),
    ("{county}精准扶贫政策宣讲进村入户", Category.POLICY),
    ("{county}光伏扶贫点亮脱贫路", Category.INDUSTRY),
    ("{county}山地苹果走出大山", Category.INDUSTRY),
    ("“我的帮扶故事”：{county}帮扶干部的一天", Category.CADRES),
]

# Points per medium (newspaper, TV, radio, online, new media, display board).
POINTS = {
    MediaLevel.CENTRAL: (10, 10, 8, 6, 4, 1),
    MediaLevel.PROVINCIAL: (6, 6, 4, 3, 2, 1),
    MediaLevel.MUNICIPAL: (3, 3, 2, 2, 1, 0.5),
    MediaLevel.COUNTY: (1, 1, 1, 0.5, 0.5, 0.5),
    MediaLevel.INDUSTRY: (4, 4, 3, 2, 1, 0.5),
    MediaLevel.OFFICE: (5, 5, 4, 3, 2, 0.5),
}

PAST_STATES = [ReportStatus.ADOPTED] * 8 + ["late"] + ["missing"]
RECENT_STATES = [
    ReportStatus.SUBMITTED,
    ReportStatus.SUBMITTED,
    ReportStatus.ADOPTED,
    ReportStatus.RETURNED,
    ReportStatus.AWAITING_SIGNOFF,
    ReportStatus.DRAFT,
    "late",
    "missing",
]


def seed_scoring(years) -> None:
    for year in years:
        scoring_year, created = ScoringYear.objects.get_or_create(
            year=year,
            defaults={"lead_story_multiplier": Decimal("1.5"), "endorsement_bonus": Decimal(2)},
        )
        if not created:
            continue
        ScoringRule.objects.bulk_create(
            ScoringRule(
                scoring_year=scoring_year,
                media_level=level,
                media_type=media_type,
                points=Decimal(str(points)),
            )
            for level, row in POINTS.items()
            for media_type, points in zip(MediaType.values, row, strict=True)
        )


@dataclass
class _Planned:
    """One report as its writes would leave it, in the order they would happen."""

    report: Report
    items: list[Item]
    # (history type, the report's fields) after each save: "+" on create, "~" after.
    versions: list[tuple[str, dict]] = field(default_factory=list)
    # (action, actor, at, comment, data) for each journal entry.
    events: list[tuple] = field(default_factory=list)
    submission: Submission | None = None
    # The items whose points the rescoring changed, in the order it saves them.
    rescored: list[Item] = field(default_factory=list)

    def version(self, history_type: str) -> None:
        self.versions.append(
            (history_type, {f: getattr(self.report, f) for f in _REPORT_HISTORY_FIELDS})
        )

    def event(self, action, actor, at, comment="", **data):
        # Demo history happened in the past: the entry carries its own time.
        self.events.append((action, actor, at, comment, data))


# (Reading `Model.history` builds a manager class each time: read it once.)
_HistoricalReport = Report.history.model
_HistoricalItem = Item.history.model
_REPORT_HISTORY_FIELDS = [f.attname for f in _HistoricalReport.tracked_fields]
_ITEM_HISTORY_FIELDS = [f.attname for f in _HistoricalItem.tracked_fields]


def _people(units) -> dict[tuple[int, str], User]:
    """The first reporter and approver of each unit, as `.first()` would pick them."""
    people = {}
    memberships = (
        Membership.objects.filter(unit__in=units, role__in=[Role.REPORTER, Role.APPROVER])
        .select_related("user")
        .order_by(*Membership._meta.ordering, "pk")
    )
    for membership in memberships:
        people.setdefault((membership.unit_id, membership.role), membership.user)
    return people


def _quarters(today) -> list[tuple[int, int]]:
    """Every quarter from 2025 Q1 up to the one being reported now."""
    current = deadlines.current_period(today)
    quarters, period = [], (2025, 1)
    while period <= current:
        quarters.append(period)
        period = clock.next_quarter(*period)
    return quarters


@transaction.atomic
def seed_reports(*, admin: User, reviewer: User, today=None) -> int:
    today = today or clock.china_today()
    quarters = _quarters(today)
    seed_scoring({year for year, _q in quarters})
    units = list(reporting_units(admin).select_related("region"))
    people = _people(units)
    existing = set(Report.objects.filter(unit__in=units).values_list("unit_id", "year", "quarter"))
    rules = {}
    planned = []
    for unit in units:
        rng = random.Random(f"{unit.pk}-{unit.name}")  # noqa: S311 - demo data, not security
        reporter = people.get((unit.pk, Role.REPORTER), admin)
        approver = people.get((unit.pk, Role.APPROVER), admin)
        for year, quarter in quarters:
            if (unit.pk, year, quarter) in existing:
                continue
            due = deadlines.default_due_date(year, quarter)
            if (year, quarter) == quarters[-1]:
                state = ReportStatus.DRAFT if rng.random() < 0.6 or "延长" in unit.name else None
            elif (year, quarter) == quarters[-2]:
                state = "submitted" if "延长" in unit.name else rng.choice(RECENT_STATES)
            else:
                state = rng.choice(PAST_STATES)
            if state in (None, "missing"):
                continue
            if year not in rules:
                rules[year] = scoring.rules_for(year)
            planned.append(
                _plan_report(
                    unit, year, quarter, due, state, rng, reporter, approver, reviewer, rules
                )
            )
    if planned:
        _write(planned)
    return len(planned)


def _moment(day, hour: int) -> datetime:
    return datetime.combine(day, time(hour, 30), tzinfo=clock.CHINA)


def _plan_report(unit, year, quarter, due, state, rng, reporter, approver, reviewer, rules):
    first, last = clock.quarter_bounds(year, quarter)
    last = min(last, clock.china_today())  # nothing is published in the future
    late = state == "late"
    status = ReportStatus.ADOPTED if late else ReportStatus(state)
    report = Report(
        unit=unit,
        year=year,
        quarter=quarter,
        due_date=due,
        status=status,
        created_by=reporter,
    )
    county = unit.region.name
    items = []
    for _n in range(rng.randint(3, 9)):
        level = rng.choice(list(OUTLETS))
        outlet, media_type = rng.choice(OUTLETS[level])
        title, category = rng.choice(TITLES)
        items.append(
            Item(
                report=report,
                title=title.format(county=county),
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
    for item in items:  # bulk_create skips Item.save(), which fills the search pairs
        item.search_bigrams = bigram_text(*(getattr(item, f) for f in SEARCHED_FIELDS))
    # Numbered as item_create numbers them: in the order they are created.
    for number, item in enumerate(items, start=1):
        item.number = number
    report.last_item_number = len(items)
    plan = _Planned(report, items)
    plan.version("+")
    plan.event("submissions.report.created", reporter, _moment(first + timedelta(days=20), 9))
    if status in (ReportStatus.DRAFT,):
        return plan
    if status == ReportStatus.AWAITING_SIGNOFF:
        report.holder_since = _moment(due - timedelta(days=2), 10)
        plan.version("~")
        return plan
    submitted_on = due + timedelta(days=rng.randint(1, 6)) if late else due - timedelta(days=2)
    report.submitted_at = _moment(submitted_on, 16)
    report.holder_since = report.submitted_at
    report.is_late = late
    plan.version("~")
    plan.submission = Submission(
        report=report, number=1, submitted_at=report.submitted_at, submitted_by=approver
    )
    plan.event("submissions.report.submitted", approver, report.submitted_at, number=1)
    if status == ReportStatus.SUBMITTED:
        return plan
    # Reviewed in the order the report lists its items (Item.Meta.ordering: published_on,
    # then pk, which follows the order they are created in; sorted() keeps that order).
    reviewed = sorted(items, key=lambda item: item.published_on)
    reviewed_at = report.submitted_at + timedelta(days=3)
    for item in reviewed:
        rejected = rng.random() < 0.15
        item.review_result = ReviewResult.REJECTED if rejected else ReviewResult.ADOPTED
        item.rejection_reason = "内容与扶贫宣传关联不大" if rejected else ""
        item.reviewed_by = reviewer
        item.reviewed_at = reviewed_at
    plan.rescored = scoring.assign_points(reviewed, *rules[year])
    if status == ReportStatus.RETURNED:
        report.last_comment = "请补充第二条稿件的剪报扫描件后重新报送。"
        report.holder_since = reviewed_at
        plan.version("~")
        plan.event("submissions.report.returned", reviewer, reviewed_at, report.last_comment)
        return plan
    report.holder_since = None
    plan.version("~")
    plan.event("submissions.report.adopted", reviewer, reviewed_at)
    return plan


def _history(history_model, fields: dict, history_type: str, change_reason=None):
    """The history row saving would record (in a command: no request, so no user)."""
    return history_model(
        history_date=timezone.now(),
        history_type=history_type,
        history_user=None,
        history_change_reason=change_reason,
        **fields,
    )


def _write(planned: list[_Planned]) -> None:
    """Insert the planned reports, then their items, submissions, history and journal,
    each table in one statement (or a few batches) and in the order of the saves."""
    Report.objects.bulk_create([plan.report for plan in planned])
    Item.objects.bulk_create([item for plan in planned for item in plan.items])
    for plan in planned:
        if plan.submission is not None:
            plan.submission.snapshot = snapshot_from(plan.report, plan.items, authors={})
    Submission.objects.bulk_create(
        [plan.submission for plan in planned if plan.submission is not None]
    )
    history = []
    for plan in planned:
        for history_type, fields in plan.versions:
            fields.update(id=plan.report.pk, created_at=plan.report.created_at)
            history.append(_history(_HistoricalReport, fields, history_type))
    _HistoricalReport.objects.bulk_create(history)
    _HistoricalItem.objects.bulk_create(
        [
            _history(
                _HistoricalItem,
                {f: getattr(item, f) for f in _ITEM_HISTORY_FIELDS},
                "~",
                "rescored",
            )
            for plan in planned
            for item in plan.rescored
        ]
    )
    content_type = ContentType.objects.get_for_model(Report)
    # What portal.journal.record writes, one entry at a time, for each event.
    JournalEntry.objects.bulk_create(
        JournalEntry(
            action=action,
            actor=actor,
            content_type=content_type,
            object_id=plan.report.pk,
            comment=comment,
            data=data,
            at=at,
        )
        for plan in planned
        for action, actor, at, comment, data in plan.events
    )
