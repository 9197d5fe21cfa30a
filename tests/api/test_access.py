"""Every endpoint for every role: the unit's reporter, its approver, the city's reviewer,
another city's reviewer, a reporter of another county, a person with no unit, someone
without a token, and expired and revoked tokens. Another unit's objects are a 404 (as on
the pages); what a person may see but not change is a 403."""

import datetime as dt

import pytest
import time_machine
from django.utils import timezone

from api import services
from tests.submissions.builders import draft_report, item_data

# Listed with the unit's reporter last: the one write that succeeds changes the object.
PEOPLE = [
    "nobody",
    "outsider_reporter",
    "other_city_reviewer",
    "city_reviewer",
    "approver",
    "reporter",
]
OWN_UNIT = {
    "nobody": 404,
    "outsider_reporter": 404,
    "other_city_reviewer": 404,
    "city_reviewer": 200,
    "approver": 200,
    "reporter": 200,
}
LISTS = dict.fromkeys(PEOPLE, 200)


def writes(success: int) -> dict:
    return {**OWN_UNIT, "city_reviewer": 403, "approver": 403, "reporter": success}


def new_item(report) -> dict:
    data = item_data(5, year=report.year, quarter=report.quarter)
    return {**data, "published_on": data["published_on"].isoformat()}


# (name, method, address, body, {person: status})
ENDPOINTS = [
    ("regions", "get", "/api/v1/regions/", None, LISTS),
    ("region", "get", "/api/v1/regions/{region}/", None, OWN_UNIT),
    ("units", "get", "/api/v1/units/", None, LISTS),
    ("unit", "get", "/api/v1/units/{unit}/", None, OWN_UNIT),
    ("reports", "get", "/api/v1/reports/", None, LISTS),
    ("report", "get", "/api/v1/reports/{report}/", None, OWN_UNIT),
    ("item", "get", "/api/v1/items/{item}/", None, OWN_UNIT),
    ("item-create", "post", "/api/v1/reports/{report}/items/", new_item, writes(201)),
    ("item-put", "put", "/api/v1/items/{item}/", "item", writes(200)),
    ("item-patch", "patch", "/api/v1/items/{item}/", {"title": "新标题"}, writes(200)),
    ("item-delete", "delete", "/api/v1/items/{item}/?version={item_version}", None, writes(204)),
    ("hand-on", "post", "/api/v1/reports/{report}/hand-on/", "report", writes(200)),
]


@pytest.fixture
def objects(world):
    report = draft_report(world, n_items=2)
    item = report.items.order_by("pk").first()
    return {
        "report": report,
        "item": item,
        "region": world.yanchang.pk,
        "unit": world.yanchang_bureau.pk,
    }


def address(template: str, objects: dict) -> str:
    item, report = objects["item"], objects["report"]
    item.refresh_from_db()
    return template.format(
        region=objects["region"],
        unit=objects["unit"],
        report=report.pk,
        item=item.pk,
        item_version=item.version,
    )


def body(spec, objects: dict):
    item, report = objects["item"], objects["report"]
    if spec == "item":
        data = new_item(report)
        return {**data, "version": item.version}
    if spec == "report":
        report.refresh_from_db()
        return {"version": report.version}
    if callable(spec):
        return spec(report)
    if isinstance(spec, dict) and spec:
        item.refresh_from_db()
        return {**spec, "version": item.version}
    return spec


@pytest.mark.parametrize(
    ("method", "template", "spec", "expected"),
    [row[1:] for row in ENDPOINTS],
    ids=[row[0] for row in ENDPOINTS],
)
def test_each_person_gets_their_status(world, objects, api_for, method, template, spec, expected):
    for who in PEOPLE:
        api = api_for(getattr(world, who))
        response = getattr(api, method)(
            address(template, objects), body(spec, objects), format="json"
        )
        assert response.status_code == expected[who], (who, response.status_code, response.content)
        if response.status_code >= 400:
            assert response["Content-Type"] == "application/problem+json"
            assert response.json()["status"] == response.status_code


@pytest.mark.parametrize(
    ("method", "template", "spec"),
    [row[1:4] for row in ENDPOINTS],
    ids=[row[0] for row in ENDPOINTS],
)
def test_without_a_live_token_every_endpoint_is_a_401(
    world, objects, api_for, method, template, spec
):
    _token, revoked = services.token_create(user=world.reporter, name="revoked")
    services.token_revoke(token=_token, user=world.reporter)
    with time_machine.travel(timezone.now() - dt.timedelta(days=100)):
        _old, expired = services.token_create(user=world.reporter, name="expired")
    for client in [api_for(None), api_for(secret=revoked), api_for(secret=expired)]:
        response = getattr(client, method)(
            address(template, objects), body(spec, objects), format="json"
        )
        assert response.status_code == 401, response.content
        assert response["Content-Type"] == "application/problem+json"
    assert objects["report"].items.count() == 2


def test_another_units_ids_are_not_found_even_in_filters(world, api_for):
    neighbour = draft_report(world, unit=world.yanchuan_bureau, reporter=world.neighbour_reporter)
    api = api_for(world.reporter)
    assert api.get(f"/api/v1/reports/{neighbour.pk}/").status_code == 404
    item = neighbour.items.first()
    assert api.get(f"/api/v1/items/{item.pk}/").status_code == 404
    assert api.get(f"/api/v1/units/{world.yanchuan_bureau.pk}/").status_code == 404
    assert api.get(f"/api/v1/regions/{world.yanchuan.pk}/").status_code == 404
    listed = api.get(f"/api/v1/reports/?unit={world.yanchuan_bureau.pk}").json()
    assert listed["count"] == 0
    by_region = api.get(f"/api/v1/reports/?region={world.yanchuan.pk}").json()
    assert by_region["count"] == 0
    units = api.get(f"/api/v1/units/?region={world.yanan.pk}").json()
    assert [u["id"] for u in units["results"]] == []  # 延安市 is not the reporter's region


def test_a_city_reviewer_sees_the_city_and_its_counties_only(world, api_for):
    draft_report(world, n_items=1)
    draft_report(world, n_items=1, unit=world.yanchuan_bureau, reporter=world.neighbour_reporter)
    draft_report(world, n_items=1, unit=world.jingbian_bureau, reporter=world.outsider_reporter)
    listed = api_for(world.city_reviewer).get("/api/v1/reports/").json()
    assert {r["unit_name"] for r in listed["results"]} == {"延长县扶贫开发局", "延川县扶贫开发局"}
    units = api_for(world.city_reviewer).get("/api/v1/units/").json()
    assert "靖边县扶贫开发局" not in {u["name"] for u in units["results"]}
