"""Mark one notification as read (and optionally open what it links to)."""

import pytest
from django.urls import reverse

from tests.notifications.helpers import notify


def url(notification):
    return reverse("notifications:read", args=[notification.pk])


def test_anonymous_is_sent_to_login(world, client):
    notification = notify(world.reporter)
    response = client.post(url(notification))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))
    notification.refresh_from_db()
    assert notification.read_at is None


def test_get_is_not_allowed(world, client_for):
    notification = notify(world.reporter)
    assert client_for(world.reporter).get(url(notification)).status_code == 405


def test_marks_read_and_returns_to_the_list(world, client_for):
    notification = notify(world.reporter)
    response = client_for(world.reporter).post(url(notification))
    assert response.status_code == 302
    assert response["Location"] == reverse("notifications:list")
    notification.refresh_from_db()
    assert notification.read_at is not None


def test_open_marks_read_and_goes_to_the_thing(world, client_for):
    notification = notify(world.reporter, url="/reports/reports/7/")
    response = client_for(world.reporter).post(url(notification), {"open": "1"})
    assert response["Location"] == "/reports/reports/7/"
    notification.refresh_from_db()
    assert notification.read_at is not None


def test_open_never_leaves_the_portal(world, client_for):
    notification = notify(world.reporter, url="https://evil.example/")
    response = client_for(world.reporter).post(url(notification), {"open": "1"})
    assert response["Location"] == reverse("notifications:list")


@pytest.mark.parametrize("who", ["approver", "city_reviewer", "province_admin"])
def test_someone_elses_notification_is_not_found(world, client_for, who):
    notification = notify(world.reporter)
    assert client_for(getattr(world, who)).post(url(notification)).status_code == 404
    notification.refresh_from_db()
    assert notification.read_at is None
