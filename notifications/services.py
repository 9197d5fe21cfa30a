"""Deadline reminders: the plan, the claim that makes each one go out once, the mail.

How exactly-once holds (issue 6):

1. The plan (`reminders_plan`) is a pure read: for each open thing (see `sources.py`) and
   each person who should hear of it, the step that is due today.
2. `reminder_claim` inserts the Reminder row — unique on (person, subject, deadline,
   step) — and, in the same transaction, the portal notification. Whoever inserted the
   row goes on; a second beat, a second worker or a re-run task finds the row and stops.
3. The mail is a separate task, queued after commit. It claims the row again by moving
   `email_status` from pending to sending in one UPDATE; only the task that moved it
   mails. A worker that dies while mailing leaves the row "sending": the redelivered task
   sends nothing, and the next run marks it failed for administrators (a mail that may
   have gone out is never sent twice).

When the broker is down nothing is lost: the claim and the notification are in the
database, the mail stays pending, and the next beat run queues it again.
"""

import logging
from dataclasses import dataclass
from datetime import date, timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.db.models import F
from django.template.loader import render_to_string
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
from notifications.workdays import is_working_day, working_days_after
from portal.models import Membership, Role, Unit, User
from portal.scoping import has_role

logger = logging.getLogger(__name__)

BEFORE_STEPS = (1, 3, 7)
# Overdue reminders go out on each working day after the deadline, this many at most.
OVERDUE_LIMIT = 10
UNIT_ROLES = (Role.REPORTER, Role.APPROVER)
# A mail still "sending" this long after its reminder was made came from a worker that died.
STALE_SENDING = timedelta(seconds=settings.CELERY_TASK_TIME_LIMIT + 300)
# Pending mail older than this is queued again by the next run (the broker was down).
STALE_PENDING = timedelta(minutes=10)


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
    """Claim and deliver one reminder: the Reminder row, the portal notification and (after
    commit) the mail task. One transaction. Returns None when it was claimed before."""
    from notifications.tasks import send_reminder_email

    with transaction.atomic():
        reminder, created = Reminder.objects.get_or_create(
            person=person,
            subject_type=due.subject_type,
            subject_id=due.subject_id,
            deadline=due.deadline,
            step=step,
            defaults={"unit": due.unit, "sent_by": sent_by},
        )
        if not created:
            return None
        with translation.override(person.language):
            title, body, kind = _notification_text(due, today)
        reminder.notification = Notification.objects.create(
            recipient=person, kind=kind, title=title, body=body, url=due.url
        )
        if person.email_reminders and person.email:
            reminder.email_status = EmailStatus.PENDING
        reminder.save(update_fields=["notification", "email_status"])
        if reminder.email_status == EmailStatus.PENDING:
            send_reminder_email.delay_on_commit(reminder.pk)
    return reminder


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
    result.requeued = reminders_catch_up()
    already = _already_claimed(plan)
    for planned in plan:
        key = (planned.person.pk, planned.due.subject_type, planned.due.subject_id, planned.step)
        if key in already:
            continue
        if reminder_claim(person=planned.person, due=planned.due, step=planned.step, today=today):
            result.created += 1
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


def reminders_catch_up() -> int:
    """Queue again the mail a broker outage held back; give up on mail whose worker died
    while sending (it may have gone out, so it is not sent again: administrators see it)."""
    from notifications.tasks import send_reminder_email

    now = timezone.now()
    Reminder.objects.filter(
        email_status=EmailStatus.SENDING, created_at__lt=now - STALE_SENDING
    ).update(
        email_status=EmailStatus.FAILED,
        email_error="The worker stopped while mailing; not sent again to avoid a duplicate.",
    )
    pending = list(
        Reminder.objects.filter(
            email_status=EmailStatus.PENDING, created_at__lt=now - STALE_PENDING
        ).values_list("pk", flat=True)
    )
    for reminder_id in pending:
        send_reminder_email.delay_on_commit(reminder_id)
    return len(pending)


