"""Chinese public holidays and make-up working days (调休), from chinesecalendar 1.11.0.

2026 National Day: 1–7 October off; Sunday 20 September and Saturday 10 October are
make-up working days. 2026 Q3 is due on 10 October — that make-up Saturday.
"""

from datetime import date, timedelta

import chinese_calendar
import pytest
from django.core import mail

from notifications.models import Reminder
from notifications.services import step_for
from notifications.workdays import is_working_day, working_days_after
from submissions.deadlines import CHINA, default_due_date
from submissions.models import DeadlineExtension
from tests.notifications.helpers import beat, steps_of


def test_the_calendar_knows_the_2026_national_day_holiday():
    holiday = [date(2026, 10, day) for day in range(1, 8)]
    for day in holiday:
        assert chinese_calendar.get_holiday_detail(day) == (True, "National Day")
        assert not is_working_day(day)
    assert chinese_calendar.get_workdays(date(2026, 9, 19), date(2026, 9, 20)) == [
        date(2026, 9, 20)
    ]
    assert is_working_day(date(2026, 9, 20))  # a Sunday, made up
    assert is_working_day(date(2026, 10, 10))  # a Saturday, made up
    assert not is_working_day(date(2026, 10, 11))


def test_a_deadline_never_moves_for_a_holiday():
    assert default_due_date(2026, 3) == date(2026, 10, 10)
    assert step_for(date(2026, 10, 10), date(2026, 10, 10)) == "before-1"


def test_overdue_days_count_working_days_only():
    # After Friday 9 October: the make-up Saturday counts, Sunday does not.
    assert working_days_after(date(2026, 10, 9), date(2026, 10, 10)) == 1
    assert working_days_after(date(2026, 10, 9), date(2026, 10, 11)) == 1
    assert working_days_after(date(2026, 10, 9), date(2026, 10, 12)) == 2


def test_a_year_the_calendar_does_not_know_falls_back_to_weekdays():
    with pytest.raises(NotImplementedError):
        chinese_calendar.is_workday(date(2040, 1, 2))
    assert is_working_day(date(2040, 1, 2))  # a Monday
    assert not is_working_day(date(2040, 1, 7))  # a Sunday


def _days(first, last):
    while first <= last:
        yield first
        first += timedelta(days=1)


@pytest.mark.worker
def test_no_reminders_in_the_holiday_and_the_missed_step_comes_after(world, celery_worker):
    for day in _days(date(2026, 9, 30), date(2026, 10, 12)):
        beat(day)
    # The 7-day (3 Oct) step fell in the holiday; 7 Oct (3 days before) too. The first
    # working day after sends the 3-day step, then the 1-day step; the make-up Saturday is
    # the deadline itself; Sunday is off; Monday the report is overdue.
    assert steps_of(world.reporter) == [
        ("2026-10-08", "before-3"),
        ("2026-10-09", "before-1"),
        ("2026-10-12", "overdue-1"),
    ]
    reminder_days = {r.created_at.astimezone(CHINA).date() for r in Reminder.objects.all()}
    assert reminder_days == {date(2026, 10, 8), date(2026, 10, 9), date(2026, 10, 12)}
    assert len(mail.outbox) == Reminder.objects.exclude(person__email="").count()


@pytest.mark.worker
def test_reminders_go_out_on_a_make_up_saturday(world, celery_worker):
    DeadlineExtension.objects.create(
        year=2026,
        quarter=3,
        due_date=date(2026, 10, 9),
        reason="提前报送",
        granted_by=world.province_admin,
    )
    for day in _days(date(2026, 10, 8), date(2026, 10, 12)):
        beat(day)
    assert steps_of(world.reporter) == [
        ("2026-10-08", "before-1"),
        ("2026-10-10", "overdue-1"),  # Saturday, a make-up working day
        ("2026-10-12", "overdue-2"),
    ]
