"""Deadline reminders: the plan, the claim that makes each one go out once, the mail.

How exactly-once holds:

1. The plan (`reminders_plan`) is a pure read: for each open thing (see `sources.py`) and
   each person who should hear of it, the step that is due today.
2. `reminder_claim` inserts the Reminder row (unique on person, subject, deadline and
   step) and, in the same transaction, the portal notification and the job that mails it
   (`portal.jobs`). Whoever inserted the row goes on; a second beat, a second worker or a
   re-run task finds the row and stops.
3. The mail job claims each mail on its own just before sending it (pending → sending, in
   one UPDATE) and marks it sent the moment the mail server has taken it. A worker killed
   mid-batch leaves only the one mail it was sending in "sending": `reminder_mails_recover`
   puts it back to pending once its claim is older than any send can take, and mails it
   again. A server drops a message whose sender vanished before the end of its data; one
   killed in the instant after the data and before the mark is sent twice, with the same
   Message-ID, so mail servers and clients that drop duplicates show it once.

When the broker is down nothing is lost: the claim, the notification and the mail job are
in the database, and the job is handed to the broker when it is back.
"""

import logging
import uuid
from dataclasses import dataclass
from datetime import date, timedelta
from urllib.parse import urlsplit

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db import transaction
from django.db.models import F
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from notifications import sources
from notifications.models import (
    EmailStatus,
    Notification,
    NotificationKind,
    Reminder,
    ReminderRun,
)
from portal import jobs
from portal.models import Job, JobState, Membership, Role, User
from portal.workdays import is_working_day, working_days_after

logger = logging.getLogger(__name__)

BEFORE_STEPS = (1, 3, 7)
# Overdue reminders go out on each working day after the deadline, this many at most.
OVERDUE_LIMIT = 10
UNIT_ROLES = (Role.REPORTER, Role.APPROVER)
# Reminders claimed per transaction, and mails per task (one connection to the server).
CLAIM_BATCH = 500
MAIL_BATCH = 50
# A mail "sending" for longer than a send can take (connect and data, each within the SMTP
# timeout) was being sent by a worker that died.
SENDING_LEASE = timedelta(seconds=2 * (getattr(settings, "EMAIL_TIMEOUT", None) or 30) + 30)
# Pending mail older than this without a job to send it is queued again by the next run.
STALE_PENDING = timedelta(minutes=10)


# The kinds of notice (notices.py): the step of a notice's Reminder row is "<kind>-<event>".
NOTICE_KINDS = frozenset({NotificationKind.RETURNED.value})


def is_notice(step: str) -> bool:
    """Is this Reminder row a notice of an event rather than a deadline reminder?"""
    return step.partition("-")[0] in NOTICE_KINDS


def step_for(deadline: date, today: date) -> str | None:
    """The step due on `today` (a working day). Before the deadline: the nearest of 7, 3
    and 1 days not yet past, so a step that fell on a holiday is sent on the next working
    day instead (and a step already sent is not sent again). After: one per working day."""
    days_left = (deadline - today).days
    if days_left >= 0:
        for days in BEFORE_STEPS:
            if days_left <= days:
                return f"before-{days}"
        return None
    overdue_day = working_days_after(deadline, today)
    if not 1 <= overdue_day <= OVERDUE_LIMIT:
        return None
    return f"overdue-{overdue_day}"


@dataclass(frozen=True)
class Planned:
    person: User
    due: sources.Due
    step: str


def _unit_people(unit_ids) -> dict[int, list[User]]:
    people: dict[int, dict[int, User]] = {}
    for membership in Membership.objects.filter(
        unit_id__in=unit_ids, role__in=UNIT_ROLES, user__is_active=True
    ).select_related("user"):
        people.setdefault(membership.unit_id, {})[membership.user_id] = membership.user
    return {unit_id: list(users.values()) for unit_id, users in people.items()}


