"""What the read endpoints give: the same figures as the report's pages, times with the
+08:00 offset, money and points as decimal strings, pages of 50, the queue's filters, and
a number of queries that does not grow with the data."""

import re
from decimal import Decimal

import pytest
from django.urls import reverse

from submissions import services
from submissions.models import ReviewResult
from tests.api.builders import queries
from tests.factories import UnitFactory
from tests.submissions.builders import add_items, draft_report, submitted_report

ISO_CHINA = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?\+08:00$")


def reviewed_report(world, n_items=5):
    """A submitted report whose reviewer adopted some items (one with points set by hand)
    and rejected one."""
    report = submitted_report(world, n_items=n_items)
    items = list(report.items.order_by("pk"))
    for n, item in enumerate(items[:-1]):
        services.item_review(
            item=item,
            user=world.city_reviewer,
            result=ReviewResult.REJECTED if n == 1 else ReviewResult.ADOPTED,
            version=item.version,
            reason="不属于本季度" if n == 1 else "",
            points_override=Decimal("7.25") if n == 2 else None,
            override_reason="头版" if n == 2 else "",
        )
    report.refresh_from_db()
    return report


def stat(page: str, testid: str) -> str:
    return re.search(rf'data-testid="{testid}">([^<]*)<', page).group(1).strip()


def test_the_report_shows_the_figures_of_its_review_page(world, client_for, api_for):
    report = reviewed_report(world)
    page = (
        client_for(world.city_reviewer)
        .get(reverse("submissions:report-review", args=[report.pk]))
        .text
    )

    data = api_for(world.city_reviewer).get(f"/api/v1/reports/{report.pk}/").json()

    assert data["item_count"] == int(stat(page, "item-count")) == 5
    assert data["pending_count"] == int(stat(page, "pending-count")) == 1
    assert Decimal(data["total_points"]) == Decimal(stat(page, "total-points"))
    assert data["adopted_count"] == 3
    results = [i["review_result"] for i in data["items"]]
    assert sorted(results) == ["adopted", "adopted", "adopted", "pending", "rejected"]
    rejected = next(i for i in data["items"] if i["review_result"] == "rejected")
    assert rejected["rejection_reason"] == "不属于本季度"
    assert any(i["final_points"] == "7.25" for i in data["items"])


def test_the_list_counts_match_the_detail(world, api_for):
    report = reviewed_report(world)
    api = api_for(world.reporter)
    listed = api.get("/api/v1/reports/").json()["results"][0]
    detail = api.get(f"/api/v1/reports/{report.pk}/").json()
    for key in ["item_count", "adopted_count", "pending_count", "status", "version"]:
        assert listed[key] == detail[key], key


def test_times_carry_the_china_offset_and_decimals_are_strings(world, api_for):
    report = reviewed_report(world)
    data = api_for(world.reporter).get(f"/api/v1/reports/{report.pk}/").json()
    assert ISO_CHINA.match(data["submitted_at"]), data["submitted_at"]
    assert ISO_CHINA.match(data["created_at"])
    assert re.match(r"^\d{4}-\d\d-\d\d$", data["due_date"])
    item = data["items"][0]
    assert ISO_CHINA.match(item["reviewed_at"]) and ISO_CHINA.match(item["created_at"])
    assert isinstance(item["points"], str) and re.match(r"^\d+\.\d\d$", item["points"])
    assert isinstance(data["total_points"], str)


def test_the_items_are_the_reports_with_their_authors(world, api_for):
    report = draft_report(world, n_items=2)
    data = api_for(world.reporter).get(f"/api/v1/reports/{report.pk}/").json()
    assert [i["number"] for i in data["items"]] == [1, 2]
    assert data["items"][0]["authors"] == [{"id": world.reporter.pk, "name": "王小燕"}]
    assert data["items"][0]["published_on"] == "2026-07-01"


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("year=2026", {(2026, 3), (2026, 2)}),
        ("year=2025", {(2025, 4)}),
        ("quarter=2", {(2026, 2)}),
        ("status=submitted", {(2026, 3)}),
        ("status=draft", {(2026, 2), (2025, 4)}),
        ("year=2026&status=draft", {(2026, 2)}),
    ],
)
def test_filters_as_on_the_queue(world, api_for, query, expected):
    submitted_report(world, n_items=1)
    draft_report(world, n_items=1, quarter=2)
    draft_report(world, n_items=1, year=2025, quarter=4)
    data = api_for(world.reporter).get(f"/api/v1/reports/?{query}").json()
    assert {(r["year"], r["quarter"]) for r in data["results"]} == expected


@pytest.mark.parametrize("query", ["year=abc", "quarter=5", "status=lost", "unit=-1", "page=9"])
def test_a_bad_filter_or_page_is_a_problem(world, api_for, query):
    draft_report(world, n_items=1)
    response = api_for(world.reporter).get(f"/api/v1/reports/?{query}")
    assert response.status_code in (400, 404)
    assert response["Content-Type"] == "application/problem+json"


def test_lists_come_in_pages_of_fifty(world, api_for):
    UnitFactory.create_batch(60, region=world.yanchang)
    api = api_for(world.city_reviewer)
    first = api.get("/api/v1/units/").json()
    assert len(first["results"]) == 50 and first["count"] > 60
    assert first["next"].endswith("/api/v1/units/?page=2")
    second = api.get("/api/v1/units/?page=2").json()
    assert len(second["results"]) == first["count"] - 50


def test_messages_follow_accept_language(world, api_for):
    assert api_for(None, language="en").get("/api/v1/reports/").json()["title"] == (
        "Authentication required"
    )
    assert api_for(None, language="zh-hans").get("/api/v1/reports/").json()["title"] == (
        "需要身份认证"
    )


# --- Queries do not grow with the data ------------------------------------------------------


def grow(world, quarters, n_items: int, n_units: int):
    """Reports of both county offices of 延安市 for `quarters`, each with `n_items` items,
    and `n_units` more units."""
    for year, quarter in quarters:
        draft_report(world, n_items=n_items, year=year, quarter=quarter)
        draft_report(
            world,
            n_items=n_items,
            year=year,
            quarter=quarter,
            unit=world.yanchuan_bureau,
            reporter=world.neighbour_reporter,
        )
    UnitFactory.create_batch(n_units, region=world.yanchuan)


@pytest.mark.parametrize(
    "url", ["/api/v1/reports/", "/api/v1/units/", "/api/v1/regions/", "/api/v1/reports/{report}/"]
)
def test_the_query_count_stays_flat_as_data_grows(world, api_for, url):
    api = api_for(world.city_reviewer)
    grow(world, [(2026, 3)], n_items=1, n_units=1)
    first = world.yanchang_bureau.reports.get()
    small = queries(api, url.format(report=first.pk))

    grow(world, [(2026, 2), (2026, 1), (2025, 4), (2025, 3)], n_items=6, n_units=8)
    add_items(first, 6, user=world.reporter, start=1)
    large = queries(api, url.format(report=first.pk))

    assert large == small, (small, large)
