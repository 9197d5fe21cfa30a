"""Reporting quarters and deadlines in China Standard Time, and deadline extensions."""

from datetime import UTC, date, datetime

import pytest
import time_machine

from portal import clock
from portal.clock import CHINA
from submissions import deadlines, services
from tests.submissions.builders import submitted_report


@pytest.mark.parametrize(
    ("year", "quarter", "due"),
    [
        (2026, 1, date(2026, 4, 10)),
        (2026, 2, date(2026, 7, 10)),
        (2026, 3, date(2026, 10, 10)),
        (2026, 4, date(2027, 1, 10)),  # Q4 is due in January of the next year
    ],
)
def test_each_quarter_is_due_ten_days_after_it_ends(year, quarter, due):
    assert deadlines.default_due_date(year, quarter) == due


@pytest.mark.parametrize(
    ("year", "quarter", "first", "last"),
    [
        (2024, 1, date(2024, 1, 1), date(2024, 3, 31)),
        (2024, 2, date(2024, 4, 1), date(2024, 6, 30)),
        (2024, 3, date(2024, 7, 1), date(2024, 9, 30)),
        (2024, 4, date(2024, 10, 1), date(2024, 12, 31)),
    ],
)
def test_quarter_bounds(year, quarter, first, last):
    assert clock.quarter_bounds(year, quarter) == (first, last)


@pytest.mark.parametrize(
    ("today", "period"),
    [
        # While the quarter just ended is still due, it is the one to file ...
        (date(2026, 4, 1), (2026, 1)),
        (date(2026, 4, 10), (2026, 1)),
        # ... and from the day after its deadline, the quarter under way.
        (date(2026, 4, 11), (2026, 2)),
        (date(2026, 7, 10), (2026, 2)),
        (date(2026, 7, 11), (2026, 3)),
        (date(2026, 10, 10), (2026, 3)),
        (date(2026, 10, 11), (2026, 4)),
        (date(2026, 12, 31), (2026, 4)),
        # Q4 crosses the new year.
        (date(2027, 1, 1), (2026, 4)),
        (date(2027, 1, 10), (2026, 4)),
        (date(2027, 1, 11), (2027, 1)),
    ],
)
def test_current_period_on_boundary_days(today, period):
    assert deadlines.current_period(today) == period


def test_today_is_the_day_in_china_not_in_utc():
    # 16:30 UTC on 10 October is already 00:30 on 11 October in China.
    assert clock.china_today(datetime(2026, 10, 10, 16, 30, tzinfo=UTC)) == date(2026, 10, 11)
    assert clock.china_today(datetime(2026, 10, 10, 15, 59, tzinfo=UTC)) == date(2026, 10, 10)


@pytest.mark.parametrize(
    ("submitted_at", "late"),
    [
        (datetime(2026, 10, 10, 23, 59, 59, tzinfo=CHINA), False),
        (datetime(2026, 10, 11, 0, 0, 0, tzinfo=CHINA), True),
        (datetime(2026, 10, 10, 15, 59, 59, tzinfo=UTC), False),  # 23:59:59 in China
        (datetime(2026, 10, 10, 16, 30, 0, tzinfo=UTC), True),  # already 11 October in China
    ],
)
def test_is_late_turns_at_midnight_in_china(submitted_at, late):
    assert deadlines.is_late(submitted_at, date(2026, 10, 10)) is late


def test_end_of_day_is_the_last_moment_in_china():
    end = clock.end_of_day(date(2026, 10, 10))
    assert end.astimezone(UTC) < datetime(2026, 10, 10, 16, 0, tzinfo=UTC)
    assert end.astimezone(CHINA).date() == date(2026, 10, 10)


@pytest.mark.parametrize(
    ("moment", "late"),
    [
        (datetime(2026, 10, 10, 23, 59, 59, tzinfo=CHINA), False),
        (datetime(2026, 10, 11, 0, 0, 0, tzinfo=CHINA), True),
    ],
)
def test_sign_off_records_late_from_china_time(world, moment, late):
    with time_machine.travel(moment, tick=False):
        report = submitted_report(world, year=2026, quarter=3)
    assert report.is_late is late


def test_due_date_for_uses_the_unit_extension_over_the_general_one(world):
    unit, other = world.yanchang_bureau, world.jingbian_bureau
    assert services.due_date_for(unit, 2026, 3) == date(2026, 10, 10)

    services.deadline_extend(
        year=2026,
        quarter=3,
        due_date=date(2026, 10, 15),
        reason="国庆假期顺延",
        user=world.province_admin,
    )
    assert services.due_date_for(unit, 2026, 3) == date(2026, 10, 15)
    assert services.due_date_for(other, 2026, 3) == date(2026, 10, 15)

    services.deadline_extend(
        year=2026,
        quarter=3,
        due_date=date(2026, 10, 20),
        reason="汛期抢险",
        user=world.province_admin,
        unit=unit,
    )
    assert services.due_date_for(unit, 2026, 3) == date(2026, 10, 20)
    assert services.due_date_for(other, 2026, 3) == date(2026, 10, 15)
    # Other quarters keep their own deadline.
    assert services.due_date_for(unit, 2026, 2) == date(2026, 7, 10)


def test_a_report_signed_off_within_its_extension_is_on_time(world):
    services.deadline_extend(
        year=2026,
        quarter=3,
        due_date=date(2026, 10, 20),
        reason="汛期抢险",
        user=world.province_admin,
        unit=world.yanchang_bureau,
    )
    with time_machine.travel(datetime(2026, 10, 20, 23, 0, tzinfo=CHINA), tick=False):
        report = submitted_report(world, year=2026, quarter=3)
    assert report.due_date == date(2026, 10, 20)
    assert report.is_late is False
