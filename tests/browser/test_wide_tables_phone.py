"""On a phone, a table wider than the screen scrolls sideways inside .table-responsive: with
nothing in it to Tab to, its wrapper is a named region a keyboard reaches and scrolls
(WCAG 2.1.1, axe-core's scrollable-region-focusable; static/js/tables.js)."""

import pytest
from playwright.sync_api import expect

from submissions import services
from tests.browser.people import sign_in
from tests.submissions.builders import awaiting_report

pytestmark = pytest.mark.browser

LINK = "https://news.example.cn/2026/yanchang/apple-cold-store-and-the-village-cooperative.html"


def test_a_wide_table_on_a_phone_is_reached_by_tab_and_named(phone_page, live_server, world):
    page = phone_page
    report = awaiting_report(world, n_items=2)
    # A link pasted into a comment does not wrap: the journal is wider than the phone.
    services.report_send_back(
        report=report, user=world.approver, version=report.version, comment=f"请核对：{LINK}"
    )
    sign_in(page, world.approver.username)
    page.goto(f"/reports/reports/{report.pk}/")
    page.wait_for_load_state("load")

    journal = page.get_by_role("region", name="办理记录")
    expect(journal).to_have_attribute("tabindex", "0")
    assert journal.evaluate("(el) => el.scrollWidth > el.clientWidth")
    # The items table fits and holds links: it is left as it was.
    items = page.locator(".table-responsive", has=page.get_by_test_id("items"))
    expect(items).not_to_have_attribute("tabindex", "0")

    for _ in range(100):
        page.keyboard.press("Tab")
        if journal.evaluate("(el) => el === document.activeElement"):
            break
    expect(journal).to_be_focused()
    # The arrow keys scroll it (smoothly: give it a moment).
    page.keyboard.press("ArrowRight")
    page.keyboard.press("ArrowRight")
    for _ in range(20):
        if journal.evaluate("(el) => el.scrollLeft") > 0:
            break
        page.wait_for_timeout(100)
    assert journal.evaluate("(el) => el.scrollLeft") > 0
