"""`manage.py load_units`: the real list of offices from a sheet, with the admin import's
rules (tests/portal/test_admin_import.py) and every row checked before anything is written."""

from io import BytesIO, StringIO

import pytest
from django.core.management import CommandError, call_command
from openpyxl import Workbook

from portal.models import Unit

HEADINGS = ["name", "kind", "region_code"]
GOOD = [
    ["延长县乡村振兴局", "poverty_office", "610621"],
    ["延川县融媒体中心", "media", "610622"],
]


def csv_file(tmp_path, rows, name="units.csv"):
    path = tmp_path / name
    lines = [",".join(row) for row in [HEADINGS, *rows]]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8-sig")  # Excel's UTF-8 has a BOM
    return path


def xlsx_file(tmp_path, rows, name="units.xlsx"):
    book = Workbook()
    for row in [HEADINGS, *rows]:
        book.active.append(row)
    out = BytesIO()
    book.save(out)
    path = tmp_path / name
    path.write_bytes(out.getvalue())
    return path


def load(path, *args) -> str:
    out = StringIO()
    call_command("load_units", str(path), *args, stdout=out)
    return out.getvalue()


def test_a_sheet_of_offices_loads_once(world, tmp_path):
    path = csv_file(tmp_path, GOOD)
    assert "2 new" in load(path)
    unit = Unit.objects.get(name="延川县融媒体中心")
    assert (unit.kind, unit.region) == ("media", world.yanchuan)
    assert "2 unchanged" in load(path)
    assert Unit.objects.filter(name__in=[row[0] for row in GOOD]).count() == 2


def test_a_workbook_is_told_by_its_content_not_its_name(world, tmp_path):
    path = xlsx_file(tmp_path, GOOD, name="offices.csv")
    assert "2 new" in load(path)
    assert Unit.objects.filter(region=world.yanchang, name="延长县乡村振兴局").exists()


def test_a_wrong_row_is_named_and_nothing_is_written(world, tmp_path):
    before = Unit.objects.count()
    rows = [
        *GOOD,
        ["靖边县扶贫开发局分局", "poverty_office", "999999"],
        ["某单位", "nonsense", "610824"],
    ]
    with pytest.raises(CommandError) as refused:
        load(xlsx_file(tmp_path, rows))
    message = str(refused.value)
    assert "row 4" in message and "999999" in message
    assert "row 5" in message and "kind" in message
    assert Unit.objects.count() == before


def test_a_dry_run_checks_and_writes_nothing(world, tmp_path):
    before = Unit.objects.count()
    assert "Checked: 2 new" in load(csv_file(tmp_path, GOOD), "--dry-run")
    assert Unit.objects.count() == before


def test_a_sheet_without_the_columns_or_in_another_encoding_is_refused(world, tmp_path):
    path = tmp_path / "units.csv"
    path.write_text("单位名称,类型\n延长县,poverty_office\n", encoding="utf-8")
    with pytest.raises(CommandError, match="region_code"):
        load(path)
    path.write_bytes("name,kind,region_code\n延长县,poverty_office,610621\n".encode("gb18030"))
    with pytest.raises(CommandError, match="UTF-8"):
        load(path)
