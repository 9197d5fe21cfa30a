"""Completeness of a quarter and the assessment of a year through the API: the same
figures as the pages for the same quarter and year (both fetched and compared), regions
outside the person's part of the tree a 404 (each role against each county's region is in
the table of tests/api/test_access.py), and a number of queries that does not grow with
the data."""

from decimal import Decimal

import pytest
from django.urls import reverse

from submissions.models import MediaLevel, MediaType
from submissions.selectors.overview import UnitState
from tests.api.builders import queries
from tests.factories import UnitFactory, UserFactory
from tests.national import two_provinces
from tests.submissions.builders import adopt_all, draft_report, submitted_report
from tests.submissions.test_national_overview import at

COMPLETENESS = "/api/v1/completeness/"
ASSESSMENT = "/api/v1/assessment/"
PEOPLE = "/api/v1/assessment/people/"
Q3 = "?year=2026&quarter=3"


@pytest.fixture
def quarter(world):
    """2026 Q3 in Shaanxi: 延长 submitted on time, 延川 a draft, the rest nothing."""
    with at(2026, 10, 9, 10, 0):
        submitted_report(world, n_items=2)
        draft_report(
            world, n_items=1, unit=world.yanchuan_bureau, reporter=world.neighbour_reporter
        )


def yanchuan_report(world, n_items: int):
    """A report of 延川 submitted by a superuser (延川 has no approver of its own)."""
    boss = UserFactory(is_superuser=True)
    return submitted_report(
        world, n_items=n_items, unit=world.yanchuan_bureau, reporter=boss, approver=boss
    )


@pytest.fixture
def year_2026(world):
    """Adopted in 2026: 延长 (3 items, by 王小燕) and 延川 (2)."""
    report = submitted_report(world, n_items=3)
    for item in report.items.all():
        item.authors.set([world.reporter])
    adopt_all(report, world.province_reviewer)
    adopt_all(yanchuan_report(world, 2), world.province_reviewer)


def page_data(client, url: str):
    response = client.get(url)
    assert response.status_code == 200
    return response.context


# --- Roles -------------------------------------------------------------------------------


@pytest.mark.parametrize("url", [COMPLETENESS, ASSESSMENT, PEOPLE])
def test_a_region_above_or_beside_the_city_is_a_404(world, api_for, url):
    # Each role on its own county's, a neighbour's and another city's: tests/api/test_access.py
    api = api_for(world.city_reviewer)
    for region in (world.province, world.yulin):
        response = api.get(f"{url}?region={region.pk}")
        assert response.status_code == 404, region
        assert response["Content-Type"] == "application/problem+json"
    assert api.get(f"{url}?region=abc").status_code == 400


@pytest.mark.parametrize(
    "query", ["year=1999", "year=abc", "quarter=5", "year=2099&quarter=1", "page=9"]
)
def test_a_bad_period_is_a_problem_with_the_forms_message(world, api_for, query):
    response = api_for(world.city_reviewer, language="en").get(f"{COMPLETENESS}?{query}")
    assert response.status_code in (400, 404)
    assert response["Content-Type"] == "application/problem+json"
    if response.status_code == 400:
        (messages,) = response.json()["errors"].values()
        assert messages[0].startswith("Select a valid choice")


# --- The same figures as the pages ---------------------------------------------------------


@pytest.mark.parametrize("who", ["city_reviewer", "province_reviewer", "province_admin"])
def test_completeness_has_the_pages_figures(world, api_for, client_for, quarter, who):
    person = getattr(world, who)
    with at(2026, 10, 15, 12, 0):
        page = page_data(client_for(person), reverse("submissions:completeness") + Q3)["data"]
        data = api_for(person).get(COMPLETENESS + Q3).json()

    assert data["overall"] == {
        "total": page.overall.total,
        "filed": page.overall.filed,
        **page.overall.counts,
    }
    assert [(c["id"], c["tally"]["total"]) for c in data["cities"]] == [
        (c.city.pk, c.tally.total) for c in page.cities
    ]
    assert {r["unit"]: r["state"] for r in data["results"]} == {
        row.unit.pk: row.state.value for row in page.rows
    }
    assert data["count"] == len(page.rows)
    assert data["provinces"] == []
    yanchang = next(r for r in data["results"] if r["unit"] == world.yanchang_bureau.pk)
    assert yanchang["state"] == UnitState.ON_TIME and yanchang["item_count"] == 2
    assert yanchang["submitted_at"].endswith("+08:00")


