"""The county donation certificate: a PDF with its serial and verification link, for the
office's staff; the verification page is public."""

from io import BytesIO

import pytest
from django.urls import reverse
from pypdf import PdfReader

from donations.models import Certificate
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
    response = client_for(dw.reporter).get(url(certified))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    certificate = Certificate.objects.get()
    text = "".join(page.extract_text() for page in PdfReader(BytesIO(response.content)).pages)
    assert certificate.serial in text
    # The QR code and the printed link lead to the portal's public address.
    assert f"https://fupin.example.gov.cn/donations/certificates/{certificate.token}/" in (
        text.replace("\n", "")
    )
    certificate.refresh_from_db()
    assert certificate.pdf  # kept: the next download is the same document
    again = client_for(dw.reporter).get(url(certified))
    assert again.content == response.content


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
