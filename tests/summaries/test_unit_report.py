"""A unit's report printout preview: the unit's own people and those who oversee it."""

from io import BytesIO

import pytest
from django.urls import reverse
from openpyxl import load_workbook


def url(world, unit=None, quarter=3):
    return reverse(
        "summaries:unit-report", args=[(unit or world.jingbian_bureau).pk, 2026, quarter]
    )


@pytest.mark.parametrize(
    "who", ["outsider_reporter", "province_reviewer", "province_admin", "other_city_reviewer"]
)
def test_unit_people_and_overseers_see_every_item(world, year_2026, client_for, who):
    response = client_for(getattr(world, who)).get(url(world))
    assert response.status_code == 200
    html = response.content.decode()
    for item in year_2026["jingbian"].items.all():
        assert f'data-item="{item.pk}" data-result="{item.review_result}"' in html


@pytest.mark.parametrize("who", ["reporter", "neighbour_reporter", "city_reviewer", "nobody"])
def test_other_units_do_not_find_it(world, year_2026, client_for, who):
    assert client_for(getattr(world, who)).get(url(world)).status_code == 404


def test_a_quarter_without_report_is_not_found(world, year_2026, client_for):
    assert client_for(world.outsider_reporter).get(url(world, quarter=2)).status_code == 404


def test_excel_twin_lists_the_same_items(world, year_2026, client_for):
    response = client_for(world.outsider_reporter).get(url(world) + "?format=xlsx")
    rows = list(load_workbook(BytesIO(response.content)).worksheets[0].iter_rows(values_only=True))
    # The printout's title, a blank row, the header row, the three items.
    assert rows[0][0] == "靖边县扶贫开发局2026年第3季度宣传报告"
    assert len(rows) == 2 + 1 + 3
    assert [float(r[8]) if r[8] is not None else None for r in rows[3:]] == [10.0, 4.0, None]
    # Each item under the report's own number for it, in the printout's (date) order.
    items = year_2026["jingbian"].items.order_by("published_on", "pk")
    assert rows[2][0] == "序号"
    assert [r[0] for r in rows[3:]] == [item.number for item in items]


def test_anonymous_is_sent_to_login(client, world, year_2026):
    assert client.get(url(world))["Location"].startswith(reverse("login"))


def test_post_is_not_allowed(world, year_2026, client_for):
    assert client_for(world.outsider_reporter).post(url(world)).status_code == 405
