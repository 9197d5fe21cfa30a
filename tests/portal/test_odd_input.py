"""Odd input never makes a 500.

Every list, filter, search and export page of every app is requested by each kind of
signed-in person with the query strings a mistyped bookmark, a pasted link or a curious
user produce. The parameter names come from each page's filter form or view:

portal        units/                  region, kind, q, page
submissions   queue/                  year, quarter, status, city, timeliness, o, page
              completeness/           year, quarter, format
              assessment/             year, format
              search/                 q, date_from, date_to, media_level, media_type,
                                      category, unit, review_result, page, format
campaigns     <pk>/                   phase, city, state
awards        <pk>/candidates/        year
summaries     year-end/, quarterly/   region, year, quarter, format
notifications (list)                  page
donations     statistics/             region;  public/ region;  public/drives/<pk>/ page

The answer may be the page with the filter's error, a redirect, 400 or 404: never 500.
"""

import re
from urllib.parse import quote

import pytest
from django.urls import reverse

from awards.models import Nomination, Programme, Score
from campaigns.models import Campaign, Progress
from donations.models import Pledge, Receipt, Wish
from submissions.models import Item
from summaries.models import IssuedDocument
from tests.awards.conftest import aw, qualified_work  # noqa: F401  (aw is a fixture)
from tests.awards.test_programme_create import URL as PROGRAMME_URL
from tests.awards.test_programme_create import data as programme_data
from tests.campaigns.builders import assignment_of, published_campaign
from tests.campaigns.test_campaign_create import URL as CAMPAIGN_URL
from tests.campaigns.test_campaign_create import post_data as campaign_data
from tests.donations.conftest import dw, make_pledge  # noqa: F401  (dw is a fixture)
from tests.submissions.builders import draft_report, item_post, submitted_report

LONG = "扶贫" * 1000  # 2,000 characters
PUNCTUATION = "，。！？【】《》“”‘’、；：…—（）"

PARAMS = [
    "page",
    "year",
    "quarter",
    "region",
    "unit",
    "city",
    "phase",
    "state",
    "status",
    "kind",
    "timeliness",
    "o",
    "q",
    "date_from",
    "date_to",
    "media_level",
    "media_type",
    "category",
    "review_result",
]


def _all(value: str) -> str:
    return "&".join(f"{name}={quote(value)}" for name in PARAMS)


QUERIES = {
    "page=abc": "page=abc",
    "page=-1": "page=-1",
    "page=999999": "page=999999",
    "year=abc": "year=abc",
    "year=99999": "year=99999&quarter=4",
    "year=-1": "year=-1",
    "quarter=9": "year=2026&quarter=9",
    "region=abc": "region=abc&unit=abc&city=abc&phase=abc",
    "region=999999": "region=999999&unit=999999&city=999999&phase=999999",
    "bad dates": "date_from=2026-13-45&date_to=0001-01-01",
    "reversed dates": "date_from=9999-12-31&date_to=0001-01-01",
    "long search": f"q={quote(LONG)}",
    "chinese punctuation": _all(PUNCTUATION),
    "NUL": _all("\x00") + "&q=%00abc",
    "repeated": "page=1&page=abc&year=2026&year=abc&region=1&region=abc&q=a&q=b&o=x&o=-items",
    "all odd": _all("-1e309"),
    "odd choices": "status=nonsense&state=nonsense&o=nonsense&timeliness=x&kind=x",
    "xlsx, odd filters": "format=xlsx&year=abc&quarter=9&region=999999&q=%00",
    "xlsx, huge year": "format=xlsx&year=99999&quarter=4",
}

ROLES = ["reporter", "approver", "city_reviewer", "province_admin"]


