"""A national office's home page (a deployment with a nation above its provinces): the
dashboard of the whole nation, and its figures per province as a table (no map: the pinned
map package has no province outlines), equal to the national overview pages'."""

from datetime import datetime
from decimal import Decimal

import pytest
import time_machine
from django.urls import reverse

from portal.clock import CHINA
from tests.factories import UserFactory
from tests.front.test_county_map import table_rows
from tests.national import two_provinces
from tests.submissions.builders import adopt_all, submitted_report

HOME = reverse("home")


@pytest.fixture
def nation(world):
    """Two provinces; 2026 Q3 filed by 延长 (adopted, 2 items) and 靖边 in Shaanxi and by 永登
    in Gansu (adopted, 4 items)."""
    n = two_provinces(world)
    boss = UserFactory(username="boss", is_superuser=True)
    with time_machine.travel(datetime(2026, 10, 9, 10, 0, tzinfo=CHINA), tick=False):
        adopt_all(submitted_report(world, n_items=2), world.province_reviewer)
        submitted_report(world, n_items=1, unit=world.jingbian_bureau, reporter=boss, approver=boss)
        adopt_all(
            submitted_report(world, n_items=4, unit=n["yongdeng"], reporter=boss, approver=boss),
            n["gansu_reviewer"],
        )
    return n


def test_the_national_office_sees_the_nations_dashboard(world, nation, client_for, late_2026):
    client = client_for(nation["national_admin"])
    response = client.get(HOME)
    assert response.status_code == 200
    assert response.context["dashboard"]["region"] == nation["nation"]
    charts = {chart.key: chart for chart in response.context["dashboard"]["charts"]}
    assert len(charts) == 7
    page = client.get(reverse("submissions:completeness"), {"year": 2026, "quarter": 3})
    overall = page.context["data"].overall
    assert charts["filing"].rows[-1][1] == overall.total
    assert sum(row[1] for row in charts["filing"].rows[:2]) == overall.filed == 3
    xlsx = client.get(reverse("dashboard-xlsx", args=[nation["nation"].pk]))
    assert xlsx.status_code == 200


def test_the_provinces_table_equals_the_national_completeness_page(
    world, nation, client_for, late_2026
):
    client = client_for(nation["national_reviewer"])
    home = client.get(HOME)
    assert home.context["county_map"]["national"] is True
    assert 'data-testid="county-map"' not in home.text  # no map, said so
    assert 'data-testid="county-map-missing"' in home.text
    page = client.get(reverse("submissions:completeness"), {"year": 2026, "quarter": 3})
    expected = {
        p.province.pk: (p.tally.filed, p.tally.total) for p in page.context["data"].provinces
    }
    shown = {a.region_id: a.value for a in home.context["county_map"]["map"].areas}
    assert set(shown) == set(expected) == {nation["shaanxi"].pk, nation["gansu"].pk}
    for pk, (filed, total) in expected.items():
        assert shown[pk] == Decimal(filed) / total
    rows = table_rows(home)
    assert "陕西省" in rows[nation["shaanxi"].pk] and "甘肃省" in rows[nation["gansu"].pk]


def test_the_provinces_adopted_items_equal_the_national_assessment(
    world, nation, client_for, late_2026
):
    client = client_for(nation["national_admin"])
    home = client.get(HOME, {"map": "adopted"})
    page = client.get(reverse("submissions:assessment"), {"year": 2026})
    expected = {p.province.pk: p.adopted for p in page.context["provinces"]}
    shown = {a.region_id: a.value for a in home.context["county_map"]["map"].areas}
    assert shown == expected == {nation["shaanxi"].pk: 2, nation["gansu"].pk: 4}


def test_a_provinces_official_still_sees_their_province(world, nation, client_for, late_2026):
    client = client_for(nation["gansu_reviewer"])
    response = client.get(HOME)
    assert response.context["dashboard"]["region"] == nation["gansu"]
    assert response.context["county_map"]["national"] is False
    assert client.get(reverse("dashboard-xlsx", args=[nation["nation"].pk])).status_code == 404