def _reviewers_by_region(region_ids) -> dict[int, list[User]]:
    """Reviewers of the offices in each region: for a county, its city office's."""
    people: dict[int, dict[int, User]] = {}
    for membership in Membership.objects.filter(
        unit__region_id__in=region_ids,
        unit__is_active=True,
        role=Role.REVIEWER,
        user__is_active=True,
    ).select_related("user", "unit"):
        people.setdefault(membership.unit.region_id, {})[membership.user_id] = membership.user
    return {region_id: list(users.values()) for region_id, users in people.items()}


def reminders_plan(*, today: date) -> list[Planned]:
    """Who gets which reminder today; a read, in a fixed number of queries. Nothing on a
    day that is not a working day by the Chinese calendar."""
    if not is_working_day(today):
        return []
    items = sources.all_due_items(today)
    stepped = [(item, step_for(item.deadline, today)) for item in items]
    stepped = [(item, step) for item, step in stepped if step is not None]
    unit_people = _unit_people({item.unit.pk for item, _step in stepped})
    reviewers = _reviewers_by_region(
        {
            item.unit.region.parent_id
            for item, step in stepped
            if step.startswith("overdue") and item.unit.region.parent_id
        }
    )
    plan = []
    for item, step in stepped:
        people = {user.pk: user for user in unit_people.get(item.unit.pk, [])}
        if step.startswith("overdue"):
            for user in reviewers.get(item.unit.region.parent_id, []):
                people.setdefault(user.pk, user)
        plan += [Planned(person=user, due=item, step=step) for user in people.values()]
    return plan


def _notification_text(due: sources.Due, today: date) -> tuple[str, str, NotificationKind]:
    """Title and text in the active language."""
    overdue = due.deadline < today
    context = {
        "what": str(due.what),
        "deadline": date_format(due.deadline, "Y-m-d"),
        "state": str(due.state),
        "overdue": overdue,
        "days_left": (due.deadline - today).days,
        "days_overdue": (today - due.deadline).days,
    }
    title = render_to_string("notifications/emails/reminder_subject.txt", context)
    title = " ".join(title.split())[:200]
    if overdue:
        body = _("%(what)s was due on %(deadline)s and is overdue. Its state now: %(state)s.")
    else:
        body = _("%(what)s is due by %(deadline)s (China time). Its state now: %(state)s.")
    kind = NotificationKind.OVERDUE if overdue else NotificationKind.REMINDER
    return title, body % context, kind


def reminder_claim(
    *, person: User, due: sources.Due, step: str, today: date, sent_by: User | None = None
) -> Reminder | None:
    """Claim one reminder (see `reminders_claim`). None when it was claimed before."""
    claimed = reminders_claim(
        plan=[Planned(person=person, due=due, step=step)], today=today, sent_by=sent_by
    )
    return claimed[0] if claimed else None


def reminders_claim(
    *, plan: list[Planned], today: date, sent_by: User | None = None, text=None
) -> list[Reminder]:
    """Claim and deliver reminders, CLAIM_BATCH per transaction: insert the Reminder rows
    with ON CONFLICT DO NOTHING, keep the rows this transaction inserted, give each its
    portal notification (in the person's language) and queue their mail after commit.
    `text(due, today)` writes a notification's title, text and kind in the active language
    (the deadline reminder's by default; notices.py has its own). Returns the reminders
    this call claimed; a reminder claimed before is skipped."""
    claimed = []
    for start in range(0, len(plan), CLAIM_BATCH):
        claimed += _claim_batch(
            plan[start : start + CLAIM_BATCH], today, sent_by, text or _notification_text
        )
    return claimed


def _key(person_id, subject_type, subject_id, deadline, step) -> tuple:
    return (person_id, subject_type, subject_id, deadline, step)


