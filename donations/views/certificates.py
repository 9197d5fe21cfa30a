"""A large gift's county certificate: its PDF for the office's staff (the verification page
is public, in views/public.py), made by portal.documents."""

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.views.decorators.http import require_safe

from donations import selectors, services
from donations.models import Certificate, CertificateDocument
from portal.views.documents import DocumentPages


@require_safe
@login_required
def certificate_pdf(request, pk: int):
    """The certificate of the pledge `pk`, or the page that waits for it the first time."""
    pledge = selectors.pledge_for(request.user, pk)
    certificate = get_object_or_404(Certificate, pledge=pledge)
    # The configured public address, as on award certificates: the QR code outlives the
    # address the clerk printed it from.
    verify_url = settings.PORTAL_URL.rstrip("/") + reverse(
        "donations:certificate-verify", args=[certificate.token]
    )
    document = services.certificate_document(
        certificate=certificate, user=request.user, verify_url=verify_url
    )
    return document_pages.served_or_waiting(request, document)


def _document_for_user(user, pk: int) -> CertificateDocument:
    """For whoever may see the pledge; 404 for everyone else."""
    document = get_object_or_404(CertificateDocument.objects.select_related("certificate"), pk=pk)
    selectors.pledge_for(user, document.certificate.pledge_id)
    return document


document_pages = DocumentPages(
    app_name="donations",
    find=_document_for_user,
    back=lambda document: reverse("donations:pledge-detail", args=[document.certificate.pledge_id]),
)
