"""The faces of official documents: an office's own licensed fonts, in the folder named by
PDF_FONT_DIR, win over the free ones (portal/pdf_fonts.py)."""

import json
import os
from pathlib import Path

import pytest
from django.conf import settings
from fontTools.ttLib import TTFont

from portal.pdf_fonts import config_text
from tests.portal.test_env import fresh_python

FANDOL = Path(settings.BASE_DIR) / "fonts" / "fandol"

RENDER = """
import django, json
django.setup()
from datetime import date
from portal.pdf import render_pdf
from tests.summaries.data import embedded_fonts
pdf = render_pdf("pdf/official.html", {"issuer": "陕西省扶贫开发办公室", "doc_title": "通报",
    "doc_number": "陕扶办〔2026〕1号", "issue_date": date(2026, 12, 31)})
print(json.dumps(sorted(embedded_fonts(pdf))))
"""


def office_font(folder: Path) -> None:
    """A stand-in for the office's licensed 仿宋_GB2312: a free face under that name."""
    # The smallest Fandol face. Its glyphs are copied as they are: recalculating the bounding
    # boxes (fontTools' default) would draw all 10,299 of them again, some 7 s, for the same
    # numbers.
    font = TTFont(FANDOL / "FandolHei-Bold.otf", recalcBBoxes=False)
    names = font["name"]
    for record in list(names.names):
        if record.nameID in (1, 4, 6, 16):
            names.setName("FangSong_GB2312", record.nameID, record.platformID,
                          record.platEncID, record.langID)  # fmt: skip
    # The family's Chinese name, as the licensed font carries it (Windows, zh-CN).
    names.setName("仿宋_GB2312", 1, 3, 1, 0x804)
    font["CFF "].cff.fontNames = ["FangSong_GB2312"]
    font.save(folder / "FangSong_GB2312.otf")


def embedded_faces(**environment) -> list[str]:
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "portal.test_settings", **environment}
    env.pop("FONTCONFIG_FILE", None)
    # A fresh process: fontconfig reads its configuration once per process.
    result = fresh_python("-c", RENDER, env=env, cwd=settings.BASE_DIR)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_the_configuration_adds_the_folders_to_the_systems():
    text = config_text([Path("/srv/fonts")])
    assert "<include" in text and "/etc/fonts/fonts.conf" in text
    assert "<dir>/srv/fonts</dir>" in text


@pytest.mark.skipif(not FANDOL.is_dir(), reason="./dev setup fetches the Fandol fonts")
def test_an_offices_licensed_fangsong_is_preferred_to_the_free_one(tmp_path):
    office_font(tmp_path)
    faces = embedded_faces(PDF_FONT_DIR=str(tmp_path))
    assert any("FangSong_GB2312" in name for name in faces), faces
    assert not any("FandolFang" in name for name in faces), faces
