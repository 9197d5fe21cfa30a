"""manage.py print_summary: the same documents from the command line."""

from io import BytesIO, StringIO

import pytest
from django.core.management import CommandError, call_command
from pypdf import PdfReader

from tests.summaries.data import pdf_text


def test_year_end_for_the_province(world, year_2026, tmp_path):
    out, target = StringIO(), tmp_path / "summary.pdf"
    call_command(
        "print_summary", "year-end", "--year", "2026", "--region", "610000",
        "--output", str(target), "--number", "陕扶办〔2026〕12号",
        "--issuer", "陕西省扶贫开发办公室", stdout=out,
    )  # fmt: skip
    pdf = target.read_bytes()
    digest = out.getvalue().split("sha256:")[1].strip()
    assert PdfReader(BytesIO(pdf)).metadata["/SnapshotSHA256"] == digest
    text = pdf_text(pdf)
    assert "陕扶办〔2026〕12号" in text and "延长县扶贫开发局" in text
    assert "29.00" in text.replace(" ", "")


def test_quarterly_for_a_city(world, year_2026, tmp_path):
    target = tmp_path / "q3.pdf"
    call_command(
        "print_summary", "quarterly", "--year", "2026", "--quarter", "3",
        "--region", "610600", "--output", str(target), stdout=StringIO(),
    )  # fmt: skip
    text = pdf_text(target.read_bytes())
    assert "延长县扶贫开发局" in text and "靖边县扶贫开发局" not in text


def test_unit_report(world, year_2026, tmp_path):
    target = tmp_path / "unit.pdf"
    call_command(
        "print_summary", "unit-report", "--year", "2026", "--quarter", "3",
        "--unit", str(world.jingbian_bureau.pk), "--output", str(target), stdout=StringIO(),
    )  # fmt: skip
    assert "与上季度重复" in pdf_text(target.read_bytes())


def test_missing_arguments_are_refused(world, tmp_path):
    with pytest.raises(CommandError):
        call_command("print_summary", "quarterly", "--year", "2026", "--region", "610000",
                     "--output", str(tmp_path / "x.pdf"))  # fmt: skip
    with pytest.raises(CommandError):
        call_command("print_summary", "year-end", "--year", "2026", "--region", "999999",
                     "--output", str(tmp_path / "x.pdf"))  # fmt: skip
