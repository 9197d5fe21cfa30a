"""Every awards view against every kind of person, in one table: the programme's
administrators, nominating units and judges get in; people from another county or city
who guess an id get 404; people who see the programme but may not act get 403; the
anonymous are sent to sign in (the public notice and the certificate check are public on
purpose); wrong methods get 405.

The programme is the 延安市 office's (tests/awards/conftest.py); 榆林 and 靖边 people have
nothing to do with it."""

import pytest
from django.urls import reverse

from awards import documents, services
from awards.models import AwardDocument, Certificate, Nomination
from portal.documents import DocumentStatus
from tests.access import (
    assert_anonymous_sent_to_sign_in,
    assert_each_person_gets,
    assert_method_not_allowed,
    each_row,
    row_url,
    wrong_method,
)
from tests.awards.conftest import file_work, qualified_work


@pytest.fixture
def open_stage(world, aw):
    nomination = file_work(world, aw)
    qualified = qualified_work(world, aw, unit=world.yanchuan_bureau, title="另一篇")
    return {
        "programme": aw.programme.pk,
        "category": aw.theme.pk,
        "nomination": nomination.pk,
        "qualified": qualified.pk,
    }


@pytest.fixture
def notice_stage(world, aw, published):
    objection = services.objection_lodge(
        programme=published.programme,
        nomination=Nomination.objects.get(pk=published.work.pk),
        text="作品涉嫌抄袭。",
        contact="13800000000",
    )
    return {
        "programme": published.programme.pk,
        "nomination": published.work.pk,
        "objection": objection.pk,
    }


@pytest.fixture
def final_stage(world, aw, final):
    certificate = Certificate.objects.get(nomination=final.work)
    circular = documents.circular_document(final.programme, world.province_admin)
    certificate_document = documents.certificate_document(certificate, world.province_admin)
    # Failed, so that "make it again" is open to whoever may see each document.
    AwardDocument.objects.update(status=DocumentStatus.FAILED)
    return {
        "programme": final.programme.pk,
        "serial": certificate.serial,
        "token": certificate.token,
        "circular_document": circular.pk,
        "certificate_document": certificate_document.pk,
    }


