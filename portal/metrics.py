"""The portal's own Prometheus metrics, read at scrape time (`/metrics`, portal.views.metrics).

Requests, latency per view and database time come from django-prometheus (its middlewares
and database backends, settings). Here: background jobs not yet finished and the broker's
queue depth, from the database and Redis when the page is scraped, and Celery task failures,
counted where every web host can read them. An app above portal adds its own collector with
`register` from its AppConfig.ready() (notifications: reminder mails).

Each scrape costs one indexed query per collector and, with Redis, a few LLENs.
"""

import logging
import os
import threading
from collections import Counter

from celery.signals import task_failure
from django.conf import settings
from django.db import DatabaseError
from django.db.models import Count, Min
from django.utils import timezone
from prometheus_client import REGISTRY, CollectorRegistry, generate_latest, multiprocess
from prometheus_client.core import CounterMetricFamily, GaugeMetricFamily
from prometheus_client.registry import Collector

from portal.models import Job, JobState

logger = logging.getLogger(__name__)

REDIS_TIMEOUT = 1  # seconds: a scrape must not hang on a Redis that does not answer
FAILURES_KEY = "portal:metrics:task-failures"  # a Redis hash: task name -> failures
# kombu's Redis transport keeps a queue's messages of priority 3, 6 and 9 in lists of their
# own beside the queue's list (its default priority steps).
PRIORITY_SUFFIXES = ("", "\x06\x163", "\x06\x166", "\x06\x169")

_collectors: list[Collector] = []
_lock = threading.Lock()


def register(collector: Collector) -> None:
    """Add a collector read at each scrape (once per process, however often it is asked)."""
    with _lock:
        if any(type(existing) is type(collector) for existing in _collectors):
            return
        _collectors.append(collector)
        REGISTRY.register(collector)


def exposition() -> bytes:
    """The metrics page. With PROMETHEUS_MULTIPROC_DIR set (several gunicorn workers), the
    request metrics are summed over this host's worker processes, and ours are read once."""
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        registry = CollectorRegistry()
        multiprocess.MultiProcessCollector(registry)
        for collector in _collectors:
            registry.register(collector)
    else:
        registry = REGISTRY
    return generate_latest(registry)


def _redis():
    import redis
    from redis.backoff import NoBackoff
    from redis.retry import Retry

    return redis.Redis.from_url(
        settings.REDIS_URL,
        socket_timeout=REDIS_TIMEOUT,
        socket_connect_timeout=REDIS_TIMEOUT,
        retry=Retry(NoBackoff(), 0),
    )


class JobsCollector(Collector):
    """Background jobs (mail, reminder mails, documents) not yet finished, by task and
    state, and how long the oldest of each has waited: one query on the partial index
    `job_unfinished`."""

    def describe(self):
        # Registering asks for the names: from here, not from a query before migrations ran.
        return self._families()

    def _families(self):
        count = GaugeMetricFamily(
            "portal_jobs_unfinished",
            "Background jobs waiting for the task service, queued or running",
            labels=["task", "state"],
        )
        age = GaugeMetricFamily(
            "portal_jobs_oldest_unfinished_age_seconds",
            "How long the oldest unfinished job of each task and state has existed",
            labels=["task", "state"],
        )
        return count, age

    def collect(self):
        count, age = self._families()
        try:
            rows = list(
                Job.objects.filter(state__in=[JobState.WAITING, JobState.QUEUED, JobState.RUNNING])
                .order_by()
                .values("task", "state")
                .annotate(n=Count("pk"), oldest=Min("created_at"))
            )
        except DatabaseError as error:
            # The page still shows the request metrics, which say more in an outage.
            logger.warning("Jobs not counted, the database does not answer: %s", error)
            return
        now = timezone.now()
        for row in rows:
            count.add_metric([row["task"], row["state"]], row["n"])
            age.add_metric([row["task"], row["state"]], (now - row["oldest"]).total_seconds())
        yield count
        yield age


class QueueCollector(Collector):
    """Messages waiting in the broker, per queue (the length of its Redis lists). Absent
    when tasks run in-process (no REDIS_URL) or Redis does not answer."""

    def describe(self):
        return [self._family()]

    def _family(self):
        return GaugeMetricFamily(
            "portal_celery_queue_length",
            "Messages waiting in the broker for a worker",
            labels=["queue"],
        )

    def collect(self):
        if not settings.REDIS_URL:
            return
        from portal.celery import app

        queues = {app.conf.task_default_queue}
        queues.update(queue.name for queue in app.conf.task_queues or ())
        depth = self._family()
        try:
            with _redis() as client, client.pipeline(transaction=False) as pipe:
                for queue in sorted(queues):
                    for suffix in PRIORITY_SUFFIXES:
                        pipe.llen(queue + suffix)
                lengths = pipe.execute()
        except Exception as error:
            logger.warning("Queue depth not read, Redis does not answer: %s", error)
            return
        step = len(PRIORITY_SUFFIXES)
        for i, queue in enumerate(sorted(queues)):
            depth.add_metric([queue], sum(lengths[i * step : (i + 1) * step]))
        yield depth


# Failures of tasks run in this process (in-process mode, no Redis to count them in).
_local_failures: Counter = Counter()


class TaskFailuresCollector(Collector):
    """Celery task failures by task. Workers run elsewhere and are not scraped: with Redis
    they count in a Redis hash that every web host reads; in-process, in this process."""

    def describe(self):
        return [self._family()]

    def _family(self):
        return CounterMetricFamily(
            "portal_celery_task_failures",
            "Celery tasks that ended in an error (retries not counted)",
            labels=["task"],
        )

    def collect(self):
        failures = self._family()
        if settings.REDIS_URL:
            try:
                with _redis() as client:
                    stored = client.hgetall(FAILURES_KEY)
                counts = {name.decode(): int(value) for name, value in stored.items()}
            except Exception as error:
                logger.warning("Task failures not read, Redis does not answer: %s", error)
                return
        else:
            counts = dict(_local_failures)
        for name, value in sorted(counts.items()):
            failures.add_metric([name], value)
        yield failures


@task_failure.connect(weak=False)
def _count_failure(sender=None, **kwargs):
    name = getattr(sender, "name", None) or "unknown"
    if not settings.REDIS_URL:
        _local_failures[name] += 1
        return
    try:
        with _redis() as client:
            client.hincrby(FAILURES_KEY, name, 1)
    except Exception as error:
        logger.warning("Task failure of %s not counted, Redis does not answer: %s", name, error)


def register_portal_collectors() -> None:
    register(JobsCollector())
    register(QueueCollector())
    register(TaskFailuresCollector())
