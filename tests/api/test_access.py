"""Every endpoint for every role, on the ids of three units' objects: one table.

The three columns are the objects (region, unit, report, item, campaign, assignment, award
programme, project, drive) of
    own        延长县扶贫开发局: the reporter's and approver's unit, in the city reviewer's city
    neighbour  延川县扶贫开发局: another county of the same city (the neighbour reporter's)
    far        靖边县扶贫开发局: a county of another city (the outsider's, the other city's
               reviewer's)
An object outside the person's part of the tree is a 404 (as on the pages); what a person
may see but not change is a 403; the overview (completeness, assessment) is a 403 for
anyone who is not a reviewer or an administrator, whatever the region. Lists take no id:
their row has one status per person. Someone without a live token gets a 401 everywhere.

The people, the three columns' objects and everyone's tokens are built once for the module
(tests/shared.py): each test runs in a savepoint of that transaction, so the changes it makes
(an item deleted, a report handed on) are undone before the next one, which meets the objects
as they were built."""

import copy
import datetime as dt
import string
from types import SimpleNamespace

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from api import services
from tests.api.builders import disclosed_drive, published_project
from tests.api.test_campaigns_awards_donations import final_programme
from tests.campaigns.builders import assignment_of, published_campaign
from tests.conftest import build_world
from tests.shared import built_once_per_module
from tests.submissions.builders import draft_report, item_data, png_bytes

COLUMNS = ["own", "neighbour", "far"]
PEOPLE = [
    "nobody",
    "outsider_reporter",
    "neighbour_reporter",
    "other_city_reviewer",
    "city_reviewer",
    "province_reviewer",
    "province_admin",
    "approver",
    "reporter",
]
# Which column's objects each person may see, and the one unit whose reporter may change them.
SEES = {
    "nobody": set(),
    "outsider_reporter": {"far"},
    "neighbour_reporter": {"neighbour"},
    "other_city_reviewer": {"far"},
    "city_reviewer": {"own", "neighbour"},
    "province_reviewer": set(COLUMNS),
    "province_admin": set(COLUMNS),
    "approver": {"own"},
    "reporter": {"own"},
}
WRITER = {"own": "reporter", "neighbour": "neighbour_reporter", "far": "outsider_reporter"}
OVERSEERS = {"city_reviewer", "other_city_reviewer", "province_reviewer", "province_admin"}


def scoped(column: str) -> dict:
    """A read of an object in the column: seen (200) or not found (404)."""
    return {who: 200 if column in SEES[who] else 404 for who in PEOPLE}


def writes(success: int):
    """A change: the unit's reporter succeeds; who only sees the object gets a 403."""

    def expected(column: str) -> dict:
        read = scoped(column)
        return {
            who: success if who == WRITER[column] else 403 if read[who] == 200 else 404
            for who in PEOPLE
        }

    return expected


def overview(column: str) -> dict:
    """Reviewers and administrators only, and only for a region they oversee."""
    return {who: scoped(column)[who] if who in OVERSEERS else 403 for who in PEOPLE}


EVERYONE = dict.fromkeys(PEOPLE, 200)
OVERSEERS_ONLY = {who: 200 if who in OVERSEERS else 403 for who in PEOPLE}


def new_item(report) -> dict:
    data = item_data(5, year=report.year, quarter=report.quarter)
    return {**data, "published_on": data["published_on"].isoformat()}


