"""A document whose PDF is slow, stalled or failed says so, and can be made again; one that
waits for the task service says that too, and is made once the service is back."""

import threading
from datetime import timedelta
from io import BytesIO

import pytest
from celery.signals import task_postrun
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from portal import jobs
from portal.models import Job, JobState
from portal.tasks import make_document
from summaries.models import ABANDONED_AFTER, DocumentStatus, IssuedDocument
from summaries.tasks import make_document as former_make_document
from tests.summaries.documents import province_summary
from tests.summaries.test_year_end_issue import HEADER, wait_until_made
from tests.summaries.test_year_end_issue import url as issue_url


def detail(document):
    return reverse("summaries:document-detail", args=[document.pk])


def retry(document):
    return reverse("summaries:document-retry", args=[document.pk])


def _stall(document, *, status=DocumentStatus.RUNNING, ago=ABANDONED_AFTER):
    IssuedDocument.objects.filter(pk=document.pk).update(
        status=status, claimed_at=timezone.now() - ago - timedelta(seconds=1)
    )


@pytest.mark.worker
def test_issued_while_the_task_service_is_down_says_so_and_is_made_when_it_is_back(
    world, year_2026, client_for, celery_worker, broker_down
):
    client = client_for(world.province_admin)
    response = client.post(issue_url(world.province), HEADER, follow=True)
    html = response.content.decode()
    assert response.status_code == 200
    assert "公文已保存，服务恢复后将尽快生成PDF" in html  # the message and the page
    assert 'data-testid="service-down"' in html
    document = IssuedDocument.objects.get()
    assert document.status == DocumentStatus.PENDING
    assert document.job.state == JobState.WAITING

    broker_down.back()
    Job.objects.filter(pk=document.job_id).update(created_at=timezone.now() - timedelta(minutes=1))
    # Wait for the worker's word rather than polling: on SQLite's shared in-memory database a
    # read from this thread while the worker writes can fail the write ("table is locked").
    finished = threading.Event()

    def on_postrun(sender=None, **kwargs):
        if sender is not None and sender.name == make_document.name:
            finished.set()

    task_postrun.connect(on_postrun, weak=False)
    try:
        assert jobs.sweep() == 1
        assert finished.wait(60), "the worker did not make the document"
    finally:
        task_postrun.disconnect(on_postrun)
    document.refresh_from_db()
    assert document.status == DocumentStatus.DONE
    pdf = b"".join(client.get(reverse("summaries:document-download", args=[document.pk])))
    assert PdfReader(BytesIO(pdf)).metadata["/SnapshotSHA256"] == document.snapshot_hash


def test_a_slow_document_says_when_it_is_made_again(world, year_2026, client_for):
    document = province_summary(world, make=False)
    Job.objects.filter(pk=document.job_id).update(state=JobState.RUNNING)
    _stall(document, ago=timedelta(minutes=2))
    html = client_for(world.province_admin).get(detail(document)).content.decode()
    assert 'data-testid="slow"' in html
    assert "自动重新生成PDF" in html
    assert 'data-testid="retry"' not in html  # not abandoned yet


@pytest.mark.worker
def test_an_abandoned_document_is_made_again_from_its_page(
    world, year_2026, client_for, celery_worker
):
    # Its worker died: the document says "being made" and no task is left to make it.
    document = province_summary(world, make=False, queue=False)
    _stall(document)
    client = client_for(world.province_admin)
    assert 'data-testid="retry"' in client.get(detail(document)).content.decode()
    response = client.post(retry(document))
    assert response.status_code == 302
    assert response["Location"] == detail(document)
    assert wait_until_made(document).status == DocumentStatus.DONE


@pytest.mark.worker
def test_a_failed_document_is_made_again_from_its_page(world, year_2026, client_for, celery_worker):
    document = province_summary(world, make=False, queue=False)
    IssuedDocument.objects.filter(pk=document.pk).update(
        status=DocumentStatus.FAILED, error="SoftTimeLimitExceeded"
    )
    client = client_for(world.province_admin)
    html = client.get(detail(document)).content.decode()
    assert "PDF未能生成" in html and 'data-testid="retry"' in html
    client.post(retry(document))
    assert wait_until_made(document).status == DocumentStatus.DONE


def test_a_document_being_made_in_time_is_not_made_again(world, year_2026, client_for):
    document = province_summary(world, make=False)
    _stall(document, ago=timedelta(seconds=10))
    response = client_for(world.province_admin).post(retry(document))
    assert response.status_code == 403
    document.refresh_from_db()
    assert document.status == DocumentStatus.RUNNING


def test_a_reviewer_may_watch_but_not_remake_it(world, year_2026, client_for):
    document = province_summary(world, make=False)
    _stall(document, status=DocumentStatus.FAILED)
    client = client_for(world.province_reviewer)
    assert 'data-testid="retry"' not in client.get(detail(document)).content.decode()
    assert client.post(retry(document)).status_code == 403
    document.refresh_from_db()
    assert document.status == DocumentStatus.FAILED


@pytest.mark.parametrize("who", ["city_reviewer", "other_city_reviewer", "reporter", "nobody"])
def test_others_do_not_find_it(world, year_2026, client_for, who):
    document = province_summary(world, make=False)
    _stall(document, status=DocumentStatus.FAILED)
    assert client_for(getattr(world, who)).post(retry(document)).status_code == 404
    document.refresh_from_db()
    assert document.status == DocumentStatus.FAILED


def test_anonymous_is_sent_to_sign_in_and_get_is_refused(world, year_2026, client, client_for):
    document = province_summary(world, make=False)
    response = client.post(retry(document))
    assert response.status_code == 302
    assert reverse("login") in response["Location"]
    assert client_for(world.province_admin).get(retry(document)).status_code == 405


def test_a_stalled_document_is_abandoned_after_its_task_limit_and_before_its_job_lease():
    limit = timedelta(seconds=make_document.time_limit)
    assert limit < ABANDONED_AFTER < jobs.lease(make_document.name)
    assert jobs.lease(make_document.name) <= timedelta(minutes=3)


def test_a_job_queued_under_the_former_task_name_still_makes_its_document(world, year_2026):
    document = province_summary(world, make=False, queue=False)
    assert former_make_document.apply(args=[document.pk]).get() == DocumentStatus.DONE
    document.refresh_from_db()
    assert document.is_ready