@transaction.atomic
def _claim_batch(batch: list[Planned], today: date, sent_by: User | None, text) -> list[Reminder]:
    claimed_at = timezone.now()
    wanted = {
        _key(p.person.pk, p.due.subject_type, p.due.subject_id, p.due.deadline, p.step): p
        for p in batch
    }
    # Each reminder's notification is written first, so the reminder row is inserted with
    # it (no second pass over the rows); a notification whose reminder was claimed before
    # is deleted again below, in this transaction, so nobody ever sees it. The text is the
    # same for everyone of one language told of one thing: rendered once for them.
    texts: dict[tuple, tuple[str, str, NotificationKind]] = {}
    notifications = []
    for planned in wanted.values():
        language = planned.person.language
        text_key = (planned.due.subject_type, planned.due.subject_id, planned.due.deadline)
        if (text_key, language) not in texts:
            with translation.override(language):
                texts[text_key, language] = text(planned.due, today)
        title, body, kind = texts[text_key, language]
        notifications.append(
            Notification(
                recipient=planned.person,
                kind=kind,
                title=title,
                body=body,
                url=planned.due.url,
                created_at=claimed_at,
            )
        )
    notifications = Notification.objects.bulk_create(notifications)
    Reminder.objects.bulk_create(
        [
            Reminder(
                person=p.person,
                subject_type=p.due.subject_type,
                subject_id=p.due.subject_id,
                deadline=p.due.deadline,
                step=p.step,
                unit=p.due.unit,
                sent_by=sent_by,
                created_at=claimed_at,
                notification=notification,
                email_status=EmailStatus.PENDING
                if p.person.email_reminders and p.person.email
                else EmailStatus.NONE,
            )
            for p, notification in zip(wanted.values(), notifications, strict=True)
        ],
        ignore_conflicts=True,
    )
    # The rows this transaction inserted are those holding its notifications (a row
    # another transaction inserted got its own notification there, and a conflicting
    # insert waited for it to commit).
    mine = list(
        Reminder.objects.filter(notification__in=[n.pk for n in notifications]).order_by("pk")
    )
    if len(mine) < len(notifications):
        kept = {reminder.notification_id for reminder in mine}
        Notification.objects.filter(
            pk__in=[n.pk for n in notifications if n.pk not in kept]
        ).delete()
    _queue_mails([r.pk for r in mine if r.email_status == EmailStatus.PENDING])
    return mine


def _queue_mails(reminder_ids: list[int]) -> None:
    """One mail job per batch, in the caller's transaction (portal.jobs)."""
    from notifications.tasks import send_reminder_emails

    for start in range(0, len(reminder_ids), MAIL_BATCH):
        jobs.enqueue(send_reminder_emails, reminder_ids[start : start + MAIL_BATCH])


@dataclass
class RunResult:
    working_day: bool
    planned: list[Planned]
    created: int = 0
    requeued: int = 0


def reminders_run(*, today: date, dry_run: bool = False) -> RunResult:
    """Today's reminders. Each claim is its own transaction, so a run that dies midway
    is finished by the next one. A dry run only plans."""
    working = is_working_day(today)
    plan = reminders_plan(today=today)
    result = RunResult(working_day=working, planned=plan)
    if dry_run:
        return result
    run = ReminderRun.objects.create(day=today, working_day=working, planned=len(plan))
    result.requeued = reminder_mails_recover() + reminders_catch_up()
    already = _already_claimed(plan)
    todo = [
        p
        for p in plan
        if (p.person.pk, p.due.subject_type, p.due.subject_id, p.step) not in already
    ]
    result.created = len(reminders_claim(plan=todo, today=today))
    ReminderRun.objects.filter(pk=run.pk).update(created=result.created, finished_at=timezone.now())
    return result


def _already_claimed(plan: list[Planned]) -> set[tuple]:
    # One query instead of one per reminder on a second run of the day; the claim itself
    # still decides (a row inserted since is found by get_or_create).
    if not plan:
        return set()
    steps = {p.step for p in plan}
    deadlines = {p.due.deadline for p in plan}
    return {
        tuple(row)
        for row in Reminder.objects.filter(step__in=steps, deadline__in=deadlines).values_list(
            "person_id", "subject_type", "subject_id", "step"
        )
    }


