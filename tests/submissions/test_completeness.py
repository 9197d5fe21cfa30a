"""The completeness page: every unit that must report a quarter, its state, city totals."""

import re
from datetime import date, datetime

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from pytest_django.asserts import assertRedirects

from portal.clock import CHINA
from submissions import services
from submissions.models import ReviewResult
from submissions.selectors.overview import completeness
from tests.factories import UnitFactory, UserFactory
from tests.submissions.builders import awaiting_report, draft_report, submitted_report

URL = reverse("submissions:completeness")
Q3 = "?year=2026&quarter=3"


def at(*args):
    """Freeze time at a moment in China."""
    return time_machine.travel(datetime(*args, tzinfo=CHINA), tick=False)


def states(response) -> dict[int, str]:
    """Unit id → state, as the page's unit table shows them."""
    return {
        int(pk): state
        for pk, state in re.findall(r'data-unit="(\d+)" data-state="(\w+)"', response.text)
    }


def city_counts(response, city_pk) -> dict[str, int]:
    html = response.text
    start = html.index(f'data-city="{city_pk}"')
    row = html[start : html.index("</tr>", start)]
    return {state: int(n) for state, n in re.findall(r'data-state="(\w+)">(\d+)<', row)}


@pytest.fixture
def boss(db):
    """A superuser who can act for any unit (units other than 延长 have no approver)."""
    return UserFactory(username="boss", is_superuser=True)


@pytest.fixture
def quarter(world, boss):
    """2026 Q3 across the five reporting units:
    延长 submitted on time, 靖边 late, 延川 a draft, 延安市 nothing, 榆林市 nothing but an
    extension to 20 October."""
    with at(2026, 10, 9, 10, 0):
        submitted_report(world, n_items=2)
        draft_report(
            world, n_items=1, unit=world.yanchuan_bureau, reporter=world.neighbour_reporter
        )
    with at(2026, 10, 12, 9, 0):
        submitted_report(world, n_items=3, unit=world.jingbian_bureau, reporter=boss, approver=boss)
    services.deadline_extend(
        year=2026,
        quarter=3,
        due_date=date(2026, 10, 20),
        reason="换届交接",
        user=world.province_admin,
        unit=world.yulin_office,
    )


def test_anonymous_is_sent_to_login(client, db):
    response = client.get(URL)
    assertRedirects(response, f"{reverse('login')}?next={URL}", fetch_redirect_response=False)


@pytest.mark.parametrize("method", ["post", "put", "delete"])
def test_only_get_is_allowed(world, client_for, method):
    assert getattr(client_for(world.province_reviewer), method)(URL).status_code == 405


@pytest.mark.parametrize("who", ["reporter", "approver", "outsider_reporter", "nobody"])
def test_units_staff_may_not_see_it(world, client_for, who):
    assert client_for(getattr(world, who)).get(URL).status_code == 403


@pytest.mark.parametrize(
    ("who", "units"),
    [
        (
            "province_reviewer",
            [
                "yanan_office",
                "yanchang_bureau",
                "yanchuan_bureau",
                "yulin_office",
                "jingbian_bureau",
            ],
        ),
        (
            "province_admin",
            [
                "yanan_office",
                "yanchang_bureau",
                "yanchuan_bureau",
                "yulin_office",
                "jingbian_bureau",
            ],
        ),
        ("city_reviewer", ["yanan_office", "yanchang_bureau", "yanchuan_bureau"]),
        ("other_city_reviewer", ["yulin_office", "jingbian_bureau"]),
    ],
)
def test_reviewers_see_the_units_that_must_report_in_their_area(world, client_for, who, units):
    response = client_for(getattr(world, who)).get(URL)
    assert response.status_code == 200
    # The propaganda department and the provincial office do not file quarterly reports.
    assert set(states(response)) == {getattr(world, name).pk for name in units}


def test_states_after_the_deadline(world, client_for, quarter):
    with at(2026, 10, 15, 12, 0):
        response = client_for(world.province_reviewer).get(URL + Q3)
    assert states(response) == {
        world.yanchang_bureau.pk: "on_time",
        world.jingbian_bureau.pk: "late",
        world.yanchuan_bureau.pk: "missing",  # a draft after the deadline is not filed
        world.yanan_office.pk: "missing",
        world.yulin_office.pk: "not_started",  # its own deadline is 20 October
    }
    assert city_counts(response, world.yanan.pk) == {
        "not_started": 0, "draft": 0, "awaiting_signoff": 0, "on_time": 1,
        "late": 0, "missing": 2, "returned": 0, "adopted": 0,
    }  # fmt: skip
    assert city_counts(response, world.yulin.pk)["late"] == 1
    assert city_counts(response, world.yulin.pk)["not_started"] == 1
    overall = city_counts(response, "all")
    assert overall["missing"] == 2 and overall["on_time"] == 1 and overall["late"] == 1
    assert response.context["data"].overall.total == 5
    assert response.context["data"].overall.filed == 2


