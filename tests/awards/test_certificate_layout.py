"""A certificate is not a letter: its own landscape page with a border, the recipient and
the honour large, the issuer and date where the seal goes, no page number, the serial and
QR code small at the foot."""

from io import BytesIO

import pytest
from pypdf import PdfReader

from awards import documents
from tests.summaries.test_pdf import text_positions

SNAPSHOT = {
    "document": {
        "kind": "certificate",
        "title": "荣誉证书",
        "issuer": "陕西省扶贫开发办公室",
        "doc_number": "",
        "issue_date": "2026-12-20",
    },
    "programme": {"year": 2026, "title": "“脱贫攻坚·我们的故事”征文活动"},
    "nomination": {
        "work_title": "山沟里飞出金凤凰",
        "nominee_name": "王小燕",
        "category": "征文类",
        "tier": "一等奖",
    },
    "certificate": {"serial": "JX-2026-0001"},
    "verify_url": "https://fupin.example.gov.cn/awards/verify/4f9c2a1b/",
}


@pytest.fixture(scope="module")
def certificate():
    return documents.render(SNAPSHOT)


def sizes(data: bytes) -> dict[str, float]:
    """Each text run and the size it is set in, in points."""
    found = {}

    def visit(text, cm, tm, _font, size):
        if text.strip():
            found[text.strip()] = size * tm[0] * cm[0]

    PdfReader(BytesIO(data)).pages[0].extract_text(visitor_text=visit)
    return found


def test_one_landscape_a4_page_without_a_page_number(certificate):
    pages = PdfReader(BytesIO(certificate)).pages
    assert len(pages) == 1
    assert (round(float(pages[0].mediabox.width)), round(float(pages[0].mediabox.height))) == (
        842,
        595,
    )
    assert not any("—" in text for *_, text in text_positions(certificate))


def test_the_name_and_honour_are_large_the_serial_small(certificate):
    size = sizes(certificate)
    assert size["王小燕"] >= 26
    assert size["一等奖"] >= 26
    serial = next(s for text, s in size.items() if "JX-2026-0001" in text)
    assert serial <= 10.5


def test_issuer_and_date_sit_low_on_the_right_and_the_serial_at_the_foot(certificate):
    where = {text: (x, y) for x, y, text in text_positions(certificate)}
    issuer_x, issuer_y = where["陕西省扶贫开发办公室"]
    name_y = where["王小燕"][1]
    serial_x, serial_y = next(xy for text, xy in where.items() if "JX-2026-0001" in text)
    assert issuer_x > 842 / 2 and issuer_y < name_y
    assert serial_x < 842 / 3 and serial_y < issuer_y


def test_the_office_chooses_its_paper(settings):
    settings.CERTIFICATE_PAGE_SIZE = "A3 landscape"
    box = PdfReader(BytesIO(documents.render(SNAPSHOT))).pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (1191, 842)
