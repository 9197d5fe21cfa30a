"""Mark all of one's notifications as read."""

from django.urls import reverse

from notifications.models import Notification
from tests.notifications.helpers import notify

URL = reverse("notifications:read-all")


def test_anonymous_is_sent_to_login(client, db):
    response = client.post(URL)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_get_is_not_allowed(world, client_for):
    assert client_for(world.reporter).get(URL).status_code == 405


def test_marks_only_ones_own(world, client_for):
    for _ in range(3):
        notify(world.reporter)
    other = notify(world.approver)
    response = client_for(world.reporter).post(URL)
    assert response.status_code == 302
    assert response["Location"] == reverse("notifications:list")
    assert not Notification.objects.filter(recipient=world.reporter, read_at=None).exists()
    other.refresh_from_db()
    assert other.read_at is None
