"""The reminder fan-out for a province, timed end to end through a real Celery worker.

    .venv/bin/python bench/reminders_bench.py [--units 3000] [--people 3]
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/portal_bench_reminders \
        REDIS_URL=redis://127.0.0.1:6379/5 .venv/bin/python bench/reminders_bench.py

(A Redis database of its own: a test worker elsewhere on the same queue would take its tasks.)

Builds (once; kept between runs) `--units` county offices under 30 cities, with `--people`
people each (a reporter, an approver, a second reporter) and a reviewer per city office.
Then, 7 days before 2026 Q2 is due, times the planning alone (a dry run), queues the beat
job once and waits until the worker has run it and every mail task it queued; prints the
time and the mails sent (locmem backend). Then queues it again, as a doubled beat would:
it must send nothing.

Without DATABASE_URL it uses its own SQLite file in /tmp, never the demo database; without
REDIS_URL the worker consumes Celery's in-memory transport.
"""

import argparse
import os
import sys
import threading
import time
from collections import Counter
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.test_settings")
os.environ.setdefault("DATABASE_URL", "sqlite:////tmp/portal_reminders_bench.sqlite3")

import django

django.setup()

from celery.contrib.testing.worker import start_worker  # noqa: E402
from celery.signals import after_task_publish, task_postrun  # noqa: E402
from django.contrib.auth.hashers import make_password  # noqa: E402
from django.core import mail  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402
from django.urls import reverse  # noqa: E402

from notifications.models import Notification, Reminder, ReminderRun  # noqa: E402
from notifications.services import reminders_plan  # noqa: E402
from notifications.tasks import remind_due  # noqa: E402
from portal.celery import app  # noqa: E402
from portal.models import Membership, Region, RegionLevel, Role, Unit, UnitKind, User  # noqa: E402

UNUSABLE = make_password(None)  # nobody signs in as these people
DAY = "2026-07-03"  # 7 days before 2026 Q2 is due
CITIES = 30


def build(n_units: int, n_people: int) -> None:
    if Unit.objects.filter(name__startswith="基准县").count() == n_units:
        return
    province = Region.objects.create(name="基准省", level=RegionLevel.PROVINCE)
    cities = []
    for c in range(CITIES):
        city = Region.objects.create(name=f"基准市{c}", level=RegionLevel.CITY, parent=province)
        cities.append(city)
        office = Unit.objects.create(name=f"基准市{c}扶贫办", region=city, kind=UnitKind.OTHER)
        reviewer = User.objects.create(
            username=f"bench_reviewer_{c}", email=f"r{c}@bench.invalid", password=UNUSABLE
        )
        Membership.objects.create(user=reviewer, unit=office, role=Role.REVIEWER)
    counties = Region.objects.bulk_create(
        Region(name=f"基准县{n}", level=RegionLevel.COUNTY, parent=cities[n % CITIES])
        for n in range(n_units)
    )
    for county in counties:
        county.path = f"{county.parent.path}{county.pk}/"
    Region.objects.bulk_update(counties, ["path"], batch_size=1000)
    units = Unit.objects.bulk_create(
        Unit(name=f"基准县{n}扶贫局", region=county, kind=UnitKind.POVERTY_OFFICE)
        for n, county in enumerate(counties)
    )
    roles = [Role.REPORTER, Role.APPROVER, Role.REPORTER]
    users = User.objects.bulk_create(
        User(username=f"bench_{n}_{p}", email=f"u{n}_{p}@bench.invalid", password=UNUSABLE)
        for n in range(n_units)
        for p in range(n_people)
    )
    Membership.objects.bulk_create(
        Membership(user=users[n * n_people + p], unit=unit, role=roles[p % len(roles)])
        for n, unit in enumerate(units)
        for p in range(n_people)
    )
    # The city offices here are not reporting units (kind OTHER), so only counties report.


class Tracker:
    def __init__(self):
        self.published, self.finished, self.lock = Counter(), Counter(), threading.Lock()

    def publish(self, headers=None, **kwargs):
        with self.lock:
            self.published[headers["id"]] += 1

    def postrun(self, task_id=None, **kwargs):
        with self.lock:
            self.finished[task_id] += 1

    def settled(self):
        with self.lock:
            return bool(self.published) and all(
                self.finished[i] >= n for i, n in self.published.items()
            )


def run_once() -> tuple[float, int]:
    tracker = Tracker()
    after_task_publish.connect(tracker.publish, weak=False)
    task_postrun.connect(tracker.postrun, weak=False)
    sent_before = len(mail.outbox)
    started = time.perf_counter()
    remind_due.delay(today=DAY)
    while not tracker.settled():
        time.sleep(0.05)
    elapsed = time.perf_counter() - started
    after_task_publish.disconnect(tracker.publish)
    task_postrun.disconnect(tracker.postrun)
    return elapsed, len(mail.outbox) - sent_before


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--units", type=int, default=3000)
    parser.add_argument("--people", type=int, default=3)
    args = parser.parse_args()
    setup_test_environment()  # the locmem mail backend and its outbox
    call_command("migrate", verbosity=0)
    build(args.units, args.people)
    Reminder.objects.all().delete()
    Notification.objects.all().delete()
    ReminderRun.objects.all().delete()
    print(
        f"{connection.vendor}, broker {app.conf.broker_url.split('://')[0]}: "
        f"{Unit.objects.filter(name__startswith='基准县').count()} units, "
        f"{User.objects.filter(username__startswith='bench_').count()} people"
    )
    reverse("home")  # the URLconf is imported once per process, not in the timing
    started = time.perf_counter()
    plan = reminders_plan(today=date.fromisoformat(DAY))
    print(f"planning:   {time.perf_counter() - started:7.1f} s  {len(plan)} reminders (a dry run)")
    if app.conf.broker_url.startswith("memory"):
        # The in-memory transport sleeps up to a second whenever its queue is empty.
        app.conf.broker_transport_options = {"polling_interval": 0.001}
    with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=30):
        first, mails = run_once()
        run = ReminderRun.objects.get()
        job = (run.finished_at - run.started_at).total_seconds()
        print(f"first run:  {first:7.1f} s  {mails} mails, {Reminder.objects.count()} reminders")
        print(f"            {job:7.1f} s  of it in the job (plan, claims, notifications, queueing)")
        print(f"            {first / max(mails, 1) * 1000:7.2f} ms per mail, end to end")
        second, again = run_once()
        print(f"second run: {second:7.1f} s  {again} mails (a doubled beat sends nothing)")
    assert again == 0


if __name__ == "__main__":
    main()
