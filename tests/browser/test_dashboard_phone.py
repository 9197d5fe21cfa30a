"""On a 375 px phone the dashboard's charts keep their natural size (560 units, text about
13 px) and scroll sideways inside their cards, reachable by Tab, instead of shrinking their
text to about 8 px; on a desk they fill their cards as before."""

import os

import pytest
from playwright.sync_api import expect

from tests.browser.people import sign_in
from tests.conftest import phone_of

pytestmark = pytest.mark.browser

# Where to keep the screenshot for a person to look at (unset: not kept).
SHOTS = os.environ.get("PORTAL_SCREENSHOTS")


def _text_px(page) -> float:
    """The filing chart's text size on screen, in CSS pixels: its font size in the
    drawing's units times the drawing's scale."""
    svg = page.locator("[data-testid=chart-filing]")
    return svg.evaluate(
        """(el) => {
            const size = parseFloat(el.querySelector("text").getAttribute("font-size")
                || getComputedStyle(el.querySelector("text")).fontSize);
            return size * el.getBoundingClientRect().width / el.viewBox.baseVal.width;
        }"""
    )


@pytest.fixture
def small_phone(browser, live_server):
    with phone_of(browser, live_server, width=375, height=812) as page:
        yield page


def test_on_a_phone_the_charts_read_at_their_size_and_scroll(small_phone, world):
    page = small_phone
    sign_in(page, world.province_admin.username)
    page.wait_for_load_state("load")
    frame = page.locator("[data-chart=filing] [data-testid=chart-frame]")
    svg = frame.locator("svg")
    assert svg.evaluate("(el) => el.getBoundingClientRect().width") >= 560
    assert _text_px(page) >= 12  # 13 px; about 7 px when it shrank to the card
    # The page itself does not scroll sideways: the chart's frame does.
    assert page.evaluate("() => document.documentElement.scrollWidth") <= 375
    assert frame.evaluate("(el) => el.scrollWidth > el.clientWidth")
    expect(frame).to_have_attribute("tabindex", "0")
    expect(frame).to_have_attribute("role", "region")
    title = page.locator("#chart-filing-heading").inner_text()
    expect(frame).to_have_attribute("aria-label", title)
    if SHOTS:
        frame.scroll_into_view_if_needed()
        page.screenshot(path=os.path.join(SHOTS, "dashboard-375.png"))


def test_on_a_desk_the_charts_fill_their_cards(page, world):
    page.set_viewport_size({"width": 1280, "height": 900})
    sign_in(page, world.province_admin.username)
    page.wait_for_load_state("load")
    frame = page.locator("[data-chart=filing] [data-testid=chart-frame]")
    assert not frame.evaluate("(el) => el.scrollWidth > el.clientWidth")
    expect(frame).not_to_have_attribute("tabindex", "0")
    assert _text_px(page) >= 11  # half of a 1,280 px desk: the drawing at 0.92 of its size
