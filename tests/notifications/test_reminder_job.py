"""The reminder job through a real Celery worker, day by day (time-machine).

2026 Q2 is due on Friday 10 July 2026; July has no public holiday.
"""

from datetime import date, timedelta

import pytest
from django.core import mail
from django.utils import translation

from notifications.models import EmailStatus, Notification, Reminder
from tests.notifications.helpers import beat, mails_to, steps_of
from tests.submissions.builders import submitted_report

pytestmark = pytest.mark.worker


def days(first: date, last: date):
    day = first
    while day <= last:
        yield day
        day += timedelta(days=1)


def test_each_step_of_a_deadline(world, celery_worker):
    for day in days(date(2026, 6, 30), date(2026, 7, 31)):
        beat(day)

    # Before: 7, 3 and 1 days ahead; the due day itself adds nothing. After: each working
    # day (Monday to Friday here), ten at most.
    overdue_days = [
        "2026-07-13", "2026-07-14", "2026-07-15", "2026-07-16", "2026-07-17",
        "2026-07-20", "2026-07-21", "2026-07-22", "2026-07-23", "2026-07-24",
    ]  # fmt: skip
    expected = [("2026-07-03", "before-7"), ("2026-07-07", "before-3"), ("2026-07-09", "before-1")]
    expected += [(day, f"overdue-{n}") for n, day in enumerate(overdue_days, start=1)]
    assert steps_of(world.reporter) == expected
    assert steps_of(world.approver) == expected
    assert len(mails_to(world.reporter.email)) == 13
    # The city office's reviewer hears of the county's overdue report only, one a day.
    county_overdue = [
        (day, step) for day, step in steps_of(world.city_reviewer) if step.startswith("overdue")
    ]
    assert [day for day, _step in county_overdue] == sorted(
        overdue_days * 2  # 延长县 and 延川县 both missing
    )
    assert {step for _day, step in steps_of(world.city_reviewer)} <= {
        f"overdue-{n}" for n in range(1, 11)
    }
    # The province's reviewers hear of the cities' offices, not of the counties.
    province_subjects = set(
        Reminder.objects.filter(person=world.province_reviewer).values_list("unit", flat=True)
    )
    assert province_subjects == {world.yanan_office.pk, world.yulin_office.pk}
    assert not Reminder.objects.filter(person=world.other_city_reviewer, unit=world.yanchang_bureau)


def test_the_reminder_says_what_when_state_and_links_to_it(world, celery_worker):
    beat(date(2026, 7, 3))
    (message,) = mails_to(world.reporter.email)
    assert "2026-07-10" in message.subject
    assert "延长县扶贫开发局" in message.subject
    assert "http://localhost:8000/reports/" in message.body
    html, mimetype = message.alternatives[0]
    assert mimetype == "text/html"
    assert 'href="http://localhost:8000/reports/"' in html
    notification = Notification.objects.get(recipient=world.reporter)
    assert notification.url == "/reports/"
    assert notification.read_at is None
    assert notification.kind == "reminder"


def test_a_double_beat_sends_one_mail(world, celery_worker):
    beat(date(2026, 7, 3), times=2)
    assert len(mails_to(world.reporter.email)) == 1
    assert Notification.objects.filter(recipient=world.reporter).count() == 1
    # A third run the same day (the hourly catch-up) sends nothing either.
    beat(date(2026, 7, 3))
    assert len(mails_to(world.reporter.email)) == 1


def test_a_unit_that_submitted_stops_getting_reminders(world, celery_worker):
    beat(date(2026, 7, 3))
    submitted_report(world, year=2026, quarter=2, n_items=1)
    beat(date(2026, 7, 7))
    beat(date(2026, 7, 13))
    assert steps_of(world.reporter) == [("2026-07-03", "before-7")]
    assert not Reminder.objects.filter(person=world.city_reviewer, unit=world.yanchang_bureau)
    # The neighbouring county has not filed and is still reminded.
    assert [step for _day, step in steps_of(world.neighbour_reporter)] == [
        "before-7",
        "before-3",
        "overdue-1",
    ]


def test_email_off_keeps_the_portal_reminder(world, celery_worker):
    world.reporter.email_reminders = False
    world.reporter.save()
    world.approver.email = ""
    world.approver.save()
    beat(date(2026, 7, 3))
    assert mails_to(world.reporter.email) == []
    assert Notification.objects.filter(recipient=world.reporter).count() == 1
    assert Notification.objects.filter(recipient=world.approver).count() == 1
    assert set(
        Reminder.objects.filter(person__in=[world.reporter, world.approver]).values_list(
            "email_status", flat=True
        )
    ) == {EmailStatus.NONE}


def test_each_person_reads_their_own_language(world, celery_worker):
    world.reporter.language = "en"
    world.reporter.save()
    beat(date(2026, 7, 3))
    with translation.override("zh-hans"):
        not_started_zh = str(translation.gettext("Not started"))
    assert not_started_zh != "Not started"
    english = Notification.objects.get(recipient=world.reporter)
    chinese = Notification.objects.get(recipient=world.approver)
    assert "Not started" in english.body
    assert not_started_zh in chinese.body
    assert "Not started" in mails_to(world.reporter.email)[0].body


def test_nothing_on_a_weekend(world, celery_worker):
    beat(date(2026, 7, 4))  # Saturday, 6 days before the deadline
    beat(date(2026, 7, 5))
    assert mail.outbox == []
    beat(date(2026, 7, 6))  # Monday: the 7-day step is caught up
    assert steps_of(world.reporter) == [("2026-07-06", "before-7")]
