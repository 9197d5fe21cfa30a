"""`/metrics`: only with the bearer token; requests, database time and our own counts."""

import time
import uuid
from datetime import date

import pytest
from django.conf import settings
from prometheus_client.parser import text_string_to_metric_families

from notifications.models import EmailStatus, Reminder
from portal.celery import app
from portal.models import Job, JobState

URL = "/metrics"
TOKEN = "scrape-token-0123456789abcdef"


@pytest.fixture
def token(settings):
    settings.METRICS_TOKEN = TOKEN
    return TOKEN


def scrape(client, token=TOKEN):
    response = client.get(URL, HTTP_AUTHORIZATION=f"Bearer {token}")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    return response.content.decode()


def samples(text: str) -> dict:
    """{(sample name, frozenset of labels): value} of a metrics page."""
    return {
        (sample.name, frozenset(sample.labels.items())): sample.value
        for family in text_string_to_metric_families(text)
        for sample in family.samples
    }


def value(text: str, name: str, **labels) -> float | None:
    return samples(text).get((name, frozenset(labels.items())))


# Who may scrape ---------------------------------------------------------------------


def test_no_token_set_is_404_whatever_is_presented(db, client, settings):
    settings.METRICS_TOKEN = None
    assert client.get(URL).status_code == 404
    assert client.get(URL, HTTP_AUTHORIZATION="Bearer ").status_code == 404
    assert client.get(URL, HTTP_AUTHORIZATION="Bearer None").status_code == 404


@pytest.mark.parametrize(
    "authorization",
    [None, "", "Bearer", "Bearer wrong-token", f"Basic {TOKEN}", f"Bearer {TOKEN}x", TOKEN],
)
def test_missing_or_wrong_token_is_404(db, client, token, authorization):
    headers = {} if authorization is None else {"HTTP_AUTHORIZATION": authorization}
    response = client.get(URL, **headers)
    assert response.status_code == 404
    assert b"django_http" not in response.content


def test_a_signed_in_administrator_without_the_token_gets_404(world, client_for, token):
    assert client_for(world.province_admin).get(URL).status_code == 404


def test_post_is_refused(db, client, token):
    response = client.post(URL, HTTP_AUTHORIZATION=f"Bearer {TOKEN}")
    assert response.status_code == 405


def test_never_cached(db, client, token):
    response = client.get(URL, HTTP_AUTHORIZATION=f"Bearer {TOKEN}")
    assert "no-cache" in response["Cache-Control"] or "no-store" in response["Cache-Control"]


# What it shows ------------------------------------------------------------------------


def test_requests_latency_and_database_time_after_some_requests(db, client, token):
    for _ in range(3):
        assert client.get("/health/").status_code == 200
    text = scrape(client)
    assert (
        value(
            text,
            "django_http_requests_total_by_view_transport_method_total",
            view="health",
            transport="http",
            method="GET",
        )
        >= 3
    )
    assert (
        value(
            text,
            "django_http_requests_latency_seconds_by_view_method_count",
            view="health",
            method="GET",
        )
        >= 3
    )
    assert (
        value(
            text,
            "django_http_responses_total_by_status_view_method_total",
            status="200",
            view="health",
            method="GET",
        )
        >= 3
    )
    vendor = "postgresql" if settings.DATABASE_ENGINE.endswith("postgresql") else "sqlite"
    # Each /health/ runs a SELECT 1: database time, through django-prometheus's backend.
    assert (
        value(text, "django_db_query_duration_seconds_count", alias="default", vendor=vendor) >= 3
    )
    # Ours: reminders by mail state, zero or not (jobs and failures once there are some).
    assert "# TYPE portal_reminders gauge" in text


def _reminder(person, email_status):
    return Reminder.objects.create(
        person=person,
        subject_type="submissions.quarter",
        subject_id="1/2026Q2",
        deadline=date(2026, 7, 10),
        step=f"before-{uuid.uuid4().hex[:8]}",
        email_status=email_status,
    )


def test_reminder_counts_follow_the_database(world, client, token):
    text = scrape(client)
    assert value(text, "portal_reminders", email_status="failed") == 0
    assert value(text, "portal_reminders", email_status="sent") == 0

    _reminder(world.reporter, EmailStatus.FAILED)
    _reminder(world.approver, EmailStatus.FAILED)
    _reminder(world.approver, EmailStatus.SENT)
    _reminder(world.reporter, EmailStatus.PENDING)

    text = scrape(client)
    assert value(text, "portal_reminders", email_status="failed") == 2
    assert value(text, "portal_reminders", email_status="sent") == 1
    assert value(text, "portal_reminders", email_status="pending") == 1


def test_unfinished_jobs_follow_the_database(db, client, token):
    task = "summaries.tasks.make_document"
    assert value(scrape(client), "portal_jobs_unfinished", task=task, state="waiting") is None

    Job.objects.create(task=task, state=JobState.WAITING)
    Job.objects.create(task=task, state=JobState.WAITING)
    Job.objects.create(task=task, state=JobState.RUNNING)
    Job.objects.create(task=task, state=JobState.DONE)
    Job.objects.create(task=task, state=JobState.FAILED)

    text = scrape(client)
    assert value(text, "portal_jobs_unfinished", task=task, state="waiting") == 2
    assert value(text, "portal_jobs_unfinished", task=task, state="running") == 1
    assert value(text, "portal_jobs_unfinished", task=task, state="done") is None
    age = value(text, "portal_jobs_oldest_unfinished_age_seconds", task=task, state="waiting")
    assert 0 <= age < 60


# The task service ------------------------------------------------------------------------


def test_queue_depth_absent_when_tasks_run_in_process(db, client, token, settings):
    settings.REDIS_URL = None
    assert "portal_celery_queue_length{" not in scrape(client)


@pytest.mark.skipif(not settings.REDIS_URL, reason="queue depth is read from Redis (REDIS_URL)")
def test_queue_depth_counts_messages_no_worker_took(db, client, token):
    queue = app.conf.task_default_queue
    app.control.purge()
    try:
        for _ in range(3):
            app.send_task("tests.portal.test_metrics.nobody_runs_this", queue=queue)
        assert value(scrape(client), "portal_celery_queue_length", queue=queue) == 3
    finally:
        app.control.purge()
    assert value(scrape(client), "portal_celery_queue_length", queue=queue) == 0


@app.task(name="tests.portal.test_metrics.fails", acks_late=False, typing=False)
def fails():
    raise RuntimeError("this task always fails")


def _failures(client) -> float:
    return value(scrape(client), "portal_celery_task_failures_total", task=fails.name) or 0


@pytest.mark.worker
def test_task_failures_are_counted(celery_worker, client, token):
    before = _failures(client)
    fails.delay()
    fails.delay()
    deadline = time.monotonic() + 10
    while _failures(client) < before + 2 and time.monotonic() < deadline:
        time.sleep(0.05)
    assert _failures(client) == before + 2


def test_the_page_answers_while_the_database_does_not(db, client, token, database_down):
    text = scrape(client)
    assert "django_http_requests_total_by_view_transport_method_total" in text
    assert "portal_reminders{" not in text
