"""Every quarterly-report view against every kind of person, in one table (the per-view
files test most of these one by one; this table makes sure none is left out): the unit's
reporter and approver and the reviewers above it get in; a neighbouring county's reporter
and the other city's people who guess a report, item or unit id get 404; people who see
the report but do not hold the role for the action get 403; the anonymous are sent to
sign in; wrong methods get 405."""

import pytest
from django.urls import reverse

from submissions.models import Item, Report
from tests.submissions.builders import awaiting_report, draft_report, submitted_report

LOGIN = reverse("login")


@pytest.fixture
def objs(world):
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

IDS = [f"{c[0]}-{c[1]}" for c in CASES]


def _url(name, key, objs):
    return reverse(f"submissions:{name}", args=objs[key] if key else [])


def _state():
    return (
        list(Report.objects.order_by("pk").values_list("status", "version")),
        list(Item.objects.order_by("pk").values_list("pk", "version", "review_result")),
    )


@pytest.mark.parametrize(("name", "key", "method", "expected"), CASES, ids=IDS)
def test_each_person_gets_what_their_role_allows(
    world, objs, client_for, name, key, method, expected
):
    url = _url(name, key, objs)
    before = _state()
    for who, status in expected.items():
        response = getattr(client_for(getattr(world, who)), method)(url)
        assert response.status_code == status, (who, response.status_code)
        if status in (403, 404):
            # A refusal changes nothing.
            assert _state() == before, who


@pytest.mark.parametrize(("name", "key", "method", "expected"), CASES, ids=IDS)
def test_anonymous_people_are_sent_to_sign_in(world, objs, client, name, key, method, expected):
    response = getattr(client, method)(_url(name, key, objs))
    assert response.status_code == 302
    assert response["Location"].startswith(LOGIN)


@pytest.mark.parametrize(("name", "key", "method", "expected"), CASES, ids=IDS)
def test_the_wrong_method_is_refused(world, objs, client_for, name, key, method, expected):
    who = next(w for w, s in expected.items() if s in (200, 302))
    # Pages whose form posts back to themselves (item-edit, item-import) take GET and POST;
    # no view takes DELETE.
    wrong = "get" if method == "post" else "delete"
    response = getattr(client_for(getattr(world, who)), wrong)(_url(name, key, objs))
    assert response.status_code == 405
