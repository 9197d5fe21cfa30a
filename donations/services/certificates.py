"""Donation certificates for large gifts."""

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from donations import rules
from donations.models import (
    Certificate,
    Pledge,
    PledgeStatus,
)
from donations.services.common import DonationError, drive_county, pledge_figures, record_event


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


def certificate_pdf(*, certificate: Certificate, verify_url: str) -> bytes:
    """The county donation certificate as an official PDF (portal.pdf), rendered once
    and kept; its QR code and printed link lead to the public verification page."""
    if certificate.pdf:
        with certificate.pdf.open("rb") as stored:
            return stored.read()
    from io import BytesIO

    import segno
    from django.core.files.base import ContentFile

    from portal.pdf import render_pdf

    buffer = BytesIO()
    segno.make(verify_url, error="m").save(buffer, kind="svg", scale=4, xmldecl=False, svgns=True)
    pledge = certificate.pledge
    context = {
        "certificate": certificate,
        "pledge": pledge,
        "issuer": pledge.unit.name,
        "doc_number": "",
        "doc_title": _("Donation certificate"),
        "issue_date": timezone.localtime(certificate.issued_at).date(),
        "qr_svg": buffer.getvalue().decode(),
        "verify_url": verify_url,
    }
    pdf = render_pdf(
        "pdf/donations/certificate.html", context, metadata={"Serial": certificate.serial}
    )
    with transaction.atomic():
        current = Certificate.objects.select_for_update().get(pk=certificate.pk)
        if not current.pdf:
            current.pdf.save(f"{certificate.serial}.pdf", ContentFile(pdf))
    return pdf
