"""One certificate per winner, with its serial number and a QR code to verify it."""

import re
from io import BytesIO

import pytest
from django.urls import reverse
from pypdf import PdfReader
from pytest_django.asserts import assertRedirects

from awards.models import AwardDocument
from tests.awards.pdfs import assert_cjk_fonts_embedded, pdf_text
from tests.documents import content, download_made


def url(certificate):
    return reverse("awards:certificate", args=[certificate.serial])


@pytest.fixture
def cert(final):
    final.work.refresh_from_db()
    return final.work.certificate


def test_anonymous_is_sent_to_login(client, cert):
    assertRedirects(client.get(url(cert)), f"{reverse('login')}?next={url(cert)}")


@pytest.mark.parametrize("who", ["province_admin", "reporter", "approver"])
def test_the_admins_and_the_winners_unit_download_it(world, client_for, cert, who):
    response = download_made(client_for(getattr(world, who)), url(cert))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    pdf = content(response)
    text = pdf_text(pdf)
    for expected in ["刘志刚", "一条硬化路", "一等奖", "我的帮扶故事", cert.serial]:
        assert expected in text, expected
    assert_cjk_fonts_embedded(pdf)
    assert PdfReader(BytesIO(pdf)).metadata["/Serial"] == cert.serial


def test_made_once_for_everyone_who_downloads_it(world, client_for, cert):
    first = content(download_made(client_for(world.reporter), url(cert)))
    again = client_for(world.province_admin).get(url(cert))
    assert again.status_code == 200 and content(again) == first
    assert AwardDocument.objects.filter(certificate=cert).count() == 1


def test_it_carries_the_verification_link_at_the_portals_public_address(
    world, client_for, cert, settings
):
    settings.PORTAL_URL = "https://fupin.example.gov.cn"
    text = pdf_text(content(download_made(client_for(world.province_admin), url(cert))))
    verify = reverse("awards:verify", args=[cert.token])
    # Printed from whatever address the clerk used, it leads to the public one.
    assert "https://fupin.example.gov.cn" + verify in re.sub(r"\s+", "", text)
    assert "testserver" not in text


@pytest.mark.parametrize("who", ["neighbour_reporter", "city_reviewer", "outsider_reporter"])
def test_others_get_404(world, client_for, cert, who):
    assert client_for(getattr(world, who)).get(url(cert)).status_code == 404


def test_unknown_serial_is_404(world, client_for, final):
    response = client_for(world.province_admin).get(reverse("awards:certificate", args=["x"]))
    assert response.status_code == 404


def test_post_is_not_allowed(world, client_for, cert):
    assert client_for(world.province_admin).post(url(cert)).status_code == 405