# (stage, url name, arg key, method, {person: expected status}). Empty POSTs to an allowed
# action go back to the page with a message (302).
CASES = [
    (
        "open",
        "programme-list",
        None,
        "get",
        {"reporter": 200, "city_reviewer": 200, "outsider_reporter": 200, "nobody": 200},
    ),
    (
        "open",
        "programme-create",
        None,
        "get",
        {"province_admin": 200, "city_reviewer": 403, "reporter": 403, "nobody": 403},
    ),
    (
        "open",
        "programme-detail",
        "programme",
        "get",
        {
            "province_admin": 200,
            "reporter": 200,
            "city_reviewer": 200,
            "outsider_reporter": 404,
            "other_city_reviewer": 404,
            "nobody": 404,
        },
    ),
    (
        "open",
        "programme-edit",
        "programme",
        "get",
        {
            "province_admin": 200,
            "reporter": 403,
            "city_reviewer": 403,
            "outsider_reporter": 404,
            "other_city_reviewer": 404,
        },
    ),
    (
        "open",
        "programme-copy",
        "programme",
        "post",
        {"reporter": 403, "city_reviewer": 403, "outsider_reporter": 404, "province_admin": 200},
    ),
    (
        "open",
        "category-tiers",
        "category",
        "get",
        {
            "province_admin": 200,
            "approver": 403,
            "city_reviewer": 403,
            "outsider_reporter": 404,
            "other_city_reviewer": 404,
        },
    ),
    (
        "open",
        "nomination-create",
        "programme",
        "get",
        {
            "reporter": 200,
            "neighbour_reporter": 200,
            "city_reviewer": 403,
            "outsider_reporter": 404,
            "other_city_reviewer": 404,
        },
    ),
    (
        "open",
        "candidates",
        "programme",
        "get",
        {"reporter": 200, "city_reviewer": 403, "outsider_reporter": 404},
    ),
    (
        "open",
        "candidate-nominate",
        "programme",
        "post",
        {"city_reviewer": 403, "outsider_reporter": 404, "other_city_reviewer": 404},
    ),
    (
        "open",
        "nomination-detail",
        "nomination",
        "get",
        {
            "reporter": 200,
            "approver": 200,
            "province_admin": 200,
            "neighbour_reporter": 404,
            "outsider_reporter": 404,
            "other_city_reviewer": 404,
            "nobody": 404,
        },
    ),
    (
        "open",
        "nomination-sign-off",
        "nomination",
        "post",
        {
            "reporter": 403,
            "neighbour_reporter": 404,
            "outsider_reporter": 404,
            "approver": 302,
        },
    ),
    (
        "open",
        "nomination-qualify",
        "nomination",
        "post",
        {
            "reporter": 403,
            "approver": 403,
            "neighbour_reporter": 404,
            "outsider_reporter": 404,
            "other_city_reviewer": 404,
            "province_admin": 302,
        },
    ),
    (
        "open",
        "judging",
        "programme",
        "get",
        {
            "city_reviewer": 200,
            "province_reviewer": 200,
            "reporter": 403,
            "outsider_reporter": 404,
            "other_city_reviewer": 404,
        },
    ),
    (
        "open",
        "score",
        "qualified",
        "post",
        {
            "reporter": 404,
            "outsider_reporter": 404,
            "other_city_reviewer": 404,
            "city_reviewer": 200,
        },
    ),
    (
        "open",
        "ranking",
        "programme",
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
        "open",
        "tier-assign",
        "nomination",
        "post",
        {
            "reporter": 403,
            "approver": 403,
            "neighbour_reporter": 404,
            "outsider_reporter": 404,
            "other_city_reviewer": 404,
            "province_admin": 302,
        },
    ),
    (
        "open",
        "notice-publish",
        "programme",
        "post",
        {"reporter": 403, "city_reviewer": 403, "outsider_reporter": 404, "province_admin": 302},
    ),
    (
        "notice",
        "objections",
        "programme",
        "get",
        {
            "province_admin": 200,
            "reporter": 403,
            "city_reviewer": 403,
            "outsider_reporter": 404,
            "other_city_reviewer": 404,
        },
    ),
    (
        "notice",
        "objection-settle",
        "objection",
        "post",
        {
            "reporter": 403,
            "outsider_reporter": 404,
            "other_city_reviewer": 404,
            "province_admin": 302,
        },
    ),
    (
        "notice",
        "programme-finalise",
        "programme",
        "post",
        {
            "reporter": 403,
            "city_reviewer": 403,
            "outsider_reporter": 404,
            "other_city_reviewer": 404,
            "province_admin": 302,
        },
    ),
    (
        "final",
        "circular",
        "programme",
        "get",
        {
            "province_admin": 302,
            "reporter": 403,
            "outsider_reporter": 404,
            "other_city_reviewer": 404,
            "nobody": 404,
        },
    ),
    (
        "final",
        "winners-xlsx",
        "programme",
        "get",
        {
            "province_admin": 200,
            "reporter": 403,
            "outsider_reporter": 404,
            "other_city_reviewer": 404,
            "nobody": 404,
        },
    ),
    (
        "final",
        "certificate",
        "serial",
        "get",
        {
            "reporter": 302,
            "province_admin": 302,
            "neighbour_reporter": 404,
            "outsider_reporter": 404,
            "other_city_reviewer": 404,
            "nobody": 404,
        },
    ),
    (
        "final",
        "document",
        "circular_document",
        "get",
        {
            "province_admin": 200,
            "reporter": 404,
            "city_reviewer": 404,
            "outsider_reporter": 404,
            "other_city_reviewer": 404,
            "nobody": 404,
        },
    ),
    (
        "final",
        "document",
        "certificate_document",
        "get",
        {
            "reporter": 200,
            "province_admin": 200,
            "neighbour_reporter": 404,
            "outsider_reporter": 404,
            "other_city_reviewer": 404,
            "nobody": 404,
        },
    ),
    (
        "final",
        "document-status",
        "circular_document",
        "get",
        {
            "province_admin": 200,
            "reporter": 404,
            "city_reviewer": 404,
            "outsider_reporter": 404,
            "other_city_reviewer": 404,
            "nobody": 404,
        },
    ),
    (
        "final",
        "document-status",
        "certificate_document",
        "get",
        {
            "reporter": 200,
            "province_admin": 200,
            "neighbour_reporter": 404,
            "outsider_reporter": 404,
            "other_city_reviewer": 404,
            "nobody": 404,
        },
    ),
    (
        "final",
        "document-download",
        "circular_document",
        "get",
        {
            "province_admin": 302,
            "reporter": 404,
            "city_reviewer": 404,
            "outsider_reporter": 404,
            "other_city_reviewer": 404,
            "nobody": 404,
        },
    ),
    (
        "final",
        "document-download",
        "certificate_document",
        "get",
        {
            "reporter": 302,
            "province_admin": 302,
            "neighbour_reporter": 404,
            "outsider_reporter": 404,
            "other_city_reviewer": 404,
            "nobody": 404,
        },
    ),
    (
        "final",
        "document-retry",
        "circular_document",
        "post",
        {
            "province_admin": 302,
            "reporter": 404,
            "city_reviewer": 404,
            "outsider_reporter": 404,
            "other_city_reviewer": 404,
            "nobody": 404,
        },
    ),
    (
        "final",
        "document-retry",
        "certificate_document",
        "post",
        {
            "reporter": 302,
            "province_admin": 302,
            "neighbour_reporter": 404,
            "outsider_reporter": 404,
            "other_city_reviewer": 404,
            "nobody": 404,
        },
    ),
]

