"""Issuing the year-end summary: administrators of the region; the PDF is made by a worker."""

import time
from io import BytesIO

import pytest
from django.urls import reverse
from pypdf import PdfReader

from notifications.models import Notification, NotificationKind
from summaries.models import DocumentStatus, IssuedDocument
from tests.summaries.data import pdf_text

HEADER = {
    "doc_number": "陕扶办〔2026〕12号",
    "issuer": "陕西省扶贫开发办公室",
    "issue_date": "2026-12-31",
    "title": "陕西省2026年度扶贫宣传工作总结",
}


def url(region, year=2026):
    return reverse("summaries:year-end-issue", args=[region.pk, year])


def wait_until_made(document, seconds=60):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        document.refresh_from_db()
        if document.status in (DocumentStatus.DONE, DocumentStatus.FAILED):
            return document
        time.sleep(0.2)
    raise AssertionError(f"document still {document.status}")


def test_administrator_issues_and_a_worker_makes_the_pdf(
    world, year_2026, client_for, celery_worker
):
    client = client_for(world.province_admin)
    response = client.post(url(world.province), HEADER)
    document = IssuedDocument.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("summaries:document-detail", args=[document.pk])
    assert (document.doc_number, document.issuer) == (HEADER["doc_number"], HEADER["issuer"])
    assert wait_until_made(document).status == DocumentStatus.DONE

    pdf = b"".join(client.get(reverse("summaries:document-download", args=[document.pk])))
    assert PdfReader(BytesIO(pdf)).metadata["/SnapshotSHA256"] == document.snapshot_hash
    text = pdf_text(pdf)
    assert "陕扶办〔2026〕12号" in text and "延长县扶贫开发局" in text

    # The worker tells the person who asked: one notification, linking to the document.
    notification = Notification.objects.get()
    assert notification.recipient == world.province_admin
    assert notification.kind == NotificationKind.DOCUMENT
    assert HEADER["title"] in notification.title
    assert notification.url == response["Location"]

    # Asking again with nothing changed gives back the same document, not a new one.
    again = client.post(url(world.province), HEADER)
    assert again["Location"] == response["Location"]
    assert IssuedDocument.objects.count() == 1
    assert Notification.objects.count() == 1


def test_a_bad_document_number_issues_nothing(world, client_for):
    response = client_for(world.province_admin).post(
        url(world.province), {**HEADER, "doc_number": "第12号"}
    )
    # The preview again, the number as typed with its error beside it.
    assert response.status_code == 200
    assert 'id="id_doc_number_error"' in response.content.decode()
    assert 'value="第12号"' in response.content.decode()
    assert not IssuedDocument.objects.exists()


def test_square_brackets_are_read_as_the_official_ones(world, client_for):
    client_for(world.province_admin).post(
        url(world.province), {**HEADER, "doc_number": "陕扶办[2026]12号"}
    )
    assert IssuedDocument.objects.get().doc_number == "陕扶办〔2026〕12号"


def test_reviewers_may_not_issue(world, client_for):
    assert client_for(world.province_reviewer).post(url(world.province), HEADER).status_code == 403
    assert client_for(world.city_reviewer).post(url(world.yanan), HEADER).status_code == 403
    assert not IssuedDocument.objects.exists()


@pytest.mark.parametrize("who", ["city_reviewer", "reporter", "nobody"])
def test_others_do_not_find_the_province(world, client_for, who):
    assert client_for(getattr(world, who)).post(url(world.province), HEADER).status_code == 404


def test_anonymous_is_sent_to_login(client, world):
    response = client.post(url(world.province), HEADER)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_get_is_not_allowed(world, client_for):
    assert client_for(world.province_admin).get(url(world.province)).status_code == 405
