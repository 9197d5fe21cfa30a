"""Shared test world: a small region tree and one person per role (defined once here).

陕西省 (province)                       province office: province_reviewer, province_admin
├── 延安市 (city)                       city office: city_reviewer
│   ├── 延长县 (county)                 county bureau: reporter, approver; propaganda dept
│   │   └── 七里村街道 (township)
│   └── 延川县 (county)                 county bureau: neighbour_reporter
└── 榆林市 (city)                       city office: other_city_reviewer
    └── 靖边县 (county)                 county bureau: outsider_reporter
"""

import contextlib
import copy
import functools
import inspect
import os
import threading
import time
import uuid
from datetime import datetime
from types import SimpleNamespace

import pytest
import time_machine
from django.conf import settings
from django.db import connection
from django.utils import timezone, translation

from portal import workdays
from portal.clock import CHINA
from portal.models import Membership, Region, RegionLevel, Role, Unit, UnitKind, User
from tests.factories import MembershipFactory, RegionFactory, UnitFactory, UserFactory
from tests.live_server import PooledLiveServer
from tests.shared import keep_to_what_the_test_asks, once_per_module

PASSWORD = "correct-horse-42"

# A Friday morning late in 2026: after the fixed dates of the 2026 drive, programmes and
# receipts in the fixtures, and before 2026's year end.
LATE_2026 = datetime(2026, 12, 4, 10, 0, tzinfo=CHINA)


def pytest_configure(config):
    config.addinivalue_line(
        "markers",
        "needs_row_locks: a race that only row locks (SELECT ... FOR UPDATE) decide; "
        "skipped on SQLite, proved on PostgreSQL in CI",
    )


# Tests that each take from a few seconds to most of a minute: scheduled first among the
# transactional tests, so that pytest-xdist's workers run them side by side and fill in with
# the short ones, instead of one worker finishing a long test alone at the end of the run.
# The production shape's first: its tests mostly wait for their processes, which leaves a
# core to the browser tests beside them.
LONG_RUNNING = ("production", "browser")


def _transactional(item) -> bool:
    marker = item.get_closest_marker("django_db")
    fixtures = getattr(item, "fixturenames", [])
    return bool(
        (marker and marker.kwargs.get("transaction"))
        or "transactional_db" in fixtures
        or "live_server" in fixtures
    )


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(config, items):
    # After pytest-django's ordering (database tests, then transactional ones, then the
    # rest), which must stay: only the order within the transactional tests changes.
    first = next((i for i, item in enumerate(items) if _transactional(item)), len(items))
    last = first
    while last < len(items) and _transactional(items[last]):
        last += 1
    items[first:last] = sorted(
        items[first:last],
        key=lambda item: next(
            (rank for rank, name in enumerate(LONG_RUNNING) if item.get_closest_marker(name)),
            len(LONG_RUNNING),
        ),
    )
    _skip_row_lock_races_on_sqlite(items)
    for item in items[:first]:
        _module_data_first(item)


# Fixtures whose data a test in `db` gets as built once for its module (tests/shared.py),
# each with the module-scoped fixture that builds it, in the order they nest: the world
# first, the others on it. The test gets a deep copy of what was built, and its own
# savepoint.
BUILT_ONCE_PER_MODULE = {
    "world": (__name__, "_world_of_module"),
    "year_2026": ("tests.summaries.data", "_year_2026_of_module"),
    "aw": ("tests.awards.conftest", "_aw_of_module"),
    "dw": ("tests.donations.conftest", "_dw_of_module"),
}
# The module's world is used whatever the clock; the others read the clock as they are
# built (today's nomination window, the time a report was signed off): a test with a fixture
# that moves the clock builds its own, after the clock has moved, as it always did.
BUILT_WHATEVER_THE_CLOCK = {"world"}


def _module_data_first(item):
    """A test in `db` that uses a fixture above, as defined here (not a module's own of the
    same name), gets the module's data before anything else, so that the module's transaction
    begins before the test's own (which a fixture asked for earlier, such as `db` or the
    django_db mark, would begin first)."""
    fixturedefs = getattr(item, "_fixtureinfo", None) and item._fixtureinfo.name2fixturedefs
    if not fixturedefs:
        return
    clock_moves = any(_moves_the_clock(defs[-1]) for defs in fixturedefs.values() if defs)
    shared = [
        module_fixture
        for name, (module, module_fixture) in BUILT_ONCE_PER_MODULE.items()
        if name in fixturedefs
        and fixturedefs[name][-1].func.__module__ == module
        and (name in BUILT_WHATEVER_THE_CLOCK or not clock_moves)
    ]
    if shared[:1] == ["_world_of_module"]:  # the others are built on it, not a module's own
        item.fixturenames[:0] = shared


