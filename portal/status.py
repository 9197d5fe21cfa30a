"""Whether each part the portal depends on answers, and what to do when one does not: the
load balancer's `/health/` (the database only) and the administrators' status page (all).

Every check is bounded in time: the database by a statement timeout (and the connect timeout
in settings), Redis by two-second socket timeouts without retries, the workers by a
one-second ping; what needs Redis is not asked while Redis does not answer. So the status
page answers within a few seconds in an outage, when it is needed most.
"""

import math
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.apps import apps
from django.conf import settings
from django.core.cache import cache
from django.db import DatabaseError, connection, transaction
from django.db.models import Count
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.timesince import timesince
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from portal import jobs
from portal.models import Job, JobState

OK, PROBLEM, OFF = "ok", "problem", "off"

DATABASE_TIMEOUT_MS = 2000
REDIS_TIMEOUT = 2  # seconds, to connect and to answer
# Beat sends the sweep every minute (settings.CELERY_BEAT_SCHEDULE): three missed is a problem.
BEAT_KEY = "beat-last-seen"
BEAT_STALE_AFTER = timedelta(minutes=3)
# Longer than a job is ever left waiting or lost (jobs.LOST_AFTER, the sweep) when the task
# service works, and than most jobs run; a PDF near its time limit may show here briefly.
JOB_STUCK_AFTER = timedelta(minutes=15)
FAILED_RECENTLY = timedelta(hours=24)


@dataclass
class Check:
    key: str
    title: str
    state: str  # OK, PROBLEM, or OFF (not used in this configuration)
    summary: str
    advice: str = ""  # what to do, when there is a problem
    facts: list[tuple[str, str]] = field(default_factory=list)
    link: str = ""  # to the admin's list (shown to staff only)
    link_label: str = ""


def database_answers() -> bool:
    """One `SELECT 1` on this process's connection: the question a web host must answer."""
    try:
        with transaction.atomic(), connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                # LOCAL: for this transaction only, the pooled connection keeps no limit.
                cursor.execute(f"SET LOCAL statement_timeout = {DATABASE_TIMEOUT_MS}")
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        return False
    return True


def redis_error() -> str | None:
    """Why Redis does not answer a ping, or None when it does."""
    import redis
    from redis.backoff import NoBackoff
    from redis.retry import Retry

    client = redis.Redis.from_url(
        settings.REDIS_URL,
        socket_timeout=REDIS_TIMEOUT,
        socket_connect_timeout=REDIS_TIMEOUT,
        retry=Retry(NoBackoff(), 0),  # redis-py retries ten times by default
    )
    try:
        client.ping()
    except (redis.RedisError, OSError) as error:
        return str(error) or type(error).__name__
    finally:
        client.close()
    return None


def worker_names() -> list[str]:
    """The Celery workers that answer a ping in time. The ping waits out its whole timeout
    (any number of workers may answer), so every status page takes that long."""
    from portal.celery import app

    replies = app.control.ping(timeout=settings.STATUS_WORKER_PING_SECONDS) or []
    return sorted(name for reply in replies for name in reply)


def beat_seen(now: datetime | None = None) -> None:
    """Called by the sweep that beat sends every minute (portal.tasks.jobs_sweep)."""
    cache.set(BEAT_KEY, now or timezone.now(), None)


def beat_last_seen() -> datetime | None:
    return cache.get(BEAT_KEY)


def all_checks() -> list[Check]:
    database = _database()
    redis = _redis()
    redis_up = redis.state == OK
    checks = [database, redis, _workers(redis_up), _beat(redis_up)]
    if database.state == OK:
        checks += [_jobs(), _mails()]
    return checks


def _database() -> Check:
    title = _("Database")
    if database_answers():
        return Check("database", title, OK, _("The database answers."))
    return Check(
        "database",
        title,
        PROBLEM,
        _("The database does not answer."),
        _(
            "No page works without it. Check that PostgreSQL runs and that this host reaches it "
            "(DATABASE_URL); the load balancer takes web hosts out while it does not answer."
        ),
    )


def _redis() -> Check:
    title = _("Redis (task service)")
    if not settings.REDIS_URL:
        return Check(
            "redis", title, OFF, _("Not used: tasks run in-process (REDIS_URL is not set).")
        )
    error = redis_error()
    if error is None:
        return Check("redis", title, OK, _("Redis answers."))
    return Check(
        "redis",
        title,
        PROBLEM,
        _("Redis does not answer: %(error)s") % {"error": error},
        _(
            "Mail, reminders and documents wait in the database and go out once Redis is back; "
            "the pages work meanwhile, uncached. Start Redis or correct REDIS_URL. The load "
            "balancer keeps the web hosts in."
        ),
    )


def _workers(redis_up: bool) -> Check:
    title = _("Workers")
    if not settings.REDIS_URL:
        return Check("workers", title, OFF, _("Not used: tasks run in-process."))
    if not redis_up:
        return Check(
            "workers",
            title,
            PROBLEM,
            _("Cannot be asked while Redis does not answer."),
            _("Bring Redis back first."),
        )
    try:
        names = worker_names()
    except Exception as error:  # the broker's many ways of failing mid-ping
        names, failure = [], f"{type(error).__name__}: {error}"
    else:
        failure = ""
    if names:
        summary = ngettext("%(count)d worker answers.", "%(count)d workers answer.", len(names)) % {
            "count": len(names)
        }
        return Check("workers", title, OK, summary, facts=[(_("Workers"), ", ".join(names))])
    return Check(
        "workers",
        title,
        PROBLEM,
        _("No worker answered within %(seconds)d s.")
        % {"seconds": math.ceil(settings.STATUS_WORKER_PING_SECONDS)}
        + (f" ({failure})" if failure else ""),
        _(
            "Tasks wait until a worker takes them: start `celery -A portal worker` on the "
            "worker hosts and read their logs."
        ),
    )


