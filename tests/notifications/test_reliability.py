"""Exactly once, mail failures and the Celery settings that make reminders reliable."""

import time
from datetime import date, datetime, timedelta

import pytest
import time_machine
from django.conf import settings
from django.core import mail
from django.core.mail.backends.base import BaseEmailBackend
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from notifications import services
from notifications.models import EmailStatus, Notification, Reminder
from notifications.tasks import (
    MAX_MAIL_RETRIES,
    remind_due,
    reminder_mails_recover,
    retry_delay,
    send_reminder_emails,
)
from portal.celery import app
from portal.clock import CHINA
from portal.tasks import jobs_sweep
from submissions.reminders import quarterly_reports
from tests.factories import UserFactory
from tests.notifications.helpers import TaskTracker, beat, mails_to, run_through_worker

JULY_3 = date(2026, 7, 3)  # 7 days before 2026 Q2 is due (Friday 10 July)


class FailingEmailBackend(BaseEmailBackend):
    """A mail server that refuses every connection."""

    def send_messages(self, email_messages):
        raise ConnectionRefusedError("mail server down")


class FlakyEmailBackend(BaseEmailBackend):
    """A mail server that refuses the first connection and then works."""

    calls = 0

    def send_messages(self, email_messages):
        type(self).calls += 1
        if type(self).calls == 1:
            raise ConnectionRefusedError("mail server busy")
        mail.outbox.extend(email_messages)
        return len(email_messages)


def _reporter_item(world, today=JULY_3):
    (item,) = [
        item
        for item in quarterly_reports.due_items(today)
        if item.unit == world.yanchang_bureau and item.deadline == date(2026, 7, 10)
    ]
    return item


# --- Exactly once ------------------------------------------------------------------


@pytest.mark.worker
def test_a_job_that_died_midway_is_finished_by_the_retry_without_repeats(world, celery_worker):
    # The run claimed the reporter's reminder (and queued its mail), then its worker died.
    with time_machine.travel(datetime(2026, 7, 3, 9, 0, tzinfo=CHINA), tick=True):
        run_through_worker(
            lambda: services.reminder_claim(
                person=world.reporter, due=_reporter_item(world), step="before-7", today=JULY_3
            )
        )
    # Redelivered (acks_late, reject_on_worker_lost), the job runs again from the start.
    beat(JULY_3)
    assert len(mails_to(world.reporter.email)) == 1
    assert len(mails_to(world.approver.email)) == 1
    assert Notification.objects.filter(recipient=world.reporter).count() == 1


@pytest.mark.worker
def test_a_mail_task_run_again_sends_nothing(world, celery_worker):
    beat(JULY_3)
    reminder = Reminder.objects.get(person=world.reporter)
    assert reminder.email_status == EmailStatus.SENT

    def send_twice():
        send_reminder_emails.delay([reminder.pk])
        send_reminder_emails.delay([reminder.pk])

    run_through_worker(send_twice)
    assert len(mails_to(world.reporter.email)) == 1


@pytest.mark.worker
def test_a_mail_cut_off_with_its_worker_is_mailed_once_after_its_claim_lapses(world, celery_worker):
    with time_machine.travel(datetime(2026, 7, 3, 9, 0, tzinfo=CHINA), tick=True):
        reminder = services.reminder_claim(
            person=world.reporter, due=_reporter_item(world), step="before-7", today=JULY_3
        )
        # The state a worker leaves when it is killed while the message is on the wire.
        Reminder.objects.filter(pk=reminder.pk).update(
            email_status=EmailStatus.SENDING, email_claimed_at=timezone.now()
        )
        # The redelivered batch leaves a mail another process is sending alone.
        run_through_worker(lambda: send_reminder_emails.delay([reminder.pk]))
        assert mails_to(world.reporter.email) == []
        # Within its lease nothing recovers it: the sender may still be at work.
        assert services.reminder_mails_recover() == 0
    # Once no send could still be running, it goes out, once.
    later = datetime(2026, 7, 3, 9, 0, tzinfo=CHINA) + services.SENDING_LEASE + timedelta(seconds=5)
    with time_machine.travel(later, tick=True):
        run_through_worker(lambda: reminder_mails_recover.delay())
        run_through_worker(lambda: reminder_mails_recover.delay())
    reminder.refresh_from_db()
    assert reminder.email_status == EmailStatus.SENT
    (message,) = mails_to(world.reporter.email)
    # The Message-ID is the reminder's own, the same on every send of it.
    assert message.extra_headers["Message-ID"].startswith(f"<reminder-{reminder.pk}.")


def test_mailing_again_never_resends_a_mail_marked_sent(world):
    with time_machine.travel(datetime(2026, 7, 3, 9, 0, tzinfo=CHINA), tick=True):
        reminder = services.reminder_claim(
            person=world.reporter, due=_reporter_item(world), step="before-7", today=JULY_3
        )
    Reminder.objects.filter(pk=reminder.pk).update(email_status=EmailStatus.SENT)
    assert services.reminder_email_retry(reminder_ids=[reminder.pk]) == 0
    reminder.refresh_from_db()
    assert reminder.email_status == EmailStatus.SENT


def test_the_database_refuses_a_second_reminder_of_the_same_step(world):
    from django.db import IntegrityError

    fields = {
        "person": world.reporter,
        "subject_type": "submissions.quarter",
        "subject_id": f"{world.yanchang_bureau.pk}/2026Q2",
        "deadline": date(2026, 7, 10),
        "step": "before-7",
    }
    Reminder.objects.create(**fields)
    with pytest.raises(IntegrityError), transaction.atomic():
        Reminder.objects.create(**fields)