COLUMNS = ("stage", "name", "key", "method", "expected")
IDS = [f"{c[1]}-{c[2]}-{c[0]}" for c in CASES]

# What an allowed person would send, so that a refusal cannot hide behind a form error.
DATA = {"nomination-qualify": {"passed": "1"}}


@pytest.fixture
def stages(request):
    return lambda stage: request.getfixturevalue(f"{stage}_stage")


@each_row(CASES, columns=COLUMNS, ids=IDS)
def test_each_person_gets_what_their_role_allows(
    world, stages, client_for, stage, name, key, method, expected
):
    url = row_url("awards", name, key, stages(stage))
    assert_each_person_gets(world, client_for, url, method, expected, data=DATA.get(name))


@each_row(CASES, columns=COLUMNS, ids=IDS)
def test_anonymous_people_are_sent_to_sign_in(
    world, stages, client, stage, name, key, method, expected
):
    assert_anonymous_sent_to_sign_in(client, row_url("awards", name, key, stages(stage)), method)


@each_row(CASES, columns=COLUMNS, ids=IDS)
def test_the_wrong_method_is_refused(
    world, aw, stages, client_for, stage, name, key, method, expected
):
    # Asked by the programme's administrator (the province), who may do every action.
    url = row_url("awards", name, key, stages(stage))
    assert_method_not_allowed(client_for(world.province_admin), url, wrong_method(method))


def test_the_public_pages_are_public_and_refuse_the_wrong_method(world, final_stage, client):
    notice = reverse("awards:notice", args=[final_stage["programme"]])
    verify = reverse("awards:verify", args=[final_stage["token"]])
    assert client.get(notice).status_code == 200
    assert "一条硬化路" in client.get(notice).text
    assert client.get(verify).status_code == 200
    assert client.post(notice).status_code == 405
    assert client.post(verify).status_code == 405
    lodge = reverse("awards:objection-lodge", args=[final_stage["programme"]])
    assert client.get(lodge).status_code == 405


def test_the_programme_list_shows_outsiders_nothing_of_it(world, aw, client_for):
    url = reverse("awards:programme-list")
    assert "我的帮扶故事征文" in client_for(world.reporter).get(url).text
    assert "我的帮扶故事征文" not in client_for(world.outsider_reporter).get(url).text
    assert "我的帮扶故事征文" not in client_for(world.other_city_reviewer).get(url).text
