"""Donation certificates for large gifts, and their PDFs (made by portal.documents)."""

from datetime import date
from io import BytesIO

import segno
from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from donations import rules
from donations.models import Certificate, CertificateDocument, Pledge, PledgeStatus
from donations.services.common import DonationError, drive_county, pledge_figures, record_event
from portal import documents
from portal.pdf import render_pdf


def certificate_if_large(pledge: Pledge) -> Certificate | None:
    """A complete gift whose confirmed receipts reach the threshold earns a county
    certificate. One pledge is one gift: instalments of the same pledge count together."""
    if hasattr(pledge, "certificate") and Certificate.objects.filter(pledge=pledge).exists():
        return None
    received = pledge_figures(pledge)["received"]
    # The certificate states what was given, so it waits until the gift is complete:
    # received in full, or the rest withdrawn.
    complete = received >= pledge.amount or pledge.status == PledgeStatus.WITHDRAWN
    if not complete or received < rules.large_gift_threshold(pledge.donor_type):
        return None
    county = drive_county(pledge.drive)
    year = timezone.localdate().year
    prefix = f"{county.code or county.pk}-{year}-"
    for _attempt in range(5):
        count = Certificate.objects.filter(serial__startswith=prefix).count()
        try:
            with transaction.atomic():
                certificate = Certificate.objects.create(
                    pledge=pledge,
                    serial=f"{prefix}{count + 1:05d}",
                    donor_name=pledge.public_name,
                    amount=received,
                )
            break
        except IntegrityError:
            if Certificate.objects.filter(pledge=pledge).exists():
                return None
    else:
        raise DonationError(_("Could not number the certificate; try again."))
    record_event("donations.certificate.issued", None, pledge=pledge, note=certificate.serial)
    return certificate


def certificate_snapshot(certificate: Certificate, verify_url: str) -> dict:
    """Everything the certificate prints, with the link its QR code holds."""
    pledge = certificate.pledge
    return {
        "document": {
            "kind": "donations.certificate",
            "title": _("Donation certificate"),
            "issuer": pledge.unit.name,
            "doc_number": "",
            "issue_date": timezone.localtime(certificate.issued_at).date().isoformat(),
        },
        "certificate": {
            "serial": certificate.serial,
            "donor_name": certificate.donor_name,
            "amount": str(certificate.amount),
        },
        "pledge": {"drive": {"title": pledge.drive.title}},
        "verify_url": verify_url,
    }


def certificate_document(*, certificate: Certificate, user, verify_url: str):
    """The certificate's document, asked for now if nobody has yet (made by a job)."""
    with translation.override(settings.LANGUAGE_CODE):
        snapshot = certificate_snapshot(certificate, verify_url)
    document, _created = documents.request(
        CertificateDocument,
        snapshot=snapshot,
        user=user,
        certificate=certificate,
        title=f"{snapshot['document']['title']} {certificate.serial}",
    )
    return document


def certificate_render(snapshot: dict) -> bytes:
    """The county donation certificate in the official layout (portal.pdf), from its
    snapshot only; its QR code and printed link lead to the public verification page."""
    buffer = BytesIO()
    segno.make(snapshot["verify_url"], error="m").save(
        buffer, kind="svg", scale=4, xmldecl=False, svgns=True
    )
    header = snapshot["document"]
    context = {
        **snapshot,
        "issuer": header["issuer"],
        "doc_number": header["doc_number"],
        "doc_title": header["title"],
        "issue_date": date.fromisoformat(header["issue_date"]),
        "qr_svg": buffer.getvalue().decode(),
    }
    metadata = {
        "SnapshotSHA256": documents.snapshot_hash(snapshot),
        "Serial": snapshot["certificate"]["serial"],
    }
    return render_pdf("pdf/donations/certificate.html", context, metadata=metadata)