def _beat(redis_up: bool) -> Check:
    title = _("Beat (scheduled tasks)")
    if not settings.REDIS_URL:
        return Check("beat", title, OFF, _("Not used: tasks run in-process."))
    if not redis_up:
        return Check(
            "beat",
            title,
            PROBLEM,
            _("Cannot be checked while Redis does not answer."),
            _("Bring Redis back first."),
        )
    advice = _(
        "Reminders and the minute's sweep of waiting jobs depend on beat: check that exactly "
        "one `celery -A portal beat` runs, and that the workers answer."
    )
    last = beat_last_seen()
    if last is None:
        return Check("beat", title, PROBLEM, _("Beat has not been seen."), advice)
    now = timezone.now()
    summary = _("Beat last seen %(ago)s.") % {"ago": _ago(last, now)}
    facts = [(_("Last seen"), date_format(timezone.localtime(last), "DATETIME_FORMAT"))]
    if now - last > BEAT_STALE_AFTER:
        return Check("beat", title, PROBLEM, summary, advice, facts)
    return Check("beat", title, OK, summary, facts=facts)


def _jobs() -> Check:
    title = _("Background jobs")
    now = timezone.now()
    shown = [JobState.WAITING, JobState.QUEUED, JobState.RUNNING, JobState.FAILED]
    counts = dict(
        Job.objects.filter(state__in=shown)
        .order_by()
        .values_list("state")
        .annotate(count=Count("pk"))
    )
    facts = [(state.label, str(counts.get(state, 0))) for state in shown]
    problems = []
    oldest = jobs.oldest_unfinished()
    if oldest is not None:
        facts.append(
            (
                _("Oldest unfinished"),
                _("%(task)s (#%(id)s): %(state)s, recorded %(ago)s")
                % {
                    "task": oldest.task,
                    "id": oldest.pk,
                    "state": oldest.get_state_display(),
                    "ago": _ago(oldest.created_at, now),
                },
            )
        )
        if now - oldest.created_at > JOB_STUCK_AFTER:
            problems.append(
                _(
                    "A job has not finished for more than %(minutes)d minutes: see Redis, the "
                    "workers and beat above; when they are all fine, read the worker logs."
                )
                % {"minutes": int(JOB_STUCK_AFTER.total_seconds() // 60)}
            )
    failed = (
        Job.objects.filter(state=JobState.FAILED, finished_at__gte=now - FAILED_RECENTLY)
        .order_by("-finished_at")
        .first()
    )
    if failed is not None:
        facts.append(
            (
                _("Last failure"),
                f"{failed.task} (#{failed.pk}), "
                f"{date_format(timezone.localtime(failed.finished_at), 'DATETIME_FORMAT')}: "
                f"{failed.error}",
            )
        )
        problems.append(
            _(
                "A job failed in the last 24 hours after its retries: read its error here and in "
                "the worker log, correct the cause, then do again what it was for."
            )
        )
    unfinished = sum(counts.get(state, 0) for state in jobs.UNFINISHED)
    summary = ngettext(
        "%(count)d job not finished.", "%(count)d jobs not finished.", unfinished
    ) % {"count": unfinished}
    if problems:
        return Check("jobs", title, PROBLEM, summary, " ".join(problems), facts)
    return Check("jobs", title, OK, summary, facts=facts)


def _ago(then: datetime, now: datetime) -> str:
    if now - then < timedelta(minutes=1):
        return _("less than a minute ago")
    return _("%(time)s ago") % {"time": timesince(then, now)}


def _mails() -> Check:
    # portal is the bottom layer and imports no app above it; the status page only counts
    # notifications' rows, so it looks the models up by name instead.
    reminder = apps.get_model("notifications", "Reminder")
    reminder_run = apps.get_model("notifications", "ReminderRun")
    title = _("Reminder mail")
    failed = reminder.objects.filter(email_status="failed").count()
    facts = []
    last_run = reminder_run.objects.order_by("-started_at").first()
    if last_run is not None:
        started = date_format(timezone.localtime(last_run.started_at), "DATETIME_FORMAT")
        if last_run.finished_at:
            finished = date_format(timezone.localtime(last_run.finished_at), "DATETIME_FORMAT")
            run = _("started %(started)s, finished %(finished)s") % {
                "started": started,
                "finished": finished,
            }
        else:
            run = _("started %(started)s, not finished") % {"started": started}
        facts.append((_("Last reminder run"), run))
    link = reverse("admin:notifications_reminder_changelist") + "?mail=failed"
    if not failed:
        return Check("mails", title, OK, _("No reminder mail failed."), facts=facts)
    return Check(
        "mails",
        title,
        PROBLEM,
        ngettext("%(count)d reminder mail failed.", "%(count)d reminder mails failed.", failed)
        % {"count": failed},
        _(
            "The people were reminded in the portal, but the mail did not reach them. Check the "
            "mail server (EMAIL_HOST) and the addresses, then mail them again from the list "
            "of failed mail in the administration."
        ),
        facts,
        link,
        _("Failed reminder mails"),
    )
