"""The bell in the navigation bar: unread count, linking to the inbox."""

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.notifications.helpers import notify


def test_the_bell_shows_the_unread_count(world, client_for):
    notify(world.reporter)
    notify(world.reporter)
    notify(world.reporter, read=True)
    notify(world.approver)
    body = client_for(world.reporter).get(reverse("home")).content.decode()
    assert f'href="{reverse("notifications:list")}" data-testid="bell"' in body
    assert 'data-testid="unread-count">2<' in body


def test_no_count_when_all_is_read(world, client_for):
    notify(world.reporter, read=True)
    body = client_for(world.reporter).get(reverse("home")).content.decode()
    assert 'data-testid="bell"' in body
    assert 'data-testid="unread-count"' not in body


def test_the_count_costs_one_query(world, client_for):
    client = client_for(world.reporter)
    client.get(reverse("notifications:list"))
    notify(world.reporter)
    with CaptureQueriesContext(connection) as queries:
        client.get(reverse("notifications:list"))
    counting = [q["sql"] for q in queries if "COUNT" in q["sql"] and 'read_at" IS NULL' in q["sql"]]
    assert len(counting) == 1


def test_no_bell_when_signed_out(client, db):
    body = client.get(reverse("login")).content.decode()
    assert 'data-testid="bell"' not in body
