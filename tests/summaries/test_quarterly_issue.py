"""Issuing the quarterly circular: administrators of the region only."""

import pytest
from django.urls import reverse

from summaries.models import DocumentKind, DocumentStatus, IssuedDocument

HEADER = {
    "doc_number": "陕扶办〔2026〕30号",
    "issuer": "陕西省扶贫开发办公室",
    "issue_date": "2026-10-20",
    "title": "关于2026年第三季度宣传报告情况的通报",
}


def url(region, quarter=3):
    return reverse("summaries:quarterly-issue", args=[region.pk, 2026, quarter])


def test_administrator_issues_a_circular(world, year_2026, client_for):
    response = client_for(world.province_admin).post(url(world.province), HEADER)
    document = IssuedDocument.objects.get()
    assert response["Location"] == reverse("summaries:document-detail", args=[document.pk])
    assert (document.kind, document.quarter, document.status) == (
        DocumentKind.QUARTERLY,
        3,
        DocumentStatus.PENDING,
    )
    assert document.snapshot["figures"]["late"] == ["延长县扶贫开发局", "靖边县扶贫开发局"]


def test_a_quarter_outside_1_to_4_is_refused(world, client_for):
    assert client_for(world.province_admin).post(url(world.province, 5), HEADER).status_code == 403


def test_reviewers_may_not_issue(world, client_for):
    assert client_for(world.province_reviewer).post(url(world.province), HEADER).status_code == 403


@pytest.mark.parametrize("who", ["city_reviewer", "outsider_reporter", "nobody"])
def test_others_do_not_find_the_province(world, client_for, who):
    assert client_for(getattr(world, who)).post(url(world.province), HEADER).status_code == 404


def test_anonymous_is_sent_to_login(client, world):
    assert client.post(url(world.province), HEADER)["Location"].startswith(reverse("login"))


def test_get_is_not_allowed(world, client_for):
    assert client_for(world.province_admin).get(url(world.province)).status_code == 405
