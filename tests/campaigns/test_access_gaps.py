"""Every campaigns view against every kind of person, in one table: the right roles get the
page or the action, people from another county or city who guess an id get 404, people who
may see but not act get 403, the anonymous are sent to sign in, wrong methods get 405.

The campaign is organised by the provincial office; its activity is led by the Yan'an city
office with the two Yan'an county bureaus responsible (tests/campaigns/builders.py)."""

from tests.access import (
    allowed_person,
    assert_anonymous_sent_to_sign_in,
    assert_each_person_gets,
    assert_method_not_allowed,
    each_row,
    row_url,
    wrong_method,
)
from tests.campaigns.builders import assignment_of, draft_campaign, published_campaign
from tests.conftest import build_world
from tests.shared import built_once_per_module


def _build():
    world = build_world()
    return world, _objs(world)


def _objs(world):
    campaign = published_campaign(world)
    draft = draft_campaign(world, year=2027)
    activity = campaign.activities.get(is_summary=False)
    return {
        "campaign": campaign.pk,
        "draft": draft.pk,
        "activity": activity.pk,
        "assignment": assignment_of(campaign, world.yanchang_bureau).pk,
    }


# Every test here asks for pages about the same objects: built once per module.
shared, world, objs = built_once_per_module(_build)


# (url name, arg key, method, {person: expected status}). Empty POSTs: an allowed action
# goes back to its page with a message (302) or shows the form again with errors (200).
CASES = [
    (
        "campaign-list",
        None,
        "get",
        {"reporter": 200, "city_reviewer": 200, "outsider_reporter": 200, "nobody": 403},
    ),
    (
        "campaign-detail",
        "campaign",
        "get",
        {
            "reporter": 200,
            "city_reviewer": 200,
            "province_reviewer": 200,
            "outsider_reporter": 404,
            "other_city_reviewer": 404,
            "nobody": 404,
        },
    ),
    (
        "campaign-detail",
        "draft",
        "get",
        {"province_admin": 200, "province_reviewer": 404, "reporter": 404, "city_reviewer": 404},
    ),
    (
        "campaign-edit",
        "campaign",
        "get",
        {
            "province_admin": 200,
            "city_reviewer": 403,
            "reporter": 403,
            "outsider_reporter": 404,
            "other_city_reviewer": 404,
        },
    ),
    (
        "campaign-copy",
        "campaign",
        "post",
        {"city_reviewer": 403, "reporter": 403, "outsider_reporter": 404, "province_admin": 200},
    ),
    (
        "campaign-publish",
        "campaign",
        "post",
        {"city_reviewer": 403, "outsider_reporter": 404, "province_admin": 302},
    ),
    (
        "campaign-close",
        "campaign",
        "post",
        {"city_reviewer": 403, "reporter": 403, "other_city_reviewer": 404, "province_admin": 302},
    ),
    (
        "campaign-export",
        "campaign",
        "get",
        {
            "province_admin": 200,
            "city_reviewer": 200,
            "outsider_reporter": 404,
            "other_city_reviewer": 404,
            "nobody": 404,
        },
    ),
    (
        "activity-create",
        "draft",
        "get",
        {"province_admin": 200, "city_reviewer": 404, "outsider_reporter": 404},
    ),
    (
        "activity-create",
        "campaign",
        "get",
        {"city_reviewer": 403, "reporter": 403, "outsider_reporter": 404},
    ),
    (
        "activity-edit",
        "activity",
        "get",
        {
            "province_admin": 200,
            "city_reviewer": 403,
            "reporter": 403,
            "outsider_reporter": 404,
            "other_city_reviewer": 404,
        },
    ),
    ("my-assignments", None, "get", {"reporter": 200, "approver": 200, "nobody": 200}),
    (
        "assignment-detail",
        "assignment",
        "get",
        {
            "reporter": 200,
            "approver": 200,
            "city_reviewer": 200,
            "neighbour_reporter": 404,
            "outsider_reporter": 404,
            "other_city_reviewer": 404,
            "nobody": 404,
        },
    ),
    (
        "progress-file",
        "assignment",
        "post",
        {
            "city_reviewer": 403,
            "province_reviewer": 403,
            "neighbour_reporter": 404,
            "outsider_reporter": 404,
            "reporter": 200,
        },
    ),
    (
        "assignment-done",
        "assignment",
        "post",
        {
            "city_reviewer": 403,
            "neighbour_reporter": 404,
            "outsider_reporter": 404,
            "reporter": 302,
        },
    ),
    (
        "assignment-accept",
        "assignment",
        "post",
        {"reporter": 403, "approver": 403, "neighbour_reporter": 404, "city_reviewer": 302},
    ),
    (
        "assignment-return",
        "assignment",
        "post",
        {
            "reporter": 403,
            "neighbour_reporter": 404,
            "other_city_reviewer": 404,
            "city_reviewer": 302,
        },
    ),
]


def _url(name, key, objs):
    return row_url("campaigns", name, key, objs)


@each_row(CASES)
def test_each_person_gets_what_their_role_allows(
    world, objs, client_for, name, key, method, expected
):
    assert_each_person_gets(world, client_for, _url(name, key, objs), method, expected)


@each_row(CASES)
def test_anonymous_people_are_sent_to_sign_in(world, objs, client, name, key, method, expected):
    assert_anonymous_sent_to_sign_in(client, _url(name, key, objs), method)


@each_row(CASES)
def test_the_wrong_method_is_refused(world, objs, client_for, name, key, method, expected):
    client = client_for(getattr(world, allowed_person(expected)))
    assert_method_not_allowed(client, _url(name, key, objs), wrong_method(method))


def test_the_list_shows_nobody_a_campaign_outside_their_part(world, objs, client_for):
    title = "2026年扶贫日系列活动"
    assert title in client_for(world.reporter).get(_url("campaign-list", None, objs)).text
    assert (
        title not in client_for(world.outsider_reporter).get(_url("campaign-list", None, objs)).text
    )
    mine = client_for(world.neighbour_reporter).get(_url("my-assignments", None, objs)).text
    assert "延川县扶贫开发局" in mine and "延长县扶贫开发局" not in mine
