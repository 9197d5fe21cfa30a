"""Shared test world: a small region tree and one person per role (defined once here).

陕西省 (province)                       province office: province_reviewer, province_admin
├── 延安市 (city)                       city office: city_reviewer
│   ├── 延长县 (county)                 county bureau: reporter, approver; propaganda dept
│   │   └── 七里村街道 (township)
│   └── 延川县 (county)                 county bureau: neighbour_reporter
└── 榆林市 (city)                       city office: other_city_reviewer
    └── 靖边县 (county)                 county bureau: outsider_reporter
"""

import copy
import os
import uuid
from datetime import datetime
from types import SimpleNamespace

import pytest
import time_machine
from django.conf import settings
from django.db import connection
from django.utils import translation

from portal import workdays
from portal.clock import CHINA
from portal.models import Membership, Region, RegionLevel, Role, Unit, UnitKind, User
from tests.factories import MembershipFactory, RegionFactory, UnitFactory, UserFactory

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


def pytest_collection_modifyitems(config, items):
    if connection.vendor != "sqlite":
        return
    skip = pytest.mark.skip(
        reason="SQLite has no row locks (SELECT ... FOR UPDATE): this race is proved on "
        "PostgreSQL in CI (DATABASE_URL)"
    )
    for item in items:
        if item.get_closest_marker("needs_row_locks"):
            item.add_marker(skip)


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
def world(db):
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


@pytest.fixture
def client_for(client):
    """`client_for(user)`: the test client signed in as that person."""

    def sign_in(user):
        client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
        return client

    return sign_in


@pytest.fixture
def celery_worker(transactional_db):
    """A real Celery worker in a thread, consuming from the configured broker
    (Redis when REDIS_URL is set, as in CI; the in-memory transport otherwise)."""
    from celery.contrib.testing.worker import start_worker

    from portal.celery import app

    # Messages an earlier test published and no worker took would run here first, under task
    # ids (portal-job-<n>) that this test's jobs reuse on a flushed database.
    app.control.purge()
    with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=10) as worker:
        yield worker


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


CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")


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


@pytest.fixture
def phone_page(browser, live_server):
    context = browser.new_context(
        base_url=live_server.url,
        locale="zh-CN",
        viewport={"width": 390, "height": 844},
        is_mobile=True,
        has_touch=True,
    )
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()
