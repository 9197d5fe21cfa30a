"""The read-replica router (portal.db_router), on the test database: its `replica` alias is
a test mirror of `default` (portal/test_settings.py), so the tests see which alias each
query takes. With no replica configured, none of it is installed.

Transactional: the mirror is a connection of its own, which would not see the rows a test
made inside the transaction of `default`. tests/portal/test_read_replica.py runs the same
against a real streaming replica.
"""

import os
import subprocess
import sys
from contextlib import contextmanager
from datetime import timedelta
from pathlib import Path

import pytest
import time_machine
from django.contrib.sessions.models import Session
from django.db import connections, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from portal import db_router
from portal.db_router import COOKIE, ReplicaRouter
from portal.models import Region, User
from submissions.models import Report

ROOT = Path(__file__).resolve().parents[2]
STICKY = 10
COMPLETENESS = reverse("submissions:completeness")
MIDDLEWARE = "portal.db_router.ReadYourWritesMiddleware"

pytestmark = pytest.mark.django_db(transaction=True, databases=["default", "replica"])


@pytest.fixture
def replica(settings):
    """The router and its middleware installed, as portal.settings does with
    DATABASE_REPLICA_URL set."""
    settings.DATABASE_ROUTERS = ["portal.db_router.ReplicaRouter"]
    settings.MIDDLEWARE = [MIDDLEWARE, *settings.MIDDLEWARE]
    settings.REPLICA_STICKY_SECONDS = STICKY


@contextmanager
def queries():
    """The SQL each alias ran inside the block: {"default": [...], "replica": [...]}."""
    default = CaptureQueriesContext(connections["default"])
    mirror = CaptureQueriesContext(connections["replica"])
    with default, mirror:
        seen = {"default": default, "replica": mirror}
        yield seen
    for alias, context in seen.items():
        seen[alias] = [q["sql"] for q in context.captured_queries]


def touches(sql: list[str], table: str) -> bool:
    return any(f'"{table}' in statement for statement in sql)


def test_a_marked_page_reads_the_replica(replica, world, client_for):
    client = client_for(world.province_reviewer)
    with queries() as seen:
        response = client.get(COMPLETENESS)
    assert response.status_code == 200
    assert touches(seen["replica"], "submissions_") and touches(seen["replica"], "portal_unit")
    # The primary only has the sign-in state (session, the person and their policy).
    assert not touches(seen["default"], "submissions_")
    assert not touches(seen["default"], "portal_unit")
    assert not touches(seen["replica"], "django_session")
    assert COOKIE not in response.cookies


def test_an_unmarked_page_reads_the_primary(replica, world, client_for):
    client = client_for(world.reporter)
    with queries() as seen:
        response = client.get(reverse("submissions:my-reports"))
    assert response.status_code == 200
    assert seen["replica"] == []
    assert touches(seen["default"], "submissions_")


@pytest.mark.parametrize(
    "url",
    [
        reverse("home"),
        reverse("submissions:assessment"),
        reverse("submissions:search"),
        reverse("summaries:quarterly"),
        reverse("summaries:year-end"),
    ],
)
def test_each_heavy_page_reads_the_replica(replica, world, client_for, url):
    client = client_for(world.province_admin)
    with queries() as seen:
        response = client.get(url)
    assert response.status_code == 200
    assert seen["replica"]


def test_the_public_disclosure_pages_read_the_replica(replica, client, world):
    with queries() as seen:
        index = client.get(reverse("donations:public-index"))
        wishes = client.get(reverse("donations:public-wishes"))
    assert index.status_code == wishes.status_code == 200
    assert touches(seen["replica"], "donations_")
    assert not touches(seen["default"], "donations_")


def test_after_a_post_the_same_person_reads_the_primary_for_a_while(replica, world, client_for):
    client = client_for(world.province_reviewer)
    posted = client.post(
        reverse("submissions:remind"),
        {"year": 2026, "quarter": 3, "unit": world.yanchang_bureau.pk},
    )
    assert posted.status_code == 302
    assert posted.cookies[COOKIE]["max-age"] == STICKY
    assert posted.cookies[COOKIE]["httponly"]

    with queries() as seen:
        assert client.get(COMPLETENESS).status_code == 200
    assert seen["replica"] == []
    assert touches(seen["default"], "submissions_")

    # Someone else, who wrote nothing, still reads the replica meanwhile.
    other = client.__class__()
    other.force_login(world.city_reviewer, backend="django.contrib.auth.backends.ModelBackend")
    with queries() as seen:
        assert other.get(COMPLETENESS).status_code == 200
    assert seen["replica"]

    # Once the sticky seconds are over, the replica again: the signature's time decides.
    with time_machine.travel(timezone.now() + timedelta(seconds=STICKY + 1)), queries() as seen:
        assert client.get(COMPLETENESS).status_code == 200
    assert touches(seen["replica"], "submissions_")


