"""Background jobs through an outbox: nothing is lost when the broker is down or loses what
it held, and a job whose worker died runs again.

1. `enqueue` writes a Job row in the caller's transaction, so the job exists exactly when the
   change it belongs to does, and hands it to the broker after commit in one quick attempt.
   A broker that is down leaves the job "waiting"; the request never waits on it.
2. The task claims its Job before it runs (waiting/queued → running, with the worker's
   host:pid), so a copy delivered twice runs once; a copy redelivered because its worker
   process died takes the job over at once when that process is gone.
3. `sweep` (beat, every minute) hands waiting jobs to the broker again, and queued or
   running jobs that nobody has finished in time (the broker came back empty, a whole
   worker host died) too: a job is never stuck for longer than its time limit and a minute.

Every task dispatched this way is idempotent (it claims what it works on in the database),
so the rare second copy that the sweeper sends for a slow queue does no harm.
"""

import logging
import os
import socket
from datetime import datetime, timedelta

from celery import Task, current_app
from celery.contrib.django.task import DjangoTask
from celery.exceptions import Retry
from django.conf import settings
from django.db import transaction
from django.db.models import F, Q
from django.db.models.functions import Coalesce
from django.utils import timezone

from portal.models import Job, JobState

logger = logging.getLogger(__name__)

TASK_ID_PREFIX = "portal-job-"
# A queued job that no worker started within this long (after its retry time) was lost.
LOST_AFTER = timedelta(minutes=5)
# A waiting job younger than this is still being handed over by the request that made it.
WAITING_GRACE = timedelta(seconds=10)
SWEEP_BATCH = 500
UNFINISHED = (JobState.WAITING, JobState.QUEUED, JobState.RUNNING)


def enqueue(task: Task, *args, **kwargs) -> Job:
    """Record `task(*args, **kwargs)` as a job in the current transaction and hand it to the
    broker once that transaction commits. Arguments must be JSON (ids, strings, lists)."""
    job = Job.objects.create(task=task.name, args=list(args), kwargs=kwargs)
    transaction.on_commit(lambda: dispatch(job.pk))
    return job


def dispatch(job_id: int) -> bool:
    """Hand one job to the broker, once, without waiting on a broker that is down. True when
    the broker took it (or, with tasks run in-process, when it has run)."""
    job = Job.objects.filter(pk=job_id).first()
    task = _task(job.task) if job else None
    if task is None:
        return False
    handed = Job.objects.filter(pk=job_id, state__in=[JobState.WAITING, JobState.QUEUED]).update(
        state=JobState.QUEUED,
        queued_at=timezone.now(),
        run_after=None,
        dispatches=F("dispatches") + 1,
    )
    if not handed:
        return False
    options = {"task_id": f"{TASK_ID_PREFIX}{job.pk}", "ignore_result": True, "retry": False}
    if current_app.conf.task_always_eager:
        # In-process (the quick start): the task runs now and its errors are its own.
        task.apply_async(job.args, job.kwargs, **options)
        return True
    try:
        task.apply_async(job.args, job.kwargs, **options)
    except Exception as error:  # the broker's many ways of being unreachable
        logger.warning("Task service unreachable, job %s left waiting: %s", job.pk, error)
        Job.objects.filter(pk=job.pk, state=JobState.QUEUED).update(
            state=JobState.WAITING, error=f"{type(error).__name__}: {error}"[:1000]
        )
        return False
    return True


def is_waiting(job: Job) -> bool:
    """Whether the broker has not taken the job yet (the page says it will run later)."""
    return Job.objects.filter(pk=job.pk, state=JobState.WAITING).exists()


def sweep(*, now: datetime | None = None) -> int:
    """Hand again to the broker what it never got or lost, and what a dead worker left
    running past its time limit. Returns how many jobs were handed over."""
    now = now or timezone.now()
    lost = Q(state=JobState.WAITING, created_at__lt=now - WAITING_GRACE) | Q(
        state=JobState.QUEUED, due_at__lt=now - LOST_AFTER
    )
    candidates = list(
        Job.objects.annotate(due_at=Coalesce("run_after", "queued_at", "created_at"))
        .filter(lost | Q(state=JobState.RUNNING))
        .order_by("created_at")
        .values_list("pk", "state", "task", "started_at")[:SWEEP_BATCH]
    )
    handed = 0
    for pk, state, task_name, started_at in candidates:
        if state == JobState.RUNNING:
            if _task(task_name) is None or started_at is None:
                continue
            if started_at >= now - lease(task_name):
                continue
            released = Job.objects.filter(pk=pk, state=JobState.RUNNING, started_at=started_at)
            if not released.update(state=JobState.QUEUED, runner=""):
                continue
            logger.warning("Job %s (%s) ran past its time limit: handed over again", pk, task_name)
        handed += dispatch(pk)
    return handed


