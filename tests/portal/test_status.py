"""The administrators' status page: every part the portal depends on, each with a badge in
words and what to do, answering within seconds even with Redis down."""

import re
import time
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.conf import settings as django_settings
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains, assertRedirects

from notifications.models import EmailStatus, Reminder, ReminderRun
from portal import status, tasks
from portal.models import Job, JobState, Role
from tests.factories import person

STATUS = reverse("status")
CHINA = ZoneInfo("Asia/Shanghai")
NOON = datetime(2026, 5, 12, 12, 0, tzinfo=CHINA)


def check(response, key: str) -> tuple[str, str]:
    """(state, visible text) of one check's section on the page."""
    html = response.content.decode()
    found = re.search(
        rf'<section[^>]*data-testid="check-{key}" data-state="(\w+)"[^>]*>(.*?)</section>',
        html,
        re.S,
    )
    assert found, f"no {key} check on the page"
    text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", found.group(2))).strip()
    return found.group(1), text


@pytest.fixture
def redis_answers(settings, monkeypatch):
    """Redis configured and answering, with one worker: the real ones where REDIS_URL is
    set (CI), stand-ins otherwise. The beat heartbeat is read from the cache either way."""
    if not settings.REDIS_URL:
        settings.REDIS_URL = "redis://redis.invalid:6379/0"
        monkeypatch.setattr(status, "redis_error", lambda: None)
    monkeypatch.setattr(status, "worker_names", lambda: ["celery@worker-1"])


# Access -------------------------------------------------------------------------------


def test_administrators_see_the_page_and_the_menu_links_it(world, client_for):
    client = client_for(world.province_admin)
    assert client.get(STATUS).status_code == 200
    assertContains(client.get(reverse("home")), f'href="{STATUS}"')


@pytest.mark.parametrize("who", ["province_reviewer", "city_reviewer", "reporter", "approver"])
def test_others_are_refused_and_not_shown_the_link(world, client_for, who):
    client = client_for(getattr(world, who))
    assert client.get(STATUS).status_code == 403
    assertNotContains(client.get(reverse("home")), f'href="{STATUS}"')


def test_a_person_without_a_role_is_refused(world, client_for):
    assert client_for(world.nobody).get(STATUS).status_code == 403


def test_anonymous_visitors_are_sent_to_sign_in(world, client):
    assertRedirects(
        client.get(STATUS), f"{reverse('login')}?next={STATUS}", fetch_redirect_response=False
    )


def test_post_is_refused(world, client_for):
    assert client_for(world.province_admin).post(STATUS).status_code == 405


# Without Redis, and with Redis down ------------------------------------------------------


def test_without_redis_tasks_run_in_process(world, client_for, settings):
    settings.REDIS_URL = None
    response = client_for(world.province_admin).get(STATUS)
    assert check(response, "database")[0] == "ok"
    for key in ("redis", "workers", "beat"):
        assert check(response, key)[0] == "off"
    assert "REDIS_URL" in check(response, "redis")[1]


def test_redis_down_is_shown_as_a_problem_quickly(world, client_for, redis_down):
    started = time.monotonic()
    response = client_for(world.province_admin).get(STATUS)
    assert time.monotonic() - started < 5
    assert response.status_code == 200
    assert check(response, "database")[0] == "ok"
    for key in ("redis", "workers", "beat"):
        assert check(response, key)[0] == "problem"
    assert "127.0.0.1:9" in check(response, "redis")[1]


def test_badges_say_the_state_in_words(world, client_for, redis_down):
    # Chinese first; the badge's colour only repeats what its text says.
    response = client_for(world.province_admin).get(STATUS)
    assert "正常" in check(response, "database")[1]
    assert "有问题" in check(response, "redis")[1]
    assertContains(response, "需要处理")


@pytest.mark.skipif(not django_settings.REDIS_URL, reason="needs Redis (REDIS_URL)")
@pytest.mark.worker
def test_with_redis_the_running_workers_are_listed(world, client_for, celery_worker, settings):
    settings.STATUS_WORKER_PING_SECONDS = 1.0  # as in production
    response = client_for(world.province_admin).get(STATUS)
    assert check(response, "redis")[0] == "ok"
    state, text = check(response, "workers")
    assert state == "ok"
    assert celery_worker.hostname in text


# Beat --------------------------------------------------------------------------------


def test_beat_seen_within_three_minutes_is_fine(world, client_for, redis_answers):
    with time_machine.travel(NOON, tick=False):
        tasks.jobs_sweep()  # as beat sends it every minute
    with time_machine.travel(NOON + timedelta(minutes=2), tick=False):
        response = client_for(world.province_admin).get(STATUS)
    state, text = check(response, "beat")
    assert state == "ok"
    assert "2026" in text  # when it was last seen


def test_beat_not_seen_for_longer_is_a_problem(world, client_for, redis_answers):
    with time_machine.travel(NOON, tick=False):
        tasks.jobs_sweep()
    with time_machine.travel(NOON + timedelta(minutes=5), tick=False):
        response = client_for(world.province_admin).get(STATUS)
    state, text = check(response, "beat")
    assert state == "problem"
    assert "celery -A portal beat" in text


