"""Bulk loading regions and units through the admin (django-import-export): upload,
preview, confirm."""

import re
from io import BytesIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils.translation import gettext, override
from openpyxl import Workbook

from portal.models import Region, RegionLevel, Unit, UnitKind, User
from tests.demo_data import seeded_once

CSV, XLSX = "0", "1"  # positions in the admin's `formats`

# Every test here starts from the demo data, seeded once for the module (each test's
# imports are rolled back); the tests on the `world` fixture are in test_admin_import_access.
demo_data = seeded_once()


@pytest.fixture
def province_admin(demo_data, db):
    return User.objects.get(username="province_admin")


@pytest.fixture
def admin_client(client, province_admin):
    client.force_login(province_admin, backend="django.contrib.auth.backends.ModelBackend")
    return client


def _csv(rows):
    text = "\n".join(",".join(row) for row in rows) + "\n"
    return SimpleUploadedFile("sheet.csv", text.encode("utf-8"), content_type="text/csv")


def _xlsx(rows):
    book = Workbook()
    sheet = book.active
    for row in rows:
        sheet.append(list(row))
    buffer = BytesIO()
    book.save(buffer)
    return SimpleUploadedFile(
        "sheet.xlsx",
        buffer.getvalue(),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )


def _upload(client, model, upload, fmt):
    return client.post(
        reverse(f"admin:portal_{model}_import"),
        {"resource": "0", "format": fmt, "import_file": upload},
    )


def _confirm_fields(response):
    body = response.content.decode()
    form = re.search(
        r'<form action="([^"]*process_import/)" method="POST">(.*?)</form>', body, re.S
    )
    assert form, "no confirm form in the preview"
    fields = dict(re.findall(r'<input type="hidden" name="(\w+)" value="([^"]*)"', form.group(2)))
    fields.pop("csrfmiddlewaretoken", None)
    return form.group(1), fields


def _import(client, model, upload, fmt):
    preview = _upload(client, model, upload, fmt)
    assert preview.status_code == 200
    action, fields = _confirm_fields(preview)
    done = client.post(action, {**fields, "confirm": "1"})
    assert done.status_code == 302
    assert done["Location"] == reverse(f"admin:portal_{model}_changelist")
    return preview, done


TONGCHUAN = [
    ("code", "name", "level", "parent_code"),
    ("610200", "铜川市", "city", "610000"),
    ("610202", "王益区", "county", "610200"),
    ("610222", "宜君县", "county", "610200"),
    ("", "彭镇", "township", "610222"),
    ("", "尧生镇", "township", "610222"),
]
TONGCHUAN_UNITS = [
    ("name", "kind", "region_code"),
    ("铜川市扶贫开发办公室", "poverty_office", "610200"),
    ("宜君县扶贫开发局", "poverty_office", "610222"),
    ("宜君县融媒体中心", "media", "610222"),
]


@pytest.mark.parametrize("model", ["region", "unit", "user", "membership"])
def test_province_admin_opens_the_admin_pages(admin_client, model):
    assert admin_client.get(reverse(f"admin:portal_{model}_changelist")).status_code == 200
    assert admin_client.get(reverse(f"admin:portal_{model}_add")).status_code == 200


def test_province_admin_opens_a_change_page(admin_client):
    yanchang = Unit.objects.get(name="延长县扶贫开发局")
    response = admin_client.get(reverse("admin:portal_unit_change", args=[yanchang.pk]))
    assert response.status_code == 200
    assert "延长县扶贫开发局" in response.content.decode()


def _assert_tongchuan_tree():
    province = Region.objects.get(code="610000")
    city = Region.objects.get(code="610200")
    yijun = Region.objects.get(code="610222")
    assert (city.name, city.level, city.parent) == ("铜川市", RegionLevel.CITY, province)
    assert city.path == f"{province.path}{city.pk}/"
    assert Region.objects.get(code="610202").parent == city
    assert yijun.parent == city
    assert yijun.path == f"{city.path}{yijun.pk}/"
    townships = Region.objects.filter(parent=yijun).order_by("name")
    assert [(t.name, t.code, t.level) for t in townships] == [
        ("尧生镇", None, RegionLevel.TOWNSHIP),
        ("彭镇", None, RegionLevel.TOWNSHIP),
    ]
    assert all(t.path == f"{yijun.path}{t.pk}/" for t in townships)
    assert city.subtree().count() == 5


