"""The inbox behind the bell: /notifications/."""

from datetime import datetime

import pytest
import time_machine
from django.urls import reverse

from portal.clock import CHINA
from tests.notifications.helpers import notify

URL = reverse("notifications:list")


def test_anonymous_is_sent_to_login(client, db):
    response = client.get(URL)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize("method", ["post", "put", "delete"])
def test_only_get_is_allowed(world, client_for, method):
    assert getattr(client_for(world.reporter), method)(URL).status_code == 405


@pytest.mark.parametrize("who", ["reporter", "city_reviewer", "nobody"])
def test_everyone_sees_only_their_own(world, client_for, who):
    person = getattr(world, who)
    mine = [notify(person, title=f"mine {n}") for n in range(3)]
    notify(world.outsider_reporter, title="not yours")
    response = client_for(person).get(URL)
    assert response.status_code == 200
    shown = [n.pk for n in response.context["page"]]
    assert shown == [n.pk for n in reversed(mine)]  # newest first
    assert b"not yours" not in response.content


def test_unread_and_read_are_marked(world, client_for):
    unread = notify(world.reporter)
    read = notify(world.reporter, read=True)
    body = client_for(world.reporter).get(URL).content.decode()
    assert f'data-notification="{unread.pk}" data-read="no"' in body
    assert f'data-notification="{read.pk}" data-read="yes"' in body
    assert 'data-testid="read-all"' in body


def test_empty_inbox(world, client_for):
    body = client_for(world.reporter).get(URL).content.decode()
    assert 'data-testid="empty"' in body
    assert 'data-testid="read-all"' not in body


def test_pages_of_thirty(world, client_for):
    for n in range(31):
        notify(world.reporter, title=f"n{n}")
    client = client_for(world.reporter)
    assert len(client.get(URL).context["page"]) == 30
    assert len(client.get(URL + "?page=2").context["page"]) == 1


def test_times_read_as_on_every_other_page(world, client_for):
    # China time, written the way the report pages write it (not 2026-12-04 10:00).
    with time_machine.travel(datetime(2026, 12, 4, 10, 5, tzinfo=CHINA), tick=False):
        notify(world.reporter, title="提醒")
    body = client_for(world.reporter).get(URL).content.decode()
    assert "2026年12月4日 10:05" in body
    assert "2026-12-04 10:05" not in body
