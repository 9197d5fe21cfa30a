"""The decision's documents: the commendation circular (表彰通报), one certificate per
winner with a QR code to its public verification page, and the Excel list.

PDFs are rendered once, on first download after the list is final, and kept in the
record's FileField: the list is frozen, so the document never changes afterwards.
"""

from io import BytesIO

import segno
from django.core.files.base import ContentFile
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook

from awards import selectors
from awards.models import Certificate, Nomination, Programme
from portal.pdf import render_pdf


def verification_url(certificate: Certificate, base_url: str) -> str:
    return base_url.rstrip("/") + reverse("awards:verify", args=[certificate.token])


def qr_svg(data: str) -> str:
    """An inline SVG QR code (no XML declaration, sized by its viewBox)."""
    buffer = BytesIO()
    segno.make(data, error="m").save(buffer, kind="svg", scale=4, xmldecl=False, svgns=True)
    return buffer.getvalue().decode()


def _issue_date(programme: Programme):
    return timezone.localtime(programme.finalised_at).date() if programme.finalised_at else None


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


def circular_pdf(programme: Programme) -> bytes:
    if programme.circular_pdf:
        return programme.circular_pdf.read()
    winners = list(selectors.winners(programme).select_related("certificate"))
    context = {
        "programme": programme,
        "issuer": programme.organiser.name,
        "doc_number": programme.circular_number,
        "doc_title": _("Circular on commending the winners of %(title)s")
        % {"title": f"{programme.year}年{programme.title}"},
        "issue_date": _issue_date(programme),
        "groups": _by_category_and_tier(winners),
        "total": len(winners),
    }
    pdf = render_pdf("pdf/awards/circular.html", context)
    with transaction.atomic():
        current = Programme.objects.select_for_update().get(pk=programme.pk)
        if not current.circular_pdf:
            current.circular_pdf.save(f"circular-{programme.pk}.pdf", ContentFile(pdf))
    return pdf


def certificate_pdf(certificate: Certificate, base_url: str) -> bytes:
    if certificate.pdf:
        return certificate.pdf.read()
    nomination: Nomination = certificate.nomination
    programme = nomination.programme
    url = verification_url(certificate, base_url)
    context = {
        "certificate": certificate,
        "nomination": nomination,
        "programme": programme,
        "issuer": programme.organiser.name,
        "doc_number": "",
        "doc_title": _("Certificate of honour"),
        "issue_date": _issue_date(programme),
        "qr_svg": qr_svg(url),
        "verify_url": url,
    }
    pdf = render_pdf(
        "pdf/awards/certificate.html", context, metadata={"Serial": certificate.serial}
    )
    with transaction.atomic():
        current = Certificate.objects.select_for_update().get(pk=certificate.pk)
        if not current.pdf:
            current.pdf.save(f"{certificate.serial}.pdf", ContentFile(pdf))
    return pdf


def winners_xlsx(programme: Programme) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = str(programme.year)
    sheet.append(
        [
            _("Category"),
            _("Tier"),
            _("Nominee"),
            _("Title of the work"),
            _("Nominating unit"),
            _("Serial number"),
        ]
    )
    for winner in selectors.winners(programme).select_related("certificate"):
        certificate = getattr(winner, "certificate", None)
        sheet.append(
            [
                winner.category.name,
                winner.tier.name,
                winner.nominee_name,
                winner.work_title,
                winner.unit.name,
                certificate.serial if certificate else "",
            ]
        )
    for column, width in zip("ABCDEF", (20, 14, 24, 30, 30, 16), strict=True):
        sheet.column_dimensions[column].width = width
    buffer = BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
