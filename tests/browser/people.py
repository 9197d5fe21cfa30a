"""Signing in and out as a person does, for the browser journeys."""

import re

from tests.conftest import PASSWORD


def sign_in(page, username):
    page.goto("/accounts/login/")
    page.locator("input[name=username]").fill(username)
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(re.compile(r"/$"))


def sign_out(page):
    page.get_by_test_id("user-menu").click()
    page.get_by_test_id("logout").click()
    page.wait_for_url(re.compile(r"/accounts/login/"))
