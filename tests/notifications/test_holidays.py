"""Chinese public holidays and make-up working days (调休), from the portal's calendar
(filled from chinesecalendar 1.11.0 for 2026).

2026 National Day: 1–7 October off; Sunday 20 September and Saturday 10 October are
make-up working days. 2026 Q3 is due on 10 October — that make-up Saturday.
"""

from datetime import date, timedelta

import pytest
from django.core import mail

from notifications.models import Reminder
from notifications.services import reminders_run, step_for
from notifications.tasks import remind_due
from portal.clock import CHINA
from portal.workdays import arrangement, is_working_day, working_days_after
from submissions.deadlines import default_due_date
from submissions.models import DeadlineExtension
from tests.notifications.helpers import beat, steps_of
from tests.portal.test_working_calendar import enter_2027


@pytest.mark.django_db
def test_the_calendar_knows_the_2026_national_day_holiday():
    holiday = [date(2026, 10, day) for day in range(1, 8)]
    for day in holiday:
        assert arrangement(2026).holidays[day] == "国庆节"
        assert not is_working_day(day)
    assert arrangement(2026).workdays[date(2026, 9, 20)] == "国庆节"
    assert is_working_day(date(2026, 9, 20))  # a Sunday, made up
    assert is_working_day(date(2026, 10, 10))  # a Saturday, made up
    assert not is_working_day(date(2026, 10, 11))


@pytest.mark.django_db
def test_a_deadline_never_moves_for_a_holiday():
    assert default_due_date(2026, 3) == date(2026, 10, 10)
    assert step_for(date(2026, 10, 10), date(2026, 10, 10)) == "before-1"


@pytest.mark.django_db
def test_overdue_days_count_working_days_only():
    # After Friday 9 October: the make-up Saturday counts, Sunday does not.
    assert working_days_after(date(2026, 10, 9), date(2026, 10, 10)) == 1
    assert working_days_after(date(2026, 10, 9), date(2026, 10, 11)) == 1
    assert working_days_after(date(2026, 10, 9), date(2026, 10, 12)) == 2


@pytest.mark.django_db
def test_overdue_days_count_across_the_new_year_into_an_unknown_year():
    # Thursday 31 December 2026, then Friday 1 January 2027 (not entered: Monday to
    # Friday), the weekend, Monday 4 January.
    assert working_days_after(date(2026, 12, 30), date(2027, 1, 4)) == 3
    assert step_for(date(2026, 12, 30), date(2027, 1, 4)) == "overdue-3"


@pytest.mark.django_db
def test_a_year_nobody_entered_falls_back_to_weekdays():
    assert not arrangement(2040).is_known
    assert is_working_day(date(2040, 1, 2))  # a Monday
    assert not is_working_day(date(2040, 1, 7))  # a Sunday


def _drive_ending_20_december_2026(world):
    from donations import services as donations

    return donations.drive_create(
        user=world.reporter,
        unit=world.yanchang_bureau,
        title="2026年冬季募捐",
        period_start=date(2026, 12, 1),
        period_end=date(2026, 12, 20),
    )


def _disclosure_reminders():
    return sorted(
        Reminder.objects.filter(subject_type="donations.drive_disclosure").values_list(
            "deadline", "step"
        )
    )


@pytest.mark.django_db
def test_the_reminder_job_runs_on_a_day_of_a_year_nobody_entered(world):
    # The disclosure 30 working days after 20 December 2026 falls in 2027, which
    # chinesecalendar 1.11 does not know: the job still runs, counting Monday to Friday,
    # and sends its reminders.
    _drive_ending_20_december_2026(world)
    assert remind_due(today="2027-01-25") > 0
    assert set(_disclosure_reminders()) == {(date(2027, 1, 29), "before-7")}
    assert reminders_run(today=date(2027, 1, 2)).working_day is False  # a Saturday
    assert reminders_run(today=date(2030, 1, 2), dry_run=True).working_day is True


@pytest.mark.django_db
def test_reminders_follow_a_year_entered_by_hand(world):
    _drive_ending_20_december_2026(world)
    enter_2027(world.province_admin)  # 1–3 January and 6–14 February off
    holiday = reminders_run(today=date(2027, 1, 1))
    assert (holiday.working_day, holiday.planned, holiday.created) == (False, [], 0)
    # 1 January is off: the disclosure is due on Monday 1 February, not Friday 29 January.
    remind_due(today="2027-01-25")
    assert set(_disclosure_reminders()) == {(date(2027, 2, 1), "before-7")}
    assert reminders_run(today=date(2027, 2, 20), dry_run=True).working_day is True  # Saturday
    assert working_days_after(date(2027, 2, 5), date(2027, 2, 20)) == 6


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