# (name, method, address, body, expected): `expected` is {person: status} for an address
# without an id, or a function of the column (own, neighbour, far) for one with an id.
ENDPOINTS = [
    ("regions", "get", "/api/v1/regions/", None, EVERYONE),
    ("region", "get", "/api/v1/regions/{region}/", None, scoped),
    ("units", "get", "/api/v1/units/", None, EVERYONE),
    ("unit", "get", "/api/v1/units/{unit}/", None, scoped),
    ("reports", "get", "/api/v1/reports/", None, EVERYONE),
    ("report", "get", "/api/v1/reports/{report}/", None, scoped),
    ("item", "get", "/api/v1/items/{item}/", None, scoped),
    ("item-create", "post", "/api/v1/reports/{report}/items/", new_item, writes(201)),
    ("item-put", "put", "/api/v1/items/{item}/", "item", writes(200)),
    ("item-patch", "patch", "/api/v1/items/{item}/", {"title": "新标题"}, writes(200)),
    ("clippings", "post", "/api/v1/items/{item}/clippings/", "clipping", writes(201)),
    ("item-delete", "delete", "/api/v1/items/{item}/?version={item_version}", None, writes(204)),
    ("hand-on", "post", "/api/v1/reports/{report}/hand-on/", "report", writes(200)),
    ("completeness", "get", "/api/v1/completeness/", None, OVERSEERS_ONLY),
    ("completeness-region", "get", "/api/v1/completeness/?region={region}", None, overview),
    ("assessment", "get", "/api/v1/assessment/", None, OVERSEERS_ONLY),
    ("assessment-region", "get", "/api/v1/assessment/?region={region}", None, overview),
    ("people", "get", "/api/v1/assessment/people/", None, OVERSEERS_ONLY),
    ("people-region", "get", "/api/v1/assessment/people/?region={region}", None, overview),
    ("campaigns", "get", "/api/v1/campaigns/", None, EVERYONE),
    ("campaign", "get", "/api/v1/campaigns/{campaign}/", None, scoped),
    ("assignment", "get", "/api/v1/assignments/{assignment}/", None, scoped),
    ("awards", "get", "/api/v1/awards/", None, EVERYONE),
    ("award", "get", "/api/v1/awards/{award}/", None, scoped),
    ("projects", "get", "/api/v1/donations/projects/", None, EVERYONE),
    ("project", "get", "/api/v1/donations/projects/{project}/", None, scoped),
    ("drives", "get", "/api/v1/donations/drives/", None, EVERYONE),
    ("drive", "get", "/api/v1/donations/drives/{drive}/", None, scoped),
]
CASES = [
    pytest.param(method, template, spec, column, expected(column), id=f"{name}-{column}")
    for name, method, template, spec, expected in ENDPOINTS
    if callable(expected)
    for column in COLUMNS
] + [
    pytest.param(method, template, spec, "own", expected, id=name)
    for name, method, template, spec, expected in ENDPOINTS
    if not callable(expected)
]


class Objects:
    """The objects of one column, each built the first time it is named (_build names them
    all)."""

    NAMES = [
        "region",
        "unit",
        "report",
        "item",
        "campaign",
        "assignment",
        "award",
        "project",
        "drive",
    ]

    def __init__(self, world, column: str):
        self.world, self.column, self.built = world, column, {}
        self.owner, self.reporter = {
            "own": (world.yanchang_bureau, world.reporter),
            "neighbour": (world.yanchuan_bureau, world.neighbour_reporter),
            "far": (world.jingbian_bureau, world.outsider_reporter),
        }[column]

    def __getitem__(self, name: str):
        if name not in self.built:
            self.built[name] = getattr(self, f"_{name}")()
        return self.built[name]

    def _region(self):
        return self.owner.region

    def _unit(self):
        return self.owner

    def _report(self):
        return draft_report(self.world, n_items=2, unit=self.owner, reporter=self.reporter)

    def _item(self):
        return self["report"].items.order_by("pk").first()

    def _campaign(self):
        world = self.world
        lead = world.yulin_office if self.column == "far" else world.yanan_office
        return published_campaign(world, units=[self.owner], summary=False, lead_unit=lead)

    def _assignment(self):
        return assignment_of(self["campaign"], self.owner)

    def _award(self):
        return final_programme(self.world, self.owner)

    def _project(self):
        return published_project(self.owner, created_by=self.reporter)

    def _drive(self):
        return disclosed_drive(self.owner)

    def address(self, template: str) -> str:
        names = {field for _, field, _, _ in string.Formatter().parse(template) if field}
        values = {name: self[name] for name in names - {"item_version"}}
        if "item" in values:
            values["item"].refresh_from_db()
            values["item_version"] = values["item"].version
        values = {name: getattr(value, "pk", value) for name, value in values.items()}
        return template.format(**values)

    def body(self, spec) -> tuple[object, str]:
        """The request's body, and its format."""
        if spec == "item":
            self["item"].refresh_from_db()
            return {**new_item(self["report"]), "version": self["item"].version}, "json"
        if spec == "report":
            self["report"].refresh_from_db()
            return {"version": self["report"].version}, "json"
        if spec == "clipping":
            self["item"].refresh_from_db()
            clipping = SimpleUploadedFile("剪报.png", png_bytes(), content_type="image/png")
            return {"clippings": [clipping], "version": self["item"].version}, "multipart"
        if callable(spec):
            return spec(self["report"]), "json"
        if isinstance(spec, dict):
            self["item"].refresh_from_db()
            return {**spec, "version": self["item"].version}, "json"
        return spec, "json"