def reminders_catch_up(*, now=None) -> int:
    """Queue again mail left pending without a job that will send it (a batch that gave up
    while the mail server was down and was then asked again, or rows from before the job
    table). A second job for a mail is harmless: each mail is claimed before it is sent."""
    now = now or timezone.now()
    pending = list(
        Reminder.objects.filter(
            email_status=EmailStatus.PENDING, created_at__lt=now - STALE_PENDING
        ).values_list("pk", flat=True)
    )
    unfinished = Job.objects.filter(
        task="notifications.tasks.send_reminder_emails",
        state__in=[JobState.WAITING, JobState.QUEUED, JobState.RUNNING],
    ).values_list("args", flat=True)
    covered = {pk for args in unfinished for pk in (args[0] if args else [])}
    pending = [pk for pk in pending if pk not in covered]
    with transaction.atomic():
        _queue_mails(pending)
    return len(pending)


def reminder_mails_recover(*, now=None) -> int:
    """Mails a dead worker left "sending": back to pending and mailed again. A mail is only
    ever in "sending" while its own send runs, so one claimed longer ago than any send can
    take was cut off with its worker. Returns how many were queued again."""
    now = now or timezone.now()
    with transaction.atomic():
        stuck = list(
            Reminder.objects.select_for_update(skip_locked=True)
            .filter(email_status=EmailStatus.SENDING, email_claimed_at__lt=now - SENDING_LEASE)
            .values_list("pk", flat=True)
        )
        Reminder.objects.filter(pk__in=stuck, email_status=EmailStatus.SENDING).update(
            email_status=EmailStatus.PENDING,
            email_error="The worker stopped while mailing; mailed again.",
        )
        _queue_mails(stuck)
    if stuck:
        logger.warning(
            "%d reminder mail(s) left sending by a dead worker: queued again", len(stuck)
        )
    return len(stuck)


def _site_url() -> str:
    return getattr(settings, "PORTAL_URL", "http://localhost:8000").rstrip("/")


def reminder_emails_send(*, reminder_ids: list[int], today: date | None = None) -> int:
    """Mail claimed reminders, each once, over one connection to the mail server.

    Each mail is claimed on its own just before it goes (pending → sending, in one UPDATE)
    and marked sent as soon as the server has taken it, so a worker killed mid-batch loses
    nothing it had sent and leaves at most one mail in "sending" (see
    `reminder_mails_recover`). Mails nothing another task claimed, nor a reminder whose
    thing was done meanwhile. On a mail server error the mail goes back to pending and the
    error is raised for the task to retry the rest. Returns how many were mailed.
    """
    candidates = list(
        Reminder.objects.filter(pk__in=reminder_ids, email_status=EmailStatus.PENDING)
        .select_related("person", "notification")
        .order_by("pk")
    )
    if not candidates:
        return 0
    today = today or timezone.localdate()
    # A notice (notices.py) tells of something that happened: it goes out whatever the
    # person did since. A deadline reminder does not once its thing is done.
    reminders = [r for r in candidates if not is_notice(r.step)]
    still_open = {
        subject_type: sources.open_subject_ids(
            subject_type,
            {r.subject_id for r in reminders if r.subject_type == subject_type},
            today,
        )
        for subject_type in {r.subject_type for r in reminders}
    }
    done = [r.pk for r in reminders if r.subject_id not in still_open[r.subject_type]]
    Reminder.objects.filter(pk__in=done, email_status=EmailStatus.PENDING).update(
        email_status=EmailStatus.CANCELLED
    )
    sent = 0
    with get_connection() as connection:
        for reminder in candidates:
            if reminder.pk in done:
                continue
            token = uuid.uuid4()
            mine = Reminder.objects.filter(pk=reminder.pk, email_claim=token)
            if not Reminder.objects.filter(pk=reminder.pk, email_status=EmailStatus.PENDING).update(
                email_status=EmailStatus.SENDING,
                email_claim=token,
                email_claimed_at=timezone.now(),
                email_attempts=F("email_attempts") + 1,
            ):
                continue  # another task has it, or it was done meanwhile
            try:
                _reminder_message(reminder, connection).send()
            except Exception as exc:
                # The server failed this batch: each mail still waiting counts the attempt.
                error = f"{type(exc).__name__}: {exc}"[:1000]
                mine.update(email_status=EmailStatus.PENDING, email_error=error)
                Reminder.objects.filter(
                    pk__in=[r.pk for r in candidates if r.pk > reminder.pk and r.pk not in done],
                    email_status=EmailStatus.PENDING,
                ).update(email_attempts=F("email_attempts") + 1, email_error=error)
                raise
            mine.update(email_status=EmailStatus.SENT, email_sent_at=timezone.now(), email_error="")
            sent += 1
    return sent


