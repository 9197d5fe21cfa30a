"""Printing a unit's report: made at once and downloaded; made once for unchanged data."""

import re

import pytest
from django.urls import reverse
from django.utils.translation import gettext

from summaries.models import DocumentStatus, IssuedDocument
from tests.summaries.data import pdf_text


def url(world, quarter=3):
    return reverse("summaries:unit-report-print", args=[world.jingbian_bureau.pk, 2026, quarter])


def test_reporter_downloads_the_printout_at_once(world, year_2026, client_for):
    client = client_for(world.outsider_reporter)
    response = client.post(url(world))
    document = IssuedDocument.objects.get()
    assert document.status == DocumentStatus.DONE
    assert response["Location"] == reverse("summaries:document-download", args=[document.pk])
    pdf = b"".join(client.get(response["Location"]))
    text = pdf_text(pdf)
    assert "靖边县扶贫开发局" in text and "与上季度重复" in text
    assert document.snapshot_hash in text.replace(" ", "")
    # The status line reads as one run of text, without gaps stretched into it.
    status = next(line for line in text.splitlines() if line.startswith("状态："))
    assert re.fullmatch(r"状态：\S+；报送时间：\S+( \d\d:\d\d)?(（逾期报送）)?。", status), status
    # A printout for the archive is a record, not a draft of an official document.
    assert gettext("Draft for review — not an issued document") not in text

    client.post(url(world))
    assert IssuedDocument.objects.count() == 1


@pytest.mark.parametrize("who", ["reporter", "neighbour_reporter", "city_reviewer", "nobody"])
def test_other_units_do_not_find_it(world, year_2026, client_for, who):
    assert client_for(getattr(world, who)).post(url(world)).status_code == 404
    assert not IssuedDocument.objects.exists()


def test_anonymous_is_sent_to_login(client, world, year_2026):
    assert client.post(url(world))["Location"].startswith(reverse("login"))


def test_get_is_not_allowed(world, year_2026, client_for):
    assert client_for(world.outsider_reporter).get(url(world)).status_code == 405
