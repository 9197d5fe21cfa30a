"""The issue form of a summary: 发文字号 suggests the number after the issuer's
last one of the year, and quarters are named as everywhere else (第1季度)."""

import re

import pytest
from django.conf import settings
from django.urls import reverse

from summaries.models import IssuedDocument

PROVINCE_OFFICE = "陕西省扶贫开发办公室"


def header(doc_number, issuer=PROVINCE_OFFICE, issue_date="2026-10-20"):
    return {
        "doc_number": doc_number,
        "issuer": issuer,
        "issue_date": issue_date,
        "title": "关于2026年第三季度宣传报告情况的通报",
    }


def issue_quarterly(client, region, quarter, data):
    url = reverse("summaries:quarterly-issue", args=[region.pk, 2026, quarter])
    assert client.post(url, data).status_code == 302


def suggested(client, region) -> str | None:
    page = client.get(
        reverse("summaries:year-end") + f"?region={region.pk}&year=2026"
    ).content.decode()
    field = re.search(r'<input[^>]*name="doc_number"[^>]*>', page).group(0)
    value = re.search(r'value="([^"]*)"', field)
    return value.group(1) if value else None


@pytest.fixture
def admin(world, client_for, late_2026):
    return client_for(world.province_admin)


def test_nothing_is_suggested_before_the_first_document(world, year_2026, admin):
    assert suggested(admin, world.province) is None


def test_the_next_number_after_the_last_one_issued(world, year_2026, admin):
    issue_quarterly(admin, world.province, 2, header("陕扶办〔2026〕9号"))
    issue_quarterly(admin, world.province, 3, header("陕扶办〔2026〕12号"))
    assert suggested(admin, world.province) == "陕扶办〔2026〕13号"


def test_only_the_same_issuer_and_year_count(world, year_2026, admin):
    issue_quarterly(admin, world.province, 1, header("陕扶办〔2025〕40号"))
    issue_quarterly(admin, world.province, 2, header("延市扶办〔2026〕50号", issuer="延安市扶贫办"))
    assert suggested(admin, world.province) is None
    issue_quarterly(admin, world.province, 3, header("陕扶办〔2026〕3号"))
    assert suggested(admin, world.province) == "陕扶办〔2026〕4号"
    assert IssuedDocument.objects.count() == 3


def test_a_suggestion_is_only_a_start(world, year_2026, admin):
    issue_quarterly(admin, world.province, 3, header("陕扶办〔2026〕12号"))
    # The administrator types another number: that one is issued.
    issue_quarterly(admin, world.province, 2, header("陕扶办〔2026〕20号"))
    assert IssuedDocument.objects.filter(doc_number="陕扶办〔2026〕20号").exists()
    assert suggested(admin, world.province) == "陕扶办〔2026〕21号"


def test_quarters_are_named_as_everywhere(world, year_2026, client_for, late_2026):
    client = client_for(world.province_admin)
    pages = [
        reverse("summaries:quarterly") + f"?region={world.province.pk}&year=2026&quarter=3",
        reverse("submissions:completeness") + "?year=2026&quarter=3",
    ]
    for url in pages:
        page = client.get(url).content.decode()
        select = re.search(r'<select[^>]*name="quarter".*?</select>', page, re.S).group(0)
        labels = re.findall(r"<option[^>]*>\s*([^<]*?)\s*</option>", select)
        assert [label for label in labels if label] == ["第1季度", "第2季度", "第3季度", "第4季度"]
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    page = client.get(pages[0]).content.decode()
    select = re.search(r'<select[^>]*name="quarter".*?</select>', page, re.S).group(0)
    assert "Q1" in select and "季度" not in select
