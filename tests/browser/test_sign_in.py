"""The first journey: a county reporter signs in, sees the Chinese home page, switches to
English and signs out."""

import re

import pytest

from tests.conftest import PASSWORD

pytestmark = pytest.mark.browser


def sign_in(page, username):
    page.goto("/")
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()


def test_reporter_signs_in_switches_language_and_signs_out(page, world):
    sign_in(page, "reporter")

    assert page.locator("html").get_attribute("lang") == "zh-CN"
    page.get_by_text("欢迎您，王小燕").wait_for()
    assert page.get_by_test_id("memberships").get_by_text("延长县扶贫开发局").is_visible()
    assert page.get_by_test_id("memberships").get_by_text("填报员").is_visible()

    page.get_by_test_id("language-switch").get_by_role("button", name="English").click()
    page.get_by_text("Welcome, 王小燕").wait_for()
    assert page.locator("html").get_attribute("lang") == "en"

    page.get_by_test_id("user-menu").click()
    page.get_by_test_id("logout").click()
    page.wait_for_url(re.compile(r"/accounts/login/"))
    assert page.get_by_role("button", name="Sign in").is_visible()

    page.goto("/")
    page.wait_for_url(re.compile(r"/accounts/login/\?next=/"))


def test_home_fits_a_phone(phone_page, world):
    sign_in(phone_page, "reporter")
    phone_page.get_by_text("欢迎您，王小燕").wait_for()
    width = phone_page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, "the home page scrolls sideways on a phone"
    phone_page.get_by_role("button", name="菜单").click()
    assert phone_page.get_by_role("link", name="本单位", exact=True).is_visible()
