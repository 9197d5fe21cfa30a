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


# A province's year-end summary takes seconds; the limit stops a runaway layout, and the
# worker is recycled by memory (CELERY_WORKER_MAX_MEMORY_PER_CHILD) after big documents.
# It also bounds how long a document whose worker died waits to be made again (its job's
# lease: the limit and a minute; documents.ABANDONED_AFTER lies between the two).
@shared_task(bind=True, acks_late=True, time_limit=120, soft_time_limit=100)
def make_document(self, model_label: str, document_id: int) -> str:
    """Make a waiting document's PDF (portal.documents.make); `model_label` names its model
    ("summaries.IssuedDocument")."""
    from portal import documents
    from portal.jobs import job_id_of

    job_id = job_id_of(self.request.id)
    return documents.make(model_label, document_id, job_id=job_id).status


@shared_task(acks_late=True)
def journal_seal() -> int:
    """Every minute (beat): seal what the commits left unsealed into the journal's chain
    (portal.journal_chain), and log the head so that a copy of it lives outside the
    database."""
    from portal import journal_chain

    sealed = journal_chain.seal()
    if sealed:
        head = journal_chain.head()
        journal_chain.logger.info("Journal: sealed %s; head seq %s digest %s", sealed, *head)
    return sealed
