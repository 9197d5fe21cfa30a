"""The commendation circular (表彰通报) as a PDF in the official-document layout."""

from io import BytesIO

import pytest
from django.urls import reverse
from pypdf import PdfReader
from pytest_django.asserts import assertRedirects

from awards.models import AwardDocument, AwardDocumentKind, Certificate
from portal import documents
from portal.documents import DocumentStatus
from tests.awards.pdfs import assert_cjk_fonts_embedded, pdf_text
from tests.documents import content, download_made, waiting_document


def url(programme):
    return reverse("awards:circular", args=[programme.pk])


def test_anonymous_is_sent_to_login(client, final):
    response = client.get(url(final.programme))
    assertRedirects(response, f"{reverse('login')}?next={url(final.programme)}")


def test_the_first_download_waits_for_the_pdf_then_serves_it(world, client_for, final):
    client = client_for(world.province_admin)
    response = client.get(url(final.programme))
    document = waiting_document(response)
    assert document.status == DocumentStatus.PENDING and document.job is not None
    page = client.get(response["Location"])
    assert page.status_code == 200
    assert 'data-testid="progress"' in page.text and "js/documents.js" in page.text
    assert reverse("awards:programme-detail", args=[final.programme.pk]) in page.text
    documents.make(AwardDocument, document.pk)
    assert 'data-testid="download"' in client.get(response["Location"]).text
    served = client.get(url(final.programme))
    assert served.status_code == 200 and served["Content-Type"] == "application/pdf"
    assert content(served).startswith(b"%PDF")


def test_lists_winners_by_category_and_tier_with_serials(world, client_for, final):
    response = download_made(client_for(world.province_admin), url(final.programme))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    pdf = content(response)
    text = pdf_text(pdf)
    for expected in [
        "延扶办〔2026〕8号",
        "延安市扶贫开发办公室",
        "我的帮扶故事",
        "一等奖",
        "一条硬化路",
        "刘志刚",
        "优秀组织奖",
        "延长县扶贫开发局",
    ]:
        assert expected in text, expected
    assert "落选作品" not in text
    for serial in Certificate.objects.values_list("serial", flat=True):
        assert serial in text
    assert_cjk_fonts_embedded(pdf)
    document = AwardDocument.objects.get()
    assert PdfReader(BytesIO(pdf)).metadata["/SnapshotSHA256"] == document.snapshot_hash


def test_rendered_once_and_kept(world, client_for, final):
    client = client_for(world.province_admin)
    first = content(download_made(client, url(final.programme)))
    document = AwardDocument.objects.get()
    assert document.is_ready and document.kind == AwardDocumentKind.CIRCULAR
    assert content(client.get(url(final.programme))) == first
    assert AwardDocument.objects.count() == 1


def test_the_circular_is_in_chinese_whatever_the_clerks_language(world, client_for, final):
    world.province_admin.language = "en"
    world.province_admin.save(update_fields=["language"])
    client = client_for(world.province_admin)
    client.cookies["django_language"] = "en"
    text = pdf_text(content(download_made(client, url(final.programme))))
    assert "关于表彰" in text and "Circular" not in text


def test_not_before_the_list_is_final(world, client_for, published):
    assert client_for(world.province_admin).get(url(published.programme)).status_code == 404


@pytest.mark.parametrize("who", ["reporter", "city_reviewer"])
def test_non_admins_are_forbidden(world, client_for, final, who):
    assert client_for(getattr(world, who)).get(url(final.programme)).status_code == 403


def test_post_is_not_allowed(world, client_for, final):
    assert client_for(world.province_admin).post(url(final.programme)).status_code == 405
