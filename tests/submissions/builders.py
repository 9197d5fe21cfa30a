"""Building quarterly reports through the real services, for any test that needs one.

    report = draft_report(world, n_items=3)          # a draft of 延长县扶贫开发局, 2026 Q3
    report = submitted_report(world, n_items=3)     # handed on and signed off: with reviewers

Everything goes through submissions.services, as the reporter and approver of the
unit, so the journal, versions and snapshots are the ones the portal itself writes.
The default quarter (2026 Q3) is in the past whenever these tests run, so its dates stay
valid; reports signed off now are late for it, which is_late records.
"""

import io
from datetime import date, timedelta

from PIL import Image

from portal.clock import quarter_bounds
from submissions import services
from submissions.models import Category, MediaLevel, MediaType, Report, ReviewResult

# (title, outlet, media level, media type, category): the kind of thing counties report.
SAMPLE_ITEMS = [
    (
        "延长县：苹果产业带动群众脱贫",
        "延安日报",
        MediaLevel.MUNICIPAL,
        MediaType.NEWSPAPER,
        Category.INDUSTRY,
    ),
    (
        "驻村第一书记带领乡亲们走上致富路",
        "陕西日报",
        MediaLevel.PROVINCIAL,
        MediaType.NEWSPAPER,
        Category.CADRES,
    ),
    (
        "易地搬迁让山里人住进新楼房",
        "人民网",
        MediaLevel.CENTRAL,
        MediaType.ONLINE,
        Category.RELOCATION,
    ),
    (
        "延长县举办贫困劳动力技能培训班",
        "延长电视台",
        MediaLevel.COUNTY,
        MediaType.TV,
        Category.TRAINING,
    ),
    (
        "兜底保障织密民生安全网",
        "陕西扶贫微信公众号",
        MediaLevel.OFFICE,
        MediaType.NEW_MEDIA,
        Category.SAFETY_NET,
    ),
    (
        "结对帮扶：一户一策精准施策",
        "延安广播电台",
        MediaLevel.MUNICIPAL,
        MediaType.RADIO,
        Category.PAIRING,
    ),
    (
        "整村推进改变了村容村貌",
        "中国扶贫",
        MediaLevel.INDUSTRY,
        MediaType.NEWSPAPER,
        Category.VILLAGE,
    ),
    (
        "扶贫政策进村入户宣讲全覆盖",
        "七里村街道宣传栏",
        MediaLevel.COUNTY,
        MediaType.DISPLAY,
        Category.POLICY,
    ),
]


def png_bytes(color=(200, 30, 30)) -> bytes:
    """A small real PNG, as a phone photo of a clipping would be (content, not name)."""
    buffer = io.BytesIO()
    Image.new("RGB", (16, 12), color).save(buffer, "PNG")
    return buffer.getvalue()


def item_data(n: int, *, year: int = 2026, quarter: int = 3) -> dict:
    """The n-th sample item's fields, published inside the quarter (as a service takes them)."""
    title, outlet, level, media_type, category = SAMPLE_ITEMS[n % len(SAMPLE_ITEMS)]
    first, last = quarter_bounds(year, quarter)
    span = (last - first).days + 1
    round_ = n // len(SAMPLE_ITEMS)
    return {
        "title": title if round_ == 0 else f"{title}（{round_ + 1}）",
        "outlet": outlet,
        "media_level": level,
        "media_type": media_type,
        "published_on": first + timedelta(days=(n * 7) % span),
        "link": f"https://news.example.cn/{year}/{quarter}/{n + 1}.html",
        "page": f"第{n % 8 + 1}版" if media_type == MediaType.NEWSPAPER else "",
        "author_names": "",
        "category": category,
        "campaign_tag": "",
        "is_lead_story": n % 5 == 0,
        "leader_endorsed": n % 7 == 3,
        "notes": "",
    }


def add_items(report: Report, n_items: int, *, user, start: int = 0) -> list:
    """`n_items` items added to the report at once, as its grid saves them
    (services.items_import: the same checks, numbers and history as item_create, in a few
    queries instead of a dozen an item). tests/submissions test item_create itself."""
    if not n_items:
        return []
    rows = [
        {
            **item_data(n, year=report.year, quarter=report.quarter),
            "authors": [user] if n % 2 == 0 else [],
        }
        for n in range(start, start + n_items)
    ]
    return services.items_import(
        report=report, user=user, rows=rows, action="submissions.items.entered"
    )


def draft_report(
    world, *, n_items: int = 3, year: int = 2026, quarter: int = 3, unit=None, reporter=None
) -> Report:
    """A draft report with `n_items` items, started and filled by the unit's reporter."""
    unit = unit or world.yanchang_bureau
    reporter = reporter or world.reporter
    report = services.report_start(unit=unit, year=year, quarter=quarter, user=reporter)
    add_items(report, n_items, user=reporter)
    report.refresh_from_db()
    return report


def awaiting_report(
    world, *, n_items: int = 3, year: int = 2026, quarter: int = 3, unit=None, reporter=None
) -> Report:
    """A report handed to the approver, waiting for sign-off."""
    reporter = reporter or world.reporter
    report = draft_report(
        world, n_items=n_items, year=year, quarter=quarter, unit=unit, reporter=reporter
    )
    return services.report_hand_to_approver(report=report, user=reporter, version=report.version)


def submitted_report(
    world,
    *,
    n_items: int = 3,
    year: int = 2026,
    quarter: int = 3,
    unit=None,
    reporter=None,
    approver=None,
) -> Report:
    """A report started, filled, handed on and signed off: status submitted, with reviewers."""
    approver = approver or world.approver
    report = awaiting_report(
        world, n_items=n_items, year=year, quarter=quarter, unit=unit, reporter=reporter
    )
    return services.report_sign_off(report=report, user=approver, version=report.version)


def adopt_all(report: Report, reviewer) -> Report:
    """Every item of the submitted report adopted, then the report, by `reviewer`."""
    services.items_review_bulk(
        report=report,
        user=reviewer,
        item_ids=list(report.items.values_list("pk", flat=True)),
        result=ReviewResult.ADOPTED,
    )
    report.refresh_from_db()
    return services.report_adopt(report=report, user=reviewer, version=report.version)


def day_in(year: int, quarter: int, offset: int = 0) -> date:
    """A date inside the quarter (its first day plus `offset`)."""
    return quarter_bounds(year, quarter)[0] + timedelta(days=offset)


def item_post(n: int = 0, *, year: int = 2026, quarter: int = 3, **overrides) -> dict:
    """The item form as a browser posts it (booleans only when ticked, dates as ISO)."""
    data = item_data(n, year=year, quarter=quarter)
    post = {k: v for k, v in data.items() if not isinstance(v, bool)}
    post.update({k: "on" for k, v in data.items() if v is True})
    post["published_on"] = data["published_on"].isoformat()
    post.update(overrides)
    return {k: v for k, v in post.items() if v is not None}
