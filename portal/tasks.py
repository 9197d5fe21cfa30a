from celery import shared_task
from django.core.mail import EmailMultiAlternatives


@shared_task(
    autoretry_for=(OSError,),
    retry_backoff=30,
    retry_backoff_max=60 * 30,
    max_retries=8,
    acks_late=True,
)
def send_email(subject: str, body: str, to: list[str], html: str | None = None) -> int:
    """Send one already-rendered message. Retries with backoff while the mail server fails."""
    message = EmailMultiAlternatives(subject=subject, body=body, to=to)
    if html:
        message.attach_alternative(html, "text/html")
    return message.send()


@shared_task(acks_late=True)
def discard_abandoned_uploads() -> int:
    """Nightly (beat): uploads kept for a refused form and never claimed are deleted."""
    from portal import files

    return files.discard_abandoned_uploads()


@shared_task(acks_late=True)
def jobs_sweep() -> int:
    """Every minute (beat): hand the broker again what it never got or lost, and what a dead
    worker left running (portal.jobs). Its run is beat's heartbeat on the status page."""
    from portal import jobs, status

    status.beat_seen()
    return jobs.sweep()
