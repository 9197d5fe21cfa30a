"""Uploaded files, kept and let go: storing a form's files, claiming back those kept for a
refused form, discarding those that will not be filed, and removing a file from disk once
the record that held it is gone. What may be uploaded is checked in portal.uploads; the row
and file are made by portal.services.attachment_create."""

import functools
import uuid
from datetime import datetime, timedelta

from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import Exists, OuterRef
from django.db.models.signals import post_delete
from django.utils import timezone

from portal.models import Attachment
from portal.services import attachment_create

# --- Keeping uploads across a refused save ---------------------------------------------
# A form with files that is refused for another field stores the accepted files at once
# and shows them again with their ids in hidden fields, so the clerk need not choose the
# scans a second time. The next try claims them back through kept_uploads().


@functools.cache
def _attachment_references() -> list[tuple[type, str]]:
    """Every (model, field) that points at an Attachment, the many-to-many tables included."""
    return [
        (model, field.name)
        for model in apps.get_models(include_auto_created=True)
        for field in model._meta.concrete_fields
        if field.is_relation and field.related_model is Attachment
    ]


def _unused(attachments):
    for model, field in _attachment_references():
        attachments = attachments.exclude(
            Exists(model._base_manager.filter(**{field: OuterRef("pk")}))
        )
    return attachments


def kept_uploads(ids, *, unit, user) -> list[Attachment]:
    """The attachments named by `ids` (the hidden fields of a refused form) that this
    person uploaded for this unit and that nothing uses yet. Anything else is ignored:
    a guessed id of someone else's file, or of a file already filed, claims nothing."""
    pks = []
    for value in ids:
        try:
            pks.append(uuid.UUID(str(value)))
        except ValueError:
            continue
    if not pks:
        return []
    attachments = _unused(Attachment.objects.filter(pk__in=pks, unit=unit, uploaded_by=user))
    return list(attachments.order_by("uploaded_at", "pk"))


def store_uploads(form, field: str, *, unit, user, kept=()) -> list[Attachment]:
    """Store every accepted file of the form's `field` now, even when other fields are
    wrong, and return them after the `kept` ones. Each is checked by validate_upload and
    stored in its own transaction; a refused file is stored not at all and its error goes
    onto the form's field. Call form.is_valid() first."""
    stored = list(kept)
    for uploaded in getattr(form, "cleaned_data", {}).get(field) or []:
        try:
            stored.append(attachment_create(unit=unit, uploaded=uploaded, uploaded_by=user))
        except ValidationError as error:
            form.add_error(field, error)
    return stored


def discard_uploads(attachments) -> int:
    """Delete kept or just stored uploads that will not be filed after all, rows and
    files. One that something has come to use meanwhile is left alone. Returns how many
    went."""
    pks = [attachment.pk for attachment in attachments]
    discarded = 0
    for attachment in _unused(Attachment.objects.filter(pk__in=pks)):
        attachment.delete()  # its file goes once the deletion commits (below)
        discarded += 1
    return discarded


# A kept upload the clerk never came back for is used by nothing. After this long nobody
# will: the nightly job deletes it, rows and files.
ABANDONED_AFTER = timedelta(days=2)


def discard_abandoned_uploads(now: datetime | None = None) -> int:
    """Delete uploads older than ABANDONED_AFTER that nothing uses (kept for a refused
    form and never claimed). Returns how many went."""
    cutoff = (now or timezone.now()) - ABANDONED_AFTER
    return discard_uploads(_unused(Attachment.objects.filter(uploaded_at__lt=cutoff)))


# --- Residual information: a file goes with its record ----------------------------------
# Whatever deletes a row that holds a file (a service, the admin, a cascade, a queryset's
# delete()), the file is removed from disk once that deletion has committed: never while the
# transaction may still roll back (the row would come back without its file), and never
# while another row still names the same file (documents are named by their content's hash).


@functools.cache
def file_fields() -> list[tuple[type, models.FileField]]:
    """Every concrete (model, FileField) of the project's models."""
    return [
        (model, field)
        for model in apps.get_models()
        for field in model._meta.concrete_fields
        if isinstance(field, models.FileField)
    ]


def _still_named(storage, name: str) -> bool:
    return any(
        field.storage is storage and model._base_manager.filter(**{field.name: name}).exists()
        for model, field in file_fields()
    )


def _remove_files(files) -> None:
    for storage, name in files:
        if not _still_named(storage, name):
            storage.delete(name)


def _remove_files_after_commit(sender, instance, using, **kwargs):
    files = [
        (field.storage, getattr(instance, field.attname).name)
        for model, field in file_fields()
        if model is sender and getattr(instance, field.attname)
    ]
    if files:
        transaction.on_commit(functools.partial(_remove_files, files), using=using)


def connect_file_removal() -> None:
    """Called once the models are loaded (PortalConfig.ready)."""
    for model in {model for model, _field in file_fields()}:
        post_delete.connect(
            _remove_files_after_commit,
            sender=model,
            dispatch_uid=f"remove-files-{model._meta.label}",
        )
