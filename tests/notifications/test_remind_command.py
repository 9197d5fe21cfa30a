"""manage.py remind [--dry-run] [--today YYYY-MM-DD]."""

from io import StringIO

import pytest
from django.core import mail
from django.core.management import CommandError, call_command

from notifications.models import EmailStatus, Notification, Reminder, ReminderRun
from portal.models import Job, JobState
from tests.notifications.helpers import run_through_worker


def remind(*args) -> str:
    out = StringIO()
    call_command("remind", *args, stdout=out)
    return out.getvalue()


def test_dry_run_prints_what_and_to_whom_and_sends_nothing(world):
    output = remind("--dry-run", "--today", "2026-07-03")
    assert "before-7" in output
    assert "2026-07-10" in output
    assert world.reporter.email in output
    assert world.approver.email in output
    assert world.neighbour_reporter.email in output
    assert world.city_reviewer.email not in output  # reviewers only once overdue
    assert world.outsider_reporter.email in output
    assert "Dry run: 4 reminder(s) due" in output
    assert not Reminder.objects.exists()
    assert not Notification.objects.exists()


def test_dry_run_on_a_holiday_says_so(world):
    output = remind("--dry-run", "--today", "2026-10-05")
    assert "not a working day" in output
    assert not Reminder.objects.exists()


@pytest.mark.worker
def test_running_twice_sends_nothing_the_second_time(world, celery_worker):
    outputs = []
    run_through_worker(lambda: outputs.append(remind("--today", "2026-07-03")))
    sent = len(mail.outbox)
    assert sent == 4
    run_through_worker(lambda: outputs.append(remind("--today", "2026-07-03")))
    assert len(mail.outbox) == sent
    assert outputs[0].strip().endswith("0 held-back mail(s) queued again.")
    assert "4 reminder(s) sent, 0 sent before" in outputs[0]
    assert "0 reminder(s) sent, 4 sent before" in outputs[1]


def test_a_bad_date_is_refused(db):
    with pytest.raises(CommandError):
        remind("--today", "3 July")


def test_with_the_broker_down_the_run_finishes_and_the_mail_waits(
    transactional_db, world, broker_down
):
    output = remind("--today", "2026-07-03")
    assert "4 reminder(s) sent, 0 sent before" in output
    assert "mail job(s) wait in the database" in output
    assert ReminderRun.objects.get().finished_at is not None
    assert Notification.objects.count() == 4
    assert set(Reminder.objects.values_list("email_status", flat=True)) == {EmailStatus.PENDING}
    assert Job.objects.filter(state=JobState.WAITING).exists()
