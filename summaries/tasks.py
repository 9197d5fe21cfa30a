from celery import shared_task

from portal.jobs import job_id_of
from summaries import services


# A province's year-end summary takes seconds; the limit stops a runaway layout, and the
# worker is recycled by memory (CELERY_WORKER_MAX_MEMORY_PER_CHILD) after big documents.
# It also bounds how long a document whose worker died waits to be made again (its job's
# lease: the limit and a minute; models.ABANDONED_AFTER lies between the two).
@shared_task(bind=True, acks_late=True, time_limit=120, soft_time_limit=100)
def make_document(self, document_id: int) -> str:
    """Make a waiting document's PDF (see services.document_make)."""
    job_id = job_id_of(self.request.id)
    return services.document_make(document_id=document_id, job_id=job_id).status
