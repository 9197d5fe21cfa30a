"""Password reset is throttled per mailbox and per client address, and always answers
with the same page: no flood of mails to one person, no way to tell who has an account."""

import pytest
from django.urls import reverse

from portal.models import Job
from portal.tasks import send_email
from portal.views.account import RESETS_PER_HOUR_FROM_ONE_CLIENT, RESETS_PER_HOUR_TO_ONE_MAILBOX
from tests.factories import UserFactory

RESET = reverse("password_reset")
DONE = reverse("password_reset_done")


def mails_to(address: str) -> int:
    return sum(1 for job in Job.objects.filter(task=send_email.name) if job.args[2] == [address])


@pytest.fixture
def wang(db):
    return UserFactory(username="wang_xy", email="wangxy@example.gov.cn")


def test_one_mailbox_gets_a_few_mails_an_hour_and_the_same_page_every_time(wang, client):
    for n in range(7):
        # From a new address each time: the mailbox's own limit is what stops them.
        response = client.post(
            RESET, {"email": "WangXY@example.gov.cn"}, REMOTE_ADDR=f"10.0.0.{n + 1}"
        )
        assert response.status_code == 302
        assert response["Location"] == DONE

    assert mails_to("wangxy@example.gov.cn") == RESETS_PER_HOUR_TO_ONE_MAILBOX


def test_one_client_asks_for_a_few_resets_an_hour(db, client):
    people = [
        UserFactory(username=f"user{n}", email=f"user{n}@example.gov.cn")
        for n in range(RESETS_PER_HOUR_FROM_ONE_CLIENT + 2)
    ]
    for person in people:
        response = client.post(RESET, {"email": person.email})
        assert response["Location"] == DONE

    assert Job.objects.filter(task=send_email.name).count() == RESETS_PER_HOUR_FROM_ONE_CLIENT
    # Another address is not affected.
    client.post(RESET, {"email": people[-1].email}, REMOTE_ADDR="10.9.9.9")
    assert mails_to(people[-1].email) == 1


def test_an_unknown_address_is_answered_and_counted_the_same(wang, client):
    for _ in range(RESETS_PER_HOUR_TO_ONE_MAILBOX + 1):
        known = client.post(RESET, {"email": "wangxy@example.gov.cn"}, REMOTE_ADDR="10.0.0.1")
        unknown = client.post(RESET, {"email": "nobody@example.gov.cn"}, REMOTE_ADDR="10.0.0.2")
        assert (known.status_code, known["Location"]) == (unknown.status_code, unknown["Location"])
    assert mails_to("nobody@example.gov.cn") == 0