def test_states_before_the_deadline(world, client_for, boss):
    with at(2026, 10, 5, 9, 0):
        draft_report(world, n_items=1)
        awaiting_report(world, n_items=1, unit=world.jingbian_bureau, reporter=boss)
        response = client_for(world.province_reviewer).get(URL)
    # On 5 October the page opens on 2026 Q3, whose deadline has not passed yet.
    assert response.context["data"].year == 2026 and response.context["data"].quarter == 3
    found = states(response)
    assert found[world.yanchang_bureau.pk] == "draft"
    assert found[world.jingbian_bureau.pk] == "awaiting_signoff"
    assert found[world.yanan_office.pk] == "not_started"


def test_the_deadline_ends_at_midnight_in_china(world, client_for):
    with at(2026, 10, 10, 23, 59):
        before = states(client_for(world.province_reviewer).get(URL + Q3))
    with at(2026, 10, 11, 0, 1):
        after = states(client_for(world.province_reviewer).get(URL + Q3))
    assert before[world.yanan_office.pk] == "not_started"
    assert after[world.yanan_office.pk] == "missing"


def test_a_general_extension_keeps_units_from_missing(world, client_for):
    services.deadline_extend(
        year=2026, quarter=3, due_date=date(2026, 10, 31), reason="系统升级",
        user=world.province_admin,
    )  # fmt: skip
    with at(2026, 10, 20, 9, 0):
        found = states(client_for(world.province_reviewer).get(URL + Q3))
    assert set(found.values()) == {"not_started"}


def test_returned_and_adopted(world, client_for, boss):
    with at(2026, 10, 8, 9, 0):
        returned = submitted_report(world, n_items=1)
        adopted = submitted_report(
            world, n_items=2, unit=world.jingbian_bureau, reporter=boss, approver=boss
        )
    reviewer = world.province_reviewer
    services.report_return(
        report=returned, user=reviewer, version=returned.version, comment="请补充剪报"
    )
    services.items_review_bulk(
        report=adopted,
        user=reviewer,
        item_ids=list(adopted.items.values_list("pk", flat=True)),
        result=ReviewResult.ADOPTED,
    )
    adopted.refresh_from_db()
    services.report_adopt(report=adopted, user=reviewer, version=adopted.version)
    # The unit reworks the returned report and hands it on again: still counted as filed.
    returned.refresh_from_db()
    services.report_hand_to_approver(report=returned, user=world.reporter, version=returned.version)

    with at(2026, 10, 20, 9, 0):
        found = states(client_for(reviewer).get(URL + Q3))
    assert found[world.yanchang_bureau.pk] == "returned"
    assert found[world.jingbian_bureau.pk] == "adopted"


def test_other_quarters_can_be_chosen(world, client_for):
    with at(2026, 3, 20, 9, 0):
        draft_report(world, n_items=1, year=2026, quarter=1)
    with at(2026, 11, 23, 9, 0):
        response = client_for(world.province_reviewer).get(f"{URL}?year=2026&quarter=1")
    assert states(response)[world.yanchang_bureau.pk] == "missing"
    assert (response.context["data"].year, response.context["data"].quarter) == (2026, 1)


def test_a_bad_period_falls_back_to_the_default(world, client_for):
    with at(2026, 11, 23, 9, 0):
        response = client_for(world.province_reviewer).get(URL + "?year=1900&quarter=9")
    assert response.status_code == 200
    assert (response.context["data"].year, response.context["data"].quarter) == (2026, 3)


def test_the_chart_is_server_drawn_svg_without_inline_styles(world, client_for, quarter):
    with at(2026, 10, 15, 12, 0):
        response = client_for(world.province_reviewer).get(URL + Q3)
    html = response.text
    chart = html[html.index('data-testid="chart"') : html.index("</figure>")]
    assert "<svg" in chart and chart.count("<rect") >= 4
    assert "style=" not in html
    assert "<script>" not in html
    # One bar per city, named.
    assert world.yanan.name in chart and world.yulin.name in chart


def test_selector_counts_states_per_city(world, quarter):
    data = completeness(world.province_reviewer, 2026, 3, date(2026, 10, 15))
    by_city = {c.city.name: c.tally.counts for c in data.cities}
    assert by_city["延安市"]["missing"] == 2
    assert by_city["榆林市"]["late"] == 1
    assert [row.unit.name for row in data.rows][:1] == ["延安市扶贫开发办公室"]


def _add_units(world, boss, count, start):
    """`count` more county offices in 延川县: a third without a report, a third with a
    draft, a third submitted (through the services)."""
    for n in range(start, start + count):
        unit = UnitFactory(name=f"测试扶贫单位{n}", region=world.yanchuan)
        if n % 3 == 1:
            draft_report(world, n_items=1, unit=unit, reporter=boss)
        elif n % 3 == 2:
            submitted_report(world, n_items=1, unit=unit, reporter=boss, approver=boss)


def test_query_count_stays_flat_as_units_grow(world, client_for, boss):
    client = client_for(world.province_reviewer)

    def count_queries():
        with CaptureQueriesContext(connection) as queries:
            response = client.get(URL + Q3)
        assert response.status_code == 200
        return len(queries), len(states(response))

    _add_units(world, boss, 10, 0)
    few, shown_few = count_queries()
    _add_units(world, boss, 90, 10)
    many, shown_many = count_queries()
    assert shown_many - shown_few == 90
    assert many == few