def test_a_forged_cookie_counts_for_nothing_but_the_primary(replica, world, client_for):
    client = client_for(world.province_reviewer)
    client.cookies[COOKIE] = "1:forged:signature"
    with queries() as seen:
        assert client.get(COMPLETENESS).status_code == 200
    # Unsigned: ignored, the page reads the replica (a forger can only choose the primary).
    assert seen["replica"]


def test_a_get_that_writes_reads_its_own_write_and_sticks(replica, world, client_for):
    """The Excel download records the export in the security journal: a write during a GET."""
    client = client_for(world.province_reviewer)
    with queries() as seen:
        response = client.get(COMPLETENESS + "?format=xlsx")
    assert response.status_code == 200
    assert touches(seen["replica"], "submissions_")
    assert any(sql.startswith("INSERT") for sql in seen["default"])
    assert not any(sql.startswith(("INSERT", "UPDATE", "DELETE")) for sql in seen["replica"])
    assert COOKIE in response.cookies
    with queries() as seen:
        client.get(COMPLETENESS)
    assert seen["replica"] == []


def test_a_failed_sign_in_sticks_too(replica, world, client):
    """Every POST may have written (here: the failed attempt, for the lockout)."""
    response = client.post(reverse("login"), {"username": "reporter", "password": "wrong"})
    assert response.status_code == 200
    assert COOKIE in response.cookies


def test_the_router_outside_a_request_reads_and_writes_the_primary(replica, world):
    """Workers and commands: no request, no replica."""
    router = ReplicaRouter()
    assert router.db_for_read(Report) == "default"
    assert router.db_for_write(Report) == "default"
    with queries() as seen:
        assert Region.objects.count() == 7
    assert seen["replica"] == []


def test_the_router_inside_a_marked_view(replica):
    """Writes go to the primary; after a write, inside a transaction, or for sign-in
    state, reads do too."""
    router = ReplicaRouter()
    token = db_router._current.set(db_router._Request(primary_only=False, replica=True))
    try:
        assert router.db_for_read(Report) == "replica"
        assert router.db_for_read(User) == "replica"
        assert router.db_for_read(Session) == "default"
        with transaction.atomic():
            assert router.db_for_read(Report) == "default"
        assert router.db_for_read(Report) == "replica"
        router.db_for_write(Session)  # the session saved: no reason to stick
        assert router.db_for_read(Report) == "replica"
        assert router.db_for_write(Report) == "default"
        assert router.db_for_read(Report) == "default"
    finally:
        db_router._current.reset(token)


def test_rows_from_the_replica_may_be_pointed_at(replica, world):
    router = ReplicaRouter()
    unit = type(world.yanchang_bureau).objects.using("replica").get(pk=world.yanchang_bureau.pk)
    assert router.allow_relation(unit, world.reporter) is True


def test_migrations_only_on_the_primary():
    router = ReplicaRouter()
    assert router.allow_migrate("default", "submissions") is True
    assert router.allow_migrate("replica", "submissions") is False


def test_without_a_replica_every_page_reads_the_primary(world, client_for):
    """The test settings, like production without DATABASE_REPLICA_URL: no router, no
    middleware; the marked page's queries all go to default and no cookie is set."""
    client = client_for(world.province_reviewer)
    with queries() as seen:
        response = client.get(COMPLETENESS)
        posted = client.post(
            reverse("submissions:remind"),
            {"year": 2026, "quarter": 3, "unit": world.yanchang_bureau.pk},
        )
    assert response.status_code == 200 and posted.status_code == 302
    assert seen["replica"] == []
    assert COOKIE not in posted.cookies


def _settings_with(**env) -> subprocess.CompletedProcess:
    environ = {k: v for k, v in os.environ.items() if not k.startswith("DATABASE_")}
    # The settings module alone, as a process reads it at start (nothing connects).
    code = (
        "import portal.settings as s; "
        "print(sorted(s.DATABASES), getattr(s, 'DATABASE_ROUTERS', []), "
        "'portal.db_router.ReadYourWritesMiddleware' in s.MIDDLEWARE, s.REPLICA_STICKY_SECONDS)"
    )
    return subprocess.run(  # noqa: S603 (our own settings)
        [sys.executable, "-c", code],
        cwd=ROOT,
        env={**environ, **env, "DEBUG": "true"},
        capture_output=True,
        text=True,
        check=False,
    )


def test_the_settings_add_the_replica_only_when_asked():
    assert _settings_with().stdout.strip() == "['default'] [] False 10"
    with_replica = _settings_with(
        DATABASE_URL="postgres://portal@db-primary/portal",
        DATABASE_REPLICA_URL="postgres://portal@db-replica/portal",
        REPLICA_STICKY_SECONDS="5",
    )
    assert with_replica.stdout.strip() == (
        "['default', 'replica'] ['portal.db_router.ReplicaRouter'] True 5"
    )


def test_a_replica_beside_sqlite_stops_the_start():
    refused = _settings_with(DATABASE_REPLICA_URL="postgres://portal@db-replica/portal")
    assert refused.returncode != 0
    assert "PostgreSQL replica of a PostgreSQL DATABASE_URL" in refused.stderr
