"""The completeness page's "last reminded" column."""

from datetime import datetime

from notifications.selectors import last_reminded_by_subject
from submissions.reminders import quarterly_reports


def last_reminded(unit_ids, year: int, quarter: int) -> dict[int, datetime]:
    """When each unit was last reminded of the quarter (by the schedule or by hand)."""
    keys = {quarterly_reports.subject_key(unit_id, year, quarter): unit_id for unit_id in unit_ids}
    last = last_reminded_by_subject(quarterly_reports.subject_type, keys)
    return {keys[subject_id]: moment for subject_id, moment in last.items()}
