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

from urllib.parse import quote

import pytest
from django.urls import reverse

from tests.awards.conftest import aw  # noqa: F401  (the award test world, as a fixture)
from tests.campaigns.builders import published_campaign

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


def _pages(world, programme, campaign, drive_pk=None):
    pages = [
        reverse("home"),
        reverse("unit-list"),
        reverse("submissions:my-reports"),
        reverse("submissions:queue"),
        reverse("submissions:completeness"),
        reverse("submissions:assessment"),
        reverse("submissions:search"),
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
        reverse("awards:programme-list"),
        reverse("awards:programme-detail", args=[programme.pk]),
        reverse("awards:candidates", args=[programme.pk]),
        reverse("awards:judging", args=[programme.pk]),
        reverse("awards:ranking", args=[programme.pk]),
        reverse("awards:objections", args=[programme.pk]),
        reverse("awards:winners-xlsx", args=[programme.pk]),
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
    ]
    return pages


@pytest.mark.parametrize("role", ROLES)
def test_odd_query_strings_never_make_a_500(world, aw, client_for, role):  # noqa: F811
    campaign = published_campaign(world)
    client = client_for(getattr(world, role))
    failures = []
    for url in _pages(world, aw.programme, campaign):
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
