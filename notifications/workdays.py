"""Working days by the Chinese calendar: public holidays and make-up working days (调休).

The data comes from the maintained `chinesecalendar` package (one release per year,
after the State Council publishes the next year's holidays). For a year it does not know
yet we fall back to Monday to Friday rather than stop sending reminders.
"""

from datetime import date, timedelta
from functools import lru_cache

import chinese_calendar


# chinesecalendar checks each date against its whole table (min/max of every entry): a
# province's plan asks about the same few weeks thousands of times.
@lru_cache(maxsize=4096)
def is_working_day(day: date) -> bool:
    try:
        return chinese_calendar.is_workday(day)
    except NotImplementedError:
        return day.weekday() < 5


@lru_cache(maxsize=4096)
def working_days_after(start: date, end: date) -> int:
    """How many working days lie after `start`, up to and including `end`."""
    count, day = 0, start + timedelta(days=1)
    while day <= end:
        count += is_working_day(day)
        day += timedelta(days=1)
    return count
