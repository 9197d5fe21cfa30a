"""The health endpoint that load balancers and monitoring poll, without signing in."""

import pytest
from django.conf import settings
from django.urls import reverse


@pytest.mark.django_db
def test_health_json_reports_database_and_cache_ok(client):
    response = client.get(reverse("health"), {"format": "json"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    results = response.json()
    assert any(name.startswith("Database") for name in results)
    assert any(name.startswith("Cache") for name in results)
    assert set(results.values()) == {"OK"}


@pytest.mark.django_db
def test_health_checks_redis_when_it_is_configured(client):
    results = client.get(reverse("health"), {"format": "json"}).json()
    assert any(name.startswith("Redis") for name in results) == bool(settings.REDIS_URL)


@pytest.mark.django_db
def test_health_is_never_cached(client):
    response = client.get(reverse("health"), {"format": "json"})
    assert "no-cache" in response["Cache-Control"] or "max-age=0" in response["Cache-Control"]


@pytest.mark.django_db
def test_health_text_format(client):
    response = client.get(reverse("health"), {"format": "text"})
    assert response.status_code == 200
    assert "Database" in response.content.decode()


@pytest.mark.django_db
def test_health_reports_a_broken_cache(client, settings):
    # A cache server that cannot be reached makes the check fail with 500.
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
        }
    }
    response = client.get(reverse("health"), {"format": "json"})
    assert response.status_code == 500
    results = response.json()
    cache = next(value for name, value in results.items() if name.startswith("Cache"))
    assert cache != "OK"


@pytest.mark.django_db
def test_health_refuses_post(client):
    assert client.post(reverse("health")).status_code == 405


@pytest.mark.django_db
def test_health_reports_an_unreachable_broker(client, settings):
    # The broker is checked whenever one is configured; one that is down fails the check.
    settings.REDIS_URL = "redis://127.0.0.1:1/0"
    response = client.get(reverse("health"), {"format": "json"})
    assert response.status_code == 500
    results = response.json()
    redis = next(value for name, value in results.items() if name.startswith("Redis"))
    assert redis != "OK"
    database = next(value for name, value in results.items() if name.startswith("Database"))
    assert database == "OK"