@functools.cache
def _moves_the_clock_in(func) -> bool:
    try:
        source = inspect.getsource(func)
    except (OSError, TypeError):
        return False
    return "time_machine" in source


def _moves_the_clock(fixturedef) -> bool:
    return fixturedef.argname == "time_machine" or _moves_the_clock_in(fixturedef.func)


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item):
    keep_to_what_the_test_asks(item, commits=_transactional(item))


def _skip_row_lock_races_on_sqlite(items):
    if connection.vendor != "sqlite":
        return
    skip = pytest.mark.skip(
        reason="SQLite has no row locks (SELECT ... FOR UPDATE): this race is proved on "
        "PostgreSQL in CI (DATABASE_URL)"
    )
    for item in items:
        if item.get_closest_marker("needs_row_locks"):
            item.add_marker(skip)


# Every row `migrate` writes, which no transactional test changes: kept by the flush after
# each such test. Without them the next tests would find the working-day calendar that
# migrate fills from the package empty, and the flush's post_migrate signal would insert the
# ~100 content types and ~450 permissions again (renumbered) after every such test.
KEPT_BY_FLUSH = frozenset(
    {"django_content_type", "auth_permission", "portal_workcalendaryear", "portal_calendarday"}
)


@pytest.fixture(scope="session", autouse=True)
def _flush_by_delete():
    """The flush after each transactional test keeps what migrate wrote (KEPT_BY_FLUSH).
    On PostgreSQL it also deletes the rows instead of truncating the tables: TRUNCATE
    replaces each of the ~90 tables' files, about 0.3 s a test for tables that hold a few
    rows; DELETE takes a few milliseconds. The foreign keys Django creates are deferred, so
    the order of the tables does not matter."""
    from django.db.backends.postgresql.operations import DatabaseOperations as Postgres
    from django.db.backends.sqlite3.base import DatabaseWrapper

    SQLite = DatabaseWrapper.ops_class  # (its operations module alone is a circular import)

    truncate, sqlite_flush = Postgres.sql_flush, SQLite.sql_flush

    def postgres_flush(self, style, tables, *, reset_sequences=False, allow_cascade=False):
        tables = [table for table in tables if table not in KEPT_BY_FLUSH]
        if reset_sequences or not tables:
            return truncate(
                self, style, tables, reset_sequences=reset_sequences, allow_cascade=allow_cascade
            )
        deletes = " ".join(f"DELETE FROM {self.quote_name(table)};" for table in tables)  # noqa: S608 (table names from introspection)
        return [f"SET CONSTRAINTS ALL DEFERRED; {deletes}"]

    def sqlite_keeping(self, style, tables, **options):
        kept = [table for table in tables if table not in KEPT_BY_FLUSH]
        return sqlite_flush(self, style, kept, **options)

    Postgres.sql_flush, SQLite.sql_flush = postgres_flush, sqlite_keeping
    yield
    Postgres.sql_flush, SQLite.sql_flush = truncate, sqlite_flush


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """pytest-django's test databases; on PostgreSQL, before they are dropped at the end of
    the run, every other session still in one is ended. DROP DATABASE refuses a database that
    another session is in ("is being accessed by other users"): the database stayed on the
    server, with a warning at the end of the run, whenever a thread or process a test started
    (a live server's or a Celery worker's thread, a production shape's process) had not yet
    closed its connection."""
    yield
    from django.db import connections

    with django_db_blocker.unblock():
        for database in connections.all():
            mirror = database.settings_dict.get("TEST", {}).get("MIRROR")
            if database.vendor != "postgresql" or mirror:
                continue
            with database.cursor() as cursor:
                cursor.execute(
                    "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                    "WHERE datname = current_database() AND pid <> pg_backend_pid()"
                )
            database.close()


@pytest.fixture
def late_2026():
    """The clock at LATE_2026, ticking, from the test's fixtures to its end: for a test that
    mixes the 2026 of its fixed dates with "this year" or "today" read from the clock."""
    with time_machine.travel(LATE_2026, tick=True):
        yield


@pytest.fixture(autouse=True)
def _fresh_cache(settings):
    """Each test gets a cache of its own: a new key prefix, so counters (rate limits, cached
    public pages) left in Redis by an earlier test or run cannot leak into this one."""
    caches = copy.deepcopy(settings.CACHES)
    caches["default"]["KEY_PREFIX"] = f"test-{uuid.uuid4().hex}"
    settings.CACHES = caches


