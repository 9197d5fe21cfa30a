"""Jobs through the outbox (portal.jobs): written with the change they belong to, handed to
the broker after commit, and never lost or run twice when the broker or a worker fails."""

import os
import socket
import subprocess
import time
from datetime import timedelta

import pytest
from django.core import mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from portal import jobs
from portal.celery import app
from portal.models import Job, JobState
from portal.tasks import jobs_sweep, send_email
from tests.factories import UserFactory


def _wait(condition, what, seconds=15.0):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.05)
    raise AssertionError(f"{what} did not happen within {seconds} s")


def _mails_to(address):
    return [message for message in mail.outbox if address in message.to]


def _dead_pid() -> int:
    process = subprocess.Popen(["true"])  # noqa: S607
    process.wait()
    return process.pid


def test_a_job_exists_only_if_its_change_was_committed(db, django_capture_on_commit_callbacks):
    with (
        django_capture_on_commit_callbacks(execute=True),
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        jobs.enqueue(send_email, "主题", "正文", ["a@example.gov.cn"])
        raise RuntimeError("the change failed")
    assert not Job.objects.exists()

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        job = jobs.enqueue(send_email, "主题", "正文", ["a@example.gov.cn"])
    assert len(callbacks) == 1
    job.refresh_from_db()
    assert job.state == JobState.QUEUED
    assert job.dispatches == 1


def test_a_broker_that_is_down_leaves_the_job_waiting_without_an_error(
    db, broker_down, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        job = jobs.enqueue(send_email, "主题", "正文", ["a@example.gov.cn"])
    job.refresh_from_db()
    assert job.state == JobState.WAITING
    assert "127.0.0.1:9" in job.error or "Connection refused" in job.error
    assert jobs.is_waiting(job)


@pytest.mark.worker
def test_password_reset_with_the_broker_down_says_so_and_the_mail_follows_once(
    transactional_db, client, celery_worker, broker_down
):
    UserFactory(username="wang_xy", email="wangxy@example.gov.cn")
    response = client.post(
        reverse("password_reset"), {"email": "wangxy@example.gov.cn"}, follow=True
    )
    assert response.status_code == 200
    assert "服务恢复后邮件将尽快发出" in response.content.decode()
    job = Job.objects.get()
    assert job.state == JobState.WAITING

    broker_down.back()
    with pytest.MonkeyPatch.context() as patch:
        # The sweep leaves a job alone for a few seconds after it was made.
        patch.setattr(jobs, "WAITING_GRACE", timedelta(0))
        jobs_sweep.delay()
        _wait(lambda: _mails_to("wangxy@example.gov.cn"), "the reset mail")
        jobs_sweep.delay()
        time.sleep(0.5)
    _wait(lambda: Job.objects.filter(state=JobState.DONE).exists(), "the job to finish")
    assert len(_mails_to("wangxy@example.gov.cn")) == 1


@pytest.mark.worker
def test_a_job_delivered_twice_runs_once(transactional_db, celery_worker):
    job = jobs.enqueue(send_email, "主题", "正文", ["twice@example.gov.cn"])
    # The broker hands the same message over again (a redelivery after a lost ack).
    send_email.apply_async(job.args, task_id=f"{jobs.TASK_ID_PREFIX}{job.pk}")
    _wait(lambda: _mails_to("twice@example.gov.cn"), "the mail")
    _wait(lambda: Job.objects.get(pk=job.pk).state == JobState.DONE, "the job to finish")
    time.sleep(0.5)
    assert len(_mails_to("twice@example.gov.cn")) == 1
    assert Job.objects.get(pk=job.pk).runs == 1


@pytest.mark.worker
def test_a_job_the_broker_lost_is_handed_over_again_by_the_sweep(transactional_db, celery_worker):
    # Handed over before Redis restarted empty: the broker no longer has it.
    job = Job.objects.create(
        task=send_email.name,
        args=["主题", "正文", ["lost@example.gov.cn"]],
        state=JobState.QUEUED,
        queued_at=timezone.now() - jobs.LOST_AFTER - timedelta(seconds=1),
        dispatches=1,
    )
    assert jobs.sweep() == 1
    _wait(lambda: _mails_to("lost@example.gov.cn"), "the mail")
    _wait(lambda: Job.objects.get(pk=job.pk).state == JobState.DONE, "the job to finish")
    assert jobs.sweep() == 0
    assert len(_mails_to("lost@example.gov.cn")) == 1


def test_a_job_queued_recently_or_due_later_is_left_alone(db):
    now = timezone.now()
    Job.objects.create(task=send_email.name, state=JobState.QUEUED, queued_at=now)
    Job.objects.create(
        task=send_email.name,
        state=JobState.QUEUED,
        queued_at=now - timedelta(hours=1),
        run_after=now + timedelta(minutes=20),  # a retry waiting for its time
    )
    Job.objects.create(task=send_email.name, state=JobState.WAITING)  # its request hands it over
    assert jobs.sweep() == 0


@pytest.mark.worker
def test_a_copy_redelivered_after_its_pool_process_died_takes_the_job_over(
    transactional_db, celery_worker
):
    job = Job.objects.create(
        task=send_email.name,
        args=["主题", "正文", ["orphan@example.gov.cn"]],
        state=JobState.RUNNING,
        started_at=timezone.now(),
        runner=f"{socket.gethostname()}:{_dead_pid()}",
        runs=1,
    )
    send_email.apply_async(job.args, task_id=f"{jobs.TASK_ID_PREFIX}{job.pk}")
    _wait(lambda: _mails_to("orphan@example.gov.cn"), "the mail")
    _wait(lambda: Job.objects.get(pk=job.pk).state == JobState.DONE, "the job to finish")
    assert Job.objects.get(pk=job.pk).runs == 2


@pytest.mark.worker
def test_a_copy_never_takes_over_from_a_live_process(transactional_db, celery_worker):
    job = Job.objects.create(
        task=send_email.name,
        args=["主题", "正文", ["busy@example.gov.cn"]],
        state=JobState.RUNNING,
        started_at=timezone.now(),
        runner=f"{socket.gethostname()}:{os.getppid()}",
        runs=1,
    )
    send_email.apply_async(job.args, task_id=f"{jobs.TASK_ID_PREFIX}{job.pk}")
    time.sleep(1.5)
    assert _mails_to("busy@example.gov.cn") == []
    assert Job.objects.get(pk=job.pk).state == JobState.RUNNING


@pytest.mark.worker
def test_a_job_running_past_its_time_limit_on_another_host_is_run_again(
    transactional_db, celery_worker
):
    lease = jobs.lease(send_email.name)
    job = Job.objects.create(
        task=send_email.name,
        args=["主题", "正文", ["stalled@example.gov.cn"]],
        state=JobState.RUNNING,
        started_at=timezone.now() - lease + timedelta(seconds=30),
        runner="worker-host-2:4242",
        runs=1,
    )
    assert jobs.sweep() == 0  # still within what a live worker may take
    Job.objects.filter(pk=job.pk).update(started_at=timezone.now() - lease - timedelta(seconds=1))
    assert jobs.sweep() == 1
    _wait(lambda: _mails_to("stalled@example.gov.cn"), "the mail")
    _wait(lambda: Job.objects.get(pk=job.pk).state == JobState.DONE, "the job to finish")
    assert len(_mails_to("stalled@example.gov.cn")) == 1


def test_every_task_records_its_job_and_the_sweep_runs_every_minute(settings):
    assert isinstance(send_email, jobs.JobTask)
    assert app.conf.task_ignore_result is True
    entry = settings.CELERY_BEAT_SCHEDULE["jobs-sweep"]
    assert entry["task"] == jobs_sweep.name
    assert entry["schedule"] <= 60


def test_a_job_for_an_unknown_task_is_left_waiting_and_the_sweep_carries_on(db):
    stray = Job.objects.create(
        task="retired.tasks.gone", created_at=timezone.now() - timedelta(minutes=5)
    )
    Job.objects.filter(pk=stray.pk).update(created_at=timezone.now() - timedelta(minutes=5))
    assert jobs.dispatch(stray.pk) is False
    assert jobs.sweep() == 0
    stray.refresh_from_db()
    assert stray.state == JobState.WAITING
