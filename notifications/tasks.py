"""Thin tasks: load by id, call one service. Retries and time limits live here.

No task is queued with a long countdown or ETA: the Redis transport redelivers such a
message after its visibility timeout (one hour by default) while it still waits, so the
schedule lives in beat (settings.CELERY_BEAT_SCHEDULE) and the state in the database.
The mail retries wait at most REMINDER_RETRY_MAX_DELAY, well inside that timeout. Mail jobs
are dispatched through portal.jobs, which hands them to the broker again if it loses them.
"""

import smtplib

from celery import shared_task
from celery.exceptions import SoftTimeLimitExceeded
from django.conf import settings

from notifications import services
from portal.clock import china_today

# A batch cut short by its time limit (a very slow mail server) retries the rest like one
# the server failed.
MAIL_ERRORS = (smtplib.SMTPException, OSError, SoftTimeLimitExceeded)
MAX_MAIL_RETRIES = 5


def retry_delay(retries: int) -> int:
    """Seconds before mail attempt `retries` + 2: 30 s, 1, 2, 4, 8 min by default."""
    base = getattr(settings, "REMINDER_RETRY_DELAY", 30)
    ceiling = getattr(settings, "REMINDER_RETRY_MAX_DELAY", 600)
    return min(base * 2**retries, ceiling)


@shared_task
def remind_due(today: str | None = None) -> int:
    """The beat job: today's reminders (nothing on a non-working day)."""
    from datetime import date

    day = date.fromisoformat(today) if today else china_today()
    return services.reminders_run(today=day).created


@shared_task(bind=True, max_retries=MAX_MAIL_RETRIES)
def send_reminder_emails(self, reminder_ids: list[int]) -> int:
    """Mail a batch of claimed reminders; what was mailed before a failure stays mailed,
    the retry takes the rest (the same ids: those already sent are no longer pending)."""
    try:
        return services.reminder_emails_send(reminder_ids=reminder_ids)
    except MAIL_ERRORS as exc:
        if self.request.retries >= self.max_retries:
            services.reminder_email_failed(
                reminder_ids=reminder_ids, error=f"{type(exc).__name__}: {exc}"
            )
            return 0
        raise self.retry(exc=exc, countdown=retry_delay(self.request.retries)) from exc


@shared_task
def reminder_mails_recover() -> int:
    """Every two minutes (beat): mails a dead worker left "sending" go out again."""
    return services.reminder_mails_recover()
