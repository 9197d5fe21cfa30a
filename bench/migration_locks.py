"""Which migrations lock the big tables, and for how long, on a province-sized database.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/portal_migration_locks \
        .venv/bin/python bench/migration_locks.py [--units 120] [--years 10] [--items 200] \
        [--back-to submissions.0001_initial] [--lock-timeout 5s]

Builds the data set of bench/submissions_bench.py once (about 1 million items with the
defaults; kept between runs), then takes the database back to `--back-to` (every migration
after it undone, the rows kept) and applies every later migration of the project again,
one at a time, with `lock_timeout` set on the migrating connection as the README's upgrade
does. A second connection polls pg_locks every few milliseconds and records the locks the
migrating session holds on submissions_item and submissions_report that block readers
(ACCESS EXCLUSIVE) or writers (SHARE, SHARE ROW EXCLUSIVE, EXCLUSIVE), and for how long.
Migrations before submissions 0001 ran before those tables existed: they cannot lock them.

Meanwhile a third connection plays the pages: it reads one report's items and saves one
item (rolled back) every few milliseconds with a 50 ms lock_timeout, and records the
longest a read or a save kept waiting; that catches the row locks of a long backfill too,
which pg_locks' table locks do not show.

Prints one line per migration (its time), one per lock it held on the big tables, and how
long the pages waited when that was a tenth of a second or more.
The database is at the newest migration again at the end. tests/portal/test_migration_safety.py
is the cheap rule that keeps new migrations from such locks; this measures them.
"""

import argparse
import os
import sys
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.test_settings")

import django

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.db.migrations.executor import MigrationExecutor  # noqa: E402

BIG_TABLES = ("submissions_item", "submissions_report")
BLOCKS_READS = {"AccessExclusiveLock"}
BLOCKS_WRITES = {"ShareLock", "ShareRowExclusiveLock", "ExclusiveLock"}
# Table locks only: a relation extension lock ('extend') is also an ExclusiveLock on the
# table in pg_locks, held for a moment while a page is added, and blocks nobody's reads.
LOCKS = """
SELECT c.relname, l.mode FROM pg_locks l JOIN pg_class c ON c.oid = l.relation
WHERE l.pid = %s AND l.granted AND l.locktype = 'relation' AND c.relname = ANY(%s)
  AND l.mode = ANY(%s)
"""
# What a page does meanwhile: read one report's items, and save one item (rolled back).
READ = "SELECT count(*) FROM submissions_item WHERE report_id = %s"
WRITE = "UPDATE submissions_item SET title = title WHERE id = %s"


class LockWatcher(threading.Thread):
    """Polls pg_locks from a connection of its own while one migration runs; `held` maps
    (table, mode) to (first seen, last seen)."""

    def __init__(self, pid: int, interval: float = 0.005):
        super().__init__(daemon=True)
        self.pid, self.interval = pid, interval
        self.held: dict[tuple[str, str], list[float]] = {}
        self.stop = threading.Event()
        self.raw = connection.get_new_connection(connection.get_connection_params())
        self.raw.autocommit = True

    def run(self):
        cursor = self.raw.cursor()
        modes = sorted(BLOCKS_READS | BLOCKS_WRITES)
        while not self.stop.is_set():
            cursor.execute(LOCKS, [self.pid, list(BIG_TABLES), modes])
            now = time.perf_counter()
            for table, mode in cursor.fetchall():
                self.held.setdefault((table, mode), [now, now])[1] = now
            time.sleep(self.interval)
        self.raw.close()