@pytest.fixture(autouse=True)
def _fresh_work_calendar():
    """Each test reads the working-day calendar from its own database: a year one test
    entered must not stay in the process's memory for the next."""
    workdays.clear_cache()
    yield
    workdays.clear_cache()


@pytest.fixture(autouse=True)
def _default_language():
    """Each test starts in the portal's default language: a request through LocaleMiddleware
    leaves its language active in the thread, which would leak into the next test."""
    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


def _insert_with_history(model, objs):
    """Insert `objs` in one query and their creation ("+") history rows in another: the rows
    and history that saving them one by one would leave, in about a tenth of the queries."""
    model.objects.bulk_create(objs)
    model.history.bulk_history_create(objs, default_change_reason=None)
    return objs


@pytest.fixture
def world(request, db):
    """The people and places above: built once for a module's tests in `db` (each gets a
    copy it may change; what it writes is rolled back), and for each test that commits."""
    return built_once_per_module_or_now(request, "world", build_world)


def build_world() -> SimpleNamespace:
    # Created in bulk (about 10 queries rather than 75, for the ~900 tests that use it): the
    # same rows, in the same order, each with the creation history that save() would record.
    regions = {
        key: RegionFactory.build(name=name, code=code, level=level, parent=None)
        for key, name, code, level in [
            ("province", "陕西省", "610000", RegionLevel.PROVINCE),
            ("yanan", "延安市", "610600", RegionLevel.CITY),
            ("yanchang", "延长县", "610621", RegionLevel.COUNTY),
            ("qilicun", "七里村街道", None, RegionLevel.TOWNSHIP),
            ("yanchuan", "延川县", "610622", RegionLevel.COUNTY),
            ("yulin", "榆林市", "610800", RegionLevel.CITY),
            ("jingbian", "靖边县", "610824", RegionLevel.COUNTY),
        ]
    }
    Region.objects.bulk_create(regions.values())
    parents = {
        "yanan": "province",
        "yanchang": "yanan",
        "qilicun": "yanchang",
        "yanchuan": "yanan",
        "yulin": "province",
        "jingbian": "yulin",
    }
    for key, region in regions.items():  # parents come before their children
        parent = regions.get(parents.get(key))
        region.parent = parent
        region.path = f"{parent.path if parent else '/'}{region.pk}/"
    Region.objects.bulk_update(regions.values(), ["parent", "path"])
    Region.history.bulk_history_create(regions.values(), default_change_reason=None)

    units = {
        key: UnitFactory.build(name=name, region=regions[region], **extra)
        for key, name, region, extra in [
            ("province_office", "陕西省扶贫开发办公室", "province", {}),
            ("yanan_office", "延安市扶贫开发办公室", "yanan", {}),
            ("yanchang_bureau", "延长县扶贫开发局", "yanchang", {}),
            (
                "yanchang_propaganda",
                "中共延长县委宣传部",
                "yanchang",
                {"kind": UnitKind.PROPAGANDA},
            ),
            ("yanchuan_bureau", "延川县扶贫开发局", "yanchuan", {}),
            ("yulin_office", "榆林市扶贫开发办公室", "yulin", {}),
            ("jingbian_bureau", "靖边县扶贫开发局", "jingbian", {}),
        ]
    }
    _insert_with_history(Unit, list(units.values()))

    people, memberships = {}, []
    for key, username, unit, roles, extra in [
        ("reporter", "reporter", "yanchang_bureau", [Role.REPORTER], {"full_name": "王小燕"}),
        ("approver", "approver", "yanchang_bureau", [Role.APPROVER], {"full_name": "李建国"}),
        ("neighbour_reporter", "neighbour", "yanchuan_bureau", [Role.REPORTER], {}),
        ("outsider_reporter", "outsider", "jingbian_bureau", [Role.REPORTER], {}),
        ("city_reviewer", "city_reviewer", "yanan_office", [Role.REVIEWER], {}),
        ("other_city_reviewer", "yulin_reviewer", "yulin_office", [Role.REVIEWER], {}),
        ("province_reviewer", "province_reviewer", "province_office", [Role.REVIEWER], {}),
        (
            "province_admin",
            "province_admin",
            "province_office",
            [Role.ADMIN, Role.REVIEWER],
            {"is_staff": True},
        ),
        ("nobody", "nobody", None, [], {}),
    ]:
        people[key] = UserFactory.build(username=username, **extra)
        memberships += [
            MembershipFactory.build(user=people[key], unit=units[unit], role=role) for role in roles
        ]
    _insert_with_history(User, list(people.values()))
    _insert_with_history(Membership, memberships)

    return SimpleNamespace(**regions, **units, **people)


