"""Every campaigns view against every kind of person, in one table: the right roles get the
page or the action, people from another county or city who guess an id get 404, people who
may see but not act get 403, the anonymous are sent to sign in, wrong methods get 405.

The campaign is organised by the provincial office; its activity is led by the Yan'an city
office with the two Yan'an county bureaus responsible (tests/campaigns/builders.py)."""

import pytest
from django.urls import reverse

from tests.campaigns.builders import assignment_of, draft_campaign, published_campaign

LOGIN = reverse("login")


@pytest.fixture
def objs(world):
    campaign = published_campaign(world)
    draft = draft_campaign(world, year=2027)
    activity = campaign.activities.get(is_summary=False)
    return {
        "campaign": campaign.pk,
        "draft": draft.pk,
        "activity": activity.pk,
        "assignment": assignment_of(campaign, world.yanchang_bureau).pk,
    }


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

IDS = [f"{c[0]}-{c[1]}" for c in CASES]


def _url(name, key, objs):
    return reverse(f"campaigns:{name}", args=[objs[key]] if key else [])


@pytest.mark.parametrize(("name", "key", "method", "expected"), CASES, ids=IDS)
def test_each_person_gets_what_their_role_allows(
    world, objs, client_for, name, key, method, expected
):
    url = _url(name, key, objs)
    for who, status in expected.items():
        response = getattr(client_for(getattr(world, who)), method)(url)
        assert response.status_code == status, (who, response.status_code)


@pytest.mark.parametrize(("name", "key", "method", "expected"), CASES, ids=IDS)
def test_anonymous_people_are_sent_to_sign_in(world, objs, client, name, key, method, expected):
    response = getattr(client, method)(_url(name, key, objs))
    assert response.status_code == 302
    assert response["Location"].startswith(LOGIN)


POST_ONLY = [c for c in CASES if c[2] == "post"]


@pytest.mark.parametrize(
    ("name", "key", "method", "expected"), POST_ONLY, ids=[c[0] for c in POST_ONLY]
)
def test_actions_refuse_get(world, objs, client_for, name, key, method, expected):
    who = next(w for w, s in expected.items() if s in (200, 302))
    assert client_for(getattr(world, who)).get(_url(name, key, objs)).status_code == 405


def test_the_list_shows_nobody_a_campaign_outside_their_part(world, objs, client_for):
    title = "2026年扶贫日系列活动"
    assert title in client_for(world.reporter).get(_url("campaign-list", None, objs)).text
    assert (
        title not in client_for(world.outsider_reporter).get(_url("campaign-list", None, objs)).text
    )
    mine = client_for(world.neighbour_reporter).get(_url("my-assignments", None, objs)).text
    assert "延川县扶贫开发局" in mine and "延长县扶贫开发局" not in mine
