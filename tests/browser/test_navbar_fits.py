"""The longest menu, the province administrator's, fits a laptop's screen in both languages:
in English at 1280 and 1366 px the bell, the user menu and sign-out went off the right edge."""

import pytest

from tests.browser.people import sign_in

pytestmark = pytest.mark.browser

BOXES = """() => [...document.querySelectorAll(
    "nav .navbar-brand, nav .nav-link, nav [data-testid=logout]"
)].filter(e => e.offsetParent !== null).map(e => {
    const r = e.getBoundingClientRect();
    return {text: e.textContent.trim() || e.getAttribute("aria-label"),
            left: r.left, right: r.right, top: r.top, bottom: r.bottom};
})"""


@pytest.mark.parametrize("width", [1280, 1366])
def test_every_navbar_item_is_on_screen(browser, live_server, world, width):
    context = browser.new_context(
        base_url=live_server.url, viewport={"width": width, "height": 768}
    )
    page = context.new_page()
    page.set_default_timeout(15_000)
    sign_in(page, "province_admin")
    for language, button, lang, calendar in [
        ("zh-hans", "简体中文", "zh-CN", "工作日历"),
        ("en", "English", "en", "Working-day calendar"),
    ]:
        # As a clerk switches: the footer's form, which saves the choice on the account.
        page.get_by_test_id("language-switch").get_by_role("button", name=button).click()
        page.locator(f"html[lang={lang}]").wait_for(state="attached")
        assert page.get_by_role("link", name=calendar, exact=True).is_visible()
        page.get_by_test_id("user-menu").click()
        page.get_by_test_id("logout").wait_for()
        boxes = page.evaluate(BOXES)
        assert len(boxes) >= 18, boxes  # brand, 15 menu links, bell, user menu, sign-out
        off = [b for b in boxes if b["left"] < 0 or b["right"] > width or b["bottom"] > 768]
        assert not off, f"{language} at {width} px: off screen {off}"
        assert page.evaluate("document.documentElement.scrollWidth") <= width
        page.keyboard.press("Escape")
    context.close()
