"""Official documents, made one way: frozen content, a job that renders it, a stored file
named by the content's hash, a page that waits for it, served from storage afterwards.

An app's document model extends `RenderedDocument` and says how its frozen `snapshot`
becomes a PDF (`render`) and, if it wants, what happens once it is ready (`when_ready`).
Then:

- `request(Model, snapshot=..., **fields)` finds the document for this content or records a
  new one waiting to be made, with the job that makes it (`portal.tasks.make_document`), in
  the caller's transaction. The same content is the same row: never made twice.
- `make(Model, pk)` claims a waiting document, renders it from its snapshot only (never from
  the database, so a document can be made again byte for byte), stores the file and marks it
  ready. A worker that died mid-way is taken over once its claim is older than any task may
  run (`ABANDONED_AFTER`), or at once by the document's own job run again.
- `retry(document)` sets a failed or abandoned document waiting again.
- `progress(document)` says what the waiting page shows; `templates/portal/_document_status.html`
  is that page's part, `static/js/documents.js` reloads it when the PDF is ready.
"""

import hashlib
import json
from datetime import timedelta

from django.apps import apps
from django.conf import settings
from django.core.files.base import ContentFile
from django.db import IntegrityError, models, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.models import Job, JobState


class DocumentStatus(models.TextChoices):
    PENDING = "pending", _("Waiting to be made")
    RUNNING = "running", _("Being made")
    DONE = "done", _("Ready")
    FAILED = "failed", _("Failed")


UNFINISHED = (DocumentStatus.PENDING, DocumentStatus.RUNNING)
# Longer than the task's hard time limit (portal.tasks.make_document), so by then its worker
# is gone; shorter than the job's lease (portal.jobs.lease), so the job handed over again by
# the sweeper always finds the document abandoned and makes it.
ABANDONED_AFTER = timedelta(seconds=150)
# A PDF takes seconds; one that is not ready after this long is said to be slow.
SLOW_AFTER = timedelta(seconds=90)


