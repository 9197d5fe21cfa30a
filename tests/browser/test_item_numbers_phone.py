"""On a phone, a report of many items: 添加成果 at the top leads to the add form far below,
回到顶部 leads back; items added and deleted in place keep their numbers."""

import pytest
from playwright.sync_api import expect

from tests.browser.people import sign_in
from tests.browser.reporting import add_item
from tests.submissions.builders import add_items, draft_report

pytestmark = pytest.mark.browser


IN_VIEW = """(selector) => {
    const box = document.querySelector(selector).getBoundingClientRect();
    return box.top < window.innerHeight && box.bottom > 0;
}"""


def in_view(page, selector) -> bool:
    return page.evaluate(IN_VIEW, selector)


def scrolled_to(page, selector) -> None:
    # Bootstrap scrolls smoothly: wait for the scroll to bring it in.
    page.wait_for_function(IN_VIEW, arg=selector)


def test_a_phone_jumps_to_the_add_form_and_back(phone_page, live_server, world):
    page = phone_page
    report = draft_report(world, n_items=0)
    add_items(report, 24, user=world.reporter)
    sign_in(page, world.reporter.username)
    page.goto(f"/reports/reports/{report.pk}/")
    assert not in_view(page, "#add-item")

    jump = page.get_by_test_id("jump-to-add")
    assert jump.is_visible() and jump.inner_text().strip() == "添加成果"
    jump.click()
    scrolled_to(page, "#add-item")

    page.get_by_test_id("back-to-top").click()
    scrolled_to(page, "#report-top")
    assert not in_view(page, "#add-item")


def test_rows_added_and_deleted_in_place_keep_their_numbers(page, live_server, world):
    report = draft_report(world, n_items=3)
    sign_in(page, world.reporter.username)
    page.goto(f"/reports/reports/{report.pk}/")
    rows = page.get_by_test_id("item-row")

    page.once("dialog", lambda dialog: dialog.accept())
    first = report.items.get(number=1)
    page.locator(f"#item-{first.pk}").get_by_role("button", name="删除").click()
    page.locator(f"#item-{first.pk}").wait_for(state="detached")

    add_item(page, "在本页添加的第四条", published_on="2026-07-02")

    shown = [
        rows.nth(n).get_by_test_id("item-number").inner_text().strip() for n in range(rows.count())
    ]
    assert shown == ["2", "3", "4"]  # the new one at the end in place, under its own number
    page.reload()
    shown = [
        rows.nth(n).get_by_test_id("item-number").inner_text().strip() for n in range(rows.count())
    ]
    assert shown == ["4", "2", "3"]  # by publication date: 2, 8 and 15 July


def test_a_plain_visit_opens_at_the_top_and_adding_focuses_the_title(
    phone_page, live_server, world
):
    page = phone_page
    report = draft_report(world, n_items=0)
    add_items(report, 24, user=world.reporter)
    sign_in(page, world.reporter.username)
    page.goto(f"/reports/reports/{report.pk}/")
    page.wait_for_load_state("load")
    # Whoever opens the report came to read it: at its top, nothing focused by force.
    assert page.evaluate("window.scrollY") == 0
    assert page.evaluate("document.activeElement.id") != "id_title"

    # 添加成果 at the top: the person came to add, the title is ready for typing.
    page.get_by_test_id("jump-to-add").click()
    expect(page.locator("#id_title")).to_be_focused()

    add_item(page, "第二十五条在手机上添加", published_on="2026-07-02")
    expect(page.locator("#id_title")).to_be_focused()

    # The answer without htmx (the redirect to #add-item) focuses the title as well.
    page.goto("/reports/")
    page.goto(f"/reports/reports/{report.pk}/#add-item")
    expect(page.locator("#id_title")).to_be_focused()
    scrolled_to(page, "#id_title")