def _pages(world, programme, campaign):
    """The pages, in four parts of about the same length: each part a test of its own, so
    that pytest-xdist can run them side by side instead of one long test per role."""
    return {
        "portal-submissions": [
            reverse("home"),
            reverse("unit-list"),
            reverse("submissions:my-reports"),
            reverse("submissions:queue"),
            reverse("submissions:completeness"),
            reverse("submissions:assessment"),
            reverse("submissions:search"),
        ],
        "campaigns-notifications-summaries": [
            reverse("campaigns:campaign-list"),
            reverse("campaigns:my-assignments"),
            reverse("campaigns:campaign-detail", args=[campaign.pk]),
            reverse("campaigns:campaign-export", args=[campaign.pk]),
            reverse("notifications:list"),
            reverse("summaries:document-list"),
            reverse("summaries:year-end"),
            reverse("summaries:quarterly"),
            reverse("summaries:unit-report", args=[world.yanchang_bureau.pk, 99999, 9]),
            reverse("summaries:unit-report", args=[world.yanchang_bureau.pk, 2026, 0]),
        ],
        "awards": [
            reverse("awards:programme-list"),
            reverse("awards:programme-detail", args=[programme.pk]),
            reverse("awards:candidates", args=[programme.pk]),
            reverse("awards:judging", args=[programme.pk]),
            reverse("awards:ranking", args=[programme.pk]),
            reverse("awards:objections", args=[programme.pk]),
            reverse("awards:winners-xlsx", args=[programme.pk]),
        ],
        "donations": [
            reverse("donations:project-list"),
            reverse("donations:drive-list"),
            reverse("donations:goods-queue"),
            reverse("donations:disclosures"),
            reverse("donations:wish-list"),
            reverse("donations:my-claims"),
            reverse("donations:statistics"),
            reverse("donations:statistics-export"),
            reverse("donations:public-index"),
            reverse("donations:public-wishes"),
        ],
    }


PARTS = ["portal-submissions", "campaigns-notifications-summaries", "awards", "donations"]


@pytest.mark.parametrize("part", PARTS)
@pytest.mark.parametrize("role", ROLES)
def test_odd_query_strings_never_make_a_500(world, aw, client_for, role, part):  # noqa: F811
    campaign = published_campaign(world)
    client = client_for(getattr(world, role))
    failures = []
    for url in _pages(world, aw.programme, campaign)[part]:
        for label, query in QUERIES.items():
            response = client.get(f"{url}?{query}")
            if response.status_code not in (200, 302, 400, 403, 404):
                failures.append(f"{response.status_code} {url} [{label}]")
    assert failures == [], "\n".join(failures)


def test_a_bad_filter_is_shown_beside_its_field(world, client_for):
    response = client_for(world.province_admin).get(
        reverse("submissions:search"), {"q": "扶贫", "date_from": "2026-13-45"}
    )
    assert response.status_code == 200
    assert response.context["form"].errors["date_from"]
    assert "is-invalid" in response.content.decode()


# --- Absurd values posted to forms ------------------------------------------------------
#
# Numbers Python's Decimal and float accept but no form should (1e309 overflows a float,
# NaN and Infinity compare with nothing), a date from year 1, and a 10 MB text field.
# Each is refused with the message beside its field, and nothing is written.

