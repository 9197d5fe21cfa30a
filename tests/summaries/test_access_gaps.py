"""Every summaries view against every kind of person, in one table: overseers of a region
and a unit's own people get in; people from another county or city who guess a region,
unit or document id get 404; reviewers who may preview but not issue get 403; the
anonymous are sent to sign in; wrong methods get 405.

Documents are requested but not made (no PDF is drawn): their pages, status and Excel
twin work from the frozen figures, and a download of one not yet made goes to its page."""

from datetime import date

import pytest
from django.urls import reverse

from portal.clock import china_today
from summaries import figures, services
from summaries.models import DocumentKind
from tests.access import (
    assert_anonymous_sent_to_sign_in,
    assert_each_person_gets,
    assert_method_not_allowed,
    each_row,
    row_url,
    wrong_method,
)
from tests.conftest import build_world
from tests.shared import built_once_per_module
from tests.summaries.data import build_rules, build_year_2026
from tests.summaries.documents import province_summary


def _build():
    world = build_world()
    build_rules()
    return world, _objs(world, build_year_2026(world))


# Every test here reads the same documents and year of reports: built once per module.
shared, world, objs = built_once_per_module(_build)


def _objs(world, year_2026):
    printout, _ = services.document_request(
        user=world.reporter,
        kind=DocumentKind.UNIT_REPORT,
        figures=figures.unit_report(year_2026["yanchang"]),
        title="延长县扶贫开发局2026年第3季度宣传报告",
        issue_date=date(2026, 11, 1),
        unit=world.yanchang_bureau,
    )
    yanan, _ = services.document_request(
        user=world.province_admin,
        kind=DocumentKind.YEAR_END,
        figures=figures.year_end(world.province_admin, world.yanan, 2026, china_today()),
        title="延安市2026年度扶贫宣传工作总结",
        doc_number="延扶办〔2026〕3号",
        issuer="延安市扶贫开发办公室",
        issue_date=date(2026, 12, 31),
        region=world.yanan,
    )
    return {
        "printout": [printout.pk],
        "yanan_doc": [yanan.pk],
        "province_doc": [province_summary(world, make=False).pk],
        "yanan_year": [world.yanan.pk, 2026],
        "yanan_quarter": [world.yanan.pk, 2026, 3],
        "yanchang_q3": [world.yanchang_bureau.pk, 2026, 3],
    }


# (url name, arg key, method, {person: expected status}).
CASES = [
    (
        "document-list",
        None,
        "get",
        {"reporter": 200, "city_reviewer": 200, "outsider_reporter": 200, "nobody": 403},
    ),
    (
        "year-end",
        None,
        "get",
        {"province_admin": 200, "city_reviewer": 200, "reporter": 403, "nobody": 403},
    ),
    (
        "quarterly",
        None,
        "get",
        {"province_reviewer": 200, "other_city_reviewer": 200, "approver": 403, "nobody": 403},
    ),
    (
        "year-end-issue",
        "yanan_year",
        "post",
        {
            "city_reviewer": 403,
            "province_reviewer": 403,
            "other_city_reviewer": 404,
            "outsider_reporter": 404,
            "reporter": 404,
            "province_admin": 200,
        },
    ),
    (
        "quarterly-issue",
        "yanan_quarter",
        "post",
        {
            "city_reviewer": 403,
            "other_city_reviewer": 404,
            "outsider_reporter": 404,
            "province_admin": 200,
        },
    ),
    (
        "unit-report",
        "yanchang_q3",
        "get",
        {
            "reporter": 200,
            "approver": 200,
            "city_reviewer": 200,
            "province_reviewer": 200,
            "neighbour_reporter": 404,
            "outsider_reporter": 404,
            "other_city_reviewer": 404,
            "nobody": 404,
        },
    ),
    (
        "unit-report-print",
        "yanchang_q3",
        "post",
        {
            "neighbour_reporter": 404,
            "outsider_reporter": 404,
            "other_city_reviewer": 404,
            "nobody": 404,
            "reporter": 302,
        },
    ),
]
for _name in ("document-detail", "document-status", "document-xlsx", "document-download"):
    # The download of a document not yet made sends the person to its page.
    ok = 302 if _name == "document-download" else 200
    CASES += [
        (
            _name,
            "printout",
            "get",
            {
                "reporter": ok,
                "approver": ok,
                "city_reviewer": ok,
                "province_reviewer": ok,
                "neighbour_reporter": 404,
                "outsider_reporter": 404,
                "other_city_reviewer": 404,
                "nobody": 404,
            },
        ),
        (
            _name,
            "yanan_doc",
            "get",
            {
                "city_reviewer": ok,
                "province_reviewer": ok,
                "reporter": 404,
                "other_city_reviewer": 404,
                "outsider_reporter": 404,
            },
        ),
        (
            _name,
            "province_doc",
            "get",
            {"province_reviewer": ok, "city_reviewer": 404, "other_city_reviewer": 404},
        ),
    ]


def _url(name, key, objs):
    return row_url("summaries", name, key, objs)


@each_row(CASES)
def test_each_person_gets_what_their_role_allows(
    world, objs, client_for, name, key, method, expected
):
    assert_each_person_gets(world, client_for, _url(name, key, objs), method, expected)


@each_row(CASES)
def test_anonymous_people_are_sent_to_sign_in(world, objs, client, name, key, method, expected):
    assert_anonymous_sent_to_sign_in(client, _url(name, key, objs), method)


@each_row([c for c in CASES if c[1] != "province_doc"])
def test_the_wrong_method_is_refused(world, objs, client_for, name, key, method, expected):
    wrong = wrong_method(method, for_a_page="post")
    assert_method_not_allowed(client_for(world.province_admin), _url(name, key, objs), wrong)


@pytest.mark.parametrize("page", ["year-end", "quarterly"])
def test_guessing_another_citys_region_in_the_query_is_a_404(world, objs, client_for, page):
    url = reverse(f"summaries:{page}")
    yanan = client_for(world.city_reviewer).get(url, {"region": world.yanan.pk})
    assert yanan.status_code == 200
    assert "延安市" in yanan.text
    assert (
        client_for(world.other_city_reviewer).get(url, {"region": world.yanan.pk}).status_code
        == 404
    )
    assert (
        client_for(world.city_reviewer).get(url, {"region": world.province.pk}).status_code == 404
    )
    assert client_for(world.city_reviewer).get(url, {"region": world.yulin.pk}).status_code == 404
