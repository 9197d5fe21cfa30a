"""Password reset by email, with the mail sent by a real Celery worker."""

import re
import threading
import time

import pytest
from celery.signals import task_retry
from django.core import mail
from django.core.mail.backends.base import BaseEmailBackend
from django.urls import reverse

from portal.celery import app
from portal.tasks import send_email

pytestmark = pytest.mark.worker

RESET = reverse("password_reset")
NEW = "Qilicun#Harvest2026"


def _wait_for_mail(to: str, timeout: float = 10.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        for message in list(mail.outbox):
            if to in message.to:
                return message
        time.sleep(0.05)
    raise AssertionError(f"no mail to {to} within {timeout} s")


@pytest.fixture
def reset_user(transactional_db):
    from tests.factories import UserFactory

    return UserFactory(username="wang_xy", full_name="王小燕", email="wangxy@example.gov.cn")


def test_form_renders(db, client):
    response = client.get(RESET)
    assert response.status_code == 200
    assert 'name="email"' in response.content.decode()


def test_reset_link_from_mail_sets_new_password(reset_user, celery_worker, client):
    response = client.post(RESET, {"email": "wangxy@example.gov.cn"})
    assert response.status_code == 302
    assert response["Location"] == reverse("password_reset_done")

    message = _wait_for_mail("wangxy@example.gov.cn")
    assert "wang_xy" in message.body
    html, mimetype = message.alternatives[0]
    assert mimetype == "text/html"
    link = re.search(r"http://testserver(/accounts/password/reset/\S+/)", message.body).group(1)
    assert link in html

    # Django swaps the token for a session key and redirects to the form.
    opened = client.get(link, follow=True)
    assert opened.status_code == 200
    assert opened.context["validlink"] is True
    set_url = opened.redirect_chain[-1][0]
    done = client.post(set_url, {"new_password1": NEW, "new_password2": NEW})
    assert done.status_code == 302
    assert done["Location"] == reverse("password_reset_complete")

    signed_in = client.post(reverse("login"), {"username": "wang_xy", "password": NEW})
    assert signed_in.status_code == 302
    assert signed_in["Location"] == reverse("home")

    # The link works once only.
    again = client.get(link, follow=True)
    assert again.context["validlink"] is False


def test_unknown_address_gets_the_same_page_and_no_mail(reset_user, celery_worker, client):
    response = client.post(RESET, {"email": "nobody@example.gov.cn"})

    # Same answer as for a known address: the form does not reveal who has an account.
    assert response.status_code == 302
    assert response["Location"] == reverse("password_reset_done")
    client.post(RESET, {"email": "wangxy@example.gov.cn"})
    _wait_for_mail("wangxy@example.gov.cn")
    assert [m.to for m in mail.outbox] == [["wangxy@example.gov.cn"]]


def test_tampered_link_is_refused(reset_user, client):
    response = client.get(
        reverse("password_reset_confirm", kwargs={"uidb64": "MQ", "token": "bad-token"})
    )
    assert response.status_code == 200
    assert response.context["validlink"] is False


class FailingEmailBackend(BaseEmailBackend):
    """A mail server that refuses every connection."""

    def send_messages(self, email_messages):
        raise ConnectionRefusedError("mail server down")


@pytest.fixture
def purge_queue_afterwards():
    """Runs its teardown after the worker has stopped (it is set up before it): the retry
    that the worker scheduled must not be delivered to a later test's worker."""
    yield
    app.control.purge()


def test_send_email_retries_when_the_mail_server_fails(
    purge_queue_afterwards, celery_worker, settings
):
    settings.EMAIL_BACKEND = f"{__name__}.FailingEmailBackend"
    retried = threading.Event()
    reasons = []

    def on_retry(sender=None, reason=None, **kwargs):
        if sender is not None and sender.name == send_email.name:
            reasons.append(reason)
            retried.set()

    task_retry.connect(on_retry, weak=False)
    try:
        send_email.delay("主题", "正文", ["wangxy@example.gov.cn"])
        assert retried.wait(10), "the worker did not schedule a retry"
    finally:
        task_retry.disconnect(on_retry)

    # Celery's Retry carries the error that caused it and when the next try is due.
    assert isinstance(reasons[0].exc, ConnectionRefusedError)
    assert reasons[0].when is not None
    assert mail.outbox == []


def test_send_email_retry_policy():
    # Backoff keeps retrying through a mail-server outage of a few hours without hammering it.
    assert send_email.autoretry_for == (OSError,)
    assert send_email.retry_backoff == 30
    assert send_email.retry_backoff_max == 30 * 60
    assert send_email.max_retries == 8
    assert send_email.acks_late is True
