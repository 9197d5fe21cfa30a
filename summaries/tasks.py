from celery import shared_task

from portal import documents
from portal.jobs import job_id_of


# Jobs recorded before documents were made by portal.tasks.make_document name this task;
# it makes them the same way. Remove once no such job is left unfinished.
@shared_task(bind=True, acks_late=True, time_limit=120, soft_time_limit=100)
def make_document(self, document_id: int) -> str:
    job_id = job_id_of(self.request.id)
    return documents.make("summaries.IssuedDocument", document_id, job_id=job_id).status