ABSURD_NUMBERS = ["1e309", "-1e309", "NaN", "-NaN", "sNaN", "Infinity", "-0", "1e-309", "１２"]
TEN_MB = "字" * (10 * 1024 * 1024 // 3)


def error_beside(response, field: str) -> bool:
    """The form came back (200) with crispy's error block under this field."""
    content = response.content.decode()
    return response.status_code == 200 and bool(
        f'id="id_{field}_error"' in content or re.search(rf'id="error_\d+_id_{field}"', content)
    )


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.mark.parametrize("value", [*ABSURD_NUMBERS, "0001-01-01", "9999-12-31", "2026-13-45"])
def test_report_item_with_an_absurd_date_is_refused_beside_it(world, client_for, value):
    report = draft_report(world, n_items=0)
    response = client_for(world.reporter).post(
        reverse("submissions:item-create", args=[report.pk]), item_post(published_on=value)
    )
    assert error_beside(response, "published_on"), response.status_code
    assert not Item.objects.exists()


def test_a_ten_megabyte_text_field_is_refused_without_a_500(world, client_for):
    report = draft_report(world, n_items=0)
    response = client_for(world.reporter).post(
        reverse("submissions:item-create", args=[report.pk]), item_post(notes=TEN_MB)
    )
    assert response.status_code in (200, 400, 413)
    assert not Item.objects.exists()


@pytest.mark.parametrize("value", ABSURD_NUMBERS)
def test_campaign_progress_with_an_absurd_quantity_is_refused_beside_it(world, client_for, value):
    assignment = assignment_of(published_campaign(world), world.yanchang_bureau)
    response = client_for(world.reporter).post(
        reverse("campaigns:progress-file", args=[assignment.pk]),
        {"version": assignment.version, "text": "发表报道两篇。", "quantity": value},
    )
    if value in ("-0", "1e-309", "１２"):
        # Zero, a rounding of zero and full-width digits are numbers: filed or refused,
        # never a 500.
        assert response.status_code in (200, 302)
        return
    assert error_beside(response, "quantity"), response.status_code
    assert not Progress.objects.exists()


@pytest.mark.parametrize("value", ["1e309", "NaN", "sNaN", "Infinity", "-1e309", "abc", ""])
def test_an_absurd_score_is_refused_and_nothing_saved(world, aw, client_for, value):  # noqa: F811
    nomination = qualified_work(world, aw)
    data = {f"c{c.pk}": value for c in aw.criteria}
    response = client_for(world.city_reviewer).post(
        reverse("awards:score", args=[nomination.pk]), data
    )
    assert response.status_code in (200, 302)
    assert not Score.objects.exists()


@pytest.mark.parametrize(
    "field, value",
    [("nominee_name", TEN_MB[:5000]), ("work_title", "\x00"), ("category", "1e309")],
)
def test_an_absurd_nomination_is_refused_beside_the_field(
    world,
    aw,  # noqa: F811
    client_for,
    field,
    value,
):
    data = {
        "unit": world.yanchang_bureau.pk,
        "category": aw.theme.pk,
        "nominee_name": "刘志刚",
        "nominee_unit": world.yanchang_bureau.pk,
        "work_title": "一条硬化路",
        "work_text": "村里的路修通了。",
        field: value,
    }
    response = client_for(world.reporter).post(
        reverse("awards:nomination-create", args=[aw.programme.pk]), data
    )
    assert error_beside(response, field), response.status_code
    assert not Nomination.objects.exists()


@pytest.mark.parametrize("value", [*ABSURD_NUMBERS, "0"])
def test_an_absurd_receipt_amount_is_refused_beside_it(dw, client_for, value):  # noqa: F811
    pledge = make_pledge(dw, amount="1000.00")
    response = client_for(dw.reporter).post(
        reverse("donations:receipt-create", args=[pledge.pk]),
        {"amount": value, "received_on": "2026-10-02", "reference": "ICBC-1"},
    )
    if value == "１２":
        assert response.status_code in (200, 302)
        return
    assert error_beside(response, "amount"), response.status_code
    assert not Receipt.objects.exists()


@pytest.mark.parametrize("value", ["2026-13-45", "\x00", "1e309"])
def test_an_absurd_receipt_date_is_refused_beside_it(dw, client_for, value):  # noqa: F811
    pledge = make_pledge(dw, amount="1000.00")
    response = client_for(dw.reporter).post(
        reverse("donations:receipt-create", args=[pledge.pk]),
        {"amount": "10.00", "received_on": value, "reference": "ICBC-1"},
    )
    assert error_beside(response, "received_on"), response.status_code
    assert not Receipt.objects.exists()


@pytest.mark.parametrize("value", [*ABSURD_NUMBERS, "0"])
def test_an_absurd_pledge_amount_is_refused_beside_it(dw, client_for, value):  # noqa: F811
    response = client_for(dw.reporter).post(
        reverse("donations:pledge-create", args=[dw.drive.pk]),
        {
            "donor_type": "enterprise",
            "donor_name": "延安果业集团",
            "kind": "cash",
            "amount": value,
            "designation": "none",
            "due_date": "2026-11-30",
        },
    )
    if value == "１２":
        assert response.status_code in (200, 302)
        return
    assert error_beside(response, "amount"), response.status_code
    assert not Pledge.objects.exists()


@pytest.mark.parametrize(
    "field, value",
    [("value", v) for v in ["1e309", "NaN", "-1", "Infinity"]]
    + [("deadline", "0001-01-01x"), ("deadline", "2026-13-45")],
)
def test_an_absurd_wish_is_refused_beside_the_field(dw, client_for, field, value):  # noqa: F811
    data = {
        "unit": dw.helping_unit.pk,
        "village": dw.village.pk,
        "household_name": "张大爷",
        "title": "一台收音机",
        "value": "80",
        "deadline": "2026-12-31",
        field: value,
    }
    response = client_for(dw.helper).post(reverse("donations:wish-create"), data)
    assert error_beside(response, field), response.status_code
    assert not Wish.objects.exists()


@pytest.mark.parametrize("year", ["99999", "-1", "0", "1e309", "abc"])
def test_nominating_from_the_ranking_with_an_odd_year_is_no_500(world, aw, client_for, year):  # noqa: F811
    response = client_for(world.reporter).post(
        reverse("awards:candidate-nominate", args=[aw.programme.pk]),
        {
            "unit": world.yanchang_bureau.pk,
            "category": aw.unit_cat.pk,
            "year": year,
            "target": world.yanchang_bureau.pk,
            "kind": "unit",
        },
    )
    assert response.status_code in (302, 400, 404)
    assert not Nomination.objects.exists()


@pytest.mark.parametrize("year", [0, 1, 1999, 99999])
def test_issuing_a_summary_for_an_impossible_year_is_no_500(world, client_for, year):
    header = {
        "doc_number": "陕扶办〔2026〕12号",
        "issuer": "陕西省扶贫开发办公室",
        "issue_date": "2026-12-31",
        "title": "总结",
    }
    client = client_for(world.province_admin)
    for url in (
        reverse("summaries:year-end-issue", args=[world.province.pk, year]),
        reverse("summaries:quarterly-issue", args=[world.province.pk, year, 3]),
    ):
        assert client.post(url, header).status_code == 404
    assert not IssuedDocument.objects.exists()


@pytest.mark.parametrize("year", ["0", "1", "1999", "2101", "32767"])
def test_a_campaign_or_programme_for_an_impossible_year_is_refused_beside_it(
    world, client_for, year
):
    client = client_for(world.province_admin)
    response = client.post(CAMPAIGN_URL, {**campaign_data(world), "year": year})
    assert error_beside(response, "year"), response.status_code
    response = client.post(PROGRAMME_URL, programme_data(world, year=year))
    assert error_beside(response, "year"), response.status_code
    assert not Campaign.objects.exists()
    assert not Programme.objects.exists()


@pytest.mark.parametrize("value", ["1e309", "NaN", "Infinity", "-1", "100000000"])
def test_absurd_points_set_by_a_reviewer_are_refused_beside_them(world, client_for, value):
    item = submitted_report(world, n_items=1).items.get()
    response = client_for(world.city_reviewer).post(
        reverse("submissions:item-review", args=[item.pk]),
        {
            "result": "adopted",
            "version": item.version,
            "points_override": value,
            "override_reason": "特别重要",
        },
    )
    # The item's form is laid out by hand: the field marked invalid, the error under it.
    assert response.status_code == 200
    field = re.search(
        r'<input[^>]*name="points_override"[^>]*>\s*<div class="invalid-feedback">',
        response.content.decode(),
    )
    assert field and "is-invalid" in field.group(0)
    item.refresh_from_db()
    assert item.review_result == "pending"


@pytest.mark.parametrize("version", ["abc", "-1", "1e309", "99999999999999999999"])
def test_a_mangled_page_version_is_no_500(world, client_for, version):
    report = submitted_report(world, n_items=1)
    item = report.items.get()
    client = client_for(world.city_reviewer)
    for url, data in [
        (reverse("submissions:item-review", args=[item.pk]), {"result": "adopted"}),
        (reverse("submissions:report-return", args=[report.pk]), {"comment": "补充"}),
        (reverse("submissions:items-bulk", args=[report.pk]), {"result": "adopted"}),
    ]:
        data = {**data, "version": version, "items": [item.pk], "seen": f"{item.pk}:{version}"}
        assert client.post(url, data).status_code in (200, 302)
    item.refresh_from_db()
    assert item.review_result == "pending"
