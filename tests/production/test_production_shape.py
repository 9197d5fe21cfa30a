"""The production shape, exercised: gunicorn, a prefork Celery worker, two beats, a Redis of
their own and an SMTP sink run as on hosts (tests/production/shape.py), and each test
does to them what happens in production — a second beat, the OOM killer, a Redis restart,
a worker host dying — and checks what a person would notice: every mail arrives once, the
pages answer, the PDF can be downloaded.

PostgreSQL only (as CI runs it): the processes share the test database, which on SQLite is
in the test process's memory.
"""

import contextlib
import os
import signal
import socket
import time
from datetime import date, timedelta

import pytest
from django.db import connection
from django.utils import timezone

from notifications.models import EmailStatus, Reminder, ReminderRun
from portal import jobs
from portal.clock import china_today, quarter_of
from portal.hashers import PortalArgon2PasswordHasher
from portal.models import Job, JobState, RegionLevel, Role, UnitKind
from portal.workdays import is_working_day
from submissions.models import Report, ReportStatus
from summaries.models import DocumentStatus, IssuedDocument
from tests.factories import RegionFactory, UnitFactory, person
from tests.production.shape import EMAIL_TIMEOUT, Shape, wait_until

# Under pytest-xdist each worker that gets some of these tests starts processes of its own
# for them (running_shape).
pytestmark = pytest.mark.production

# A Wednesday, three days before the 2026 Q2 reports are due (10 July): the run for this
# day reminds each reporter once ("before-3"). Passed to the run, so the real date does not
# matter; the mails go out while the quarter is still unfiled, which it stays.
REMIND_DAY = date(2026, 7, 8)
PASSWORD = "Shape@2026-correct-horse"
SEND_MAILS = "notifications.tasks.send_reminder_emails"
UNFINISHED = [JobState.WAITING, JobState.QUEUED, JobState.RUNNING]
# Opt in to wait out the real leases instead of telling the sweeps the time: 40 s for a mail
# cut off with its pool process, 3 minutes for beat's own sweep after a killed worker.
REAL_LEASE = os.environ.get("PRODUCTION_SHAPE_REAL_LEASE", "") == "1"
ISSUE = {
    "doc_number": "陕扶办〔2026〕12号",
    "issuer": "陕西省扶贫开发办公室",
    "issue_date": "2026-12-31",
    "title": "陕西省2026年度扶贫宣传工作总结",
}


# How the processes' database sessions are told from this process's own (the live server's
# threads of an earlier browser test may keep theirs open for a while).
APPLICATION_NAME = "production-shape"


def _database_url() -> str:
    from urllib.parse import quote

    db = connection.settings_dict
    credentials = quote(db["USER"] or "", safe="")
    if db["PASSWORD"]:
        credentials += ":" + quote(db["PASSWORD"], safe="")
    host = f"{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}"
    return f"postgres://{credentials}@{host}/{db['NAME']}?application_name={APPLICATION_NAME}"


@pytest.fixture(scope="session")
def shape_static(tmp_path_factory, worker_id):
    """Where the shapes' static files are collected: once for all of them, in the folder
    that holds each pytest-xdist worker's temporary folder."""
    run = tmp_path_factory.getbasetemp()
    static = (run if worker_id == "master" else run.parent) / "shape-static"
    static.mkdir(exist_ok=True)
    return static


# One shape for the module's tests (on each pytest-xdist worker that runs some): starting
# its processes costs more than most of the tests. The tests flush the database under them
# (keeping the content types, whose ids the processes hold: tests/conftest.py KEPT_BY_FLUSH).
@pytest.fixture(scope="module")
def running_shape(django_db_setup, django_db_blocker, tmp_path_factory, shape_static):
    if connection.vendor != "postgresql":
        pytest.skip(
            "the production shape shares the test database between processes: PostgreSQL "
            "only (CI runs it with DATABASE_URL=postgres://...)"
        )
    running = Shape(
        tmp=tmp_path_factory.mktemp("shape"),
        database_url=_database_url(),
        static_root=shape_static,
    )
    try:
        running.start()
        yield running
    finally:
        running.stop()
        # pytest-django drops the test database at the end: none of the processes' sessions
        # may still be in it.
        with django_db_blocker.unblock(), connection.cursor() as cursor:
            wait_until(
                lambda: not _sessions_of_the_processes(cursor),
                timeout=20,
                what="the processes' database sessions to close",
            )