def call(api, method: str, template: str, spec, objects: Objects):
    address = objects.address(template)
    data, format = objects.body(spec)
    return getattr(api, method)(address, data, format=format)


def _build():
    world = build_world()
    columns = {column: Objects(world, column) for column in COLUMNS}
    for objects in columns.values():
        for name in Objects.NAMES:
            objects[name]
    secrets = {}
    for who in PEOPLE:
        _token, secrets[who] = services.token_create(user=getattr(world, who), name="县新闻系统")
    # The reporter's tokens that are no longer live: one revoked, one expired (90 days long).
    _token, revoked = services.token_create(user=world.reporter, name="revoked")
    services.token_revoke(token=_token, user=world.reporter)
    with time_machine.travel(timezone.now() - dt.timedelta(days=100)):
        _old, expired = services.token_create(user=world.reporter, name="expired")
    return world, SimpleNamespace(columns=columns, secrets=secrets, refused=[revoked, expired])


# Every test here calls the same endpoints on the same objects: built once per module.
shared, world, objs = built_once_per_module(_build)


def objects_of(objs, column: str) -> Objects:
    """The column's objects: a copy of them, for the test to refresh and change."""
    return copy.deepcopy(objs.columns[column])


@pytest.mark.parametrize(("method", "template", "spec", "column", "expected"), CASES)
def test_each_person_gets_their_status(objs, api_for, method, template, spec, column, expected):
    objects = objects_of(objs, column)
    # The one change that succeeds comes last: the others meet the object as it was.
    for who in sorted(PEOPLE, key=lambda who: 200 <= expected[who] < 300 and method != "get"):
        response = call(api_for(secret=objs.secrets[who]), method, template, spec, objects)
        assert response.status_code == expected[who], (who, response.status_code, response.content)
        if response.status_code >= 400:
            assert response["Content-Type"] == "application/problem+json"
            assert response.json()["status"] == response.status_code


@pytest.mark.parametrize(
    ("method", "template", "spec"),
    [row[1:4] for row in ENDPOINTS],
    ids=[row[0] for row in ENDPOINTS],
)
def test_without_a_live_token_every_endpoint_is_a_401(objs, api_for, method, template, spec):
    objects = objects_of(objs, "own")
    revoked, expired = objs.refused
    for client in [api_for(None), api_for(secret=revoked), api_for(secret=expired)]:
        response = call(client, method, template, spec, objects)
        assert response.status_code == 401, response.content
        assert response["Content-Type"] == "application/problem+json"
    assert objects["report"].items.count() == 2


def test_another_units_ids_find_nothing_in_filters(world, objs, api_for):
    # The neighbour column's report is 延川县扶贫开发局's.
    assert objs.columns["neighbour"]["report"].unit_id == world.yanchuan_bureau.pk
    api = api_for(world.reporter)
    listed = api.get(f"/api/v1/reports/?unit={world.yanchuan_bureau.pk}").json()
    assert listed["count"] == 0
    by_region = api.get(f"/api/v1/reports/?region={world.yanchuan.pk}").json()
    assert by_region["count"] == 0
    units = api.get(f"/api/v1/units/?region={world.yanan.pk}").json()
    assert [u["id"] for u in units["results"]] == []  # 延安市 is not the reporter's region


def test_a_city_reviewer_sees_the_city_and_its_counties_only(world, objs, api_for):
    # A report of 延长县, 延川县 and 靖边县 (the three columns').
    assert {objs.columns[column]["report"].unit_id for column in COLUMNS} == {
        world.yanchang_bureau.pk,
        world.yanchuan_bureau.pk,
        world.jingbian_bureau.pk,
    }
    listed = api_for(world.city_reviewer).get("/api/v1/reports/").json()
    assert {r["unit_name"] for r in listed["results"]} == {"延长县扶贫开发局", "延川县扶贫开发局"}
    units = api_for(world.city_reviewer).get("/api/v1/units/").json()
    assert "靖边县扶贫开发局" not in {u["name"] for u in units["results"]}
