"""portal.pdf: the shared renderer, its URL fetcher and the official-document layout."""

import shutil
import subprocess
from datetime import date
from io import BytesIO

import pytest
from django.utils import translation
from django.utils.translation import gettext
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


def test_hash_is_in_the_metadata_and_printed_once_in_the_colophon(official_pdf):
    reader = PdfReader(BytesIO(official_pdf))
    assert reader.metadata["/SnapshotSHA256"] == "ab" * 32
    text = pdf_text(official_pdf)
    assert text.count("ab" * 32) == 1
    colophon = text[text.index("陕西省扶贫开发办公室", text.index("2026年12月31日")) :]
    assert "2026年12月31日印发" in colophon
    assert colophon.index("印发") < colophon.index("ab" * 32)


def test_fonts_are_embedded_cjk_fonts(official_pdf):
    fonts = embedded_fonts(official_pdf)
    assert fonts, "no font in the PDF"
    assert all(kind in ("/FontFile2", "/FontFile3") for kind in fonts.values()), fonts
    assert any("CJK-SC" in name or "UKai" in name for name in fonts), fonts


def test_the_body_is_set_in_fangsong(official_pdf):
    # ./dev setup fetches the free FandolFang (fonts/fandol); an office's licensed
    # 仿宋_GB2312 would come first (test_pdf_fonts.py).
    assert any("FandolFang" in name for name in embedded_fonts(official_pdf))


def test_a_long_title_is_balanced_over_its_lines():
    title = "关于2026年第三季度各县（区）扶贫宣传工作信息报送情况的通报"
    pdf = render_pdf("pdf/official.html", {**CONTEXT, "doc_title": title})
    lines = [t for _x, _y, t in text_positions(pdf) if t and t in title and len(t) > 2]
    assert "".join(lines) == title
    assert len(lines) == 2
    assert abs(len(lines[0]) - len(lines[1])) <= 3, lines


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


def text_positions(data: bytes, page: int = 0) -> list[tuple[float, float, str]]:
    """(x, y) in points from the page's bottom left, and the text drawn there."""
    positions = []

    def visit(text, cm, tm, _font, _size):
        if text.strip():
            x = tm[4] * cm[0] + tm[5] * cm[2] + cm[4]
            y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
            positions.append((x, y, text.strip()))

    PdfReader(BytesIO(data)).pages[page].extract_text(visitor_text=visit)
    return positions


MM = 72 / 25.4


def test_text_keeps_to_the_type_area_and_page_number_below_it(official_pdf):
    positions = text_positions(official_pdf)
    type_top, type_bottom = 841.89 - 37 * MM, 35 * MM
    body = [(x, y, t) for x, y, t in positions if y > type_bottom]
    assert min(x for x, _y, _t in body) >= 28 * MM - 0.5  # left margin 28 mm
    assert max(y for _x, y, _t in body) < type_top  # nothing above the type area
    issuer_y = next(y for _x, y, t in body if t.startswith("陕西省扶贫开发办公室"))
    assert type_top - 35 * MM - 40 < issuer_y < type_top - 35 * MM  # 35 mm down, 40 pt type
    number = [(x, y) for x, y, t in positions if "1" in t and "—" in t]
    assert number, positions
    x, y = number[0]
    assert type_bottom - 7 * MM - 16 < y < type_bottom - 7 * MM  # 7 mm below, 14 pt type
    assert x > 595.28 / 2  # page 1 is a right-hand page: number on the right
    # Nothing but the page number below the type area: the hash is in the colophon.
    assert [t for _x, y_, t in positions if y_ < type_bottom] == [
        t for *_, t in positions if "—" in t
    ]


def test_even_pages_number_on_the_left(tmp_path, settings):
    settings.TEMPLATES = [
        {**settings.TEMPLATES[0], "DIRS": [tmp_path, *settings.TEMPLATES[0]["DIRS"]]}
    ]
    body = "".join(f"<p>第{n}段正文。</p>" for n in range(60))
    (tmp_path / "long.html").write_text(
        '{% extends "pdf/official.html" %}{% block body %}' + body + "{% endblock %}"
    )
    pdf = render_pdf("long.html", CONTEXT)
    assert len(PdfReader(BytesIO(pdf)).pages) >= 2
    numbers = [(x, t) for x, _y, t in text_positions(pdf, page=1) if "2" in t and "—" in t]
    assert numbers and numbers[0][0] < 595.28 / 2


def test_an_official_document_is_in_chinese_whatever_language_the_person_uses():
    context = {k: v for k, v in CONTEXT.items() if k not in ("issuer", "doc_number")}
    with translation.override("en"):
        text = pdf_text(render_pdf("pdf/official.html", {**context, "printout": False}))
    # Not yet issued (no issuer, no number): the document is marked as a draft, in Chinese.
    assert "Draft for review" not in text
    with translation.override("zh-hans"):
        assert gettext("Draft for review — not an issued document") in text.replace("\n", "")