def test_beat_never_seen_is_a_problem(world, client_for, redis_answers):
    assert check(client_for(world.province_admin).get(STATUS), "beat")[0] == "problem"


def test_workers_that_answer_are_named(world, client_for, redis_answers):
    state, text = check(client_for(world.province_admin).get(STATUS), "workers")
    assert state == "ok"
    assert "celery@worker-1" in text


def test_no_worker_answering_is_a_problem(world, client_for, redis_answers, monkeypatch):
    monkeypatch.setattr(status, "worker_names", lambda: [])
    state, text = check(client_for(world.province_admin).get(STATUS), "workers")
    assert state == "problem"
    assert "celery -A portal worker" in text


# Jobs --------------------------------------------------------------------------------


def _jobs(now):
    with time_machine.travel(now, tick=False):
        oldest = Job.objects.create(task="notifications.tasks.remind_due")
    with time_machine.travel(now + timedelta(minutes=1), tick=False):
        Job.objects.create(task="portal.tasks.send_email")
        Job.objects.create(task="portal.tasks.send_email", state=JobState.QUEUED)
        Job.objects.create(task="summaries.tasks.render", state=JobState.RUNNING)
        for _ in range(3):
            Job.objects.create(task="portal.tasks.send_email", state=JobState.DONE)
    return oldest


def test_jobs_are_counted_by_state_with_the_oldest_unfinished(world, client_for):
    oldest = _jobs(NOON)
    with time_machine.travel(NOON + timedelta(minutes=3), tick=False):
        response = client_for(world.province_admin).get(STATUS)
    jobs = next(c for c in response.context["checks"] if c.key == "jobs")
    assert jobs.facts[:4] == [
        (JobState.WAITING.label, "2"),
        (JobState.QUEUED.label, "1"),
        (JobState.RUNNING.label, "1"),
        (JobState.FAILED.label, "0"),
    ]
    state, text = check(response, "jobs")
    assert state == "ok"
    assert f"notifications.tasks.remind_due（#{oldest.pk}）" in text
    assert "3 分钟前" in text


def test_a_job_unfinished_for_long_is_a_problem(world, client_for):
    _jobs(NOON)
    with time_machine.travel(NOON + timedelta(minutes=20), tick=False):
        state, text = check(client_for(world.province_admin).get(STATUS), "jobs")
    assert state == "problem"
    assert "20 分钟前" in text


def test_a_job_that_failed_today_is_a_problem_with_its_error(world, client_for):
    with time_machine.travel(NOON, tick=False):
        Job.objects.create(
            task="summaries.tasks.render",
            state=JobState.FAILED,
            finished_at=NOON,
            error="OSError: font missing",
        )
    with time_machine.travel(NOON + timedelta(hours=2), tick=False):
        state, text = check(client_for(world.province_admin).get(STATUS), "jobs")
    assert state == "problem"
    assert "OSError: font missing" in text
    with time_machine.travel(NOON + timedelta(days=2), tick=False):
        state, text = check(client_for(world.province_admin).get(STATUS), "jobs")
    assert state == "ok"  # still counted, no longer news


# Failed mail -------------------------------------------------------------------------


def _reminder(person, email_status):
    return Reminder.objects.create(
        person=person,
        subject_type="submissions.quarter",
        subject_id="1/2026Q2",
        deadline=date(2026, 7, 10),
        step=f"before-{Reminder.objects.count()}",
        email_status=email_status,
    )


def test_failed_reminder_mail_is_counted_and_linked_to_its_list(world, client_for):
    _reminder(world.reporter, EmailStatus.FAILED)
    _reminder(world.approver, EmailStatus.FAILED)
    _reminder(world.approver, EmailStatus.SENT)
    response = client_for(world.province_admin).get(STATUS)
    state, text = check(response, "mails")
    assert state == "problem"
    assert "2" in text
    listing = reverse("admin:notifications_reminder_changelist") + "?mail=failed"
    assertContains(response, f'href="{listing}"')


def test_no_failed_mail_is_fine_and_the_last_run_is_shown(world, client_for):
    _reminder(world.reporter, EmailStatus.SENT)
    ReminderRun.objects.create(
        day=NOON.date(), started_at=NOON, finished_at=NOON + timedelta(seconds=40)
    )
    state, text = check(client_for(world.province_admin).get(STATUS), "mails")
    assert state == "ok"
    assert "2026年5月12日" in text
    assert "结束于" in text


def test_the_admin_link_is_for_staff_only(world, client_for):
    _reminder(world.reporter, EmailStatus.FAILED)
    admin_without_staff = person("city_admin", world.yanan_office, Role.ADMIN)
    response = client_for(admin_without_staff).get(STATUS)
    assert check(response, "mails")[0] == "problem"
    assertNotContains(response, reverse("admin:notifications_reminder_changelist"))
