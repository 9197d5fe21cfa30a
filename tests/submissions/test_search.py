"""Searching items across units and quarters, within the person's scope."""

import re
from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext
from pytest_django.asserts import assertRedirects

from submissions import services
from submissions.models import ReviewResult
from submissions.views import overview as overview_views
from tests.factories import UserFactory
from tests.submissions.builders import add_items, draft_report, item_data, submitted_report

URL = reverse("submissions:search")


@pytest.fixture
def boss(db):
    return UserFactory(username="boss", is_superuser=True)


@pytest.fixture
def items(world, boss):
    """延长 (2026 Q3, submitted): the first three samples, the reporter 王小燕 authoring
    items 0 and 2. 延川 (2026 Q2, draft): one item with another author by name.
    靖边 (2026 Q3, draft): the first two samples."""
    yanchang = submitted_report(world, n_items=3)
    yanchuan = services.report_start(
        unit=world.yanchuan_bureau, year=2026, quarter=2, user=world.neighbour_reporter
    )
    services.item_create(
        report=yanchuan,
        user=world.neighbour_reporter,
        data={
            **item_data(4, year=2026, quarter=2),
            "title": "延川县红枣产业助农增收",
            "author_names": "张红梅",
        },
    )
    jingbian = draft_report(world, n_items=2, unit=world.jingbian_bureau, reporter=boss)
    return {"yanchang": yanchang, "yanchuan": yanchuan, "jingbian": jingbian}


def found(response) -> list[str]:
    """Titles of the result rows, in order."""
    html = response.text
    table = html[html.index('data-testid="results"') : html.index("</table>")]
    return [
        re.sub(r"<[^>]+>", "", cell).strip()
        for cell in re.findall(
            r'<tr data-item="\d+">\s*<td[^>]*>[^<]*</td>\s*<td>(.*?)</td>', table, re.S
        )
    ]


def search(client, **params):
    response = client.get(URL, params)
    assert response.status_code == 200
    return found(response)


def test_anonymous_is_sent_to_login(client, db):
    response = client.get(URL)
    assertRedirects(response, f"{reverse('login')}?next={URL}", fetch_redirect_response=False)


def test_post_is_not_allowed(world, client_for):
    assert client_for(world.reporter).post(URL).status_code == 405


def test_someone_without_a_unit_finds_nothing(world, client_for, items):
    assert search(client_for(world.nobody)) == []


@pytest.mark.parametrize(
    ("who", "count"),
    [
        ("reporter", 3),  # own unit only
        ("approver", 3),
        ("neighbour_reporter", 1),
        ("outsider_reporter", 2),
        ("city_reviewer", 4),  # 延长 and 延川
        ("other_city_reviewer", 2),  # 靖边
        ("province_reviewer", 6),
    ],
)
def test_results_are_scoped(world, client_for, items, who, count):
    assert len(search(client_for(getattr(world, who)))) == count


def test_words_match_title_outlet_or_author(world, client_for, items):
    client = client_for(world.province_reviewer)
    # Two characters inside a title: Chinese has no spaces, so substrings match.
    assert search(client, q="苹果") == ["延长县：苹果产业带动群众脱贫"] * 2
    assert search(client, q="人民网") == ["易地搬迁让山里人住进新楼房"]  # outlet
    assert search(client, q="张红梅") == ["延川县红枣产业助农增收"]  # author by name
    # An author from the portal: the reporter 王小燕 wrote samples 0 and 2 for 延长.
    assert sorted(search(client, q="王小燕")) == sorted(
        ["延长县：苹果产业带动群众脱贫", "易地搬迁让山里人住进新楼房"]
    )


def test_every_word_must_match(world, client_for, items):
    client = client_for(world.province_reviewer)
    assert search(client, q="产业 延安日报") == ["延长县：苹果产业带动群众脱贫"] * 2
    assert search(client, q="产业 红枣") == ["延川县红枣产业助农增收"]
    assert search(client, q="产业 人民网") == []


def test_a_reporter_never_finds_other_units_items(world, client_for, items):
    assert search(client_for(world.reporter), q="红枣") == []
    assert len(search(client_for(world.reporter), q="苹果")) == 1


