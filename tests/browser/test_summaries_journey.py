"""An administrator opens the year-end summary, issues it, waits while a worker makes the
PDF (the page polls for progress), and downloads it."""

import re
from io import BytesIO

import pytest
from pypdf import PdfReader

from summaries.models import IssuedDocument
from tests.browser.people import sign_in
from tests.summaries.data import pdf_text, rules, year_2026  # noqa: F401 (fixtures)

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("year_2026")]


def test_administrator_issues_and_downloads_the_year_end_summary(
    page, world, celery_worker, tmp_path
):
    sign_in(page, "province_admin")
    page.get_by_role("link", name=re.compile("Documents|文件|公文")).first.click()
    page.get_by_test_id("year-end-link").click()
    page.get_by_test_id("period-form").locator("#id_year").fill("2026")
    page.get_by_test_id("period-form").locator("button[type=submit]").click()
    page.get_by_test_id("preview").get_by_text("延长县扶贫开发局").first.wait_for()
    assert page.get_by_test_id("published-total").inner_text() == "6"
    assert page.get_by_test_id("quarter-chart").is_visible()

    form = page.get_by_test_id("issue-form")
    form.locator("#id_doc_number").fill("陕扶办〔2026〕12号")
    form.locator("#id_issuer").fill("陕西省扶贫开发办公室")
    page.get_by_test_id("issue").click()

    # The page shows progress, then reloads itself with the link when the worker is done.
    page.get_by_test_id("document-status").wait_for()
    download_link = page.get_by_test_id("download")
    download_link.wait_for(timeout=60_000)
    with page.expect_download() as info:
        download_link.click()
    target = tmp_path / "summary.pdf"
    info.value.save_as(target)

    pdf = target.read_bytes()
    document = IssuedDocument.objects.get()
    assert PdfReader(BytesIO(pdf)).metadata["/SnapshotSHA256"] == document.snapshot_hash
    text = pdf_text(pdf)
    assert "陕扶办〔2026〕12号" in text and "延长县扶贫开发局" in text
