"""A document's page: progress while it is made (polled by documents.js), then the link."""

import pytest
from django.urls import reverse

from summaries.models import DocumentStatus, IssuedDocument
from tests.summaries.documents import province_summary


def url(document):
    return reverse("summaries:document-detail", args=[document.pk])


def test_waiting_document_shows_progress_and_polls(world, year_2026, client_for):
    document = province_summary(world, make=False)
    html = client_for(world.province_admin).get(url(document)).content.decode()
    assert 'data-status="pending"' in html
    assert reverse("summaries:document-status", args=[document.pk]) in html
    assert "js/documents.js" in html
    assert 'data-testid="download"' not in html


def test_made_document_offers_the_download(world, year_2026, client_for):
    document = province_summary(world)
    html = client_for(world.province_reviewer).get(url(document)).content.decode()
    assert 'data-status="done"' in html
    assert reverse("summaries:document-download", args=[document.pk]) in html
    assert document.snapshot_hash in html


def test_failed_document_says_so(world, year_2026, client_for):
    document = province_summary(world, make=False)
    IssuedDocument.objects.filter(pk=document.pk).update(status=DocumentStatus.FAILED)
    html = client_for(world.province_admin).get(url(document)).content.decode()
    assert 'data-status="failed"' in html


@pytest.mark.parametrize("who", ["city_reviewer", "reporter", "nobody"])
def test_others_do_not_find_it(world, year_2026, client_for, who):
    document = province_summary(world, make=False)
    assert client_for(getattr(world, who)).get(url(document)).status_code == 404


def test_anonymous_is_sent_to_login(client, world, year_2026):
    document = province_summary(world, make=False)
    assert client.get(url(document))["Location"].startswith(reverse("login"))


def test_post_is_not_allowed(world, year_2026, client_for):
    document = province_summary(world, make=False)
    assert client_for(world.province_admin).post(url(document)).status_code == 405
