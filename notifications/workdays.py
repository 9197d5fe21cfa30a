"""Working days by the Chinese calendar: public holidays and make-up working days (调休).

The data comes from the maintained `chinesecalendar` package (one release per year,
after the State Council publishes the next year's holidays). For a year it does not know
yet we fall back to Monday to Friday rather than stop sending reminders.
"""

from datetime import date, timedelta

import chinese_calendar


def is_working_day(day: date) -> bool:
    try:
        return chinese_calendar.is_workday(day)
    except NotImplementedError:
        return day.weekday() < 5


def working_days_after(start: date, end: date) -> int:
    """How many working days lie after `start`, up to and including `end`."""
    count, day = 0, start + timedelta(days=1)
    while day <= end:
        count += is_working_day(day)
        day += timedelta(days=1)
    return count
