"""The annual assessment: units ranked by adopted points, people by adopted items."""

import re
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from pytest_django.asserts import assertRedirects

from submissions import services
from submissions.models import MediaLevel, MediaType, ReviewResult, ScoringRule, ScoringYear
from tests.factories import UserFactory
from tests.submissions.builders import adopt_all, submitted_report

URL = reverse("submissions:assessment")
Y2026 = URL + "?year=2026"


@pytest.fixture
def boss(db):
    return UserFactory(username="boss", is_superuser=True)


@pytest.fixture
def rules(db):
    """2026 rules: municipal paper 2, provincial paper 4, central online 8; lead story
    ×1.5, a leader's endorsement +2."""
    year = ScoringYear.objects.create(
        year=2026, lead_story_multiplier=Decimal("1.5"), endorsement_bonus=Decimal("2")
    )
    for level, media_type, points in [
        (MediaLevel.MUNICIPAL, MediaType.NEWSPAPER, "2"),
        (MediaLevel.PROVINCIAL, MediaType.NEWSPAPER, "4"),
        (MediaLevel.CENTRAL, MediaType.ONLINE, "8"),
    ]:
        ScoringRule.objects.create(
            scoring_year=year, media_level=level, media_type=media_type, points=Decimal(points)
        )


@pytest.fixture
def year_2026(world, rules, boss):
    """延长 (items 0-2 of the samples, all adopted): 2×1.5 + 4 + 8 = 15 points.
    靖边: item 0 adopted with 10 points set by hand, item 1 adopted (4), item 2 rejected: 14.
    延川: items adopted but the report not yet adopted: counts nothing yet."""
    reviewer = world.province_reviewer
    adopt_all(submitted_report(world, n_items=3), reviewer)

    jingbian = submitted_report(
        world,
        n_items=3,
        unit=world.jingbian_bureau,
        reporter=world.outsider_reporter,
        approver=boss,
    )
    first, second, third = jingbian.items.order_by("pk")
    services.item_review(
        item=first,
        user=reviewer,
        result=ReviewResult.ADOPTED,
        version=first.version,
        points_override=Decimal("10"),
        override_reason="央视转载",
    )
    services.item_review(
        item=second, user=reviewer, result=ReviewResult.ADOPTED, version=second.version
    )
    services.item_review(
        item=third, user=reviewer, result=ReviewResult.REJECTED, version=third.version,
        reason="与上季度重复",
    )  # fmt: skip
    jingbian.refresh_from_db()
    services.report_adopt(report=jingbian, user=reviewer, version=jingbian.version)

    pending = submitted_report(
        world, n_items=2, unit=world.yanchuan_bureau, reporter=world.neighbour_reporter,
        approver=boss,
    )  # fmt: skip
    services.items_review_bulk(
        report=pending,
        user=reviewer,
        item_ids=list(pending.items.values_list("pk", flat=True)),
        result=ReviewResult.ADOPTED,
    )


def unit_rows(response) -> list[tuple[int, int, str, int]]:
    """(rank, unit id, points, adopted) for each row of the unit table, in order."""
    html = response.text
    table = html[html.index('data-testid="units"') : html.index("</table>")]
    return [
        (int(rank), int(pk), points, int(adopted))
        for pk, rank, points, adopted in re.findall(
            r'data-unit="(\d+)">\s*<td>(\d+)</td>.*?data-col="points">([\d.]+)<'
            r'.*?data-col="adopted">(\d+)<',
            table,
            re.S,
        )
    ]


def test_anonymous_is_sent_to_login(client, db):
    response = client.get(URL)
    assertRedirects(response, f"{reverse('login')}?next={URL}", fetch_redirect_response=False)


def test_post_is_not_allowed(world, client_for):
    assert client_for(world.province_reviewer).post(URL).status_code == 405


@pytest.mark.parametrize("who", ["reporter", "approver", "outsider_reporter", "nobody"])
def test_units_staff_may_not_see_it(world, client_for, who):
    assert client_for(getattr(world, who)).get(URL).status_code == 403