def _assert_tongchuan_units():
    yijun = Region.objects.get(code="610222")
    assert Unit.objects.get(name="铜川市扶贫开发办公室").region.code == "610200"
    assert set(Unit.objects.filter(region=yijun).values_list("name", "kind")) == {
        ("宜君县扶贫开发局", UnitKind.POVERTY_OFFICE),
        ("宜君县融媒体中心", UnitKind.MEDIA),
    }


def test_regions_then_units_from_csv(admin_client):
    regions_before = Region.objects.count()

    preview, _ = _import(admin_client, "region", _csv(TONGCHUAN), CSV)

    assert "宜君县" in preview.content.decode()
    assert Region.objects.count() == regions_before + 5
    _assert_tongchuan_tree()

    _import(admin_client, "unit", _csv(TONGCHUAN_UNITS), CSV)
    _assert_tongchuan_units()
    changelist = admin_client.get(reverse("admin:portal_unit_changelist"), {"q": "宜君"})
    assert "宜君县融媒体中心" in changelist.content.decode()


def test_regions_then_units_from_xlsx(admin_client):
    _import(admin_client, "region", _xlsx(TONGCHUAN), XLSX)
    _assert_tongchuan_tree()

    _import(admin_client, "unit", _xlsx(TONGCHUAN_UNITS), XLSX)
    _assert_tongchuan_units()


def test_loading_the_same_sheet_twice_changes_nothing(admin_client):
    _import(admin_client, "region", _csv(TONGCHUAN), CSV)
    count = Region.objects.count()

    _import(admin_client, "region", _csv(TONGCHUAN), CSV)

    assert Region.objects.count() == count


def test_sheet_renames_an_existing_region(admin_client):
    _import(
        admin_client,
        "region",
        _csv([TONGCHUAN[0], ("610602", "宝塔区（新）", "county", "610600")]),
        CSV,
    )
    assert Region.objects.get(code="610602").name == "宝塔区（新）"


@pytest.mark.parametrize(
    ("bad_row", "fmt", "error"),
    [
        (("610223", "不存在的县", "county", "619999"), CSV, "619999"),  # unknown parent code
        (("610223", "乱级县", "town", "610200"), CSV, "town"),  # invalid level
        (("610223", "倒置县", "province", "610200"), XLSX, "倒置县"),  # a province in a city
    ],
)
def test_sheet_with_a_bad_row_imports_nothing(admin_client, bad_row, fmt, error):
    rows = [*TONGCHUAN[:3], bad_row, *TONGCHUAN[3:]]
    upload = _csv(rows) if fmt == CSV else _xlsx(rows)
    regions_before = Region.objects.count()

    response = _upload(admin_client, "region", upload, fmt)

    assert response.status_code == 200
    body = response.content.decode()
    assert "process_import" not in body
    errors = re.search(r'class="(?:import-error|validation-error).*', body, re.S)
    assert errors, "the preview shows no error"
    assert error in errors.group(0)
    assert Region.objects.count() == regions_before
    assert not Region.objects.filter(code="610200").exists()


def test_unit_in_unknown_region_imports_nothing(admin_client):
    rows = [*TONGCHUAN_UNITS[:2], ("不存在县扶贫开发局", "poverty_office", "619999")]
    units_before = Unit.objects.count()

    response = _upload(admin_client, "unit", _csv(rows), CSV)

    body = response.content.decode()
    assert "process_import" not in body
    with override("zh-hans"):
        message = gettext("No region has the code %(code)s.") % {"code": "619999"}
    assert message in body[body.index("import-error") :]
    assert Unit.objects.count() == units_before


def test_unknown_unit_kind_imports_nothing(admin_client):
    rows = [TONGCHUAN_UNITS[0], ("延长县某某单位", "bakery", "610621")]

    response = _upload(admin_client, "unit", _csv(rows), CSV)

    assert "process_import" not in response.content.decode()
    assert not Unit.objects.filter(name="延长县某某单位").exists()


def test_import_pages_are_in_chinese(admin_client):
    page = admin_client.get(reverse("admin:portal_region_import"))
    assert page.status_code == 200
    body = page.content.decode()
    with override("zh-hans"):
        for msgid in ("Import", "File to import", "Format", "Submit"):
            translated = gettext(msgid)
            assert translated != msgid
            assert translated in body
    assert 'lang="zh-hans"' in body

    preview = _upload(admin_client, "region", _csv(TONGCHUAN), CSV)
    with override("zh-hans"):
        assert gettext("Confirm import") in preview.content.decode()
