"""The portal's one working-day calendar: public holidays and make-up working days (调休上班).

Every deadline counted in working days (reminders, donation disclosures, the awards' public
notice) asks here. For each year the answer comes from, in order:

1. the table (`WorkCalendarYear` and its `CalendarDay`s): filled from the `chinesecalendar`
   package by migration 0004, and by administrators for a new year from the State
   Council's notice (国务院办公厅关于XXXX年部分节假日安排的通知, published around November);
2. the package, for a year the table lacks and the package knows (a newer release, or a
   test database emptied by a transactional test);
3. Monday to Friday, for a year nobody entered yet: unknown, never an error.

This is the only module that imports `chinese_calendar`. Reminders ask about the same days
thousands of times, so each process keeps each year in memory; a save here clears it at
once, and other processes (web hosts, workers) reload a year after `RELOAD_SECONDS`.
"""

import time
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache
from itertools import accumulate

import chinese_calendar
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from portal.models import CalendarSource, WorkCalendarYear

# A year entered on one host reaches the others' lookups within this many seconds.
RELOAD_SECONDS = 60.0
# From this day (month, day) on, next year's arrangement is expected to be entered.
NEXT_YEAR_EXPECTED_FROM = (11, 1)
# A year nobody entered and the package does not know.
WEEKDAYS = "weekdays"


@dataclass(frozen=True)
class Arrangement:
    """One year's holidays and make-up working days, each date with its name (e.g. 春节)."""

    year: int
    source: str  # a CalendarSource value, or WEEKDAYS
    holidays: dict[date, str]
    workdays: dict[date, str]

    @property
    def is_known(self) -> bool:
        return self.source != WEEKDAYS


class _Year:
    """A year as the lookups need it: a flag per day and running totals of working days."""

    def __init__(self, arrangement: Arrangement):
        self.arrangement = arrangement
        self.first = date(arrangement.year, 1, 1).toordinal()
        length = date(arrangement.year, 12, 31).toordinal() - self.first + 1
        working = []
        for offset in range(length):
            day = date.fromordinal(self.first + offset)
            if day in arrangement.workdays:
                working.append(1)
            elif day in arrangement.holidays:
                working.append(0)
            else:
                working.append(1 if day.weekday() < 5 else 0)
        self.working = bytes(working)
        # totals[i]: working days among the year's first i days.
        self.totals = [0, *accumulate(working)]


_years: dict[int, tuple[float, _Year]] = {}


def clear_cache() -> None:
    """Forget every year in this process (after a save, and between tests)."""
    _years.clear()


def _year(year: int) -> _Year:
    cached = _years.get(year)
    now = time.monotonic()
    if cached is None or now - cached[0] > RELOAD_SECONDS:
        cached = (now, _Year(_load(year)))
        _years[year] = cached
    return cached[1]


def _load(year: int) -> Arrangement:
    rows = list(
        WorkCalendarYear.objects.filter(year=year).values_list(
            "source", "days__date", "days__is_working_day", "days__name"
        )
    )
    if rows:
        holidays, workdays = {}, {}
        for _source, day, working, name in rows:
            if day is not None:
                (workdays if working else holidays)[day] = name
        return Arrangement(year, rows[0][0], holidays, workdays)
    return package_arrangement(year) or Arrangement(year, WEEKDAYS, {}, {})


def arrangement(year: int) -> Arrangement:
    return _year(year).arrangement


def is_working_day(day: date) -> bool:
    year = _year(day.year)
    return bool(year.working[day.toordinal() - year.first])


def working_days_after(start: date, end: date) -> int:
    """How many working days lie after `start`, up to and including `end`."""
    first = start + timedelta(days=1)
    count = 0
    for year_number in range(first.year, end.year + 1):
        year = _year(year_number)
        lo = max(first.toordinal(), year.first) - year.first
        hi = min(end.toordinal() - year.first + 1, len(year.working))
        if hi > lo:
            count += year.totals[hi] - year.totals[lo]
    return count


def add_working_days(start: date, days: int) -> date:
    """The date `days` working days after `start`: holidays are not counted, make-up
    working days on a weekend are."""
    day = start
    while days > 0:
        day += timedelta(days=1)
        if is_working_day(day):
            days -= 1
    return day


def missing_years(today: date) -> list[int]:
    """The years whose arrangement should be entered by now and is not: this year, and
    from 1 November next year too."""
    years = [today.year]
    if (today.month, today.day) >= NEXT_YEAR_EXPECTED_FROM:
        years.append(today.year + 1)
    return [year for year in years if not arrangement(year).is_known]


def as_periods(days: dict[date, str]) -> list[tuple[date, date, str]]:
    """Consecutive dates with the same name as (first, last, name), in date order."""
    periods: list[list] = []
    for day in sorted(days):
        name = days[day]
        last = periods[-1] if periods else None
        if last and last[1] + timedelta(days=1) == day and last[2] == name:
            last[1] = day
        else:
            periods.append([day, day, name])
    return [tuple(period) for period in periods]


def arrangement_errors(
    year: int, holidays: dict[date, str], workdays: dict[date, str]
) -> dict[str, list[str]]:
    """What is wrong with an arrangement for `year`, by field ("holidays", "workdays")."""
    errors: dict[str, list[str]] = {}
    for field, days in (("holidays", holidays), ("workdays", workdays)):
        for day in sorted(days):
            if day.year != year:
                errors.setdefault(field, []).append(
                    _(
                        "%(date)s is not in %(year)s: enter only the dates of %(year)s "
                        "(the weekend before New Year's Day is a rest day anyway)."
                    )
                    % {"date": day.isoformat(), "year": year}
                )
    for day in sorted(workdays):
        if day in holidays:
            errors.setdefault("workdays", []).append(
                _("%(date)s is also entered as a holiday: a day is either off or worked.")
                % {"date": day.isoformat()}
            )
        elif day.weekday() < 5 and day.year == year:
            errors.setdefault("workdays", []).append(
                _("%(date)s is a %(weekday)s: a make-up working day is a Saturday or a Sunday.")
                % {"date": day.isoformat(), "weekday": date_format(day, "l")}
            )
    return errors


def as_text(days: dict[date, str]) -> str:
    """The days as an administrator types them: one date or range a line, with its name."""
    lines = []
    for first, last, name in as_periods(days):
        dates = first.isoformat() if first == last else f"{first.isoformat()} 至 {last.isoformat()}"
        lines.append(f"{dates} {name}".strip())
    return "\n".join(lines)


# The package ------------------------------------------------------------------------


@cache
def package_years() -> range:
    """The years the installed chinesecalendar knows."""
    years = [day.year for day in chinese_calendar.holidays]
    return range(min(years), max(years) + 1)


def _chinese_name(value: str) -> str:
    try:
        return chinese_calendar.Holiday(value).chinese
    except ValueError:
        return value


def package_arrangement(year: int) -> Arrangement | None:
    """The year as the package has it (names in Chinese), or None if it does not know it."""
    if year not in package_years():
        return None
    return Arrangement(
        year,
        CalendarSource.PACKAGE,
        {d: _chinese_name(n) for d, n in chinese_calendar.holidays.items() if d.year == year},
        {d: _chinese_name(n) for d, n in chinese_calendar.workdays.items() if d.year == year},
    )
