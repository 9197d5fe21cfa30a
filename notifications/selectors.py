"""Reads for the bell, the inbox, and when a subject was last reminded."""

from collections.abc import Iterable
from datetime import datetime

from django.db.models import Max, QuerySet

from notifications.models import Notification, Reminder


def unread_count(user) -> int:
    return Notification.objects.filter(recipient=user, read_at=None).count()


def notifications_for(user) -> QuerySet[Notification]:
    return Notification.objects.filter(recipient=user).order_by("-created_at", "-id")


def last_reminded_by_subject(subject_type: str, subject_ids: Iterable[str]) -> dict[str, datetime]:
    """When each of these subjects of a source was last reminded of (by the schedule or by
    hand), by subject id; one query. A subject never reminded of is left out."""
    rows = (
        Reminder.objects.filter(subject_type=subject_type, subject_id__in=list(subject_ids))
        .values("subject_id")
        .annotate(last=Max("created_at"))
    )
    return {row["subject_id"]: row["last"] for row in rows}
