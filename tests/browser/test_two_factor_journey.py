"""A city reviewer, whose role requires two-step sign-in, is sent from the review queue to
set up an authenticator: they type the key shown into their "app", get a first code wrong
and then right, keep their recovery codes, and reach the queue. Signing in again asks for a
code after the password."""

import re
import time
from base64 import b32decode

import pytest
from django_otp.oath import TOTP

from portal.security import current_policy
from tests.browser.people import sign_out
from tests.conftest import PASSWORD

pytestmark = pytest.mark.browser


def app_code(secret: str, *, ahead: int = 0) -> str:
    """What an authenticator app holding `secret` shows (`ahead` 30-second steps later)."""
    totp = TOTP(b32decode(secret.replace(" ", "")))
    totp.time = time.time() + ahead * 30
    return f"{totp.token():06d}"


def other_code(code: str) -> str:
    return f"{(int(code) + 500_000) % 1_000_000:06d}"


def password_step(page, username):
    page.goto("/accounts/login/")
    page.locator("input[name=username]").fill(username)
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("main form button[type=submit]").click()


def test_reviewer_sets_up_two_step_sign_in_and_is_asked_for_a_code(page, world):
    policy = current_policy()
    policy.two_factor_roles = ["reviewer", "admin"]
    policy.save()

    password_step(page, "city_reviewer")
    page.wait_for_url(re.compile(r"/accounts/two-factor/setup/"))
    page.goto("/reports/queue/")
    page.wait_for_url(re.compile(r"/accounts/two-factor/setup/\?next=%2Freports%2Fqueue%2F"))
    page.get_by_text("您的角色要求两步登录").first.wait_for()
    assert page.get_by_test_id("two-factor-qr").locator("svg").is_visible()
    assert "腾讯身份验证器" in page.content()
    secret = page.get_by_test_id("two-factor-secret").inner_text()

    form = page.get_by_test_id("two-factor-setup")
    form.get_by_label("应用显示的 6 位验证码").fill(other_code(app_code(secret)))
    form.get_by_role("button", name="开启两步登录").click()
    form = page.get_by_test_id("two-factor-setup")
    assert "这个验证码不对" in form.locator(".invalid-feedback").inner_text()

    # django-otp's throttle holds the device for a second after a wrong code (longer if
    # an earlier failure still counts); a loaded machine needs the margin.
    time.sleep(2.2)
    form.get_by_label("应用显示的 6 位验证码").fill(app_code(secret))
    form.get_by_role("button", name="开启两步登录").click()
    codes = page.get_by_test_id("recovery-codes").locator("li")
    codes.first.wait_for()
    assert codes.count() == 10
    assert re.fullmatch(r"[a-z2-7]{4}-[a-z2-7]{4}", codes.first.inner_text())
    page.get_by_test_id("codes-kept").click()
    page.wait_for_url(re.compile(r"/reports/queue/$"))

    sign_out(page)
    password_step(page, "city_reviewer")
    page.wait_for_url(re.compile(r"/accounts/two-factor/verify/"))
    form = page.get_by_test_id("two-factor-verify")
    form.get_by_label("验证码").fill(other_code(app_code(secret, ahead=1)))
    form.get_by_role("button", name="登录").click()
    form = page.get_by_test_id("two-factor-verify")
    assert "这个验证码不对" in form.locator(".invalid-feedback").inner_text()

    time.sleep(2.2)
    form.get_by_label("验证码").fill(app_code(secret, ahead=1))
    form.get_by_role("button", name="登录").click()
    page.wait_for_url(re.compile(r"/$"))
    page.goto("/reports/queue/")
    page.wait_for_url(re.compile(r"/reports/queue/$"))
