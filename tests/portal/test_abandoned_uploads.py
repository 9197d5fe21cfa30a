"""Files kept for a refused form that nobody came back for are deleted at night; files in
use, and recent ones a clerk may still claim, are left alone."""

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from portal.files import ABANDONED_AFTER, discard_abandoned_uploads
from portal.models import Attachment
from portal.services import attachment_create
from tests.notifications.helpers import run_through_worker
from tests.submissions.builders import draft_report, png_bytes


def upload(world, name):
    return attachment_create(
        unit=world.yanchang_bureau,
        uploaded=SimpleUploadedFile(name, png_bytes(), content_type="image/png"),
        uploaded_by=world.reporter,
    )


def age(attachment, by):
    Attachment.objects.filter(pk=attachment.pk).update(uploaded_at=timezone.now() - by)


@pytest.fixture
def uploads(world):
    abandoned, recent, filed = (upload(world, f"剪报{n}.png") for n in (1, 2, 3))
    draft_report(world, n_items=1).items.get().clippings.add(filed)
    for attachment in (abandoned, filed):
        age(attachment, ABANDONED_AFTER + timedelta(hours=1))
    age(recent, ABANDONED_AFTER - timedelta(hours=1))
    return abandoned, recent, filed


@pytest.mark.django_db
def test_only_old_unused_uploads_are_deleted_rows_and_files(
    uploads, django_capture_on_commit_callbacks
):
    abandoned, recent, filed = uploads
    storage = abandoned.file.storage
    # The files go once the deletion commits (portal.files).
    with django_capture_on_commit_callbacks(execute=True):
        assert discard_abandoned_uploads() == 1
    assert set(Attachment.objects.values_list("pk", flat=True)) == {recent.pk, filed.pk}
    assert not storage.exists(abandoned.file.name)
    assert storage.exists(filed.file.name) and storage.exists(recent.file.name)
    assert discard_abandoned_uploads() == 0


def test_the_nightly_job_runs_in_a_worker(uploads, celery_worker):
    from portal.tasks import discard_abandoned_uploads as task

    abandoned, _recent, _filed = uploads
    # Waits for the worker's word, not by reading the table it writes (SQLite locks it).
    run_through_worker(task.delay, what="the nightly clean-up")
    assert not Attachment.objects.filter(pk=abandoned.pk).exists()
    assert Attachment.objects.count() == 2
