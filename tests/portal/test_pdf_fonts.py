"""The faces of official documents: an office's own licensed fonts, in the folder named by
PDF_FONT_DIR, win over the free ones (portal/pdf_fonts.py)."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from fontTools.ttLib import TTFont

from portal.pdf_fonts import config_text

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
    font = TTFont(FANDOL / "FandolHei-Bold.otf")  # the smallest Fandol face: quick to save
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
    result = subprocess.run(  # noqa: S603 (our own interpreter and script)
        [sys.executable, "-c", RENDER],
        cwd=settings.BASE_DIR, env=env, capture_output=True, text=True, check=True,
    )  # fmt: skip
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
