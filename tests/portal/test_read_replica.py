"""A real streaming replica (portal.db_router): the test starts a PostgreSQL primary and a
hot-standby replica of it (pg_basebackup -R) on loopback, gives the primary the schema the
migrations built in the test database, and runs the portal in gunicorn with DATABASE_URL and
DATABASE_REPLICA_URL. Both servers log every statement with its application name, so the
test reads which server each page queried.

It checks what a person would notice, and what an operator would: the completeness page
reads the replica; right after a person's POST their pages read the primary and show what
they did; no write ever reaches the replica (a hot standby refuses writes: it would be a
500); a row written on the primary appears on the replica.

PostgreSQL only (as CI runs it), with its server programs (initdb, postgres, pg_basebackup,
pg_dump, psql).
"""

import contextlib
import glob
import os
import pwd
import re
import shutil
import signal
import subprocess
import tempfile
import time
from pathlib import Path

import psycopg2
import pytest
from django.db import connection

from portal.clock import china_today
from submissions.selectors.overview import default_period
from tests.portal.test_env import fresh_python
from tests.production.shape import BASE_DIR, BIN, Browser, Process, free_port, wait_until

pytestmark = pytest.mark.production

APP = "portal-web"  # the portal's application_name on both servers, in their logs
STICKY = 3  # REPLICA_STICKY_SECONDS for the test: long enough for a page after a POST
PASSWORD = "correct-horse-42"  # tests.factories; the test settings hash it with MD5
COMPLETENESS = "/reports/completeness/"
STATEMENT = re.compile(rf"^{APP}\|LOG:  statement: (.*)$", re.MULTILINE)

SEED = """
import importlib
from django.apps import apps
from django.core.management.sql import emit_post_migrate_signal
# What `migrate` writes besides the schema: the content types and permissions (its
# post_migrate signal) and the working-day calendar (portal's data migration 0004).
emit_post_migrate_signal(verbosity=0, interactive=False, db="default")
importlib.import_module("portal.migrations.0004_working_calendar").fill_from_package(apps, None)

from portal.models import RegionLevel, Role, UnitKind
from tests.factories import RegionFactory, UnitFactory, person
province = RegionFactory(name="陕西省", code="610000", level=RegionLevel.PROVINCE)
city = RegionFactory(name="延安市", code="610600", level=RegionLevel.CITY, parent=province)
county = RegionFactory(name="延长县", code="610621", level=RegionLevel.COUNTY, parent=city)
office = UnitFactory(name="陕西省扶贫开发办公室", region=province, kind=UnitKind.POVERTY_OFFICE)
bureau = UnitFactory(name="延长县扶贫开发局", region=county, kind=UnitKind.POVERTY_OFFICE)
person("overseer", office, Role.REVIEWER)
person("county_reporter", bureau, Role.REPORTER)
print(bureau.pk)
"""


def _postgres_bin() -> Path | None:
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/pg_basebackup"))
    if found:
        return Path(found[-1]).parent
    on_path = shutil.which("pg_basebackup")
    return Path(on_path).parent if on_path else None