def built_once_per_module_or_now(request, name, build, *args):
    """What fixture `name` gives the test: a copy of the module's (BUILT_ONCE_PER_MODULE)
    where the test was given it, else `build(*args)` now."""
    module_fixture = BUILT_ONCE_PER_MODULE[name][1]
    if module_fixture in request.fixturenames:
        return copy.deepcopy(request.getfixturevalue(module_fixture).value)
    return build(*args)


def _build_year_2026(world):
    from tests.summaries.data import build_rules, build_year_2026

    build_rules()
    return build_year_2026(world)


def _build_aw(world):
    from tests.awards.conftest import build_aw

    return build_aw(world)


def _build_dw(world):
    from tests.donations.conftest import build_dw

    return build_dw(world)


_world_of_module = once_per_module(build_world)
_year_2026_of_module = once_per_module(_build_year_2026, needs=["_world_of_module"])
_aw_of_module = once_per_module(_build_aw, needs=["_world_of_module"])
_dw_of_module = once_per_module(_build_dw, needs=["_world_of_module"])


@pytest.fixture
def client_for(client):
    """`client_for(user)`: the test client signed in as that person."""

    def sign_in(user):
        client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
        return client

    return sign_in


class _SharedWorker:
    """One real Celery worker (a thread of this process, solo pool) for all the tests of this
    process that ask for `celery_worker`: starting and stopping a worker costs about a second
    (its loop waits out the broker's poll), paid once instead of in each such test.

    Between those tests the worker is held: it runs a task of ours that waits, so it takes
    nothing from the queue, and what other tests publish stays there to be purged, as it did
    with no worker running. Each test starts on a purged queue, with a worker in a fresh
    state, and ends as a stopped worker would end it: what runs finishes first. A task the
    worker keeps for later (a retry's countdown) would run in a later test: then the worker
    is stopped instead, which gives such a message back to the broker, and the next test
    starts a new one."""

    SECONDS = 10  # as long as a stopping worker may take to finish its task

    def __init__(self):
        from celery import signals

        from portal.celery import app

        self.app, self.worker, self.stack = app, None, None
        if app.conf.broker_url.startswith("memory://"):
            # The in-memory transport looks for messages once a second (kombu's default for
            # polled transports); a test would wait up to that long for each of its tasks.
            app.conf.broker_transport_options = {
                **app.conf.broker_transport_options,
                "polling_interval": 0.01,
            }
        self.lock = threading.Lock()
        self.outstanding = {}  # id -> ETA of each task received and not finished
        self.hold_id, self.held, self.release_hold = None, threading.Event(), threading.Event()
        self.hold_finished = threading.Event()
        self.hold = app.task(name="tests.conftest.hold_worker", acks_late=False, typing=False)(
            self._hold
        )
        self.signals = [
            (signals.task_received, self._on_received),
            (signals.task_postrun, self._on_postrun),
            (signals.task_revoked, self._on_revoked),
            (signals.task_rejected, self._on_dropped),
            (signals.task_unknown, self._on_dropped),
        ]
        for signal, handler in self.signals:
            signal.connect(handler, weak=False)

    # --- what the worker thread reports ----------------------------------------------
    def _on_received(self, request=None, **kwargs):
        if request is not None and request.id != self.hold_id:
            with self.lock:
                self.outstanding[request.id] = request.eta

    def _finished(self, task_id):
        with self.lock:
            self.outstanding.pop(task_id, None)
        if task_id is not None and task_id == self.hold_id:
            self.hold_finished.set()

    def _on_postrun(self, task_id=None, **kwargs):
        self._finished(task_id)

    def _on_revoked(self, request=None, **kwargs):
        self._finished(getattr(request, "id", None))

    def _on_dropped(self, message=None, **kwargs):
        self._finished((getattr(message, "headers", None) or {}).get("id"))

    def _hold(self):
        """Runs in the worker thread: blocks it until the next test, then leaves the thread
        as a new worker's (no language or time zone activated by a task of an earlier test)."""
        self.held.set()
        self.release_hold.wait()
        translation.deactivate()
        timezone.deactivate()

    # --- what the fixtures do ----------------------------------------------------------
    def _busy(self) -> bool:
        from celery.worker import state

        with self.lock:
            running = [eta for eta in self.outstanding.values() if eta is None]
        return bool(running or state.active_requests)

    def _kept_for_later(self) -> bool:
        with self.lock:
            return bool(self.outstanding)

    def acquire(self):
        # Messages an earlier test published and no worker took would run here first, under
        # task ids (portal-job-<n>) that this test's jobs reuse on a flushed database.
        self.app.control.purge()
        if self.worker is None:
            self._start()
        elif self.hold_id is not None:
            self.release_hold.set()
            if not self.hold_finished.wait(self.SECONDS):
                self.stop()  # the next test that asks for a worker starts a new one
                raise RuntimeError("the shared Celery worker did not come back from its hold")
            self.hold_id = None
        return self.worker

    def release(self):
        deadline = time.monotonic() + self.SECONDS
        while self._busy() and time.monotonic() < deadline:
            time.sleep(0.01)
        if self._busy() or self._kept_for_later():
            self.stop()
            return
        try:
            self.app.control.purge()
            for event in (self.held, self.release_hold, self.hold_finished):
                event.clear()
            self.hold_id = f"hold-{uuid.uuid4().hex}"  # known before the worker sees it
            self.hold.apply_async(task_id=self.hold_id)
        except Exception:  # a broker a test left unreachable: stop, as the worker always did
            self.hold_id = None
            self.stop()
            return
        if not self.held.wait(self.SECONDS) or self._kept_for_later():
            self.stop()

    def _start(self):
        from celery.contrib.testing.worker import start_worker

        with self.lock:
            self.outstanding.clear()
        self.stack = contextlib.ExitStack()
        self.worker = self.stack.enter_context(
            start_worker(self.app, pool="solo", perform_ping_check=False, shutdown_timeout=10)
        )

    def stop(self):
        if self.worker is None:
            return
        if self.hold_id is not None:
            self.release_hold.set()
            self.hold_finished.wait(self.SECONDS)
            self.hold_id = None
        stack, self.stack, self.worker = self.stack, None, None
        stack.close()

    def close(self):
        try:
            self.stop()
        finally:
            for signal, handler in self.signals:
                signal.disconnect(handler)


