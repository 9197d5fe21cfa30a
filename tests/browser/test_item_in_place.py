"""On the report page an item is added and deleted in place: the page is not reloaded, the
row appears or goes, the count follows, the form is ready for the next."""

import pytest
from playwright.sync_api import expect

from tests.browser.people import sign_in
from tests.browser.reporting import add_item
from tests.submissions.builders import draft_report

pytestmark = pytest.mark.browser


def test_items_are_added_and_deleted_without_reloading_the_page(page, live_server, world):
    report = draft_report(world, n_items=0)
    sign_in(page, world.reporter.username)
    page.goto(f"/reports/reports/{report.pk}/")
    page.evaluate("window.sameVisit = true")
    assert page.locator("#nothing").count() == 1

    add_item(page, "第一条在本页添加的稿件")
    add_item(page, "第二条在本页添加的稿件")
    assert page.evaluate("window.sameVisit") is True  # never reloaded
    assert page.locator("#items-count").inner_text() == "2条成果"
    assert page.locator("#nothing").count() == 0 and page.locator("#items-empty").count() == 0
    assert page.get_by_test_id("item-added").inner_text().startswith("已添加“第二条")
    assert page.locator("#id_title").input_value() == ""
    # Ready for the next: htmx focuses the new form's title once the page has settled.
    page.wait_for_function("document.activeElement && document.activeElement.id === 'id_title'")

    # A refused save shows its errors in place; once fixed and saved, the form is clean again.
    form = page.get_by_test_id("item-form")
    form.locator("#id_title").fill("第三条先漏填媒体名称")
    form.locator("button[type=submit]").click()
    form.locator("#id_outlet.is-invalid").wait_for()
    assert page.locator("#id_title").input_value() == "第三条先漏填媒体名称"
    add_item(page, "第三条先漏填媒体名称")
    expect(page.locator("#item-form .is-invalid")).to_have_count(0)
    expect(page.locator("#items-count")).to_have_text("3条成果")

    page.once("dialog", lambda dialog: dialog.accept())
    first = page.get_by_test_id("item-row").first
    first.get_by_role("button", name="删除").click()
    page.get_by_test_id("item-row").filter(has_text="第一条").wait_for(state="detached")
    assert page.locator("#items-count").inner_text() == "2条成果"
    assert page.evaluate("window.sameVisit") is True
    assert report.items.count() == 2
