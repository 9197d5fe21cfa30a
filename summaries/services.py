"""Issuing documents: freeze the figures, hash them, make the PDF once.

A document is the pair (header, figures) frozen as canonical JSON; its SHA-256 names it.
Asking again for a document whose data and header are unchanged finds the same row
(and the same file) instead of making another.
"""

import hashlib
import json
from datetime import date

from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext

from notifications.models import Notification, NotificationKind
from portal import jobs
from portal.pdf import render_pdf
from summaries import presenters
from summaries.models import ABANDONED_AFTER, DocumentKind, DocumentStatus, IssuedDocument

PDF_TEMPLATES = {
    DocumentKind.YEAR_END: "summaries/pdf/year_end.html",
    DocumentKind.QUARTERLY: "summaries/pdf/quarterly.html",
    DocumentKind.UNIT_REPORT: "summaries/pdf/unit_report.html",
}


def canonical_json(snapshot: dict) -> str:
    return json.dumps(snapshot, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def snapshot_hash(snapshot: dict) -> str:
    return hashlib.sha256(canonical_json(snapshot).encode()).hexdigest()


def header(*, kind: str, title: str, doc_number: str, issuer: str, issue_date: date) -> dict:
    return {
        "kind": kind,
        "title": title,
        "doc_number": doc_number.strip(),
        "issuer": issuer.strip(),
        "issue_date": issue_date.isoformat(),
    }


def document_request(
    *,
    user,
    kind: str,
    figures: dict,
    title: str,
    issue_date: date,
    doc_number: str = "",
    issuer: str = "",
    region=None,
    unit=None,
    make_later: bool = True,
) -> tuple[IssuedDocument, bool]:
    """The document for these figures and this header: the existing one when nothing
    changed (created False), else a new row waiting to be made (created True). A row
    whose making failed, or whose task was lost, is set waiting again (created True).
    One transaction, which also records the job that makes the PDF unless `make_later`
    is False (the caller makes it at once); makes no PDF itself."""
    snapshot = {
        "document": header(
            kind=kind, title=title, doc_number=doc_number, issuer=issuer, issue_date=issue_date
        ),
        "figures": figures,
    }
    digest = snapshot_hash(snapshot)
    with transaction.atomic():
        existing = IssuedDocument.objects.select_for_update().filter(snapshot_hash=digest).first()
        if existing is not None:
            if existing.status == DocumentStatus.FAILED or existing.is_abandoned:
                existing.status, existing.error = DocumentStatus.PENDING, ""
                existing.save(update_fields=["status", "error"])
                if make_later:
                    _make_later(existing)
                return existing, True
            return existing, False
        try:
            with transaction.atomic():
                document = IssuedDocument.objects.create(
                    kind=kind,
                    year=figures["year"],
                    quarter=figures.get("quarter"),
                    region=region,
                    unit=unit,
                    title=title,
                    doc_number=snapshot["document"]["doc_number"],
                    issuer=snapshot["document"]["issuer"],
                    issue_date=issue_date,
                    snapshot=snapshot,
                    snapshot_hash=digest,
                    requested_by=user if getattr(user, "pk", None) else None,
                )
        except IntegrityError:
            # Someone asked for the same document at the same moment: theirs is ours.
            return IssuedDocument.objects.get(snapshot_hash=digest), False
        if make_later:
            _make_later(document)
    return document, True


def _make_later(document: IssuedDocument) -> None:
    from summaries.tasks import make_document

    document.job = jobs.enqueue(make_document, document.pk)
    document.save(update_fields=["job"])


def document_retry(*, document: IssuedDocument) -> IssuedDocument:
    """Make a document whose making failed, or whose worker died, again. One transaction;
    the PDF is made by a job."""
    with transaction.atomic():
        document = IssuedDocument.objects.select_for_update().get(pk=document.pk)
        if not (document.status == DocumentStatus.FAILED or document.is_abandoned):
            return document
        document.status, document.error = DocumentStatus.PENDING, ""
        document.save(update_fields=["status", "error"])
        _make_later(document)
    return document


def document_pdf(snapshot: dict) -> bytes:
    """The PDF of a snapshot: made from the frozen figures only, never from the database."""
    digest = snapshot_hash(snapshot)
    context = presenters.context_for(snapshot, digest)
    return render_pdf(
        PDF_TEMPLATES[snapshot["document"]["kind"]],
        context,
        metadata={"SnapshotSHA256": digest},
    )


def document_make(*, document_id: int, job_id: int | None = None) -> IssuedDocument:
    """Make the PDF of a waiting document and store it. Claims the row first (waiting →
    being made) so two workers never both make it; a document already made is left as
    it is, one being made elsewhere too, unless its claim is older than any task may run
    or the caller runs the document's own job (either way its worker died and this one
    takes it over). The file is written before the row says it is ready."""
    now = timezone.now()
    taken_over = Q(status=DocumentStatus.RUNNING, claimed_at__lt=now - ABANDONED_AFTER)
    if job_id is not None:
        taken_over |= Q(status=DocumentStatus.RUNNING, job_id=job_id)
    claimed = (
        IssuedDocument.objects.filter(pk=document_id)
        .filter(Q(status=DocumentStatus.PENDING) | taken_over)
        .update(status=DocumentStatus.RUNNING, claimed_at=now)
    )
    document = IssuedDocument.objects.get(pk=document_id)
    if not claimed:
        return document
    try:
        pdf = document_pdf(document.snapshot)
    except Exception as error:
        IssuedDocument.objects.filter(pk=document_id).update(
            status=DocumentStatus.FAILED, error=str(error)[:300], finished_at=timezone.now()
        )
        raise
    document.file.save(f"{document.snapshot_hash}.pdf", ContentFile(pdf), save=False)
    document.status = DocumentStatus.DONE
    document.finished_at = timezone.now()
    document.save(update_fields=["file", "status", "finished_at"])
    _notify_ready(document)
    return document


def _notify_ready(document: IssuedDocument) -> None:
    """Tell the person who asked for the document, in their language, that it is ready."""
    person = document.requested_by
    if person is None:
        return
    with translation.override(person.language):
        title = gettext("Document ready: %(title)s") % {"title": document.title}
        body = gettext("The PDF of “%(title)s” is ready to download.") % {"title": document.title}
    Notification.objects.create(
        recipient=person,
        kind=NotificationKind.DOCUMENT,
        title=title[:200],
        body=body,
        url=reverse("summaries:document-detail", args=[document.pk]),
    )
