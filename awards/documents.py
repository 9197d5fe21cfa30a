"""The decision's documents: the commendation circular (表彰通报), one certificate per
winner with a QR code to its public verification page, and the Excel list.

The PDFs go through portal.documents: once the list is final it never changes, so each
document's content is frozen into a snapshot the first time someone asks for it, a job
renders it, and every later download is the stored file.
"""

from datetime import date
from io import BytesIO

import segno
from django.conf import settings
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from openpyxl import Workbook

from awards import selectors
from awards.models import AwardDocument, AwardDocumentKind, Certificate, Programme
from portal import documents
from portal.pdf import render_pdf
from portal.spreadsheets import append_row

TEMPLATES = {
    AwardDocumentKind.CIRCULAR: "pdf/awards/circular.html",
    AwardDocumentKind.CERTIFICATE: "pdf/awards/certificate.html",
}


def verification_url(certificate: Certificate, base_url: str) -> str:
    return base_url.rstrip("/") + reverse("awards:verify", args=[certificate.token])


def qr_svg(data: str) -> str:
    """An inline SVG QR code (no XML declaration, sized by its viewBox)."""
    buffer = BytesIO()
    segno.make(data, error="m").save(buffer, kind="svg", scale=4, xmldecl=False, svgns=True)
    return buffer.getvalue().decode()


def _issue_date(programme: Programme) -> str:
    if not programme.finalised_at:
        return ""
    return timezone.localtime(programme.finalised_at).date().isoformat()


def _by_category_and_tier(winners) -> list[dict]:
    groups: list[dict] = []
    for winner in winners:
        if not groups or groups[-1]["category"].pk != winner.category_id:
            groups.append({"category": winner.category, "tiers": []})
        tiers = groups[-1]["tiers"]
        if not tiers or tiers[-1]["tier"].pk != winner.tier_id:
            tiers.append({"tier": winner.tier, "winners": []})
        tiers[-1]["winners"].append(winner)
    return groups


def circular_snapshot(programme: Programme) -> dict:
    """Everything the circular prints: its header and the final list."""
    winners = list(selectors.winners(programme).select_related("certificate"))
    title = _("Circular on commending the winners of %(title)s") % {
        "title": f"{programme.year}年{programme.title}"
    }
    return {
        "document": {
            "kind": AwardDocumentKind.CIRCULAR.value,
            "title": title,
            "issuer": programme.organiser.name,
            "doc_number": programme.circular_number,
            "issue_date": _issue_date(programme),
        },
        "programme": {
            "year": programme.year,
            "title": programme.title,
            "basis_document": programme.basis_document,
        },
        "groups": [
            {
                "category": group["category"].name,
                "tiers": [
                    {
                        "tier": entry["tier"].name,
                        "winners": [
                            {
                                "work_title": winner.work_title,
                                "nominee_name": winner.nominee_name,
                                "unit": winner.unit.name,
                                "serial": winner.certificate.serial,
                            }
                            for winner in entry["winners"]
                        ],
                    }
                    for entry in group["tiers"]
                ],
            }
            for group in _by_category_and_tier(winners)
        ],
        "total": len(winners),
    }


def certificate_snapshot(certificate: Certificate, base_url: str) -> dict:
    """Everything a winner's certificate prints, with the link its QR code holds."""
    nomination = certificate.nomination
    programme = nomination.programme
    return {
        "document": {
            "kind": AwardDocumentKind.CERTIFICATE.value,
            "title": _("Certificate of honour"),
            "issuer": programme.organiser.name,
            "doc_number": "",
            "issue_date": _issue_date(programme),
        },
        "programme": {"year": programme.year, "title": programme.title},
        "nomination": {
            "work_title": nomination.work_title,
            "nominee_name": nomination.nominee_name,
            "category": nomination.category.name,
            "tier": nomination.tier.name,
        },
        "certificate": {"serial": certificate.serial},
        "verify_url": verification_url(certificate, base_url),
    }


def circular_document(programme: Programme, user) -> AwardDocument:
    """The circular's document, asked for now if nobody has yet (made by a job)."""
    with translation.override(settings.LANGUAGE_CODE):
        snapshot = circular_snapshot(programme)
    document, _created = documents.request(
        AwardDocument,
        snapshot=snapshot,
        user=user,
        kind=AwardDocumentKind.CIRCULAR,
        programme=programme,
        title=snapshot["document"]["title"],
    )
    return document


def certificate_document(certificate: Certificate, user) -> AwardDocument:
    """The certificate's document, asked for now if nobody has yet (made by a job). It
    links to the portal's public address, whichever address the clerk uses."""
    with translation.override(settings.LANGUAGE_CODE):
        snapshot = certificate_snapshot(certificate, settings.PORTAL_URL)
    document, _created = documents.request(
        AwardDocument,
        snapshot=snapshot,
        user=user,
        kind=AwardDocumentKind.CERTIFICATE,
        programme=certificate.nomination.programme,
        certificate=certificate,
        title=f"{snapshot['document']['title']} {certificate.serial}",
    )
    return document


def render(snapshot: dict) -> bytes:
    """The PDF of a circular's or certificate's snapshot, from the snapshot only."""
    header = snapshot["document"]
    context = {
        **snapshot,
        "issuer": header["issuer"],
        "doc_number": header["doc_number"],
        "doc_title": header["title"],
        "issue_date": date.fromisoformat(header["issue_date"]) if header["issue_date"] else None,
    }
    metadata = {"SnapshotSHA256": documents.snapshot_hash(snapshot)}
    if "verify_url" in snapshot:
        context["qr_svg"] = qr_svg(snapshot["verify_url"])
        metadata["Serial"] = snapshot["certificate"]["serial"]
    return render_pdf(TEMPLATES[header["kind"]], context, metadata=metadata)


def winners_xlsx(programme: Programme) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = str(programme.year)
    append_row(
        sheet,
        [
            _("Category"),
            _("Tier"),
            _("Nominee"),
            _("Title of the work"),
            _("Nominating unit"),
            _("Serial number"),
        ],
    )
    for winner in selectors.winners(programme).select_related("certificate"):
        certificate = getattr(winner, "certificate", None)
        append_row(
            sheet,
            [
                winner.category.name,
                winner.tier.name,
                winner.nominee_name,
                winner.work_title,
                winner.unit.name,
                certificate.serial if certificate else "",
            ],
        )
    for column, width in zip("ABCDEF", (20, 14, 24, 30, 30, 16), strict=True):
        sheet.column_dimensions[column].width = width
    buffer = BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
