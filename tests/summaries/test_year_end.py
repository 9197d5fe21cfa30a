"""The year-end summary preview: reviewers and administrators of the region."""

from io import BytesIO

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from portal.clock import china_today
from summaries import charts, figures
from tests.summaries.data import table_rows

URL = reverse("summaries:year-end")


def query(region, year=2026, **extra):
    params = {"region": region.pk, "year": year, **extra}
    return URL + "?" + "&".join(f"{k}={v}" for k, v in params.items())


@pytest.mark.parametrize("who", ["province_admin", "province_reviewer"])
def test_province_overseers_see_the_province(world, year_2026, client_for, who):
    response = client_for(getattr(world, who)).get(query(world.province))
    assert response.status_code == 200
    html = response.content.decode()
    assert 'data-testid="published-total">6<' in html
    assert 'data-testid="adopted-total">5<' in html
    assert 'data-testid="quarter-chart"' in html


def test_the_chart_in_the_page_is_the_chart_in_the_document(world, year_2026, client_for):
    data = figures.year_end(world.province_admin, world.province, 2026, china_today())
    response = client_for(world.province_admin).get(query(world.province))
    assert str(charts.quarter_trend(data["quarters"])) in response.content.decode()


def test_city_reviewer_sees_their_city(world, year_2026, client_for):
    response = client_for(world.city_reviewer).get(query(world.yanan))
    assert response.status_code == 200
    assert 'data-testid="published-total">3<' in response.content.decode()
    assert "靖边县扶贫开发局" not in response.content.decode()


def test_city_reviewer_cannot_open_another_city_or_the_province(world, client_for):
    client = client_for(world.city_reviewer)
    assert client.get(query(world.yulin)).status_code == 404
    assert client.get(query(world.province)).status_code == 404


@pytest.mark.parametrize("who", ["reporter", "approver", "nobody"])
def test_unit_people_are_refused(world, client_for, who):
    assert client_for(getattr(world, who)).get(query(world.province)).status_code == 403


def test_only_administrators_see_the_issue_form(world, client_for):
    admin = client_for(world.province_admin).get(query(world.province)).content.decode()
    assert 'data-testid="issue-form"' in admin
    reviewer = client_for(world.province_reviewer).get(query(world.province)).content.decode()
    assert 'data-testid="issue-form"' not in reviewer


def test_excel_twin_has_the_same_numbers(world, year_2026, client_for):
    response = client_for(world.province_admin).get(query(world.province, format="xlsx"))
    assert response.status_code == 200
    book = load_workbook(BytesIO(response.content))
    totals = table_rows(book.worksheets[0])
    assert totals[-1][1:] == (6, 5)
    units = table_rows(book.worksheets[5])
    assert units[1][0:2] == (1, "延长县扶贫开发局")
    assert float(units[1][-1]) == 15.0
    quarters = table_rows(book.worksheets[4])
    assert quarters[3] == ("第3季度", 6, 5)  # named as the document names quarters


def test_anonymous_is_sent_to_login(client, world):
    response = client.get(query(world.province))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_post_is_not_allowed(world, client_for):
    assert client_for(world.province_admin).post(URL).status_code == 405
