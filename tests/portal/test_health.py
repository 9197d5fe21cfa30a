"""`/health/`, as a load balancer polls it: anonymous, over plain HTTP, every few seconds.
It answers for this web host (its process and the database), never for Redis."""

import time

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

HEALTH = reverse("health")


@pytest.mark.django_db
def test_a_host_whose_database_answers_is_healthy(client):
    response = client.get(HEALTH)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert response.content == b"ok\n"
    assert "no-cache" in response["Cache-Control"]


@pytest.mark.django_db
def test_the_check_is_one_select_and_leaves_no_session(client):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(HEALTH)
    assert response.status_code == 200
    selects = [q["sql"] for q in queries if "SELECT" in q["sql"].upper()]
    assert selects == ["SELECT 1"]
    assert not any(q["sql"].upper().startswith(("INSERT", "UPDATE", "DELETE")) for q in queries)
    assert "sessionid" not in response.cookies
    assert "csrftoken" not in response.cookies


@pytest.mark.django_db
def test_a_head_request_is_answered_too(client):
    assert client.head(HEALTH).status_code == 200


@pytest.mark.django_db
def test_a_host_whose_database_does_not_answer_is_taken_out(client, database_down):
    started = time.monotonic()
    response = client.get(HEALTH)
    assert response.status_code == 503
    assert response.content == b"database unavailable\n"
    assert time.monotonic() - started < 5


@pytest.mark.django_db
def test_redis_down_leaves_every_host_in(client, redis_down):
    # Redis is shared by all hosts: failing on it would take them all out together.
    started = time.monotonic()
    response = client.get(HEALTH)
    assert response.status_code == 200
    assert time.monotonic() - started < 2


@pytest.mark.django_db
def test_the_probe_over_plain_http_is_not_redirected(client, settings):
    # With HTTPS on, every other page redirects to https://; the load balancer probes the
    # web host directly over HTTP and must see the answer itself.
    settings.SECURE_SSL_REDIRECT = True
    assert client.get(reverse("login")).status_code == 301
    assert client.get(HEALTH).status_code == 200


@pytest.mark.django_db
def test_health_refuses_post(client):
    assert client.post(HEALTH).status_code == 405
