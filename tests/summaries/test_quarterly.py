"""The quarterly circular preview: reviewers and administrators of the region."""

import re
from datetime import datetime
from io import BytesIO

import pytest
import time_machine
from django.urls import reverse
from django.utils import translation
from openpyxl import load_workbook

from portal.clock import CHINA
from tests.submissions.builders import submitted_report

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


@pytest.mark.parametrize(
    ("today", "period"),
    [((2026, 12, 5), (2026, 3)), ((2026, 10, 10), (2026, 2)), ((2027, 1, 11), (2026, 4))],
)
def test_the_page_opens_on_the_last_quarter_whose_deadline_has_passed(
    world, client_for, today, period
):
    with time_machine.travel(datetime(*today, 10, 0, tzinfo=CHINA), tick=False):
        response = client_for(world.province_admin).get(URL)
    assert (response.context["f"]["year"], response.context["f"]["quarter"]) == period


def test_an_open_quarter_is_an_interim_picture_that_agrees_with_its_table(world, client_for):
    with time_machine.travel(datetime(2026, 12, 5, 10, 0, tzinfo=CHINA), tick=False):
        submitted_report(world, n_items=2, year=2026, quarter=4)  # 延长 files on time
        with translation.override("zh-hans"):
            html = client_for(world.province_admin).get(query(world.province, quarter=4))
    html = html.content.decode()
    not_yet = html.count('data-status="not_filed"')
    assert not_yet > 0 and html.count('data-status="on_time"') == 1
    interim = re.search(r'data-testid="interim">(.*?)</p>', html, re.S).group(1)
    assert "截至2026-12-05的阶段性情况" in interim
    assert "1个单位按时报送" in interim and "0个单位逾期未报送" in interim
    assert f"{not_yet}个单位尚未报送" in interim
