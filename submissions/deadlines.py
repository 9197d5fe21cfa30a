"""Reporting quarters and their deadlines, in China Standard Time.

A quarter's report is due 10 days after the quarter ends (Q1 by 10 April, Q2 by 10 July,
Q3 by 10 October, Q4 by 10 January of the next year), until the end of that day in
Asia/Shanghai. An administrator may extend a quarter for everyone or for one unit.
"""

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.utils import timezone

CHINA = ZoneInfo("Asia/Shanghai")
DAYS_AFTER_QUARTER = 10


def quarter_of(day: date) -> tuple[int, int]:
    return day.year, (day.month - 1) // 3 + 1


def quarter_bounds(year: int, quarter: int) -> tuple[date, date]:
    first = date(year, 3 * quarter - 2, 1)
    next_first = date(year + 1, 1, 1) if quarter == 4 else date(year, 3 * quarter + 1, 1)
    return first, next_first - timedelta(days=1)


def default_due_date(year: int, quarter: int) -> date:
    return quarter_bounds(year, quarter)[1] + timedelta(days=DAYS_AFTER_QUARTER)


def previous_quarter(year: int, quarter: int) -> tuple[int, int]:
    return (year - 1, 4) if quarter == 1 else (year, quarter - 1)


def next_quarter(year: int, quarter: int) -> tuple[int, int]:
    return (year + 1, 1) if quarter == 4 else (year, quarter + 1)


def china_today(now: datetime | None = None) -> date:
    return timezone.localtime(now or timezone.now(), CHINA).date()


def current_period(today: date | None = None) -> tuple[int, int]:
    """The quarter a unit files next: the one just ended while its deadline has not
    passed, otherwise the quarter under way."""
    today = today or china_today()
    year, quarter = quarter_of(today)
    prev = previous_quarter(year, quarter)
    if today <= default_due_date(*prev):
        return prev
    return year, quarter


def end_of_day(day: date) -> datetime:
    """The last moment of `day` in China, as an aware datetime."""
    return datetime.combine(day, time.max, tzinfo=CHINA)


def is_late(submitted_at: datetime, due: date) -> bool:
    return timezone.localtime(submitted_at, CHINA).date() > due


def days_left(due: date, today: date | None = None) -> int:
    return (due - (today or china_today())).days
