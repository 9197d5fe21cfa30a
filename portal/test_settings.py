"""Settings for the test suite: production settings with test-only conveniences.

Celery is *not* eager here: tests that need a task run it through a real worker
(tests/conftest.py `celery_worker`), on Redis when REDIS_URL is set.
"""

import os
from urllib.parse import urlsplit, urlunsplit

from django.core.exceptions import ImproperlyConfigured

os.environ.setdefault("SECRET_KEY", "test-only-secret-key-not-for-production-use-0123456789")
os.environ.setdefault("HTTPS", "false")
# The production shape's processes (tests/production/shape.py) read the test database with it.
os.environ.setdefault("PERSONAL_DATA_KEY", "0123456789abcdeffedcba9876543210")

from portal.settings import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
# A worker of the test process answers the status page's ping in milliseconds; the page
# waits out the whole timeout whatever the answers (tests/portal/test_status.py).
STATUS_WORKER_PING_SECONDS = 0.25
CELERY_TASK_ALWAYS_EAGER = False
STORAGES = {
    **STORAGES,  # noqa: F405
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_AUTOREFRESH = True
MEDIA_ROOT = BASE_DIR / "test-results" / "media"  # noqa: F405
# Session controls and password expiry kept out of the tests of everything else: many sign
# in at one (frozen) time and ask for pages days or months later, or sign one person in
# twice. 0 turns a control off (a value only these settings use: the policy page refuses it);
# the tests of each control (tests/portal/test_sessions.py, test_password_policy.py) turn it
# on by saving the policy row. Length, complexity, history and lockout stay as in production.
SECURITY_DEFAULTS = {
    **SECURITY_DEFAULTS,  # noqa: F405
    "password_max_age_days": 0,
    "idle_minutes": 0,
    "session_hours": 0,
    "single_session": False,
    # Two-step sign-in too: the tests sign reviewers and administrators in with force_login
    # or a password alone. tests/portal/test_two_factor.py turns it on by saving the policy.
    "two_factor_roles": [],
}


# --- pytest-xdist: each worker process (gw0, gw1, ...) keeps to its own ------------------
# pytest-django gives each worker its own test database (test_portal_gw0, ...). The rest is
# ours: a media folder and, on Redis, a database number and a Celery queue, so that one
# worker's cache.clear() (a FLUSHDB), queue purge or Celery worker cannot reach the keys and
# tasks of a test running in another.
XDIST_WORKER = os.environ.get("PYTEST_XDIST_WORKER", "")


def _redis_url_for_worker(url: str, worker: str) -> str:
    """`url` with its database number moved up by the worker's index (gw1: one up)."""
    parts = urlsplit(url)
    base = int(parts.path.lstrip("/") or 0)
    number = base + int(worker.removeprefix("gw"))
    if number > 15:
        raise ImproperlyConfigured(
            f"Redis has databases 0-15: {worker} starting from database {base} needs {number}; "
            "run fewer xdist workers or point REDIS_URL at a lower database."
        )
    return urlunsplit(parts._replace(path=f"/{number}"))


if XDIST_WORKER:
    MEDIA_ROOT = MEDIA_ROOT / XDIST_WORKER
    CELERY_TASK_DEFAULT_QUEUE = f"celery-{XDIST_WORKER}"
    if REDIS_URL:  # noqa: F405
        _shared = REDIS_URL  # noqa: F405
        REDIS_URL = _redis_url_for_worker(_shared, XDIST_WORKER)
        CACHES = {"default": {**CACHES["default"], "LOCATION": REDIS_URL}}  # noqa: F405
        CELERY_BROKER_URL = REDIS_URL
        if _shared == CELERY_RESULT_BACKEND:  # noqa: F405
            CELERY_RESULT_BACKEND = REDIS_URL

# A test database is thrown away at the end of the run: its commits need not wait for the
# disk. On PostgreSQL a commit that waits for its WAL to be flushed takes ~3 ms here, and the
# transactional tests (live server, Celery worker, browser) commit thousands of times.
# Nothing a test can see changes: a commit is visible to every other connection at once
# either way; only a crash of the database server could lose the last ones.
if DATABASE_ENGINE == "django.db.backends.postgresql":  # noqa: F405
    DATABASES["default"]["OPTIONS"]["options"] = "-c synchronous_commit=off"  # noqa: F405

# SQLite: the test database is a file, not Django's in-memory one. The in-memory database is
# shared between threads through SQLite's shared cache, whose table locks fail at once
# ("database table is locked") instead of waiting: a Celery worker thread writing a row that
# the live server's thread was reading lost its task. A file's locks wait (the busy timeout).
if DATABASE_ENGINE == "django.db.backends.sqlite3":  # noqa: F405
    (BASE_DIR / "test-results").mkdir(exist_ok=True)  # noqa: F405
    # One file per test run (pytest-django adds each xdist worker's suffix), so that two
    # runs in the same checkout at once do not share, and break, each other's database.
    _RUN = os.environ.get("PYTEST_XDIST_TESTRUNUID", "")[:8] or str(os.getpid())
    _NAME = f"test-db-{_RUN}.sqlite3"
    DATABASES["default"]["TEST"] = {"NAME": str(BASE_DIR / "test-results" / _NAME)}  # noqa: F405
    # Thrown away too: a commit need not wait for the file to reach the disk.
    DATABASES["default"].setdefault("OPTIONS", {})["init_command"] = "PRAGMA synchronous=OFF"  # noqa: F405

# A `replica` database that is the test database itself (a test mirror), so that the
# router's tests (tests/portal/test_db_router.py) can install portal.db_router and see which
# alias each query takes. Nothing else reads it: without the router every query goes to
# `default`. A real DATABASE_REPLICA_URL is mirrored too: the test database is made only on
# the primary (tests/portal/test_read_replica.py starts a real replica of its own).
DATABASES.setdefault("replica", dict(DATABASES["default"]))  # noqa: F405
DATABASES["replica"]["TEST"] = {"MIRROR": "default"}  # noqa: F405
