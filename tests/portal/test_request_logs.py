"""One log line per request and per task, the task's carrying its request's id."""

import json
import logging
import re
import time

import pytest
from django.conf import settings
from django.urls import reverse
from pythonjsonlogger.json import JsonFormatter

from portal.request_logs import RequestIdFilter, request_id
from tests.conftest import PASSWORD

HEX_ID = re.compile(r"[0-9a-f]{32}")


def json_line(record: logging.LogRecord) -> dict:
    """The record as LOG_FORMAT=json writes it: the formatter and filter from settings."""
    options = {k: v for k, v in settings.LOGGING["formatters"]["json"].items() if k != "()"}
    RequestIdFilter().filter(record)
    return json.loads(JsonFormatter(**options).format(record))


@pytest.fixture
def request_lines(caplog):
    caplog.set_level(logging.INFO, logger="portal.requests")

    def lines():
        return [r for r in caplog.records if r.name == "portal.requests"]

    return lines


def test_one_json_line_per_request_without_personal_data(world, client_for, request_lines):
    person = world.reporter
    person.phone = "13912345678"
    person.save()
    response = client_for(person).get(reverse("home") + "?q=王小燕")
    assert response.status_code == 200

    [record] = request_lines()
    line = json_line(record)
    assert line["method"] == "GET"
    assert line["path"] == reverse("home")  # no query string: searches hold names
    assert line["status"] == 200
    assert isinstance(line["duration_ms"], float) and line["duration_ms"] >= 0
    assert line["request_id"] == response["X-Request-ID"]
    assert HEX_ID.fullmatch(line["request_id"])
    assert line["user_id"] == person.pk
    assert line["level"] == "INFO" and line["logger"] == "portal.requests" and line["time"]
    text = json.dumps(line, ensure_ascii=False)
    for personal in (person.full_name, person.username, person.email, "13912345678", "王小燕"):
        assert personal not in text


def test_a_sign_in_logs_neither_the_name_nor_the_password(world, client, request_lines):
    response = client.post(
        reverse("login"), {"username": world.reporter.username, "password": PASSWORD}
    )
    assert response.status_code == 302
    [record] = request_lines()
    text = json.dumps(json_line(record), ensure_ascii=False)
    assert PASSWORD not in text and world.reporter.username not in text
    assert json_line(record)["status"] == 302


def test_anonymous_request_has_no_user(db, client, request_lines):
    client.get("/health/")
    [record] = request_lines()
    assert json_line(record)["user_id"] is None


def test_a_well_formed_incoming_request_id_is_kept(db, client, request_lines):
    incoming = "5f2c0d9e6b7a4c1d8e3f0a9b8c7d6e5f"
    response = client.get("/health/", HTTP_X_REQUEST_ID=incoming)
    assert response["X-Request-ID"] == incoming
    assert json_line(request_lines()[0])["request_id"] == incoming


@pytest.mark.parametrize(
    "incoming",
    ["", "has space", 'quote"', "line\nbreak", "x" * 200, "-leading-dash", "中文"],
)
def test_a_malformed_incoming_request_id_is_replaced(db, client, request_lines, incoming):
    response = client.get("/health/", HTTP_X_REQUEST_ID=incoming)
    assert HEX_ID.fullmatch(response["X-Request-ID"])
    assert json_line(request_lines()[0])["request_id"] == response["X-Request-ID"]


def test_each_request_gets_its_own_id_and_none_is_left_behind(db, client, request_lines):
    first = client.get("/health/")["X-Request-ID"]
    second = client.get("/health/")["X-Request-ID"]
    assert first != second
    assert request_id.get() is None


def test_password_reset_token_is_not_logged(db, client, request_lines):
    url = reverse("password_reset_confirm", kwargs={"uidb64": "MQ", "token": "secret-reset-token"})
    client.get(url)
    line = json_line(request_lines()[0])
    assert "secret-reset-token" not in json.dumps(line)
    assert line["path"] == "/accounts/password/reset/<uidb64>/<token>/"


def test_refused_and_missing_pages_are_logged_with_their_status(world, client_for, request_lines):
    client_for(world.reporter).get("/no-such-page/")
    assert json_line(request_lines()[0])["status"] == 404


def test_lines_written_during_a_request_carry_its_id():
    record = logging.LogRecord("x", logging.WARNING, __file__, 1, "inside", None, None)
    token = request_id.set("abc123")
    try:
        line = json_line(record)
    finally:
        request_id.reset(token)
    assert line["request_id"] == "abc123"


# Tasks --------------------------------------------------------------------------------


@pytest.mark.worker
def test_a_task_started_by_a_request_logs_the_same_request_id(
    transactional_db, celery_worker, client, caplog
):
    from tests.factories import UserFactory

    UserFactory(username="wang_xy", email="wangxy@example.gov.cn")
    caplog.set_level(logging.INFO, logger="portal.requests")
    caplog.set_level(logging.INFO, logger="portal.task_runs")
    response = client.post(
        reverse("password_reset"),
        {"email": "wangxy@example.gov.cn"},
        HTTP_X_REQUEST_ID="req-0001-from-the-proxy",
    )
    assert response.status_code == 302
    assert response["X-Request-ID"] == "req-0001-from-the-proxy"

    def task_lines():
        return [r for r in caplog.records if r.name == "portal.task_runs"]

    deadline = time.monotonic() + 10
    while not task_lines() and time.monotonic() < deadline:
        time.sleep(0.05)
    [record] = task_lines()
    line = json_line(record)
    assert line["task"] == "portal.tasks.send_email"
    assert line["state"] == "SUCCESS"
    assert line["request_id"] == "req-0001-from-the-proxy"
    assert line["duration_ms"] >= 0
    assert "wangxy@example.gov.cn" not in json.dumps(line)


@pytest.mark.worker
def test_a_task_started_outside_a_request_has_no_request_id(celery_worker, caplog):
    from portal.tasks import discard_abandoned_uploads

    caplog.set_level(logging.INFO, logger="portal.task_runs")
    discard_abandoned_uploads.delay()
    deadline = time.monotonic() + 10
    while not [r for r in caplog.records if r.name == "portal.task_runs"]:
        assert time.monotonic() < deadline
        time.sleep(0.05)
    [record] = [r for r in caplog.records if r.name == "portal.task_runs"]
    assert json_line(record)["request_id"] is None