class Cluster:
    """One PostgreSQL server of the test's own, run as `postgres` when the test is root
    (initdb and postgres refuse to run as root)."""

    def __init__(self, name: str, base: Path, pg_bin: Path):
        self.name, self.base, self.pg_bin = name, base, pg_bin
        self.data = base / name
        self.port = free_port()
        self.url = f"postgres://postgres@127.0.0.1:{self.port}/portal"
        self.process: Process | None = None

    def run(self, program: str, *args: str, env: dict | None = None) -> None:
        done = subprocess.run(  # noqa: S603 (the server's own programs)
            [str(self.pg_bin / program), *args],
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
            env=env,
            **_as_postgres(),
        )
        if done.returncode:
            raise AssertionError(f"{program} failed:\n{done.stdout}\n{done.stderr}")

    def start(self, *settings: str) -> None:
        options = [
            f"port={self.port}",
            "listen_addresses=127.0.0.1",
            f"unix_socket_directories={self.base}",
            # Speed, not durability: the servers live for one test.
            "fsync=off",
            "full_page_writes=off",
            "log_statement=all",
            "log_line_prefix=%a|",
            *settings,
        ]
        log = self.base / f"{self.name}.log"
        with log.open("ab") as out:
            popen = subprocess.Popen(  # noqa: S603 (the server's own program)
                [str(self.pg_bin / "postgres"), "-D", str(self.data)]
                + [arg for option in options for arg in ("-c", option)],
                stdin=subprocess.DEVNULL,
                stdout=out,
                stderr=subprocess.STDOUT,
                start_new_session=True,
                **_as_postgres(),
            )
        self.process = Process(self.name, popen, log)

    def connect(self, dbname: str = "portal"):
        return psycopg2.connect(
            host="127.0.0.1",
            port=self.port,
            user="postgres",
            dbname=dbname,
            application_name="test-probe",
            connect_timeout=2,
        )

    def answers(self, dbname: str = "portal") -> bool:
        try:
            with contextlib.closing(self.connect(dbname)):
                return True
        except psycopg2.OperationalError:
            return False

    def value(self, sql: str):
        with contextlib.closing(self.connect()) as db, db.cursor() as cursor:
            cursor.execute(sql)
            return cursor.fetchone()[0]

    def statements(self) -> list[str]:
        """Every statement the portal sent this server so far, in order."""
        return STATEMENT.findall(self.process.log_text()) if self.process else []

    def stop(self) -> None:
        if self.process is not None and self.process.running():
            self.process.kill_group(signal.SIGINT)  # fast shutdown
            self.process.stop(timeout=10)


def _as_postgres() -> dict:
    return {"user": "postgres"} if os.geteuid() == 0 else {}