@pytest.fixture
def shape(running_shape):
    running_shape.fresh()
    return running_shape


def _sessions_of_the_processes(cursor) -> int:
    cursor.execute(
        "SELECT count(*) FROM pg_stat_activity "
        "WHERE datname = current_database() AND application_name = %s",
        [APPLICATION_NAME],
    )
    return cursor.fetchone()[0]


def reporting_unit(name: str):
    province = RegionFactory(name="陕西省", code="610000", level=RegionLevel.PROVINCE)
    city = RegionFactory(name="延安市", code="610600", level=RegionLevel.CITY, parent=province)
    county = RegionFactory(name="延长县", code="610621", level=RegionLevel.COUNTY, parent=city)
    return UnitFactory(name=name, region=county, kind=UnitKind.POVERTY_OFFICE)


def reporters(unit, prefix: str, count: int) -> list:
    """`count` reporters of the unit, mailed at <prefix>NN@example.gov.cn."""
    return [person(f"{prefix}{n:02}", unit, Role.REPORTER) for n in range(1, count + 1)]


def may_sign_in(*users) -> None:
    """Passwords the web processes can check (the test settings hash with MD5, which the
    production settings do not accept), made with the production settings' first hasher
    as a sign-in there would remake them."""
    hasher = PortalArgon2PasswordHasher()
    for user in users:
        user.password = hasher.encode(PASSWORD, hasher.salt())
        user.save(update_fields=["password"])


def all_mailed(people) -> bool:
    emails = Reminder.objects.filter(person__in=people).values_list("email_status", flat=True)
    return len(emails) == len(people) and set(emails) == {EmailStatus.SENT}


def no_unfinished_jobs() -> bool:
    return not Job.objects.filter(state__in=UNFINISHED).exists()


def test_two_beats_send_each_reminder_mail_once(shape, transactional_db):
    assert is_working_day(REMIND_DAY)
    people = reporters(reporting_unit("延长县扶贫开发局"), "beats-", 100)

    # Both beats send the 09:00 job at the same moment: two runs for the same day, one in
    # each pool process, while both beats' minute sweeps go on.
    shape.send_task("notifications.tasks.remind_due", REMIND_DAY.isoformat())
    shape.send_task("notifications.tasks.remind_due", REMIND_DAY.isoformat())
    wait_until(
        lambda: ReminderRun.objects.filter(finished_at__isnull=False).count() == 2,
        timeout=60,
        what="both reminder runs",
        logs=shape.logs,
    )
    wait_until(
        lambda: all_mailed(people) and no_unfinished_jobs(),
        timeout=60,
        what="the reminder mails",
        logs=shape.logs,
    )

    delivered = shape.sink.delivered("beats-")
    assert delivered == {p.email: 1 for p in people}
    runs = list(ReminderRun.objects.order_by("started_at"))
    assert sum(run.created for run in runs) == len(people)
    # How long both ran at once (negative: the second started after the first finished,
    # when it finds every reminder claimed before it even tries).
    overlap = (runs[0].finished_at - runs[1].started_at).total_seconds()
    print(
        f"\n[two beats] {len(people)} reminders, mails delivered {sum(delivered.values())}, "
        f"lost {len(people) - len(delivered)}, duplicated "
        f"{sum(n - 1 for n in delivered.values())}; runs claimed "
        f"{[run.created for run in runs]}, overlapping {overlap:.2f} s"
    )


# The worker's reminder_mails_recover, run in a shell on a worker host with the time it is
# told: just before and just after the lease of the mail left "sending" (the lease the
# processes compute from their EMAIL_TIMEOUT). The shell starts with the test and reads the
# reminder's id once the test knows it.
RECOVER_AT = """
from datetime import timedelta
from notifications import services
from notifications.models import Reminder
pk = int(input())
lease_over = Reminder.objects.get(pk=pk).email_claimed_at + services.SENDING_LEASE
assert services.SENDING_LEASE == timedelta(seconds=2 * {timeout} + 30), services.SENDING_LEASE
second = timedelta(seconds=1)
print(services.reminder_mails_recover(now=lease_over - second))
print(services.reminder_mails_recover(now=lease_over + second))
"""


