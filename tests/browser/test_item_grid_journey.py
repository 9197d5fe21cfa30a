"""A clerk with many items enters them as in Excel: rows copied from a sheet are pasted into
the grid, a wrong cell is marked where it is, fixed, and every row is saved at once."""

import re

import pytest

from tests.browser.people import sign_in
from tests.submissions.builders import draft_report

pytestmark = pytest.mark.browser

# As Excel copies three rows: tab-separated cells, a quoted cell holding a tab.
SHEET = (
    "延长县苹果产业带动群众脱贫\t延安日报\t市级媒体\t报纸\t2026-08-17\t\t第2版\t王小燕\t产业扶贫\n"
    "驻村第一书记带领乡亲们致富\t陕西日报\t省级媒体\t报纸\t2026/13/40\t\t\t\t驻村干部先进事迹\n"
    '"易地搬迁\t新家园"\t延长电视台\t县级媒体\t电视\t2026年9月3日\t\t\t\t易地搬迁\n'
)


def paste(locator, text):
    locator.evaluate(
        """(input, text) => {
            const data = new DataTransfer();
            data.setData("text/plain", text);
            input.dispatchEvent(new ClipboardEvent("paste", {clipboardData: data, bubbles: true,
                                                             cancelable: true}));
        }""",
        text,
    )


def test_rows_pasted_from_a_sheet_are_checked_fixed_and_saved(page, live_server, world):
    report = draft_report(world, n_items=0)
    sign_in(page, world.reporter.username)

    page.goto(f"/reports/reports/{report.pk}/")
    page.get_by_test_id("grid-link").click()
    # The grid's script runs at the end of the page: paste once it has loaded.
    page.wait_for_url(re.compile(r"/items/grid/$"))
    page.wait_for_load_state("load")
    grid = page.get_by_test_id("item-grid")
    paste(grid.locator("input[name='r0-title']"), SHEET)
    assert grid.locator("input[name='r1-outlet']").input_value() == "陕西日报"
    assert grid.locator("input[name='r2-title']").input_value() == "易地搬迁\t新家园"

    # Enter moves down a row, as in a sheet; "Add 10 rows" adds them without a round trip.
    grid.locator("input[name='r2-page']").press("Enter")
    assert page.evaluate("document.activeElement.name") == "r3-page"
    grid.get_by_test_id("grid-more").click()
    assert grid.get_by_test_id("grid-row").count() == 20

    grid.get_by_test_id("grid-save").click()
    page.get_by_test_id("grid-problem").wait_for()
    date = page.locator("input[name='r1-published_on']")
    assert date.get_attribute("aria-invalid") == "true"
    assert date.input_value() == "2026/13/40"  # kept as typed
    assert page.locator("input[name='r0-title']").input_value() == "延长县苹果产业带动群众脱贫"
    assert report.items.count() == 0

    date.fill("2026/9/13")
    page.get_by_test_id("grid-save").click()
    page.wait_for_url(re.compile(rf"/reports/reports/{report.pk}/$"))
    rows = page.get_by_test_id("item-row")
    assert rows.count() == 3
    assert "易地搬迁" in page.get_by_test_id("items").inner_text()
    assert report.items.count() == 3
