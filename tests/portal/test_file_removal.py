"""Residual information (剩余信息保护): an uploaded or made file is removed from disk once the
deletion of its record has committed; not when the deletion rolls back, and not while
another record still names the same file."""

from datetime import date

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.db.models.signals import post_delete

from portal.documents import DocumentStatus, snapshot_hash
from portal.files import file_fields
from portal.models import Attachment
from portal.services import attachment_create
from summaries.models import DocumentKind, IssuedDocument
from tests.submissions.builders import png_bytes


def upload(world, name="剪报.png"):
    return attachment_create(
        unit=world.yanchang_bureau,
        uploaded=SimpleUploadedFile(name, png_bytes(), content_type="image/png"),
        uploaded_by=world.reporter,
    )


def issued_document(snapshot):
    document = IssuedDocument(
        title="年度宣传工作总结",
        snapshot=snapshot,
        snapshot_hash=snapshot_hash(snapshot),
        kind=DocumentKind.YEAR_END,
        year=2026,
        issue_date=date(2026, 12, 4),
        status=DocumentStatus.DONE,
    )
    document.file.save(f"{document.snapshot_hash}.pdf", ContentFile(b"%PDF-1.4\n"), save=False)
    document.save()
    return document


def test_every_model_with_a_file_is_covered():
    models = {model._meta.label for model, _field in file_fields()}
    assert {
        "portal.Attachment",
        "summaries.IssuedDocument",
        "awards.AwardDocument",
        "donations.CertificateDocument",
    } <= models
    for label in models:
        model = next(m for m, _f in file_fields() if m._meta.label == label)
        assert post_delete.has_listeners(model), label


def test_an_attachment_file_goes_after_the_deletion_commits(
    world, django_capture_on_commit_callbacks
):
    attachment = upload(world)
    storage, name = attachment.file.storage, attachment.file.name

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        attachment.delete()
        # Not before the commit: the transaction might still roll back.
        assert storage.exists(name)

    assert len(callbacks) == 1
    assert not storage.exists(name)


def test_a_queryset_delete_removes_every_file(world, django_capture_on_commit_callbacks):
    attachments = [upload(world, f"剪报{n}.png") for n in range(3)]

    with django_capture_on_commit_callbacks(execute=True):
        Attachment.objects.filter(pk__in=[a.pk for a in attachments]).delete()

    assert not any(a.file.storage.exists(a.file.name) for a in attachments)


def test_a_rolled_back_deletion_keeps_the_file(world, django_capture_on_commit_callbacks):
    attachment = upload(world)
    pk = attachment.pk

    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        attachment.delete()
        raise RuntimeError("the rest of the change failed")

    assert callbacks == []
    assert Attachment.objects.filter(pk=pk).exists()
    assert attachment.file.storage.exists(attachment.file.name)


def test_a_file_another_record_names_stays(world, django_capture_on_commit_callbacks):
    first, second = upload(world, "一.png"), upload(world, "二.png")
    second.file.storage.delete(second.file.name)
    Attachment.objects.filter(pk=second.pk).update(file=first.file.name)
    storage, name = first.file.storage, first.file.name

    with django_capture_on_commit_callbacks(execute=True):
        first.delete()
    assert storage.exists(name)

    with django_capture_on_commit_callbacks(execute=True):
        Attachment.objects.get(pk=second.pk).delete()
    assert not storage.exists(name)


def test_a_document_pdf_goes_with_its_row(db, django_capture_on_commit_callbacks):
    document = issued_document({"year": 2026, "title": "年度宣传工作总结"})
    storage, name = document.file.storage, document.file.name
    assert storage.exists(name)

    with django_capture_on_commit_callbacks(execute=True):
        document.delete()

    assert not storage.exists(name)


@pytest.mark.django_db(transaction=True)
def test_through_real_commits_and_a_real_rollback(world):
    kept, removed = upload(world, "留.png"), upload(world, "删.png")

    with pytest.raises(RuntimeError), transaction.atomic():
        kept.delete()
        raise RuntimeError("rolled back")
    with transaction.atomic():
        removed.delete()

    assert kept.file.storage.exists(kept.file.name)
    assert not removed.file.storage.exists(removed.file.name)
