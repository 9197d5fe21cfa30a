"""On the review page a reviewer decides one item from its row: the row's form opens, a
rejection without a reason comes back with the error beside the field, with the reason it is
saved, and the page comes back at the row."""

import re

import pytest

from tests.browser.people import sign_in
from tests.submissions.builders import submitted_report

pytestmark = pytest.mark.browser


def test_one_item_is_rejected_from_its_row(page, live_server, world):
    report = submitted_report(world, n_items=3)
    second = report.items.order_by("pk")[1]
    sign_in(page, world.city_reviewer.username)
    page.goto(f"/reports/reports/{report.pk}/review/")

    row = page.locator(f"#item-{second.pk}")
    # The row's tick box is named by the item's title.
    assert row.get_by_role("checkbox", name=second.title, exact=True).count() == 1
    row.get_by_text("审核", exact=True).click()
    row.get_by_role("button", name="不采用", exact=True).click()
    row = page.locator(f"#item-{second.pk}")
    reason = row.get_by_label("不采用原因（报送单位可见）")
    assert "is-invalid" in reason.get_attribute("class")
    assert row.locator(".invalid-feedback").is_visible()

    reason.fill("发布日期不在本季度")
    row.get_by_role("button", name="不采用", exact=True).click()
    page.wait_for_url(re.compile(rf"#item-{second.pk}$"))
    row = page.locator(f"#item-{second.pk}")
    assert "发布日期不在本季度" in row.get_by_test_id("rejection-reason").inner_text()
    assert page.get_by_test_id("pending-count").inner_text() == "2"
