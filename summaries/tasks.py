from celery import shared_task

from portal.jobs import job_id_of
from summaries import services


# A province's year-end summary takes seconds; the limit stops a runaway layout, and the
# worker is recycled by memory (CELERY_WORKER_MAX_MEMORY_PER_CHILD) after big documents.
@shared_task(bind=True, acks_late=True, time_limit=300, soft_time_limit=270)
def make_document(self, document_id: int) -> str:
    """Make a waiting document's PDF (see services.document_make)."""
    job_id = job_id_of(self.request.id)
    return services.document_make(document_id=document_id, job_id=job_id).status
