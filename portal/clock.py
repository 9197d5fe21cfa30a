"""The portal's clock and calendar arithmetic, in China Standard Time: today's date in
China, the end of a day, and reporting quarters (Q1 is January to March)."""

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.utils import timezone
from django.utils.functional import lazy
from django.utils.translation import gettext

CHINA = ZoneInfo("Asia/Shanghai")


def china_today(now: datetime | None = None) -> date:
    return timezone.localtime(now or timezone.now(), CHINA).date()


def end_of_day(day: date) -> datetime:
    """The last moment of `day` in China, as an aware datetime."""
    return datetime.combine(day, time.max, tzinfo=CHINA)


def days_left(due: date, today: date | None = None) -> int:
    return (due - (today or china_today())).days


def quarter_of(day: date) -> tuple[int, int]:
    return day.year, (day.month - 1) // 3 + 1


def quarter_bounds(year: int, quarter: int) -> tuple[date, date]:
    first = date(year, 3 * quarter - 2, 1)
    next_first = date(year + 1, 1, 1) if quarter == 4 else date(year, 3 * quarter + 1, 1)
    return first, next_first - timedelta(days=1)


def previous_quarter(year: int, quarter: int) -> tuple[int, int]:
    return (year - 1, 4) if quarter == 1 else (year, quarter - 1)


def next_quarter(year: int, quarter: int) -> tuple[int, int]:
    return (year + 1, 1) if quarter == 4 else (year, quarter + 1)


def quarter_label(quarter: int) -> str:
    """A quarter named as everywhere in the portal: 第1季度 (Q1 in English)."""
    return gettext("Q%(quarter)s") % {"quarter": quarter}


# For a form's choices: named in the language of each request, not of the import.
QUARTER_CHOICES = [(q, lazy(quarter_label, str)(q)) for q in range(1, 5)]