def test_a_pool_child_killed_mid_batch_loses_and_repeats_no_mail(shape, transactional_db):
    recover = None if REAL_LEASE else shape.shell(RECOVER_AT.format(timeout=EMAIL_TIMEOUT))
    people = reporters(reporting_unit("延川县扶贫开发局"), "oom-", 12)
    shape.sink.delay = 0.25
    try:
        shape.send_task("notifications.tasks.remind_due", REMIND_DAY.isoformat())
        killed: list[str] = []
        # The OOM killer strikes the pool process sending the batch, in the middle of its
        # sixth mail or later. The test kills just after a mail's data reached the server;
        # should that mail still get its answer before the kill lands (a busy machine), it
        # kills the pool process that takes the batch over, mid-mail again.
        while not shape.sink.cut_off_for("oom-"):
            assert len(killed) < 3, "no kill landed while a mail was being sent"
            job = wait_until(
                lambda: (
                    Job.objects.filter(task=SEND_MAILS, state=JobState.RUNNING)
                    .exclude(runner__in=["", *killed])
                    .first()
                ),
                timeout=60,
                what="the mail job to run",
                logs=shape.logs,
            )
            host, _sep, pid = job.runner.rpartition(":")
            assert host == socket.gethostname() and int(pid) != shape.worker.pid
            wait_until(
                lambda: (
                    sum(shape.sink.delivered("oom-").values()) >= 5
                    and shape.sink.just_started_to("oom-", within=0.1)
                ),
                timeout=60,
                what="a mail in the middle of being sent",
                every=0.005,
                logs=shape.logs,
            )
            os.kill(int(pid), signal.SIGKILL)
            killed.append(job.runner)
            delivered_before_kill = sum(shape.sink.delivered("oom-").values())
            with contextlib.suppress(AssertionError):
                wait_until(lambda: shape.sink.cut_off_for("oom-"), timeout=3, what="cut off")

        # The worker hands the batch to another pool process at once; the one mail that was
        # being sent stays claimed ("sending") until its lease is over. The task records how
        # its job ended after its last mail.
        wait_until(
            lambda: (
                Reminder.objects.filter(person__in=people, email_status=EmailStatus.SENT).count()
                == len(people) - 1
                and not Job.objects.filter(pk=job.pk, state__in=UNFINISHED).exists()
            ),
            timeout=90,
            what="the rest of the batch",
            logs=shape.logs,
        )
        stuck = Reminder.objects.get(person__in=people, email_status=EmailStatus.SENDING)
        assert shape.sink.cut_off_for("oom-") == {stuck.person.email: 1}
        assert shape.sink.delivered("oom-")[stuck.person.email] == 0
        taken_over = Job.objects.get(pk=job.pk)
        assert taken_over.state == JobState.DONE and taken_over.runs == len(killed) + 1

        if REAL_LEASE:
            # Beat's reminder-mails-recover runs every 2 minutes; the test sends the same task
            # through the broker once the lease (2 × EMAIL_TIMEOUT + 30 s) is over.
            lease_over = stuck.email_claimed_at + timedelta(seconds=2 * EMAIL_TIMEOUT + 30)
            wait_until(
                lambda: timezone.now() > lease_over + timedelta(seconds=1),
                timeout=2 * EMAIL_TIMEOUT + 40,
                what="the sending lease",
                every=0.5,
            )
            shape.send_task("notifications.tasks.reminder_mails_recover")
        else:
            # What that task does, run on a worker host and told the time instead of waiting
            # out the rest of the 40 s: a second before the lease ends it leaves the mail to
            # the sender that may still be at work, a second after it queues it again.
            before, after = recover.run(str(stuck.pk)).split()[-2:]
            assert (before, after) == ("0", "1")
        wait_until(
            lambda: all_mailed(people) and no_unfinished_jobs(),
            timeout=60,
            what="the mail left sending to go out again",
            logs=shape.logs,
        )
    finally:
        shape.sink.delay = 0.0

    delivered = shape.sink.delivered("oom-")
    assert delivered == {p.email: 1 for p in people}
    stuck.refresh_from_db()
    assert stuck.email_attempts == 2
    print(
        f"\n[pool child killed] {len(people)} reminders, {len(killed)} kill(s), "
        f"{delivered_before_kill} delivered before the last, 1 cut off by it; in the end "
        f"delivered {sum(delivered.values())}, lost {len(people) - len(delivered)}, "
        f"duplicated {sum(n - 1 for n in delivered.values())}"
    )