def lease(task_name: str) -> timedelta:
    """How long a job may be running before its worker counts as dead: its hard time limit
    (no worker lets a task run longer) and a minute."""
    task = _task(task_name)
    if task is None:
        raise LookupError(f"No task {task_name!r} in this process")
    limit = task.time_limit or settings.CELERY_TASK_TIME_LIMIT
    return timedelta(seconds=limit + 60)


def _task(name: str) -> Task | None:
    """The registered task, importing every app's tasks module first if this process (a
    shell, a management command) has not yet."""
    if name not in current_app.tasks:
        current_app.loader.import_default_modules()
    task = current_app.tasks.get(name)
    if task is None:
        logger.error("Job for an unknown task %r left as it is", name)
    return task


def oldest_unfinished() -> Job | None:
    return Job.objects.filter(state__in=UNFINISHED).order_by("created_at").first()


def runner_id() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"


def _runner_is_dead(runner: str) -> bool:
    """Whether `runner` was a process on this host that no longer exists. A process on
    another host cannot be asked: the sweeper's time limit covers that case."""
    host, _sep, pid = runner.rpartition(":")
    if host != socket.gethostname() or not pid.isdigit() or runner == runner_id():
        return False
    try:
        os.kill(int(pid), 0)
    except ProcessLookupError:
        return True
    except PermissionError:
        return False
    return False


def _claim(job_id: int) -> bool:
    now, me = timezone.now(), runner_id()
    started = dict(state=JobState.RUNNING, started_at=now, runner=me, runs=F("runs") + 1)
    if Job.objects.filter(pk=job_id, state__in=[JobState.WAITING, JobState.QUEUED]).update(
        **started
    ):
        return True
    job = Job.objects.filter(pk=job_id).values("state", "runner").first()
    if job and job["state"] == JobState.RUNNING and _runner_is_dead(job["runner"]):
        logger.warning("Job %s: its worker process %s died; taking it over", job_id, job["runner"])
        return bool(
            Job.objects.filter(pk=job_id, state=JobState.RUNNING, runner=job["runner"]).update(
                **started
            )
        )
    return False


def job_id_of(task_id: str | None) -> int | None:
    if task_id and task_id.startswith(TASK_ID_PREFIX):
        number = task_id.removeprefix(TASK_ID_PREFIX)
        if number.isdigit():
            return int(number)
    return None


class JobTask(DjangoTask):
    """Every task's base (`portal.celery`). Run through `enqueue`, the task first claims its
    job and records how it ended; called any other way it simply runs."""

    def __call__(self, *args, **kwargs):
        job_id = job_id_of(self.request.id)
        if job_id is None:
            return super().__call__(*args, **kwargs)
        if not _claim(job_id):
            logger.info("Job %s is done or running elsewhere: this copy does nothing", job_id)
            return None
        try:
            result = super().__call__(*args, **kwargs)
        except Retry:
            raise  # `retry` has queued the job again
        except Exception as error:
            Job.objects.filter(pk=job_id).update(
                state=JobState.FAILED,
                finished_at=timezone.now(),
                error=f"{type(error).__name__}: {error}"[:1000],
            )
            raise
        Job.objects.filter(pk=job_id).update(
            state=JobState.DONE, finished_at=timezone.now(), error=""
        )
        return result

    def retry(
        self, args=None, kwargs=None, exc=None, throw=True, eta=None, countdown=None, **options
    ):
        """Celery's retry, with the job back to queued before the new message goes out (its
        copy may start at once and must find the job free to claim)."""
        job_id = job_id_of(self.request.id)
        if job_id is not None:
            delay = countdown if countdown is not None else self.default_retry_delay
            Job.objects.filter(pk=job_id, state=JobState.RUNNING).update(
                state=JobState.QUEUED,
                run_after=eta or timezone.now() + timedelta(seconds=float(delay or 0)),
                runner="",
                error=f"{type(exc).__name__}: {exc}"[:1000] if exc else "",
            )
        return super().retry(
            args=args, kwargs=kwargs, exc=exc, throw=throw, eta=eta, countdown=countdown, **options
        )
