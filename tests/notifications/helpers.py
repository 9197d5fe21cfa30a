"""Running the reminder job through the real worker at a given day, 09:00 China time."""

import threading
import time
from collections import Counter
from datetime import date, datetime
from datetime import time as clock

import time_machine
from celery.signals import after_task_publish, task_postrun
from django.core import mail

from notifications.models import Reminder
from notifications.tasks import remind_due
from portal.clock import CHINA


def wait_until(condition, timeout=30.0, what="the worker"):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.02)
    raise AssertionError(f"timed out waiting for {what}")


class TaskTracker:
    """Counts the tasks published and finished, through Celery's signals, so a test waits
    for the worker without reading tables the worker is writing (SQLite's shared in-memory
    test database locks a table against a reader and a writer at once)."""

    def __init__(self):
        self.published: Counter = Counter()
        self.finished: Counter = Counter()
        self.lock = threading.Lock()

    def on_publish(self, sender=None, headers=None, **kwargs):
        with self.lock:
            self.published[headers["id"]] += 1

    def on_postrun(self, task_id=None, **kwargs):
        with self.lock:
            self.finished[task_id] += 1

    def settled(self) -> bool:
        with self.lock:
            return all(self.finished[i] >= n for i, n in self.published.items())

    def __enter__(self):
        after_task_publish.connect(self.on_publish, weak=False)
        task_postrun.connect(self.on_postrun, weak=False)
        return self

    def __exit__(self, *exc):
        after_task_publish.disconnect(self.on_publish)
        task_postrun.disconnect(self.on_postrun)


def run_through_worker(send, *, what="the worker"):
    """Call `send()` (which queues tasks), then wait until the worker has run them and
    every task they queued in turn (mail, retries)."""
    with TaskTracker() as tracker:
        send()
        wait_until(tracker.settled, what=what)


def beat(day: date, *, times: int = 1) -> None:
    """What beat does at 09:00 on `day`: queue the job (`times` times, as a doubled beat
    would), then wait until the worker ran it and mailed what it claimed."""
    with time_machine.travel(datetime.combine(day, clock(9, 0), tzinfo=CHINA), tick=True):

        def send():
            for _ in range(times):
                remind_due.delay()

        run_through_worker(send, what="the reminder run")


def mails_to(address: str) -> list:
    return [message for message in mail.outbox if address in message.to]


def steps_of(person) -> list[tuple[str, str]]:
    """(day, step) of each reminder the person got, oldest first."""
    return [
        (r.created_at.astimezone(CHINA).date().isoformat(), r.step)
        for r in Reminder.objects.filter(person=person).order_by("created_at", "id")
    ]


def notify(person, title="提醒", url="/reports/", read=False):
    from django.utils import timezone

    from notifications.models import Notification, NotificationKind

    return Notification.objects.create(
        recipient=person,
        kind=NotificationKind.REMINDER,
        title=title,
        body="…",
        url=url,
        read_at=timezone.now() if read else None,
    )
