"""The idle warning (static/js/session.js): two minutes before an idle session would end, an
alert dialog offers to stay signed in; its button keeps the session; left alone, the page goes
to the sign-in page, which says why. The browser's clock (Playwright) and the server's
(time-machine) are moved forward together."""

import re
from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone

from portal.models import SecurityPolicy
from tests.browser.people import sign_in

pytestmark = pytest.mark.browser


def test_the_warning_keeps_the_session_and_then_lets_it_end(page, world):
    SecurityPolicy.objects.update_or_create(pk=1, defaults={"idle_minutes": 5})
    with time_machine.travel(timezone.now(), tick=True) as server_clock:
        page.clock.install()
        sign_in(page, "reporter")
        warning = page.get_by_test_id("session-warning")
        assert warning.is_hidden()

        def later(minutes, seconds=0):
            server_clock.shift(timedelta(minutes=minutes, seconds=seconds))
            page.clock.fast_forward(f"{minutes:02d}:{seconds:02d}")

        # Three minutes idle: two are left, and the dialog says so with its button focused.
        later(3, 5)
        warning.wait_for(state="visible")
        assert warning.get_attribute("role") == "alertdialog"
        assert re.search(r"将在 1:5\d 后自动退出登录", warning.inner_text())
        stay = warning.get_by_role("button", name="保持登录")
        assert stay.evaluate("button => document.activeElement === button")

        stay.click()
        warning.wait_for(state="hidden")

        # Four more minutes: past the old end, the session still lives (no sign-in page).
        later(4)
        warning.wait_for(state="visible")
        assert "/accounts/login/" not in page.url

        # Left alone to the end: the sign-in page, saying why.
        later(2, 30)
        page.wait_for_url(re.compile(r"/accounts/login/\?next=%2F$"))
        page.get_by_text("您已 5 分钟没有操作，系统已自动退出。请重新登录。").wait_for()
