"""Demo quarterly reports for `manage.py seed_demo`: several quarters across the demo units,
in every state, with titles and outlets like those in the planning documents.

Historical quarters are written directly (with their journal and snapshots) so that
their dates lie in the past; the services are for people, whose actions happen now.
"""

import random
from datetime import datetime, time, timedelta
from decimal import Decimal

from django.db import transaction

from portal import clock, journal
from portal.models import Membership, Role, Unit, User
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
from submissions.services import snapshot_of

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


def _person(unit: Unit, role: str, fallback: User) -> User:
    membership = Membership.objects.filter(unit=unit, role=role).select_related("user").first()
    return membership.user if membership else fallback


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
    created = 0
    units = list(reporting_units(admin).select_related("region"))
    for unit in units:
        rng = random.Random(f"{unit.pk}-{unit.name}")  # noqa: S311 - demo data, not security
        reporter = _person(unit, Role.REPORTER, admin)
        approver = _person(unit, Role.APPROVER, admin)
        for year, quarter in quarters:
            if Report.objects.filter(unit=unit, year=year, quarter=quarter).exists():
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
            _make_report(unit, year, quarter, due, state, rng, reporter, approver, reviewer)
            created += 1
    return created


def _moment(day, hour: int) -> datetime:
    return datetime.combine(day, time(hour, 30), tzinfo=clock.CHINA)


def _event(report, action, actor, at, comment="", **data):
    # Demo history happened in the past: the entry carries its own time.
    journal.record(action, actor=actor, target=report, comment=comment, data=data, at=at)


def _make_report(unit, year, quarter, due, state, rng, reporter, approver, reviewer):
    first, last = clock.quarter_bounds(year, quarter)
    last = min(last, clock.china_today())  # nothing is published in the future
    late = state == "late"
    status = ReportStatus.ADOPTED if late else ReportStatus(state)
    report = Report.objects.create(
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
    Item.objects.bulk_create(items)
    _event(report, "submissions.report.created", reporter, _moment(first + timedelta(days=20), 9))
    if status in (ReportStatus.DRAFT,):
        return report
    if status == ReportStatus.AWAITING_SIGNOFF:
        report.holder_since = _moment(due - timedelta(days=2), 10)
        report.save()
        return report
    submitted_on = due + timedelta(days=rng.randint(1, 6)) if late else due - timedelta(days=2)
    report.submitted_at = _moment(submitted_on, 16)
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
    _event(report, "submissions.report.submitted", approver, report.submitted_at, number=1)
    if status == ReportStatus.SUBMITTED:
        return report
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
        _event(report, "submissions.report.returned", reviewer, reviewed_at, report.last_comment)
        return report
    report.holder_since = None
    report.save()
    _event(report, "submissions.report.adopted", reviewer, reviewed_at)
    return report