def test_a_city_reviewer_sees_the_citys_units_only(world, api_for, quarter):
    with at(2026, 10, 15, 12, 0):
        data = api_for(world.city_reviewer).get(COMPLETENESS + Q3).json()
    assert {r["unit_name"] for r in data["results"]} == {
        "延安市扶贫开发办公室",
        "延长县扶贫开发局",
        "延川县扶贫开发局",
    }
    # 延川's draft is missing once the deadline (10 October) has passed.
    assert (data["overall"]["on_time"], data["overall"]["missing"]) == (1, 2)


def test_completeness_narrowed_to_a_county(world, api_for, quarter):
    with at(2026, 10, 15, 12, 0):
        data = api_for(world.city_reviewer).get(f"{COMPLETENESS}{Q3}&region={world.yanchuan.pk}")
    assert [r["unit_name"] for r in data.json()["results"]] == ["延川县扶贫开发局"]


@pytest.mark.parametrize("who", ["city_reviewer", "province_reviewer", "province_admin"])
def test_the_assessment_has_the_pages_figures(world, api_for, client_for, year_2026, who):
    person = getattr(world, who)
    page = page_data(client_for(person), reverse("submissions:assessment") + "?year=2026")
    api = api_for(person)
    units = api.get(ASSESSMENT + "?year=2026").json()
    people = api.get(PEOPLE + "?year=2026").json()

    assert [
        (u["rank"], u["unit"], Decimal(u["points"]), u["adopted"]) for u in units["results"]
    ] == [(s.rank, s.unit.pk, s.points, s.adopted) for s in page["units"]]
    for row, score in zip(units["results"], page["units"], strict=True):
        assert list(row["by_level"].values()) == score.by_level
        assert list(row["by_level"]) == MediaLevel.values
        assert list(row["by_type"].values()) == score.by_type
        assert list(row["by_type"]) == MediaType.values
        assert row["points"] == f"{score.points:.2f}"
    assert [(p["rank"], p["person"], p["adopted"], p["points"]) for p in people["results"]] == [
        (p.rank, p.user_id, p.adopted, f"{p.points:.2f}") for p in page["people"]
    ]
    assert people["results"][0]["name"] == "王小燕"
    assert units["results"][0]["adopted"] == 3


def test_the_national_office_gets_every_unit_and_a_row_per_province(world, api_for, client_for):
    nation = two_provinces(world)
    with at(2026, 10, 9, 10, 0):
        submitted_report(world, n_items=2)
    reviewer = nation["national_reviewer"]
    with at(2026, 10, 15, 12, 0):
        page = page_data(client_for(reviewer), reverse("submissions:completeness") + Q3)["data"]
        data = api_for(reviewer).get(COMPLETENESS + Q3).json()
        gansu = api_for(nation["gansu_reviewer"]).get(COMPLETENESS + Q3).json()
        narrowed = api_for(reviewer).get(f"{COMPLETENESS}{Q3}&region={nation['gansu'].pk}")
    assert [(p["id"], p["tally"]["total"]) for p in data["provinces"]] == [
        (p.province.pk, p.tally.total) for p in page.provinces
    ]
    assert data["overall"] == {"total": page.overall.total, "filed": 1, **page.overall.counts}
    assert data["count"] == page.overall.total
    assert narrowed.json()["results"] == gansu["results"]
    assert gansu["overall"]["total"] == 2
    assert (
        api_for(nation["gansu_reviewer"])
        .get(f"{COMPLETENESS}?region={nation['shaanxi'].pk}")
        .status_code
        == 404
    )


# --- Queries do not grow with the data ------------------------------------------------------


@pytest.mark.parametrize("url", [COMPLETENESS + Q3, ASSESSMENT + "?year=2026", PEOPLE])
def test_the_query_count_stays_flat_as_data_grows(world, api_for, url):
    api = api_for(world.province_admin)
    adopt_all(submitted_report(world, n_items=1), world.province_reviewer)
    api.get(url)  # the first request fills the caches a process fills once
    small = queries(api, url)

    for n in range(6):
        unit = UnitFactory(name=f"新增扶贫办{n}", region=world.yanchuan)
        unit.kind = "poverty_office"
        unit.save()
    adopt_all(yanchuan_report(world, 5), world.province_reviewer)
    large = queries(api, url)
    assert large == small, (small, large)
