"""The quarterly circular preview: reviewers and administrators of the region."""

from io import BytesIO

import pytest
from django.urls import reverse
from openpyxl import load_workbook

URL = reverse("summaries:quarterly")


def query(region, **extra):
    params = {"region": region.pk, "year": 2026, "quarter": 3, **extra}
    return URL + "?" + "&".join(f"{k}={v}" for k, v in params.items())


@pytest.mark.parametrize("who", ["province_admin", "province_reviewer"])
def test_overseers_see_who_filed(world, year_2026, client_for, who):
    response = client_for(getattr(world, who)).get(query(world.province))
    assert response.status_code == 200
    html = response.content.decode()
    assert f'data-unit="{world.jingbian_bureau.pk}" data-status="late"' in html
    assert f'data-unit="{world.yanchuan_bureau.pk}" data-status="missing"' in html


def test_city_reviewer_sees_their_city_only(world, year_2026, client_for):
    client = client_for(world.city_reviewer)
    html = client.get(query(world.yanan)).content.decode()
    assert f'data-unit="{world.yanchang_bureau.pk}"' in html
    assert f'data-unit="{world.jingbian_bureau.pk}"' not in html
    assert client.get(query(world.yulin)).status_code == 404


@pytest.mark.parametrize("who", ["reporter", "approver", "nobody"])
def test_unit_people_are_refused(world, client_for, who):
    assert client_for(getattr(world, who)).get(query(world.province)).status_code == 403


def test_excel_twin_has_the_same_numbers(world, year_2026, client_for):
    response = client_for(world.province_admin).get(query(world.province, format="xlsx"))
    rows = list(load_workbook(BytesIO(response.content)).worksheets[0].iter_rows(values_only=True))
    jingbian = next(r for r in rows if r[0] == "靖边县扶贫开发局")
    assert (jingbian[4], jingbian[5], float(jingbian[6])) == (3, 2, 14.0)


def test_anonymous_is_sent_to_login(client, world):
    response = client.get(query(world.province))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_post_is_not_allowed(world, client_for):
    assert client_for(world.province_admin).post(URL).status_code == 405