def test_claiming_twice_creates_one_notification(world):
    item = _reporter_item(world)
    first = services.reminder_claim(person=world.reporter, due=item, step="before-7", today=JULY_3)
    second = services.reminder_claim(person=world.reporter, due=item, step="before-7", today=JULY_3)
    assert first is not None
    assert second is None
    assert Notification.objects.filter(recipient=world.reporter).count() == 1


# --- A failing mail server -----------------------------------------------------------


@pytest.mark.worker
def test_a_mail_server_that_keeps_failing_leaves_the_reminder_in_the_portal(
    world, celery_worker, settings, quick_retries, client_for
):
    settings.EMAIL_BACKEND = "tests.notifications.test_reliability.FailingEmailBackend"
    beat(JULY_3)
    reminder = Reminder.objects.get(person=world.reporter)
    assert reminder.email_status == EmailStatus.FAILED
    assert reminder.email_attempts == MAX_MAIL_RETRIES + 1
    assert "mail server down" in reminder.email_error
    assert Notification.objects.filter(recipient=world.reporter, read_at=None).count() == 1

    # Administrators see the failures in their list.
    boss = UserFactory(username="root", is_staff=True, is_superuser=True)
    response = client_for(boss).get(
        reverse("admin:notifications_reminder_changelist") + "?mail=failed"
    )
    assert response.status_code == 200
    shown = {r.pk for r in response.context["cl"].result_list}
    assert reminder.pk in shown
    assert shown == set(
        Reminder.objects.filter(email_status=EmailStatus.FAILED).values_list("pk", flat=True)
    )


@pytest.mark.worker
def test_a_mail_server_that_fails_once_is_retried(world, celery_worker, settings, quick_retries):
    FlakyEmailBackend.calls = 0
    settings.EMAIL_BACKEND = "tests.notifications.test_reliability.FlakyEmailBackend"
    with time_machine.travel(datetime(2026, 7, 3, 9, 0, tzinfo=CHINA), tick=True):
        run_through_worker(
            lambda: services.reminder_claim(
                person=world.reporter, due=_reporter_item(world), step="before-7", today=JULY_3
            )
        )
    reminder = Reminder.objects.get(person=world.reporter)
    assert reminder.email_status == EmailStatus.SENT
    assert reminder.email_attempts == 2
    assert len(mails_to(world.reporter.email)) == 1


def test_mail_retries_back_off_and_stay_inside_the_visibility_timeout():
    delays = [retry_delay(n) for n in range(MAX_MAIL_RETRIES)]
    assert delays == [30, 60, 120, 240, 480]
    visibility = app.conf.broker_transport_options.get("visibility_timeout", 3600)
    assert max(delays) < visibility


# --- The settings that make it hold ---------------------------------------------------


def test_tasks_are_acknowledged_late():
    assert app.conf.task_acks_late is True
    assert remind_due.acks_late is True
    assert send_reminder_emails.acks_late is True


def test_tasks_of_a_lost_worker_are_rejected_and_redelivered():
    assert app.conf.task_reject_on_worker_lost is True
    assert send_reminder_emails.reject_on_worker_lost is True


def test_a_worker_takes_one_task_at_a_time():
    assert app.conf.worker_prefetch_multiplier == 1


def test_the_schedule_is_beat_at_nine_in_china_without_countdowns():
    schedule = settings.CELERY_BEAT_SCHEDULE["deadline-reminders"]
    assert schedule["task"] == remind_due.name
    assert schedule["schedule"].hour == {9}
    assert schedule["schedule"].minute == {0}
    assert app.conf.timezone == "Asia/Shanghai"
    for entry in settings.CELERY_BEAT_SCHEDULE.values():
        options = entry.get("options", {})
        assert "countdown" not in options
        assert "eta" not in options


@pytest.mark.worker
def test_mail_is_queued_only_after_the_transaction_commits(world, celery_worker):
    at_nine = time_machine.travel(datetime(2026, 7, 3, 9, 0, tzinfo=CHINA), tick=True)
    with at_nine, TaskTracker() as tracker:
        with transaction.atomic():
            services.reminder_claim(
                person=world.reporter, due=_reporter_item(world), step="before-7", today=JULY_3
            )
            time.sleep(0.5)
            assert not tracker.published  # nothing reached the broker yet
        assert len(tracker.published) == 1
        deadline = time.monotonic() + 20
        while not tracker.settled() and time.monotonic() < deadline:
            time.sleep(0.02)
    assert len(mails_to(world.reporter.email)) == 1


@pytest.mark.worker
def test_mail_held_back_by_a_broker_outage_goes_out_once_the_broker_is_back(
    world, celery_worker, broker_down
):
    from portal.celery import app as celery_app

    with time_machine.travel(datetime(2026, 7, 3, 9, 0, tzinfo=CHINA), tick=True):
        services.reminder_claim(
            person=world.reporter, due=_reporter_item(world), step="before-7", today=JULY_3
        )
    reminder = Reminder.objects.get(person=world.reporter)
    assert reminder.email_status == EmailStatus.PENDING
    assert Notification.objects.filter(recipient=world.reporter).count() == 1
    # Redis is back.
    celery_app.conf.broker_url = settings.CELERY_BROKER_URL
    celery_app._pool = None
    celery_app.amqp._producer_pool = None
    # Beat's next sweep hands the waiting mail job over.
    with time_machine.travel(datetime(2026, 7, 3, 9, 1, tzinfo=CHINA), tick=True):
        run_through_worker(lambda: jobs_sweep.delay())
    # Monday's run finds nothing left to mail again.
    beat(JULY_3 + timedelta(days=3))
    reminder.refresh_from_db()
    assert reminder.email_status == EmailStatus.SENT
    assert len(mails_to(world.reporter.email)) == 1