class Prober(threading.Thread):
    """What the pages feel while one migration runs: every few milliseconds a reader (one
    report's items) and a writer (one item saved, then rolled back) each try with a short
    lock_timeout. A row lock held by a long backfill blocks a save as surely as a table
    lock does; the longest stretch a probe kept failing is how long a page would have
    waited. `waited` maps "read" and "write" to that stretch in seconds."""

    def __init__(self, samples: list[tuple[int, int]], interval: float = 0.01):
        super().__init__(daemon=True)
        self.samples, self.interval = samples, interval
        self.waited = {"read": 0.0, "write": 0.0}
        self.stop = threading.Event()
        self.raw = connection.get_new_connection(connection.get_connection_params())

    def _try(self, sql: str, value: int) -> bool:
        cursor = self.raw.cursor()
        try:
            cursor.execute("SET LOCAL lock_timeout = '50ms'")
            cursor.execute(sql, [value])
            return True
        except Exception:  # lock_timeout, or a column the migration has not made yet
            return False
        finally:
            self.raw.rollback()

    def run(self):
        failing_since: dict[str, float | None] = {"read": None, "write": None}
        turn = 0
        while not self.stop.is_set():
            report_id, item_id = self.samples[turn % len(self.samples)]
            turn += 1
            for kind, sql, value in (("read", READ, report_id), ("write", WRITE, item_id)):
                began = time.perf_counter()
                ok = self._try(sql, value)
                now = time.perf_counter()
                if not ok and failing_since[kind] is None:
                    failing_since[kind] = began
                since = failing_since[kind]
                if since is not None:
                    self.waited[kind] = max(self.waited[kind], now - since)
                    if ok:
                        failing_since[kind] = None
            time.sleep(self.interval)
        self.raw.close()


def samples() -> list[tuple[int, int]]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT report_id, id FROM submissions_item TABLESAMPLE SYSTEM (1) LIMIT 200"
        )
        return cursor.fetchall()


def build(units: int, years: int, items: int) -> None:
    import submissions_bench

    from submissions import scoring

    call_command("migrate", verbosity=0)
    submissions_bench.build(units, years, items)
    scoring.fill_missing_totals()
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
        cursor.execute("SELECT count(*) FROM submissions_item")
        print(f"{cursor.fetchone()[0]:,} items", flush=True)


def replay(back_to: tuple[str, str], lock_timeout: str) -> list[tuple[str, float, list[str]]]:
    executor = MigrationExecutor(connection)
    targets = executor.loader.graph.leaf_nodes()
    started = time.perf_counter()
    call_command("migrate", back_to[0], back_to[1], verbosity=0)
    print(f"back to {'.'.join(back_to)} in {time.perf_counter() - started:.1f} s", flush=True)

    executor = MigrationExecutor(connection)
    plan = [migration for migration, backwards in executor.migration_plan(targets)]
    with connection.cursor() as cursor:
        # As the upgrade does: a migration that cannot get its lock soon fails rather than
        # queueing every page's reads behind it (README "Upgrades").
        cursor.execute("SET lock_timeout = %s", [lock_timeout])
        cursor.execute("SELECT pg_backend_pid()")
        pid = cursor.fetchone()[0]
    rows = samples()
    results = []
    for migration in plan:
        watcher, prober = LockWatcher(pid), Prober(rows)
        watcher.start()
        prober.start()
        started = time.perf_counter()
        call_command("migrate", migration.app_label, migration.name, verbosity=0)
        took = time.perf_counter() - started
        for thread in (watcher, prober):
            thread.stop.set()
            thread.join()
        locks = [
            f"{table} {mode} {'(blocks reads)' if mode in BLOCKS_READS else '(blocks writes)'} "
            f"held {max(last - first, watcher.interval):.2f} s"
            for (table, mode), (first, last) in sorted(watcher.held.items())
        ]
        waited = prober.waited
        if max(waited.values()) >= 0.1:
            locks.append(
                f"pages waited: a read up to {waited['read']:.2f} s, "
                f"an item save up to {waited['write']:.2f} s"
            )
        results.append((f"{migration.app_label}.{migration.name}", took, locks))
        print(f"{migration.app_label}.{migration.name}: {took:.2f} s", flush=True)
        for line in locks:
            print(f"    {line}", flush=True)
    return results


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--units", type=int, default=120)
    parser.add_argument("--years", type=int, default=10)
    parser.add_argument("--items", type=int, default=200)
    parser.add_argument("--back-to", default="submissions.0001_initial")
    parser.add_argument("--lock-timeout", default="5s")
    args = parser.parse_args()
    if connection.vendor != "postgresql":
        sys.exit("Run this against PostgreSQL: set DATABASE_URL.")
    build(args.units, args.years, args.items)
    app_label, name = args.back_to.split(".", 1)
    results = replay((app_label, name), args.lock_timeout)

    print("\nmigrations that locked submissions_item or submissions_report:")
    locking = [(key, took, locks) for key, took, locks in results if locks]
    for key, took, locks in sorted(locking, key=lambda row: -row[1]):
        print(f"  {key} ({took:.2f} s)")
        for line in locks:
            print(f"      {line}")
    if not locking:
        print("  none")


if __name__ == "__main__":
    main()
