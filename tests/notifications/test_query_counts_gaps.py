"""The notifications page costs the same queries however many notifications a person has,
of whatever kind, beside however many other people have."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from notifications.models import Notification, NotificationKind

URL = reverse("notifications:list")


def _queries(client, url=URL) -> tuple[int, str]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries), response.text


def _notify(world, n, start):
    for i in range(start, start + n):
        for user in (world.reporter, world.city_reviewer, world.outsider_reporter):
            Notification.objects.create(
                recipient=user,
                kind=list(NotificationKind)[i % len(NotificationKind)],
                title=f"提醒{user.username}{i}",
                body="请按时报送。",
                url=reverse("submissions:my-reports"),
                read_at=timezone.now() if i % 2 else None,
            )


@pytest.mark.parametrize("who", ["reporter", "city_reviewer"])
def test_notification_list_stays_flat_as_notifications_grow(world, client_for, who):
    user = getattr(world, who)
    client = client_for(user)
    _queries(client)
    _notify(world, 2, 0)
    few, _ = _queries(client)
    _notify(world, 25, 2)
    many, page = _queries(client)
    assert many == few
    assert f"提醒{user.username}26" in page
    assert f"提醒{world.outsider_reporter.username}26" not in page
    # The second page of thirty costs the same as the first.
    second, page = _queries(client, f"{URL}?page=2")
    assert second == few
    assert f"提醒{user.username}0" in page
