"""Outages, as the web hosts meet them: a database or a Redis that does not answer."""

import pytest
from django.db import connections

from portal.celery import app

CLOSED_PORT = 9  # the discard port: nothing listens there


@pytest.fixture
def database_down(tmp_path):
    """This process's connection to the database replaced by one that cannot be made (a
    closed port for PostgreSQL, a file in a missing folder for SQLite); the test's own
    connection, with its transaction, is put back afterwards."""
    real = connections["default"]
    settings_dict = {**real.settings_dict}
    if real.vendor == "postgresql":
        settings_dict.update(HOST="127.0.0.1", PORT=str(CLOSED_PORT))
    else:
        settings_dict["NAME"] = str(tmp_path / "missing" / "db.sqlite3")
    dead = real.__class__(settings_dict, alias="default")
    connections["default"] = dead
    yield
    dead.close()
    connections["default"] = real


@pytest.fixture
def redis_down(settings):
    """Redis, as broker and as cache, at a port where nothing listens."""
    url = f"redis://127.0.0.1:{CLOSED_PORT}/0"
    settings.REDIS_URL = url
    settings.CACHES = {
        "default": {
            "BACKEND": "portal.cache.TolerantRedisCache",
            "LOCATION": url,
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1, "retry": None},
        }
    }
    saved = app.conf.broker_url
    app.conf.broker_url = url
    app._pool = None
    app.amqp._producer_pool = None
    yield
    app.conf.broker_url = saved
    app._pool = None
    app.amqp._producer_pool = None
