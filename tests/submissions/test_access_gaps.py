"""Every quarterly-report view against every kind of person, in one table (the per-view
files test most of these one by one; this table makes sure none is left out): the unit's
reporter and approver and the reviewers above it get in; a neighbouring county's reporter
and the other city's people who guess a report, item or unit id get 404; people who see
the report but do not hold the role for the action get 403; the anonymous are sent to
sign in; wrong methods get 405."""

from submissions.models import Item, Report
from tests.access import (
    allowed_person,
    assert_anonymous_sent_to_sign_in,
    assert_each_person_gets,
    assert_method_not_allowed,
    each_row,
    row_url,
    wrong_method,
)
from tests.conftest import build_world
from tests.shared import built_once_per_module
from tests.submissions.builders import awaiting_report, draft_report, submitted_report


def _build():
    world = build_world()
    return world, _objs(world)


def _objs(world):
    draft = draft_report(world, n_items=2, quarter=3)
    awaiting = awaiting_report(world, n_items=1, quarter=1)
    submitted = submitted_report(world, n_items=2, quarter=2)
    return {
        "draft": [draft.pk],
        "draft_item": [draft.items.order_by("pk").first().pk],
        "awaiting": [awaiting.pk],
        "submitted": [submitted.pk],
        "submitted_item": [submitted.items.order_by("pk").first().pk],
        "q4": [world.yanchang_bureau.pk, 2026, 4],
    }


# Every test here asks for pages about the same objects: built once per module.
shared, world, objs = built_once_per_module(_build)


STRANGERS = {"neighbour_reporter": 404, "outsider_reporter": 404, "other_city_reviewer": 404}

# (url name, arg key, method, {person: expected status}). Refusals first, then one allowed
# person: an empty POST shows the form again (200) or goes back with a message (302).
CASES = [
    ("my-reports", None, "get", {"reporter": 200, "city_reviewer": 200, "nobody": 200}),
    ("import-template", None, "get", {"reporter": 200}),
    ("queue", None, "get", {"city_reviewer": 200, "reporter": 403, "nobody": 403}),
    ("completeness", None, "get", {"city_reviewer": 200, "approver": 403, "nobody": 403}),
    ("assessment", None, "get", {"province_reviewer": 200, "reporter": 403, "nobody": 403}),
    ("search", None, "get", {"reporter": 200, "other_city_reviewer": 200}),
    (
        "report-detail",
        "draft",
        "get",
        {
            "reporter": 200,
            "approver": 200,
            "city_reviewer": 200,
            "province_reviewer": 200,
            **STRANGERS,
            "nobody": 404,
        },
    ),
    (
        "report-start",
        "q4",
        "post",
        {"approver": 403, "city_reviewer": 403, **STRANGERS, "nobody": 404, "reporter": 302},
    ),
    (
        "item-create",
        "draft",
        "post",
        {"approver": 403, "city_reviewer": 403, **STRANGERS, "reporter": 200},
    ),
    (
        "item-edit",
        "draft_item",
        "get",
        {"approver": 403, "city_reviewer": 403, **STRANGERS, "nobody": 404, "reporter": 200},
    ),
    (
        "item-delete",
        "draft_item",
        "post",
        {"approver": 403, "province_reviewer": 403, **STRANGERS, "reporter": 302},
    ),
    (
        "item-import",
        "draft",
        "get",
        {"approver": 403, "city_reviewer": 403, **STRANGERS, "reporter": 200},
    ),
    (
        "item-grid",
        "draft",
        "get",
        {"approver": 403, "city_reviewer": 403, **STRANGERS, "reporter": 200},
    ),
    (
        "report-nothing",
        "draft",
        "post",
        {"approver": 403, "city_reviewer": 403, **STRANGERS, "reporter": 200},
    ),
    (
        "report-hand-on",
        "draft",
        "post",
        {"approver": 403, "city_reviewer": 403, **STRANGERS, "reporter": 302},
    ),
    (
        "report-sign-off",
        "awaiting",
        "post",
        {"reporter": 403, "city_reviewer": 403, **STRANGERS, "approver": 302},
    ),
    (
        "report-send-back",
        "awaiting",
        "post",
        {"reporter": 403, "city_reviewer": 403, **STRANGERS, "approver": 200},
    ),
    (
        "report-review",
        "submitted",
        "get",
        {
            "reporter": 403,
            "approver": 403,
            **STRANGERS,
            "nobody": 404,
            "city_reviewer": 200,
            "province_reviewer": 200,
        },
    ),
    (
        "item-review",
        "submitted_item",
        "post",
        {"reporter": 403, "approver": 403, **STRANGERS, "city_reviewer": 200},
    ),
    (
        "items-bulk",
        "submitted",
        "post",
        {"reporter": 403, "approver": 403, **STRANGERS, "city_reviewer": 200},
    ),
    (
        "report-adopt",
        "submitted",
        "post",
        {"reporter": 403, "approver": 403, **STRANGERS, "city_reviewer": 200},
    ),
    (
        "report-return",
        "submitted",
        "post",
        {"reporter": 403, "approver": 403, **STRANGERS, "city_reviewer": 200},
    ),
]


def _url(name, key, objs):
    return row_url("submissions", name, key, objs)


def _state():
    return (
        list(Report.objects.order_by("pk").values_list("status", "version")),
        list(Item.objects.order_by("pk").values_list("pk", "version", "review_result")),
    )


@each_row(CASES)
def test_each_person_gets_what_their_role_allows(
    world, objs, client_for, name, key, method, expected
):
    # A refusal changes nothing.
    url = _url(name, key, objs)
    assert_each_person_gets(world, client_for, url, method, expected, state=_state)


@each_row(CASES)
def test_anonymous_people_are_sent_to_sign_in(world, objs, client, name, key, method, expected):
    assert_anonymous_sent_to_sign_in(client, _url(name, key, objs), method)


@each_row(CASES)
def test_the_wrong_method_is_refused(world, objs, client_for, name, key, method, expected):
    # Pages whose form posts back to themselves (item-edit, item-import, item-grid) take GET
    # and POST, and so does item-create (a GET opens the report at its add form); no view
    # takes DELETE.
    client = client_for(getattr(world, allowed_person(expected)))
    wrong = "delete" if name == "item-create" else wrong_method(method)
    assert_method_not_allowed(client, _url(name, key, objs), wrong)