def canonical_json(snapshot: dict) -> str:
    return json.dumps(snapshot, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def snapshot_hash(snapshot: dict) -> str:
    return hashlib.sha256(canonical_json(snapshot).encode()).hexdigest()


def document_path(instance, filename):
    # Named by the hash: the file is the document the hash proves.
    return f"documents/{instance.snapshot_hash[:2]}/{instance.snapshot_hash}.pdf"


class RenderedDocument(models.Model):
    """A PDF made from `snapshot`, everything it prints, frozen as JSON; `snapshot_hash` is
    the SHA-256 of its canonical form and names the row and the file."""

    title = models.CharField(_("title"), max_length=200)
    snapshot = models.JSONField(_("figures"))
    snapshot_hash = models.CharField(_("SHA-256 of the figures"), max_length=64, unique=True)
    status = models.CharField(
        _("status"), max_length=10, choices=DocumentStatus.choices, default=DocumentStatus.PENDING
    )
    file = models.FileField(_("PDF"), upload_to=document_path, blank=True)
    error = models.CharField(_("error"), max_length=300, blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("requested by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    # When a worker claimed it: a claim older than the task's time limit is abandoned.
    claimed_at = models.DateTimeField(_("claimed at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    # The job that makes the PDF: the waiting page reads from it whether the task service
    # has it yet.
    job = models.ForeignKey(
        Job,
        verbose_name=_("job"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        abstract = True

    def __str__(self):
        return self.title

    def render(self) -> bytes:
        """The PDF of `self.snapshot`: from the snapshot only."""
        raise NotImplementedError

    def when_ready(self) -> None:
        """Called once the file is stored (by the worker that made it)."""

    def download_name(self) -> str:
        return f"{self.title}.pdf"

    @property
    def is_ready(self) -> bool:
        return self.status == DocumentStatus.DONE and bool(self.file)

    @property
    def is_abandoned(self) -> bool:
        """Waiting or being made for longer than any task may run: its task was lost."""
        if self.status not in UNFINISHED:
            return False
        return (self.claimed_at or self.created_at) < timezone.now() - ABANDONED_AFTER

    @property
    def can_be_made_again(self) -> bool:
        return self.status == DocumentStatus.FAILED or self.is_abandoned


def request(
    model: type[RenderedDocument], *, snapshot: dict, user=None, make_later: bool = True, **fields
) -> tuple[RenderedDocument, bool]:
    """The document for this content: the existing one (created False), else a new row
    waiting to be made (created True). A row whose making failed, or whose task was lost, is
    set waiting again (created True). One transaction, which also records the job that makes
    the PDF unless `make_later` is False (the caller makes it at once)."""
    digest = snapshot_hash(snapshot)
    with transaction.atomic():
        existing = model.objects.select_for_update().filter(snapshot_hash=digest).first()
        if existing is not None:
            if not existing.can_be_made_again:
                return existing, False
            _set_waiting(existing, make_later=make_later)
            return existing, True
        try:
            with transaction.atomic():
                document = model.objects.create(
                    snapshot=snapshot,
                    snapshot_hash=digest,
                    requested_by=user if getattr(user, "pk", None) else None,
                    **fields,
                )
        except IntegrityError:
            # Someone asked for the same document at the same moment: theirs is ours.
            return model.objects.get(snapshot_hash=digest), False
        if make_later:
            _make_later(document)
    return document, True


def retry(document: RenderedDocument) -> RenderedDocument:
    """Make a document whose making failed, or whose worker died, again (by a job)."""
    with transaction.atomic():
        document = type(document).objects.select_for_update().get(pk=document.pk)
        if document.can_be_made_again:
            _set_waiting(document, make_later=True)
    return document


def _set_waiting(document: RenderedDocument, *, make_later: bool) -> None:
    document.status, document.error = DocumentStatus.PENDING, ""
    document.save(update_fields=["status", "error"])
    if make_later:
        _make_later(document)


def _make_later(document: RenderedDocument) -> None:
    from portal import jobs
    from portal.tasks import make_document

    document.job = jobs.enqueue(make_document, document._meta.label, document.pk)
    document.save(update_fields=["job"])


def make(model: type[RenderedDocument] | str, document_id: int, *, job_id=None):
    """Make the PDF of a waiting document and store it. Claims the row first (waiting →
    being made) so two workers never both make it; a document already made is left as it
    is, one being made elsewhere too, unless its claim is older than any task may run or
    the caller runs the document's own job (either way its worker died and this one takes
    it over). The file is written before the row says it is ready."""
    if isinstance(model, str):
        model = apps.get_model(model)
    now = timezone.now()
    taken_over = Q(status=DocumentStatus.RUNNING, claimed_at__lt=now - ABANDONED_AFTER)
    if job_id is not None:
        taken_over |= Q(status=DocumentStatus.RUNNING, job_id=job_id)
    claimed = (
        model.objects.filter(pk=document_id)
        .filter(Q(status=DocumentStatus.PENDING) | taken_over)
        .update(status=DocumentStatus.RUNNING, claimed_at=now)
    )
    document = model.objects.get(pk=document_id)
    if not claimed:
        return document
    try:
        pdf = document.render()
    except Exception as error:
        model.objects.filter(pk=document_id).update(
            status=DocumentStatus.FAILED, error=str(error)[:300], finished_at=timezone.now()
        )
        raise
    document.file.save(f"{document.snapshot_hash}.pdf", ContentFile(pdf), save=False)
    document.status = DocumentStatus.DONE
    document.finished_at = timezone.now()
    document.save(update_fields=["file", "status", "finished_at"])
    document.when_ready()
    return document


def make_now(document: RenderedDocument) -> RenderedDocument:
    """The document made in this process unless it is ready (a small one the person waits
    for, such as a unit's printout)."""
    if document.is_ready:
        return document
    return make(type(document), document.pk)


def progress(document: RenderedDocument) -> dict:
    """What the waiting page says while the PDF is not ready: whether the task service has
    the job yet, and when a stalled making is taken up again (portal.jobs hands a job whose
    worker died to another once its lease is over; the sweep runs every minute)."""
    job_waiting = document.job_id is not None and document.job.state == JobState.WAITING
    since = document.claimed_at or document.created_at
    slow = document.status in UNFINISHED and since < timezone.now() - SLOW_AFTER
    return {
        "service_down": document.status == DocumentStatus.PENDING and job_waiting,
        "slow": slow and not job_waiting,
        "retry_by": since + ABANDONED_AFTER + timedelta(minutes=2),
    }