def _reminder_message(reminder: Reminder, connection) -> EmailMultiAlternatives:
    person, notification = reminder.person, reminder.notification
    context = {
        "person": person,
        "notification": notification,
        "link": _site_url() + notification.url,
        "inbox": _site_url() + reverse("notifications:list"),
    }
    name = "notice" if is_notice(reminder.step) else "reminder"
    with translation.override(person.language):
        body = render_to_string(f"notifications/emails/{name}_body.txt", context)
        html = render_to_string(f"notifications/emails/{name}_body.html", context)
    # The subject was rendered from reminder_subject.txt when the reminder was made.
    # One Message-ID per reminder, however often it is sent: should a mail go out twice (a
    # worker killed just after the server took it), mail servers and clients drop the copy.
    host = urlsplit(_site_url()).hostname or "localhost"
    message = EmailMultiAlternatives(
        subject=notification.title,
        body=body,
        to=[person.email],
        connection=connection,
        headers={
            "Message-ID": f"<reminder-{reminder.pk}.{reminder.created_at:%Y%m%d%H%M%S}@{host}>"
        },
    )
    message.attach_alternative(html, "text/html")
    return message


def reminder_email_failed(*, reminder_ids: list[int], error: str) -> None:
    """The mail server refused every try: the reminders stay in the portal, the failure
    shows in the administrators' list."""
    Reminder.objects.filter(
        pk__in=reminder_ids, email_status__in=[EmailStatus.PENDING, EmailStatus.SENDING]
    ).update(email_status=EmailStatus.FAILED, email_error=error[:1000])


def reminder_email_retry(*, reminder_ids) -> int:
    """An administrator asks to mail failed reminders again (never one marked sent)."""
    with transaction.atomic():
        ids = list(
            Reminder.objects.select_for_update()
            .filter(pk__in=reminder_ids, email_status=EmailStatus.FAILED)
            .values_list("pk", flat=True)
        )
        Reminder.objects.filter(pk__in=ids).update(email_status=EmailStatus.PENDING)
        _queue_mails(ids)
    return len(ids)


def reminders_send_now(*, user: User, items: list[sources.Due], today: date) -> list[Reminder]:
    """Someone reminds the people of the units of these open things now (a source's page
    decides who may). Once per person and day: the step is "manual-<day>", so a double
    click reminds once. Claimed as in `reminders_claim`; returns the reminders made."""
    people = _unit_people({item.unit.pk for item in items})
    step = f"manual-{today.isoformat()}"
    plan = [
        Planned(person=person, due=item, step=step)
        for item in items
        for person in people.get(item.unit.pk, [])
    ]
    return reminders_claim(plan=plan, today=today, sent_by=user)


def email_reminders_set(*, user: User, enabled: bool) -> None:
    """A person turns their email reminders on or off (the portal ones always stay)."""
    user.email_reminders = enabled
    user.save(update_fields=["email_reminders"])
