"""The county donation certificate: a PDF with its serial and verification link, for the
office's staff; the verification page is public."""

from io import BytesIO

import pytest
from django.urls import reverse
from pypdf import PdfReader

from donations.models import Certificate, CertificateDocument
from portal import documents
from tests.documents import content, download_made, waiting_document
from tests.donations.conftest import make_pledge, pay


@pytest.fixture
def certified(dw):
    pledge = make_pledge(dw, amount="50000.00")
    pay(dw, pledge, "50000.00")
    return pledge


def url(pledge):
    return reverse("donations:certificate-pdf", args=[pledge.pk])


def test_staff_download_the_certificate_pdf(dw, certified, client_for, settings):
    settings.PORTAL_URL = "https://fupin.example.gov.cn"
    response = download_made(client_for(dw.reporter), url(certified))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    certificate = Certificate.objects.get()
    pdf = content(response)
    text = "".join(page.extract_text() for page in PdfReader(BytesIO(pdf)).pages)
    assert certificate.serial in text
    # The QR code and the printed link lead to the portal's public address.
    assert f"https://fupin.example.gov.cn/donations/certificates/{certificate.token}/" in (
        text.replace("\n", "")
    )
    assert "50,000.00" in text or "50000.00" in text
    # Kept: the next download is the same document, made once.
    again = client_for(dw.reporter).get(url(certified))
    assert again.status_code == 200 and content(again) == pdf
    assert CertificateDocument.objects.get().certificate == certificate


def test_the_first_download_waits_on_a_page_that_says_so(dw, certified, client_for):
    client = client_for(dw.reporter)
    response = client.get(url(certified))
    document = waiting_document(response)
    page = client.get(response["Location"])
    assert page.status_code == 200 and 'data-testid="progress"' in page.text
    assert reverse("donations:pledge-detail", args=[certified.pk]) in page.text  # the way back
    status = client.get(reverse("donations:document-status", args=[document.pk])).json()
    assert status["ready"] is False and status["url"] == ""
    documents.make(CertificateDocument, document.pk)
    status = client.get(reverse("donations:document-status", args=[document.pk])).json()
    assert status["ready"] is True
    assert status["url"] == reverse("donations:document-download", args=[document.pk])
    assert content(client.get(status["url"])).startswith(b"%PDF")


def test_others_cannot_open_the_certificates_document_pages(dw, certified, client_for):
    document = waiting_document(client_for(dw.reporter).get(url(certified)))
    for name in ("document", "document-status", "document-download"):
        address = reverse(f"donations:{name}", args=[document.pk])
        assert client_for(dw.neighbour_reporter).get(address).status_code == 404, name
    retry = reverse("donations:document-retry", args=[document.pk])
    assert client_for(dw.neighbour_reporter).post(retry).status_code == 404


def test_other_counties_and_anonymous_people_cannot_download(dw, certified, client, client_for):
    assert client_for(dw.neighbour_reporter).get(url(certified)).status_code == 404
    client.logout()
    response = client.get(url(certified))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_no_certificate_below_the_threshold(dw, client_for):
    pledge = make_pledge(dw, amount="49999.99")
    pay(dw, pledge, "49999.99")
    assert client_for(dw.reporter).get(url(pledge)).status_code == 404


def test_post_is_refused(dw, certified, client_for):
    assert client_for(dw.reporter).post(url(certified)).status_code == 405