@pytest.fixture(scope="session")
def _shared_celery_worker():
    shared = _SharedWorker()
    yield shared
    shared.close()


@pytest.fixture
def celery_worker(transactional_db, _shared_celery_worker):
    """A real Celery worker in a thread, consuming from the configured broker
    (Redis when REDIS_URL is set, as in CI; the in-memory transport otherwise): the one of
    this process, on a purged queue (see `_SharedWorker`)."""
    worker = _shared_celery_worker.acquire()
    yield worker
    _shared_celery_worker.release()


class _Broker:
    """Points Celery's publishers at a port where nothing listens, as when Redis is down,
    and back at the real broker."""

    def __init__(self):
        from portal.celery import app

        self.app, self.saved = app, app.conf.broker_url

    def _point_at(self, url):
        self.app.conf.broker_url = url
        self.app._pool = None
        self.app.amqp._producer_pool = None

    def down(self):
        self._point_at("redis://127.0.0.1:9/0")

    def back(self):
        self._point_at(self.saved)


@pytest.fixture
def broker_down():
    """The broker is unreachable for this test (until `broker_down.back()`)."""
    broker = _Broker()
    broker.down()
    yield broker
    broker.back()


@pytest.fixture(scope="session")
def live_server(request):
    """pytest-django's live server (same address options), answering from threads that keep
    their database connections (tests/live_server.py)."""
    addr = (
        request.config.getvalue("liveserver")
        or os.getenv("DJANGO_LIVE_TEST_SERVER_ADDRESS")
        or "localhost"
    )
    server = PooledLiveServer(addr)
    yield server
    server.stop()


# Debian's chromium-headless-shell (`./dev setup`); CHROMIUM_PATH may name a full Chromium.
CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium-headless-shell")


@pytest.fixture(scope="session")
def browser():
    # Playwright's sync API keeps an event loop in this thread; Django's ORM refuses to run
    # beside one unless told that this thread does not use it asynchronously.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            headless=True,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],
        )
        yield browser
        browser.close()


@pytest.fixture
def page(browser, live_server):
    context = browser.new_context(base_url=live_server.url, locale="zh-CN")
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


@contextlib.contextmanager
def phone_of(browser, live_server, *, width: int = 390, height: int = 844):
    """A page of the live server in a phone's browser, `width` CSS pixels wide."""
    context = browser.new_context(
        base_url=live_server.url,
        locale="zh-CN",
        viewport={"width": width, "height": height},
        is_mobile=True,
        has_touch=True,
    )
    page = context.new_page()
    page.set_default_timeout(15_000)
    try:
        yield page
    finally:
        context.close()


@pytest.fixture
def phone_page(browser, live_server):
    with phone_of(browser, live_server) as page:
        yield page