class Servers:
    """The primary and its replica, and the portal's gunicorn reading both."""

    def __init__(self, base: Path, pg_bin: Path, migrated: dict):
        self.base = base
        self.migrated = migrated  # the test database's settings: a migrated schema to copy
        self.primary = Cluster("primary", base, pg_bin)
        self.replica = Cluster("replica", base, pg_bin)
        self.web_port = free_port()
        self.web: Process | None = None
        self.bureau = 0
        keep = {"PATH", "HOME", "LANG", "LC_ALL", "TMPDIR"}
        self.env = {key: value for key, value in os.environ.items() if key in keep}
        self.env.update(
            # The test settings: passwords hashed as tests.factories' are, no second step.
            DJANGO_SETTINGS_MODULE="portal.test_settings",
            PYTHONPATH=str(BASE_DIR),
            PYTHONUNBUFFERED="1",
            SECRET_KEY="read-replica-test-key-0123456789-abcdefghijklmnopqrstuvwxyz",
            PERSONAL_DATA_KEY="0123456789abcdeffedcba9876543210",
            DEBUG="false",
            HTTPS="false",
            ALLOWED_HOSTS="127.0.0.1",
            DATABASE_URL=self.primary.url,
        )

    def logs(self) -> str:
        processes = [self.primary.process, self.replica.process, self.web]
        return "".join(p.tail() for p in processes if p is not None)

    def manage(self, *command: str, **env: str) -> str:
        done = fresh_python("manage.py", *command, env={**self.env, **env}, cwd=BASE_DIR)
        if done.returncode:
            raise AssertionError(f"manage.py {command[0]} failed:\n{done.stdout}\n{done.stderr}")
        return done.stdout

    def start(self) -> None:
        """Everything up, and a province reviewer and a county bureau to remind."""
        primary, replica = self.primary, self.replica
        primary.run(
            "initdb", "-D", str(primary.data), "-U", "postgres", "-A", "trust", "-E", "UTF8",
            "--locale=C.UTF-8", "--no-sync", "--no-instructions",
        )  # fmt: skip
        # Loopback only, without passwords; the replica's replication connection too.
        (primary.data / "pg_hba.conf").write_text(
            "local all all trust\n"
            "host all all 127.0.0.1/32 trust\n"
            "host replication all 127.0.0.1/32 trust\n"
        )
        primary.start("wal_level=replica", "max_wal_senders=4")
        wait_until(
            lambda: primary.answers("postgres"), timeout=20, what="the primary", logs=self.logs
        )
        with contextlib.closing(primary.connect("postgres")) as db:
            db.autocommit = True
            db.cursor().execute("CREATE DATABASE portal")
        replica.run(
            "pg_basebackup", "-h", "127.0.0.1", "-p", str(primary.port), "-U", "postgres",
            "-D", str(replica.data), "-R", "-X", "stream", "-c", "fast", "--no-sync",
        )  # fmt: skip
        replica.start("hot_standby=on")
        # The schema reaches the replica the way every later write does: streamed.
        self.copy_schema()
        self.bureau = int(self.manage("shell", "--verbosity", "0", "--command", SEED).split()[-1])
        wait_until(replica.answers, timeout=20, what="the replica", logs=self.logs)
        self.web = self._gunicorn()
        browser = Browser(f"http://127.0.0.1:{self.web_port}")
        wait_until(
            lambda: _answers(browser), timeout=30, what="gunicorn", every=0.1, logs=self.logs
        )

    def copy_schema(self) -> None:
        """The tables, indexes and extensions the migrations built in the test database
        (pytest-django migrated it), with its record of the migrations applied, loaded into
        the primary's empty `portal` database. `manage.py migrate` on an empty database
        builds the same schema but takes some 18 s of CPU (it renders the models' state
        after each of some 80 migrations); pg_dump and psql take a fraction of a second.
        SEED then writes the rows migrate would have added."""
        source = self.migrated
        env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin")}
        if source.get("PASSWORD"):
            env["PGPASSWORD"] = source["PASSWORD"]
        server = [
            "--host", source.get("HOST") or "127.0.0.1", "--port", str(source.get("PORT") or 5432),
            "--username", source.get("USER") or "postgres", "--dbname", source["NAME"],
        ]  # fmt: skip
        schema, applied = self.base / "schema.sql", self.base / "applied.sql"
        dump = ["--no-owner", "--no-privileges"]
        self.primary.run("pg_dump", *server, *dump, "--schema-only", "--file", str(schema), env=env)
        self.primary.run(
            "pg_dump", *server, *dump, "--data-only", "--table", "django_migrations",
            "--file", str(applied), env=env,
        )  # fmt: skip
        for script in (schema, applied):
            self.primary.run(
                "psql", "--host", "127.0.0.1", "--port", str(self.primary.port),
                "--username", "postgres", "--dbname", "portal", "--quiet",
                "--set", "ON_ERROR_STOP=1", "--file", str(script),
            )  # fmt: skip

    def _gunicorn(self) -> Process:
        env = {
            **self.env,
            "DATABASE_URL": f"{self.primary.url}?application_name={APP}",
            "DATABASE_REPLICA_URL": f"{self.replica.url}?application_name={APP}",
            "REPLICA_STICKY_SECONDS": str(STICKY),
        }
        log = self.base / "gunicorn.log"
        with log.open("ab") as out:
            popen = subprocess.Popen(  # noqa: S603 (our own command)
                [str(BIN / "gunicorn"), "portal.wsgi", "--bind", f"127.0.0.1:{self.web_port}"],
                cwd=BASE_DIR,
                env=env,
                stdin=subprocess.DEVNULL,
                stdout=out,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        return Process("gunicorn", popen, log)

    def stop(self) -> None:
        if self.web is not None:
            self.web.stop()
        self.replica.stop()
        self.primary.stop()


def _answers(browser: Browser) -> bool:
    try:
        return browser.get("/health/").status == 200
    except OSError:
        return False


@pytest.fixture
def servers():
    if connection.vendor != "postgresql":
        pytest.skip(
            "a streaming replica is PostgreSQL's: this test runs with DATABASE_URL=postgres://... "
            "(as CI runs it), and starts a primary and a replica of its own"
        )
    pg_bin = _postgres_bin()
    if pg_bin is None:
        pytest.skip("PostgreSQL's server programs (initdb, postgres, pg_basebackup) are missing")
    # Not pytest's tmp_path: its folders are the test user's alone, and the servers run as
    # postgres when the test is root.
    base = Path(tempfile.mkdtemp(prefix="portal-replica-"))
    if os.geteuid() == 0:
        os.chown(base, pwd.getpwnam("postgres").pw_uid, -1)
    running = Servers(base, pg_bin, dict(connection.settings_dict))
    try:
        running.start()
        yield running
    finally:
        running.stop()
        shutil.rmtree(base, ignore_errors=True)


def reads(server: Cluster, since: int) -> list[str]:
    return server.statements()[since:]


def domain(statements: list[str]) -> list[str]:
    """The statements about the pages' own data, not the sign-in state (session, person,
    security policy) that every request reads from the primary."""
    return [s for s in statements if re.search(r'"(submissions|notifications)_', s)]


def last_reminded_shown(html: str) -> bool:
    cells = re.findall(r'data-testid="last-reminded">([^<]*)<', html)
    return any(cell.strip() not in {"", "—"} for cell in cells)


# django_db: the test database is set up, migrated, before `servers` copies its schema.
@pytest.mark.django_db
def test_pages_read_the_replica_and_a_persons_writes_are_read_back_from_the_primary(servers):
    primary, replica = servers.primary, servers.replica
    assert replica.value("SELECT pg_is_in_recovery()") is True
    person = Browser(f"http://127.0.0.1:{servers.web_port}")

    def get_completeness():
        """The page, and the statements each server ran for it."""
        before = len(primary.statements()), len(replica.statements())
        page = person.get(COMPLETENESS)
        assert page.status == 200, page.text[:2000] + servers.logs()
        return page, reads(primary, before[0]), reads(replica, before[1])

    # Signing in is a POST that writes (the person's last sign-in, the session).
    signed_in = person.sign_in("overseer", PASSWORD)
    posted_at = time.monotonic()
    assert signed_in.status == 302, signed_in.text[:2000]

    # Right after it, the same person's pages read the primary.
    _page, on_primary, on_replica = get_completeness()
    assert time.monotonic() - posted_at < STICKY, "too slow to test the sticky seconds"
    assert domain(on_primary) and not on_replica

    # A few seconds later, the replica: the page's own queries all go there.
    time.sleep(max(0.0, posted_at + STICKY + 0.2 - time.monotonic()))
    page, on_primary, on_replica = get_completeness()
    assert domain(on_replica), servers.logs()
    assert not domain(on_primary), on_primary
    assert not last_reminded_shown(page.text)

    # Remind the county bureau (a POST that writes reminders); the page it returns to reads
    # the primary, and shows the reminder at once.
    year, quarter = default_period(china_today())
    reminded = person.post(
        "/reports/remind/", {"year": year, "quarter": quarter, "unit": servers.bureau}
    )
    posted_at = time.monotonic()
    assert reminded.status == 302, reminded.text[:2000] + servers.logs()
    page, on_primary, on_replica = get_completeness()
    assert time.monotonic() - posted_at < STICKY, "too slow to test the sticky seconds"
    assert domain(on_primary) and not on_replica
    assert last_reminded_shown(page.text)

    # Streaming replication: the reminder written on the primary appears on the replica...
    count = "SELECT count(*) FROM notifications_reminder"
    assert primary.value(count) == 1
    wait_until(lambda: replica.value(count) == 1, timeout=10, what="the reminder on the replica")
    assert primary.value("SELECT state FROM pg_stat_replication") == "streaming"
    # ...where the page reads it once the person's sticky seconds are over.
    time.sleep(max(0.0, posted_at + STICKY + 0.2 - time.monotonic()))
    page, on_primary, on_replica = get_completeness()
    assert domain(on_replica) and not domain(on_primary)
    assert last_reminded_shown(page.text)

    # No write ever reached the replica (a hot standby would have refused it: a 500).
    writes = re.compile(r"^\s*(INSERT|UPDATE|DELETE|SELECT .* FOR UPDATE)", re.IGNORECASE)
    assert not [s for s in replica.statements() if writes.match(s)]
    assert [s for s in primary.statements() if writes.match(s)]
    assert f"{APP}|ERROR" not in replica.process.log_text()
    assert "Traceback" not in servers.web.log_text()
