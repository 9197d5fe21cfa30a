"""Issuing documents: freeze the header and figures; portal.documents makes the PDF once.

A document is the pair (header, figures) frozen as canonical JSON; its SHA-256 names it.
Asking again for a document whose data and header are unchanged finds the same row
(and the same file) instead of making another.
"""

from datetime import date

from portal import documents
from portal.documents import snapshot_hash
from portal.pdf import render_pdf
from summaries import presenters
from summaries.models import DocumentKind, IssuedDocument

PDF_TEMPLATES = {
    DocumentKind.YEAR_END: "summaries/pdf/year_end.html",
    DocumentKind.QUARTERLY: "summaries/pdf/quarterly.html",
    DocumentKind.UNIT_REPORT: "summaries/pdf/unit_report.html",
}


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
    return documents.request(
        IssuedDocument,
        snapshot=snapshot,
        user=user,
        make_later=make_later,
        kind=kind,
        year=figures["year"],
        quarter=figures.get("quarter"),
        region=region,
        unit=unit,
        title=title,
        doc_number=snapshot["document"]["doc_number"],
        issuer=snapshot["document"]["issuer"],
        issue_date=issue_date,
    )


def document_pdf(snapshot: dict) -> bytes:
    """The PDF of a snapshot: made from the frozen figures only, never from the database."""
    digest = snapshot_hash(snapshot)
    context = presenters.context_for(snapshot, digest)
    return render_pdf(
        PDF_TEMPLATES[snapshot["document"]["kind"]],
        context,
        metadata={"SnapshotSHA256": digest},
    )
