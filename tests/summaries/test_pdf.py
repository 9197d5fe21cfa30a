"""portal.pdf: the shared renderer, its URL fetcher and the official-document layout."""

import shutil
import subprocess
from datetime import date
from io import BytesIO

import pytest
from PIL import Image
from pypdf import PdfReader

from portal.pdf import BASE_URL, PortalURLFetcher, RefusedURL, render_pdf
from tests.summaries.data import embedded_fonts, pdf_text

CONTEXT = {
    "issuer": "陕西省扶贫开发办公室",
    "doc_number": "陕扶办〔2026〕12号",
    "doc_title": "关于2026年度扶贫宣传工作的通报",
    "issue_date": date(2026, 12, 31),
    "snapshot_hash": "ab" * 32,
}


@pytest.fixture(scope="module")
def official_pdf():
    return render_pdf("pdf/official.html", CONTEXT, metadata={"SnapshotSHA256": "ab" * 32})


def test_fetcher_serves_our_static_files():
    response = PortalURLFetcher().fetch(BASE_URL + "static/favicon.svg")
    assert response.read().lstrip().startswith(b"<")
    assert response.content_type == "image/svg+xml"


def test_fetcher_serves_data_urls():
    assert PortalURLFetcher().fetch("data:text/plain,hello").read() == b"hello"


@pytest.mark.parametrize(
    "url",
    [
        "file:///etc/passwd",
        "http://example.com/static/favicon.svg",
        "https://example.com/static/favicon.svg",
        "http://portal.invalid/static/favicon.svg",
        BASE_URL + "media/attachments/secret.pdf",
        BASE_URL + "static/../portal/settings.py",
        BASE_URL + "static/%2e%2e/%2e%2e/etc/passwd",
        BASE_URL + "static/no-such-file.css",
    ],
)
def test_fetcher_refuses_everything_else(url):
    with pytest.raises(RefusedURL):
        PortalURLFetcher().fetch(url)


def test_a_local_file_named_in_the_data_never_reaches_the_pdf(tmp_path, settings):
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET-CONTENT")
    settings.TEMPLATES = [
        {**settings.TEMPLATES[0], "DIRS": [tmp_path, *settings.TEMPLATES[0]["DIRS"]]}
    ]
    (tmp_path / "evil.html").write_text(
        '{% extends "pdf/official.html" %}{% block body %}'
        f'<object data="file://{secret}" type="text/plain"></object>'
        f'<img src="file://{secret}"><link rel="stylesheet" href="file://{secret}">'
        "<p>正文</p>{% endblock %}"
    )
    pdf = render_pdf("evil.html", CONTEXT)
    assert "TOP-SECRET-CONTENT" not in pdf_text(pdf)
    assert b"TOP-SECRET-CONTENT" not in pdf


def test_page_is_a4_and_in_chinese(official_pdf):
    reader = PdfReader(BytesIO(official_pdf))
    box = reader.pages[0].mediabox
    assert abs(float(box.width) - 595.28) < 1
    assert abs(float(box.height) - 841.89) < 1
    assert reader.trailer["/Root"]["/Lang"] == "zh-CN"


def test_header_title_date_and_page_number_are_printed(official_pdf):
    text = pdf_text(official_pdf)
    for expected in ["陕西省扶贫开发办公室", "〔2026〕12号", "关于2026年度扶贫宣传工作的通报"]:
        assert expected in text
    assert "2026年12月31日" in text
    assert "— 1 —" in text or "—1—" in text.replace(" ", "")


def test_hash_is_in_the_metadata_and_the_footer(official_pdf):
    reader = PdfReader(BytesIO(official_pdf))
    assert reader.metadata["/SnapshotSHA256"] == "ab" * 32
    assert "ab" * 32 in pdf_text(official_pdf)


def test_fonts_are_embedded_cjk_fonts(official_pdf):
    fonts = embedded_fonts(official_pdf)
    assert fonts, "no font in the PDF"
    assert all(kind in ("/FontFile2", "/FontFile3") for kind in fonts.values()), fonts
    assert any("CJK-SC" in name or "UKai" in name for name in fonts), fonts


def test_first_page_is_not_blank(official_pdf, tmp_path):
    (tmp_path / "doc.pdf").write_bytes(official_pdf)
    pdftoppm = shutil.which("pdftoppm")
    assert pdftoppm, "poppler-utils is not installed"
    subprocess.run(  # noqa: S603 (our own file names)
        [pdftoppm, "-png", "-r", "40", "-f", "1", "-l", "1", "-singlefile",
         str(tmp_path / "doc.pdf"), str(tmp_path / "page")],
        check=True,
    )  # fmt: skip
    image = Image.open(tmp_path / "page.png").convert("RGB")
    colours = image.getcolors(maxcolors=1 << 20)
    dark = sum(n for n, (r, g, b) in colours if r + g + b < 384)
    red = sum(n for n, (r, g, b) in colours if r > 180 and g < 90 and b < 90)
    assert dark > 200, "no text on page 1"
    assert red > 200, "no red issuer name or line on page 1"