def _site_url() -> str:
    return getattr(settings, "PORTAL_URL", "http://localhost:8000").rstrip("/")


def reminder_email_send(*, reminder_id: int, today: date | None = None) -> bool:
    """Mail one claimed reminder, once. Claims the mail by moving it from pending to
    sending; mails nothing when another task did, or when the thing was done meanwhile.
    A mail server error puts it back to pending and is raised for the task to retry."""
    claimed = Reminder.objects.filter(pk=reminder_id, email_status=EmailStatus.PENDING).update(
        email_status=EmailStatus.SENDING, email_attempts=F("email_attempts") + 1
    )
    if not claimed:
        return False
    reminder = Reminder.objects.select_related("person", "notification").get(pk=reminder_id)
    today = today or timezone.localdate()
    if reminder.subject_id not in sources.open_subject_ids(
        reminder.subject_type, [reminder.subject_id], today
    ):
        reminder.email_status = EmailStatus.CANCELLED
        reminder.save(update_fields=["email_status"])
        return False
    person, notification = reminder.person, reminder.notification
    context = {
        "person": person,
        "notification": notification,
        "link": _site_url() + notification.url,
        "inbox": _site_url() + "/notifications/",
    }
    with translation.override(person.language):
        # The subject was rendered from reminder_subject.txt when the reminder was made.
        subject = notification.title
        body = render_to_string("notifications/emails/reminder_body.txt", context)
        html = render_to_string("notifications/emails/reminder_body.html", context)
    message = EmailMultiAlternatives(subject=subject, body=body, to=[person.email])
    message.attach_alternative(html, "text/html")
    try:
        message.send()
    except Exception as exc:
        Reminder.objects.filter(pk=reminder_id).update(
            email_status=EmailStatus.PENDING, email_error=f"{type(exc).__name__}: {exc}"[:1000]
        )
        raise
    Reminder.objects.filter(pk=reminder_id).update(
        email_status=EmailStatus.SENT, email_sent_at=timezone.now(), email_error=""
    )
    return True


def reminder_email_failed(*, reminder_id: int, error: str) -> None:
    """The mail server refused every try: the reminder stays in the portal, the failure
    shows in the administrators' list."""
    Reminder.objects.filter(
        pk=reminder_id, email_status__in=[EmailStatus.PENDING, EmailStatus.SENDING]
    ).update(email_status=EmailStatus.FAILED, email_error=error[:1000])


def reminder_email_retry(*, reminder_ids) -> int:
    """An administrator asks to mail failed reminders again."""
    from notifications.tasks import send_reminder_email

    with transaction.atomic():
        ids = list(
            Reminder.objects.filter(
                pk__in=reminder_ids, email_status=EmailStatus.FAILED
            ).values_list("pk", flat=True)
        )
        Reminder.objects.filter(pk__in=ids).update(email_status=EmailStatus.PENDING)
        for reminder_id in ids:
            send_reminder_email.delay_on_commit(reminder_id)
    return len(ids)


def reminders_send_for_quarter(
    *, user: User, units: list[Unit], year: int, quarter: int, today: date
) -> tuple[int, int]:
    """A reviewer or administrator reminds units that have not filed a quarter, now.
    Once per person and day (a double click reminds once). Each reminder is its own
    transaction (see `reminder_claim`). Returns (units reminded, reminders made)."""
    for unit in units:
        if not (has_role(user, Role.REVIEWER, unit) or has_role(user, Role.ADMIN, unit)):
            raise PermissionDenied
    items = sources.quarterly_reports.due_items(
        today, periods=[(year, quarter)], units=units, window=False
    )
    people = _unit_people({item.unit.pk for item in items})
    step = f"manual-{today.isoformat()}"
    reminded_units, made = set(), 0
    for item in items:
        for person in people.get(item.unit.pk, []):
            if reminder_claim(person=person, due=item, step=step, today=today, sent_by=user):
                reminded_units.add(item.unit.pk)
                made += 1
    return len(reminded_units), made
