"""Reporting deadlines, in China Standard Time.

A quarter's report is due 10 days after the quarter ends (Q1 by 10 April, Q2 by 10 July,
Q3 by 10 October, Q4 by 10 January of the next year), until the end of that day in
Asia/Shanghai. An administrator may extend a quarter for everyone or for one unit.
"""

from datetime import date, datetime, timedelta

from django.utils import timezone

from portal.clock import CHINA, china_today, previous_quarter, quarter_bounds, quarter_of

DAYS_AFTER_QUARTER = 10
# The precise poverty-alleviation campaign, and with it these reports, began in 2014.
FIRST_YEAR = 2014


def default_due_date(year: int, quarter: int) -> date:
    return quarter_bounds(year, quarter)[1] + timedelta(days=DAYS_AFTER_QUARTER)


def current_period(today: date | None = None) -> tuple[int, int]:
    """The quarter a unit files next: the one just ended while its deadline has not
    passed, otherwise the quarter under way."""
    today = today or china_today()
    year, quarter = quarter_of(today)
    prev = previous_quarter(year, quarter)
    if today <= default_due_date(*prev):
        return prev
    return year, quarter


def last_closed_period(today: date | None = None) -> tuple[int, int]:
    """The latest quarter whose deadline has passed: the one a circular reports on."""
    today = today or china_today()
    year, quarter = previous_quarter(*quarter_of(today))
    while today <= default_due_date(year, quarter):
        year, quarter = previous_quarter(year, quarter)
    return year, quarter


def is_late(submitted_at: datetime, due: date) -> bool:
    return timezone.localtime(submitted_at, CHINA).date() > due
