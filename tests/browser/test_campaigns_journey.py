"""Campaigns in a real browser: an administrator adds an activity to a draft campaign and
publishes it, the county bureau files progress with a photo and marks it done, the lead
unit accepts it, and the campaign's matrix shows the cell accepted."""

import re

import pytest

from campaigns.models import Assignment
from tests.browser.people import sign_in, sign_out
from tests.campaigns.builders import draft_campaign, png_bytes

pytestmark = pytest.mark.browser


def test_published_filed_accepted_and_shown_in_the_matrix(page, world, tmp_path):
    campaign = draft_campaign(world, n_activities=0)
    photo = tmp_path / "扶贫日展板.png"
    photo.write_bytes(png_bytes())

    # The administrator adds the activity with its lead and responsible units, and publishes.
    sign_in(page, "province_admin")
    page.goto(f"/campaigns/{campaign.pk}/")
    page.get_by_test_id("add-activity").click()
    form = page.get_by_test_id("activity-form")
    form.locator("#id_title").fill("展示一批：制作扶贫日宣传展板")
    form.locator("#id_lead_unit").select_option(str(world.yanan_office.pk))
    form.locator("#id_responsible_units").select_option(
        [str(world.yanchang_bureau.pk), str(world.yanchuan_bureau.pk)]
    )
    form.locator("#id_expected_quantity").fill("2")
    form.locator("#id_expected_unit").fill("期展板")
    form.locator("#id_report_due").fill("2026-10-22")
    form.locator("button[type=submit]").click()
    page.get_by_test_id("publish").click()
    page.get_by_test_id("matrix").wait_for()
    assert page.get_by_test_id("campaign-status").get_attribute("data-status") == "published"
    sign_out(page)

    # The county bureau finds it on its home page, files progress with a photo, marks it done.
    sign_in(page, "reporter")
    page.get_by_test_id("home-assignment").get_by_text("展示一批").click()
    form = page.get_by_test_id("progress-form")
    form.locator("#id_text").fill("在县委广场制作扶贫日宣传展板两期。")
    form.locator("#id_quantity").fill("2")
    form.locator("input[type=file]").set_input_files(str(photo))
    form.get_by_test_id("file-progress").click()
    page.get_by_test_id("evidence").get_by_text("扶贫日展板.png").wait_for()
    page.get_by_test_id("mark-done").click()
    page.wait_for_selector('[data-testid="assignment-header"] [data-state="done"]')
    sign_out(page)

    # The lead unit (the Yan'an city office) accepts it from its campaign list.
    sign_in(page, "city_reviewer")
    page.goto("/campaigns/")
    page.get_by_test_id("waiting-acceptance").get_by_role("link").first.click()
    page.get_by_test_id("accept").click()
    page.wait_for_selector('[data-testid="assignment-header"] [data-state="accepted"]')

    # The matrix shows the county's cell accepted, the neighbour's still assigned.
    page.goto(f"/campaigns/{campaign.pk}/")
    row = page.get_by_test_id("matrix-row").filter(has_text="展示一批")
    cell = row.locator(f'[data-unit="{world.yanchang_bureau.pk}"]')
    assert cell.get_attribute("data-state") == "accepted"
    neighbour = row.locator(f'[data-unit="{world.yanchuan_bureau.pk}"]')
    assert neighbour.get_attribute("data-state") == "assigned"
    assert re.search(r"2\s*/\s*4", row.get_by_test_id("activity-total").inner_text())
    accepted = Assignment.objects.get(unit=world.yanchang_bureau, activity__is_summary=False)
    assert accepted.accepted_by == world.city_reviewer
