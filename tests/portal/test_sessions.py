"""Session controls (portal.sessions): the idle timeout and its warning's endpoints, the
absolute limit, one live session per account, and what a password change ends."""

import re
from datetime import timedelta

import pytest
import time_machine
from django.contrib.auth.tokens import default_token_generator
from django.contrib.messages import get_messages
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext, ngettext

from portal.models import SecurityPolicy, User
from tests.conftest import PASSWORD

HOME = reverse("home")
LOGIN = reverse("login")
STATUS = reverse("session-status")
PING = reverse("session-ping")
PASSIVE = {"HTTP_X_SESSION_PASSIVE": "1"}


def zh(text: str) -> str:
    with translation.override("zh-hans"):
        return gettext(text)


def zh_idle(minutes: int) -> str:
    with translation.override("zh-hans"):
        return ngettext(
            "You were signed out after %(minutes)d minute without activity. Please sign in again.",
            IDLE_MESSAGE,
            minutes,
        ) % {"minutes": minutes}


def set_policy(**values):
    SecurityPolicy.objects.update_or_create(pk=1, defaults=values)


def messages_of(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def password_sign_in(username="reporter") -> Client:
    client = Client()
    response = client.post(LOGIN, {"username": username, "password": PASSWORD})
    assert response.status_code == 302
    return client


IDLE_MESSAGE = (
    "You were signed out after %(minutes)d minutes without activity. Please sign in again."
)
ELSEWHERE_MESSAGE = (
    "You were signed out here because you signed in elsewhere. Only one session per account "
    "is allowed; if that was not you, change your password."
)


@pytest.fixture
def clock():
    with time_machine.travel(timezone.now(), tick=False) as traveller:
        yield traveller


# --- Idle timeout ------------------------------------------------------------------------


def test_an_idle_session_ends_and_the_sign_in_page_says_why(world, clock):
    set_policy(idle_minutes=30)
    client = signed_in(world.reporter)
    assert client.get(HOME).status_code == 200

    clock.shift(timedelta(minutes=31))
    response = client.get(HOME)

    assert response.status_code == 302
    assert response["Location"] == f"{LOGIN}?next=/"
    assert "_auth_user_id" not in client.session
    page = client.get(response["Location"])
    assert zh_idle(30) in page.content.decode()


def test_activity_keeps_the_session(world, clock):
    set_policy(idle_minutes=30)
    client = signed_in(world.reporter)
    for _ in range(4):
        clock.shift(timedelta(minutes=20))
        assert client.get(HOME).status_code == 200


def test_polling_is_not_activity(world, clock):
    set_policy(idle_minutes=30)
    client = signed_in(world.reporter)
    clock.shift(timedelta(minutes=20))
    status = client.get(STATUS, **PASSIVE)
    assert status.status_code == 200
    assert status.json() == {"remaining": 10 * 60}

    clock.shift(timedelta(minutes=11))
    ended = client.get(STATUS, **PASSIVE)
    assert ended.status_code == 401
    assert ended.json() == {"remaining": 0, "signed_out": True}
    assert messages_of(ended) == [zh_idle(30)]
    assert client.get(HOME)["Location"] == f"{LOGIN}?next=/"


def test_stay_signed_in_counts_as_activity(world, clock):
    set_policy(idle_minutes=30)
    client = signed_in(world.reporter)
    clock.shift(timedelta(minutes=29))
    ping = client.post(PING)
    assert ping.status_code == 200
    assert ping.json() == {"remaining": 30 * 60}

    clock.shift(timedelta(minutes=29))
    assert client.get(HOME).status_code == 200


def test_the_warning_endpoints_answer_only_their_methods(world):
    set_policy(idle_minutes=30)
    client = signed_in(world.reporter)
    assert client.post(STATUS).status_code == 405
    assert client.get(PING).status_code == 405


def test_the_warning_is_on_every_signed_in_page_while_a_limit_is_on(world, client_for):
    client = client_for(world.reporter)
    # The test settings turn the limits off: no warning then.
    assert 'data-testid="session-warning"' not in client.get(HOME).content.decode()

    set_policy(idle_minutes=30)
    body = client.get(HOME).content.decode()
    assert 'data-testid="session-warning"' in body
    # Seconds left of the 30 idle minutes (the clock ticks between the requests).
    remaining = int(re.search(r'data-remaining="(\d+)"', body).group(1))
    assert 1790 <= remaining <= 1800
    assert 'data-warn="120"' in body
    assert "js/session.js" in body


def test_the_document_status_poll_says_it_is_passive():
    from django.conf import settings

    script = (settings.BASE_DIR / "static" / "js" / "documents.js").read_text()
    assert '"X-Session-Passive": "1"' in script


# --- Absolute limit ----------------------------------------------------------------------


def test_the_absolute_limit_ends_even_an_active_session(world, clock):
    set_policy(idle_minutes=30, session_hours=2)
    client = signed_in(world.reporter)
    for _ in range(5):  # active every 25 minutes, for 2 h 5 min
        clock.shift(timedelta(minutes=25))
        response = client.get(HOME)
    assert response.status_code == 302
    page = client.get(response["Location"])
    with translation.override("zh-hans"):
        message = ngettext(
            "You were signed out because you had been signed in for %(hours)d hour. "
            "Please sign in again.",
            "You were signed out because you had been signed in for %(hours)d hours. "
            "Please sign in again.",
            2,
        ) % {"hours": 2}
    assert "2 小时" in message
    assert message in page.content.decode()


# --- One live session --------------------------------------------------------------------


def test_a_second_sign_in_ends_the_first_and_it_is_told(world):
    set_policy(single_session=True)
    first = password_sign_in()
    second = password_sign_in()

    response = first.get(HOME)
    assert response.status_code == 302
    assert response["Location"] == f"{LOGIN}?next=/"
    page = first.get(response["Location"])
    assert zh(ELSEWHERE_MESSAGE) in page.content.decode()
    assert "您的账号已在别处登录" in page.content.decode()
    assert second.get(HOME).status_code == 200
    world.reporter.refresh_from_db()
    assert world.reporter.live_session_key == second.session.session_key


def test_without_the_rule_both_sessions_live(world):
    set_policy(single_session=False)
    first, second = password_sign_in(), password_sign_in()
    assert first.get(HOME).status_code == 200
    assert second.get(HOME).status_code == 200


def test_other_people_are_not_touched(world):
    set_policy(single_session=True)
    reporter = password_sign_in("reporter")
    password_sign_in("approver")
    assert reporter.get(HOME).status_code == 200


def test_changing_the_password_keeps_the_live_session(world):
    # Django gives the session a new key on a password change: it stays the live one.
    set_policy(single_session=True)
    client = password_sign_in()
    new = "Yanchang#Spring2026"
    changed = client.post(
        reverse("password_change"),
        {"old_password": PASSWORD, "new_password1": new, "new_password2": new},
    )
    assert changed.status_code == 302
    assert client.get(HOME).status_code == 200


# --- Residual information: what a password change ends ---------------------------------


def test_a_password_change_ends_the_other_sessions(world):
    set_policy(single_session=False)
    here, elsewhere = password_sign_in(), password_sign_in()
    new = "Yanchang#Spring2026"
    here.post(
        reverse("password_change"),
        {"old_password": PASSWORD, "new_password1": new, "new_password2": new},
    )

    assert here.get(HOME).status_code == 200
    response = elsewhere.get(HOME)
    assert response.status_code == 302
    assert response["Location"].startswith(LOGIN)


def test_a_password_change_kills_outstanding_reset_links(world, client_for):
    user = world.reporter
    link = reverse(
        "password_reset_confirm",
        args=[
            urlsafe_base64_encode(force_bytes(user.pk)),
            default_token_generator.make_token(user),
        ],
    )
    # The link works while the password is unchanged (it moves on to the set-password form)...
    assert Client().get(link).status_code == 302

    new = "Yanchang#Spring2026"
    client_for(user).post(
        reverse("password_change"),
        {"old_password": PASSWORD, "new_password1": new, "new_password2": new},
    )

    # ...and is dead after the change.
    dead = Client().get(link)
    assert dead.status_code == 200
    assert dead.context["validlink"] is False
    assert User.objects.get(pk=user.pk).check_password(new)
