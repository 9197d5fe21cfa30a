"""The portal's core journey in a real browser: a county files its quarterly report with a
clipping, the approver signs it off, the city reviewer returns it, the county fixes and
resubmits it, the reviewer adopts it, and the assessment shows the points."""

import re
from decimal import Decimal

import pytest

from portal import clock
from portal.models import Role
from submissions import deadlines
from submissions.models import MediaLevel, MediaType, ScoringRule, ScoringYear
from tests.browser.people import sign_in, sign_out
from tests.factories import MembershipFactory
from tests.submissions.builders import png_bytes

pytestmark = pytest.mark.browser


def add_item(page, title, outlet, level, media_type, day, clipping=None):
    form = page.get_by_test_id("item-form")
    form.locator("#id_title").fill(title)
    form.locator("#id_outlet").fill(outlet)
    form.locator("#id_media_level").select_option(level)
    form.locator("#id_media_type").select_option(media_type)
    form.locator("#id_published_on").fill(day)
    form.locator("#id_category").select_option("industry")
    if clipping:
        form.locator("input[type=file]").set_input_files(clipping)
    form.locator("button[type=submit]").click()
    # Saved in place (htmx): the row appears; a refused or failed save would say why here.
    page.locator(f"#items-body :text('{title}'), #item-form .alert-danger").first.wait_for()
    problems = page.locator("#item-form .alert-danger, #item-form .invalid-feedback")
    assert problems.count() == 0, problems.all_inner_texts()


@pytest.fixture
def scoring(world):
    year, _quarter = deadlines.current_period()
    scoring_year = ScoringYear.objects.create(
        year=year, lead_story_multiplier=Decimal("1.5"), endorsement_bonus=Decimal(2)
    )
    ScoringRule.objects.create(
        scoring_year=scoring_year,
        media_level=MediaLevel.PROVINCIAL,
        media_type=MediaType.NEWSPAPER,
        points=Decimal(6),
    )
    ScoringRule.objects.create(
        scoring_year=scoring_year,
        media_level=MediaLevel.MUNICIPAL,
        media_type=MediaType.TV,
        points=Decimal(3),
    )
    return scoring_year


def test_report_filed_signed_off_returned_resubmitted_and_adopted(page, world, scoring, tmp_path):
    MembershipFactory(user=world.city_reviewer, unit=world.yanan_office, role=Role.ADMIN)
    year, quarter = deadlines.current_period()
    first_day, _last = clock.quarter_bounds(year, quarter)
    clipping = tmp_path / "陕西日报剪报.png"
    clipping.write_bytes(png_bytes())

    # The reporter starts the quarter and files two items, one with a scanned clipping.
    sign_in(page, "reporter")
    page.get_by_test_id("quarter-card").get_by_role("button").click()
    page.get_by_test_id("report-header").wait_for()
    add_item(
        page,
        "延长县：苹果产业带动贫困群众稳定增收",
        "陕西日报",
        "provincial",
        "newspaper",
        first_day.isoformat(),
        clipping=clipping,
    )
    add_item(
        page, "延长县扶贫日宣传活动侧记", "延安电视台", "municipal", "tv", first_day.isoformat()
    )
    clipping_link = page.get_by_test_id("items").get_by_role("link", name="陕西日报剪报.png")
    assert clipping_link.get_attribute("href").startswith("/files/")
    page.get_by_test_id("hand-on").click()
    page.get_by_text("待单位审核").first.wait_for()
    report_url = page.url
    sign_out(page)

    # The unit's approver signs it off.
    sign_in(page, "approver")
    page.goto(report_url)
    page.get_by_test_id("sign-off").get_by_role("button", name="审核通过并报送").click()
    page.get_by_test_id("report-header").get_by_text("已报送").wait_for()
    sign_out(page)

    # The city reviewer finds it in the queue and returns it with a comment.
    sign_in(page, "city_reviewer")
    assert "1" in page.get_by_test_id("waiting-count").inner_text()
    page.goto("/reports/queue/")
    page.get_by_test_id("queue-row").get_by_role(
        "link", name=re.compile("延长县扶贫开发局")
    ).click()
    return_form = page.get_by_test_id("return-form")
    return_form.locator("textarea[name=comment]").fill("第二条稿件请补充播出栏目")
    return_form.locator("button[type=submit]").click()
    page.get_by_test_id("report-status").get_by_text("已退回").wait_for()
    sign_out(page)

    # The reporter sees the comment, fixes the item and hands the report on again.
    sign_in(page, "reporter")
    page.goto(report_url)
    assert "第二条稿件请补充播出栏目" in page.get_by_test_id("latest-comment").inner_text()
    page.get_by_test_id("items").get_by_text("延长县扶贫日宣传活动侧记").wait_for()
    row = page.get_by_test_id("item-row").filter(has_text="延长县扶贫日宣传活动侧记")
    row.get_by_role("link", name="修改").click()
    page.locator("#id_page").fill("《延安新闻》栏目")
    page.locator("main form[enctype] button[type=submit]").click()
    page.wait_for_url(re.compile(re.escape(report_url)))
    page.get_by_test_id("hand-on").click()
    sign_out(page)

    sign_in(page, "approver")
    page.goto(report_url)
    page.get_by_test_id("sign-off").get_by_role("button", name="审核通过并报送").click()
    page.get_by_test_id("report-header").get_by_text("已报送").wait_for()
    sign_out(page)

    # The reviewer sees what changed, adopts both items and the report.
    sign_in(page, "city_reviewer")
    page.goto("/reports/queue/")
    page.get_by_test_id("queue-row").get_by_role(
        "link", name=re.compile("延长县扶贫开发局")
    ).click()
    assert "《延安新闻》栏目" in page.get_by_test_id("changes").inner_text()
    page.locator("input[data-check-all]").check()
    page.get_by_test_id("bulk-form").get_by_role(
        "button", name="采用勾选的成果", exact=True
    ).click()
    page.get_by_test_id("pending-count").get_by_text("0").wait_for()
    assert page.get_by_test_id("total-points").inner_text().startswith("9")
    page.get_by_test_id("adopt-form").locator("button[type=submit]").click()
    page.get_by_test_id("report-status").get_by_text("已采用").wait_for()

    # The year's assessment ranks the county with its 6 + 3 points.
    page.goto(f"/reports/assessment/?year={year}")
    row = page.locator("tr").filter(has_text="延长县扶贫开发局").first
    assert "9" in row.inner_text()


def test_reporter_files_an_item_on_a_phone(phone_page, world):
    year, quarter = deadlines.current_period()
    first_day, _last = clock.quarter_bounds(year, quarter)
    sign_in(phone_page, "reporter")
    phone_page.get_by_test_id("quarter-card").get_by_role("button").click()
    add_item(
        phone_page,
        "延长县光伏扶贫点亮脱贫路",
        "延长县融媒体中心",
        "county",
        "new_media",
        first_day.isoformat(),
    )
    width = phone_page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, "the report page scrolls sideways on a phone"