@pytest.mark.parametrize("who", ["province_reviewer", "province_admin", "city_reviewer"])
def test_reviewers_and_administrators_see_it(world, client_for, who):
    assert client_for(getattr(world, who)).get(URL).status_code == 200


def test_units_are_ranked_by_adopted_points(world, client_for, year_2026):
    rows = unit_rows(client_for(world.province_reviewer).get(Y2026))
    assert rows[:2] == [
        (1, world.yanchang_bureau.pk, "15.00", 3),
        (2, world.jingbian_bureau.pk, "14.00", 2),
    ]
    # Units that must report are listed even with nothing adopted, sharing the last rank.
    rest = {pk: (rank, points, adopted) for rank, pk, points, adopted in rows[2:]}
    assert rest[world.yanchuan_bureau.pk] == (3, "0.00", 0)  # its report is not adopted yet
    assert rest[world.yanan_office.pk] == (3, "0.00", 0)


def test_counts_by_media_level_and_type(world, client_for, year_2026):
    response = client_for(world.province_reviewer).get(Y2026)
    scores = {s.unit.pk: s for s in response.context["units"]}
    levels = dict(zip(MediaLevel.values, scores[world.yanchang_bureau.pk].by_level, strict=True))
    types = dict(zip(MediaType.values, scores[world.yanchang_bureau.pk].by_type, strict=True))
    assert levels == {
        "central": 1, "provincial": 1, "municipal": 1, "county": 0, "industry": 0, "office": 0,
    }  # fmt: skip
    assert types == {
        "newspaper": 2, "tv": 0, "radio": 0, "online": 1, "new_media": 0, "display": 0,
    }  # fmt: skip
    jingbian = dict(zip(MediaLevel.values, scores[world.jingbian_bureau.pk].by_level, strict=True))
    assert jingbian["central"] == 0  # the rejected item does not count


def test_people_are_ranked_by_adopted_items_they_authored(world, client_for, year_2026):
    response = client_for(world.province_reviewer).get(Y2026)
    people = [
        (p.rank, p.user_id, p.unit_name, p.adopted, p.points) for p in response.context["people"]
    ]
    # The builders name the reporter as author of the even-numbered sample items (0 and 2).
    assert people == [
        (1, world.reporter.pk, "延长县扶贫开发局", 2, Decimal("11.00")),
        (2, world.outsider_reporter.pk, "靖边县扶贫开发局", 1, Decimal("10.00")),
    ]
    assert "王小燕" in response.text


def test_a_city_reviewer_sees_only_their_city(world, client_for, year_2026):
    response = client_for(world.city_reviewer).get(Y2026)
    shown = {pk for _rank, pk, _points, _n in unit_rows(response)}
    assert world.jingbian_bureau.pk not in shown
    assert world.yanchang_bureau.pk in shown
    assert [p.user_id for p in response.context["people"]] == [world.reporter.pk]


def test_another_year_is_empty(world, client_for, year_2026):
    response = client_for(world.province_reviewer).get(URL + "?year=2025")
    assert {points for _r, _pk, points, _n in unit_rows(response)} == {"0.00"}
    assert response.context["people"] == []


def test_query_count_stays_flat_as_items_grow(world, client_for, rules, boss):
    client = client_for(world.province_reviewer)
    reviewer = world.province_reviewer

    def count_queries():
        with CaptureQueriesContext(connection) as queries:
            response = client.get(Y2026)
        assert response.status_code == 200
        return len(queries), sum(s.adopted for s in response.context["units"])

    adopt_all(submitted_report(world, n_items=3, quarter=1), reviewer)
    few, adopted_few = count_queries()
    for quarter in (2, 3):
        adopt_all(submitted_report(world, n_items=9, quarter=quarter), reviewer)
    adopt_all(
        submitted_report(
            world, n_items=9, unit=world.jingbian_bureau, reporter=world.outsider_reporter,
            approver=boss,
        ),
        reviewer,
    )  # fmt: skip
    many, adopted_many = count_queries()
    assert (adopted_few, adopted_many) == (3, 30)
    assert many == few
