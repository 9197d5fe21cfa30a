"""Reads for the bell, the inbox and the completeness page's "last reminded" column."""

from datetime import datetime

from django.db.models import Max, QuerySet

from notifications.models import Notification, Reminder
from notifications.sources import quarterly_reports


def unread_count(user) -> int:
    return Notification.objects.filter(recipient=user, read_at=None).count()


def notifications_for(user) -> QuerySet[Notification]:
    return Notification.objects.filter(recipient=user).order_by("-created_at", "-id")


def last_reminded(unit_ids, year: int, quarter: int) -> dict[int, datetime]:
    """When each unit was last reminded of the quarter (by the schedule or by hand)."""
    keys = {quarterly_reports.subject_key(unit_id, year, quarter): unit_id for unit_id in unit_ids}
    rows = (
        Reminder.objects.filter(subject_type=quarterly_reports.subject_type, subject_id__in=keys)
        .values("subject_id")
        .annotate(last=Max("created_at"))
    )
    return {keys[row["subject_id"]]: row["last"] for row in rows}
