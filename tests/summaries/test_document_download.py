"""Downloading an issued document: exactly the stored file, within the person's area."""

import pytest
from django.urls import reverse

from tests.summaries.documents import province_summary, yanchang_printout


def url(document):
    return reverse("summaries:document-download", args=[document.pk])


@pytest.mark.parametrize("who", ["province_admin", "province_reviewer"])
def test_overseers_download_the_file_as_issued(world, year_2026, client_for, who):
    document = province_summary(world)
    response = client_for(getattr(world, who)).get(url(document))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Snapshot-SHA256"] == document.snapshot_hash
    with document.file.open("rb") as stored:
        assert b"".join(response.streaming_content) == stored.read()


@pytest.mark.parametrize("who", ["city_reviewer", "reporter", "nobody"])
def test_others_do_not_find_a_province_document(world, year_2026, client_for, who):
    document = province_summary(world)
    assert client_for(getattr(world, who)).get(url(document)).status_code == 404


def test_a_unit_printout_is_for_the_unit_and_its_overseers(world, year_2026, client_for):
    document = yanchang_printout(world, year_2026["yanchang"])
    for who in ["reporter", "approver", "city_reviewer", "province_admin"]:
        assert client_for(getattr(world, who)).get(url(document)).status_code == 200, who
    for who in ["neighbour_reporter", "outsider_reporter", "other_city_reviewer"]:
        assert client_for(getattr(world, who)).get(url(document)).status_code == 404, who


def test_a_document_not_yet_made_sends_to_its_page(world, year_2026, client_for):
    document = province_summary(world, make=False)
    response = client_for(world.province_admin).get(url(document))
    assert response["Location"] == reverse("summaries:document-detail", args=[document.pk])


def test_anonymous_is_sent_to_login(client, world, year_2026):
    document = province_summary(world, make=False)
    assert client.get(url(document))["Location"].startswith(reverse("login"))


def test_post_is_not_allowed(world, year_2026, client_for):
    document = province_summary(world, make=False)
    assert client_for(world.province_admin).post(url(document)).status_code == 405


def test_a_document_whose_file_is_gone_from_disk_is_404(world, year_2026, client_for):
    document = province_summary(world)
    document.file.storage.delete(document.file.name)
    assert client_for(world.province_admin).get(url(document)).status_code == 404