def test_the_portal_works_while_redis_is_down_and_catches_up_when_it_is_back(
    shape, transactional_db, world
):
    may_sign_in(world.reporter, world.approver, world.province_admin)
    year, quarter = quarter_of(china_today())
    shape.stop_redis()
    answers = []

    def answered(response, status=302):
        answers.append(response)
        assert response.status == status, response.text[:2000]
        assert response.seconds < 5
        return response

    # Jobs first, so that they have waited all the while Redis is down when it comes back
    # (the sweep hands a waiting job over once it is 10 s old, jobs.WAITING_GRACE): a
    # year-end summary is issued and a password reset asked for; both wait.
    admin = shape.browser()
    answered(admin.sign_in("province_admin", PASSWORD))
    issued = answered(admin.post(f"/documents/year-end/{world.province.pk}/2026/issue/", ISSUE))
    document = IssuedDocument.objects.get()
    detail = answered(admin.get(issued.location), 200)
    assert "任务服务暂时没有响应" in detail.text or "task service is not answering" in detail.text
    forgetful = world.neighbour_reporter
    stranger = shape.browser()
    answered(stranger.get("/accounts/password/reset/"), 200)
    answered(stranger.post("/accounts/password/reset/", {"email": forgetful.email}))

    # Filing: the reporter files the quarter as "nothing to report" and hands it on.
    reporter = shape.browser()
    answered(reporter.sign_in("reporter", PASSWORD))
    answered(reporter.get("/"), 200)
    answered(reporter.get("/reports/"), 200)
    unit = world.yanchang_bureau
    answered(reporter.post(f"/reports/start/{unit.pk}/{year}/{quarter}/", {}))
    report = Report.objects.get(unit=unit, year=year, quarter=quarter)
    answered(reporter.get(f"/reports/reports/{report.pk}/"), 200)
    answered(
        reporter.post(
            f"/reports/reports/{report.pk}/nothing/",
            {"version": report.version, "nothing_reason": "本季度没有见报稿件"},
        )
    )
    report.refresh_from_db()
    answered(reporter.post(f"/reports/reports/{report.pk}/hand-on/", {"version": report.version}))
    approver = shape.browser()
    answered(approver.sign_in("approver", PASSWORD))
    report.refresh_from_db()
    answered(approver.post(f"/reports/reports/{report.pk}/sign-off/", {"version": report.version}))

    # Review: the provincial reviewer finds it in the queue and adopts it.
    answered(admin.get("/reports/queue/"), 200)
    answered(admin.get(f"/reports/reports/{report.pk}/review/"), 200)
    report.refresh_from_db()
    answered(
        admin.post(
            f"/reports/reports/{report.pk}/adopt/", {"version": report.version, "comment": ""}
        )
    )
    report.refresh_from_db()
    assert report.status == ReportStatus.ADOPTED

    # The two jobs wait, and only they: the filing and the review made none.
    waiting = Job.objects.filter(state=JobState.WAITING)
    assert sorted(waiting.values_list("task", flat=True)) == [
        "portal.tasks.make_document",
        "portal.tasks.send_email",
    ]
    health = shape.browser().get("/health/")
    slowest = max(answers, key=lambda r: r.seconds)

    # Redis comes back empty: beat's minute sweep hands both jobs to it.
    came_back = time.monotonic()
    shape.start_redis()
    wait_until(
        lambda: shape.sink.messages_to(forgetful.email),
        timeout=150,
        what="the password reset mail",
        every=0.1,
        logs=shape.logs,
    )
    mail_after = time.monotonic() - came_back
    wait_until(
        lambda: (
            IssuedDocument.objects.filter(pk=document.pk, status=DocumentStatus.DONE).exists()
            and no_unfinished_jobs()
        ),
        timeout=150,
        what="the year-end summary's PDF",
        every=0.1,
        logs=shape.logs,
    )
    pdf = admin.get(f"/documents/{document.pk}/download/")
    assert pdf.status == 200 and pdf.body.startswith(b"%PDF")

    reset_mails = shape.sink.messages_to(forgetful.email)
    assert len(reset_mails) == 1
    assert f"{shape.web_url}/accounts/password/reset/" in reset_mails[0].body
    print(
        f"\n[redis down] {len(answers)} requests while down, none 500, slowest "
        f"{slowest.seconds:.2f} s; /health/ answered {health.status}; reset mail "
        f"{mail_after:.0f} s after Redis came back, delivered {len(reset_mails)}, lost 0, "
        f"duplicated {len(reset_mails) - 1}; PDF {len(pdf.body)} bytes"
    )


