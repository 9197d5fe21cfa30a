"""Every donations view against every kind of person: the right roles get the page or
the action, people from elsewhere get 404 (they may not know it exists), people who may
see but not act get 403, the anonymous are sent to sign in, wrong methods get 405."""

from datetime import date
from decimal import Decimal

from donations import services
from portal.services import attachment_create
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
from tests.donations.conftest import build_dw, make_pledge, make_project, pdf
from tests.donations.test_wishes_services import make_wish
from tests.shared import built_once_per_module


def _build():
    dw = build_dw(build_world())
    return dw, _objs(dw)


# Every test here asks for pages about the same objects: built once per module.
shared, dw, objs = built_once_per_module(_build)


def _objs(dw):
    project = make_project(dw)
    proposed = make_project(dw, publish=False, title="待审项目")
    pledge = make_pledge(dw, designation="project", project=project)
    goods = make_pledge(
        dw,
        kind="goods",
        amount="900.00",
        items=[("书包", Decimal("30"), "个")],
        donor_name="爱心商会",
    )
    certificate = attachment_create(
        unit=dw.yanchang_bureau, uploaded=pdf(), uploaded_by=dw.reporter
    )
    receipt = services.receipt_record_goods(
        user=dw.reporter,
        pledge=goods,
        amount=Decimal("900.00"),
        received_on=date(2026, 10, 9),
        valued_by=dw.village,
        certificate=certificate,
    )
    draft_wish = make_wish(dw, publish=False)
    wish = make_wish(dw, title="书桌")
    return {
        "project": project.pk,
        "proposed": proposed.pk,
        "pledge": pledge.pk,
        "receipt": receipt.pk,
        "drive": dw.drive.pk,
        "draft_wish": draft_wish.pk,
        "wish": wish.pk,
    }


# (url name, arg key, method, {person: expected status}). An empty POST to a form that
# is allowed gets 200: the form is shown again on its page with what is missing marked.
CASES = [
    ("project-list", None, "get", {"township_reporter": 200, "reporter": 200, "nobody": 200}),
    ("project-create", None, "get", {"township_reporter": 200, "approver": 403, "nobody": 403}),
    (
        "project-detail",
        "project",
        "get",
        {
            "township_reporter": 200,
            "reporter": 200,
            "city_reviewer": 200,
            "neighbour_reporter": 404,
            "nobody": 404,
        },
    ),
    (
        "project-screen",
        "proposed",
        "post",
        {
            "approver": 200,
            "township_reporter": 403,
            "neighbour_reporter": 404,
            "outsider_reporter": 404,
        },
    ),
    (
        "project-end",
        "project",
        "post",
        {"reporter": 200, "township_reporter": 403, "neighbour_reporter": 404},
    ),
    (
        "project-disclose",
        "project",
        "post",
        {"reporter": 302, "township_reporter": 403, "nobody": 404},
    ),
    (
        "spending-create",
        "project",
        "post",
        {"reporter": 200, "township_reporter": 403, "neighbour_reporter": 404},
    ),
    ("drive-list", None, "get", {"reporter": 200, "nobody": 200}),
    ("drive-create", None, "get", {"reporter": 200, "nobody": 403}),
    (
        "drive-detail",
        "drive",
        "get",
        {
            "reporter": 200,
            "city_reviewer": 200,
            "province_admin": 200,
            "neighbour_reporter": 404,
            "township_reporter": 404,
            "other_city_reviewer": 404,
        },
    ),
    (
        "drive-disclose",
        "drive",
        "post",
        {"reporter": 302, "city_reviewer": 403, "neighbour_reporter": 404},
    ),
    (
        "pledge-create",
        "drive",
        "get",
        {"reporter": 200, "approver": 200, "city_reviewer": 403, "neighbour_reporter": 404},
    ),
    (
        "pledge-detail",
        "pledge",
        "get",
        {"reporter": 200, "city_reviewer": 200, "neighbour_reporter": 404, "nobody": 404},
    ),
    (
        "pledge-confirm",
        "pledge",
        "post",
        {"reporter": 302, "city_reviewer": 403, "neighbour_reporter": 404},
    ),
    (
        "pledge-withdraw",
        "pledge",
        "post",
        {"reporter": 200, "city_reviewer": 403, "neighbour_reporter": 404},
    ),
    (
        "receipt-create",
        "pledge",
        "post",
        {"reporter": 200, "city_reviewer": 403, "outsider_reporter": 404},
    ),
    (
        "pledge-reallocate",
        "pledge",
        "post",
        {"reporter": 200, "city_reviewer": 403, "neighbour_reporter": 404},
    ),
    ("goods-queue", None, "get", {"township_reporter": 200, "reporter": 200, "nobody": 200}),
    (
        "receipt-confirm",
        "receipt",
        "post",
        {"township_reporter": 302, "reporter": 403, "neighbour_reporter": 404},
    ),
    ("disclosures", None, "get", {"reporter": 200, "nobody": 200}),
    ("wish-list", None, "get", {"helper": 200, "helper_leader": 200, "nobody": 200}),
    ("wish-create", None, "get", {"helper": 200, "helper_leader": 403, "nobody": 403}),
    (
        "wish-vet",
        "draft_wish",
        "post",
        {"helper_leader": 302, "helper": 403, "neighbour_reporter": 404},
    ),
    (
        "wish-fulfil",
        "wish",
        "post",
        {"helper": 302, "helper_leader": 403, "neighbour_reporter": 404},
    ),
    ("wish-claim", "wish", "post", {"nobody": 302}),
    ("my-claims", None, "get", {"nobody": 200}),
    ("statistics", None, "get", {"reporter": 200, "city_reviewer": 200, "nobody": 403}),
    ("statistics-export", None, "get", {"reporter": 200, "nobody": 403}),
]


IDS = [c[0] for c in CASES]


def _url(name, key, objs):
    return row_url("donations", name, key, objs)


@each_row(CASES, ids=IDS)
def test_each_person_gets_what_their_role_allows(dw, objs, client_for, name, key, method, expected):
    assert_each_person_gets(dw, client_for, _url(name, key, objs), method, expected)


@each_row(CASES, ids=IDS)
def test_anonymous_people_are_sent_to_sign_in(dw, objs, client, name, key, method, expected):
    assert_anonymous_sent_to_sign_in(client, _url(name, key, objs), method)


@each_row(CASES, ids=IDS)
def test_the_wrong_method_is_refused(dw, objs, client_for, name, key, method, expected):
    client = client_for(getattr(dw, allowed_person(expected)))
    assert_method_not_allowed(client, _url(name, key, objs), wrong_method(method))