def test_filters(world, client_for, items):
    client = client_for(world.province_reviewer)
    assert search(client, media_level="central") == ["易地搬迁让山里人住进新楼房"]
    assert search(client, media_type="online") == ["易地搬迁让山里人住进新楼房"]
    assert search(client, category="cadres") == ["驻村第一书记带领乡亲们走上致富路"] * 2
    assert search(client, unit=world.yanchuan_bureau.pk) == ["延川县红枣产业助农增收"]
    assert search(client, date_to="2026-06-30") == ["延川县红枣产业助农增收"]
    assert len(search(client, date_from="2026-07-01", date_to="2026-09-30")) == 5


def test_review_result_filter(world, client_for, items):
    report = items["yanchang"]
    first = report.items.order_by("pk").first()
    services.item_review(
        item=first, user=world.province_reviewer, result=ReviewResult.ADOPTED, version=first.version
    )
    client = client_for(world.province_reviewer)
    assert search(client, review_result="adopted") == [first.title]
    assert len(search(client, review_result="pending")) == 5


def test_another_units_id_is_refused_not_leaked(world, client_for, items):
    response = client_for(world.reporter).get(URL, {"unit": world.jingbian_bureau.pk})
    assert response.status_code == 200
    assert found(response) == []
    assert response.context["form"].errors["unit"]


def test_a_reversed_date_range_is_an_error(world, client_for, items):
    response = client_for(world.province_reviewer).get(
        URL, {"date_from": "2026-09-30", "date_to": "2026-07-01"}
    )
    assert found(response) == []
    assert response.context["form"].errors["date_to"]


def test_newest_first_fifty_a_page(world, client_for):
    report = services.report_start(
        unit=world.yanchang_bureau, year=2026, quarter=3, user=world.reporter
    )
    add_items(report, 55, user=world.reporter)
    client = client_for(world.reporter)
    first = client.get(URL)
    page = first.context["page"]
    assert len(page.object_list) == 50 and page.paginator.count == 55
    dates = [item.published_on for item in page.object_list]
    assert dates == sorted(dates, reverse=True)
    second = client.get(URL, {"page": 2})
    assert len(second.context["page"].object_list) == 5


def test_a_common_word_counts_up_to_the_limit_and_says_there_are_more(
    world, client_for, monkeypatch
):
    # The count stops at the limit (1,000 by default) so a word in half the province's
    # items does not cost a full count; the pages still list the newest first.
    monkeypatch.setattr(overview_views, "SEARCH_COUNT_LIMIT", 50)
    report = services.report_start(
        unit=world.yanchang_bureau, year=2026, quarter=3, user=world.reporter
    )
    add_items(report, 55, user=world.reporter)
    response = client_for(world.reporter).get(URL)
    assert response.context["page"].paginator.is_capped
    with translation.override("zh-hans"):
        more = gettext("More than %(n)s items found: the newest are listed first.") % {"n": 50}
    assert more in response.text
    assert len(found(response)) == 50
    monkeypatch.setattr(overview_views, "SEARCH_COUNT_LIMIT", 55)
    response = client_for(world.reporter).get(URL)
    assert not response.context["page"].paginator.is_capped
    assert response.context["page"].paginator.count == 55


def test_query_count_stays_flat_as_items_grow(world, client_for):
    report = services.report_start(
        unit=world.yanchang_bureau, year=2026, quarter=3, user=world.reporter
    )
    client = client_for(world.city_reviewer)

    def count_queries():
        with CaptureQueriesContext(connection) as queries:
            response = client.get(URL, {"q": "延", "review_result": "pending"})
        assert response.status_code == 200
        assert response.context["page"].paginator.count > 0
        return len(queries)

    add_items(report, 4, user=world.reporter)
    few = count_queries()
    add_items(report, 36, user=world.reporter, start=4)
    assert count_queries() == few


def test_dates_in_the_results(world, client_for, items):
    response = client_for(world.neighbour_reporter).get(URL)
    assert [i.published_on for i in response.context["page"].object_list] == [
        item_data(4, year=2026, quarter=2)["published_on"]
    ]
    assert response.context["page"].object_list[0].published_on < date(2026, 7, 1)