# The worker's jobs_sweep task, run in a shell on a worker host: it imports the tasks first,
# as a worker does at start (jobs.lease reads the task's own time limit). The shell starts
# with the test and reads the job's id once the test knows it.
SWEEP_AFTER_LEASE = """
from datetime import timedelta
from celery import current_app
current_app.loader.import_default_modules()
from portal import jobs
from portal.models import Job
job = Job.objects.get(pk=int(input()))
lease = jobs.lease(job.task)
print(int(lease.total_seconds()), jobs.sweep(now=job.started_at + lease + timedelta(seconds=1)))
"""


def test_a_document_whose_worker_died_is_made_by_the_next_worker(shape, transactional_db, world):
    sweep = None if REAL_LEASE else shape.shell(SWEEP_AFTER_LEASE)
    # A province of 40 more counties, none of which filed anything: a summary of several
    # pages, seconds in the making (a core's 2 s), long enough for the test to kill its worker
    # in the middle.
    for number in range(40):
        county = RegionFactory(
            name=f"第{number + 1}县", level=RegionLevel.COUNTY, parent=world.yulin
        )
        UnitFactory(name=f"第{number + 1}县扶贫开发局", region=county)
    may_sign_in(world.province_admin)
    admin = shape.browser()
    # A 500 here was seen in parallel runs without a traceback in gunicorn's log: say what
    # every process logged.
    signed_in = admin.sign_in("province_admin", PASSWORD)
    assert signed_in.status == 302, shape.logs()
    issued = admin.post(f"/documents/year-end/{world.province.pk}/2026/issue/", ISSUE)
    assert issued.status == 302
    document = IssuedDocument.objects.get()

    # The whole worker host dies (kill -9 of the worker and its pool) while it makes the PDF.
    wait_until(
        lambda: IssuedDocument.objects.filter(
            pk=document.pk, status=DocumentStatus.RUNNING
        ).exists(),
        timeout=60,
        what="the worker to start making the PDF",
        every=0.01,
        logs=shape.logs,
    )
    dead = shape.worker
    dead.kill_group(signal.SIGKILL)
    dead.popen.wait(10)
    document.refresh_from_db()
    assert document.status == DocumentStatus.RUNNING and not document.file, (
        "the PDF was finished before the worker was killed"
    )
    job = Job.objects.get(pk=document.job_id)
    assert job.state == JobState.RUNNING

    # The new worker starts while the sweep runs: the job waits in the broker for it.
    started = time.monotonic()
    worker = shape.spawn_worker()
    if REAL_LEASE:
        lease = int(jobs.lease(job.task).total_seconds())
        handed = "by beat's sweep"
        timeout = lease + 120.0
    else:
        # Beat's sweep hands the job over once it has run past its lease: make_document's
        # own time limit (120 s) and a minute. The test runs that sweep now, telling it the
        # time the lease ends, instead of waiting three minutes.
        lease, handed = sweep.run(str(job.pk)).split()[-2:]
        assert handed == "1"
        handed = "by the sweep told the lease is over"
        timeout = 90.0
    shape.wait_ready(worker)
    # The task records how its job ended once the document's own steps after the PDF are done.
    wait_until(
        lambda: (
            IssuedDocument.objects.filter(pk=document.pk, status=DocumentStatus.DONE).exists()
            and Job.objects.filter(pk=job.pk).exclude(state__in=UNFINISHED).exists()
        ),
        timeout=timeout,
        what="the PDF from the new worker",
        every=0.1,
        logs=shape.logs,
    )
    pdf = admin.get(f"/documents/{document.pk}/download/")
    assert pdf.status == 200 and pdf.body.startswith(b"%PDF")
    document.refresh_from_db()
    job.refresh_from_db()
    assert job.state == JobState.DONE and job.runs == 2
    print(
        f"\n[worker killed] PDF made by the new worker {time.monotonic() - started:.0f} s after "
        f"it was started (lease {lease} s, handed over {handed}); {len(pdf.body)} bytes, "
        f"made in {(document.finished_at - document.claimed_at).total_seconds():.1f} s"
    )
