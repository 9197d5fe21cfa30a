"""Sign-in lockout (django-axes): five wrong passwords for one account from one address."""

import datetime as dt

import time_machine
from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import ngettext, override

from tests.conftest import PASSWORD

LOGIN = reverse("login")
# The security policy's first values (portal.security feeds them to axes).
LIMIT = settings.SECURITY_DEFAULTS["failure_limit"]
COOLOFF_MINUTES = settings.SECURITY_DEFAULTS["cooloff_minutes"]


def _sign_in(client, username="reporter", password=PASSWORD, **extra):
    return client.post(LOGIN, {"username": username, "password": password}, **extra)


def _fail(client, times, username="reporter", **extra):
    return [_sign_in(client, username, "wrong-password", **extra) for _ in range(times)]


def _locked_text(minutes):
    with override("zh-hans"):
        return ngettext(
            "This account has been locked after repeated wrong passwords. "
            "Try again in %(minutes)s minute, or reset your password.",
            "This account has been locked after repeated wrong passwords. "
            "Try again in %(minutes)s minutes, or reset your password.",
            minutes,
        ) % {"minutes": minutes}


def test_settings_match_the_documented_policy():
    assert LIMIT == 5
    assert COOLOFF_MINUTES == 15


def test_failures_below_the_limit_show_the_form(world, client):
    for response in _fail(client, LIMIT - 1):
        assert response.status_code == 200
        assert 'name="password"' in response.content.decode()
    assert _sign_in(client).status_code == 302


def test_limit_locks_with_translated_page(world, client):
    responses = _fail(client, LIMIT)

    assert [r.status_code for r in responses[:-1]] == [200] * (LIMIT - 1)
    locked = responses[-1]
    assert locked.status_code == 429
    body = locked.content.decode()
    assert 'data-testid="locked-out"' in body
    assert '<html lang="zh-CN">' in body
    assert _locked_text(COOLOFF_MINUTES) in body
    assert str(COOLOFF_MINUTES) in body
    assert reverse("password_reset") in body


def test_right_password_is_refused_while_locked_and_works_after_cooloff(world, client):
    start = timezone.now()
    with time_machine.travel(start, tick=False) as traveller:
        _fail(client, LIMIT)

        refused = _sign_in(client)
        assert refused.status_code == 429
        assert "_auth_user_id" not in client.session

        traveller.shift(dt.timedelta(minutes=COOLOFF_MINUTES - 1))
        assert _sign_in(client).status_code == 429

        traveller.shift(dt.timedelta(minutes=2))
        allowed = _sign_in(client)
        assert allowed.status_code == 302
        assert allowed["Location"] == reverse("home")
        assert client.session["_auth_user_id"] == str(world.reporter.pk)


def test_cooloff_of_sixteen_minutes_unlocks(world, client):
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        _fail(client, LIMIT)
    with time_machine.travel(start + dt.timedelta(minutes=16), tick=False):
        assert _sign_in(client).status_code == 302


def test_success_resets_the_count(world, client):
    _fail(client, LIMIT - 1)
    assert _sign_in(client).status_code == 302
    client.post(reverse("logout"))

    for response in _fail(client, LIMIT - 1):
        assert response.status_code == 200
    assert _sign_in(client).status_code == 302


def test_lock_is_per_account(world, client):
    _fail(client, LIMIT)

    other = _sign_in(client, username="approver")

    assert other.status_code == 302


def test_invented_forwarded_addresses_do_not_dodge_the_lock(world, client):
    # No proxy in front (PROXY_COUNT=0): X-Forwarded-For is the client's own word.
    for n in range(LIMIT):
        _sign_in(client, password="wrong", HTTP_X_FORWARDED_FOR=f"10.0.0.{n}")

    response = _sign_in(client, HTTP_X_FORWARDED_FOR="10.0.0.99")

    assert response.status_code == 429


def test_behind_a_proxy_the_lock_is_per_client_address(world, client, settings):
    settings.PROXY_COUNT = 1
    proxy = {"REMOTE_ADDR": "10.1.1.1"}
    # The client wrote the first entry; the proxy appended the real address.
    _fail(client, LIMIT, HTTP_X_FORWARDED_FOR="1.2.3.4, 203.0.113.7", **proxy)

    assert _sign_in(client, HTTP_X_FORWARDED_FOR="203.0.113.7", **proxy).status_code == 429
    assert _sign_in(client, HTTP_X_FORWARDED_FOR="9.9.9.9, 203.0.113.7", **proxy).status_code == 429
    # A colleague behind the same proxy is not locked out of the same account.
    assert _sign_in(client, HTTP_X_FORWARDED_FOR="198.51.100.20", **proxy).status_code == 302
