"""Each category's ranking with the live quota counters."""

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from pytest_django.asserts import assertRedirects

from awards import services
from tests.awards.conftest import qualified_work, score_all


def url(aw):
    return reverse("awards:ranking", args=[aw.programme.pk])


def test_anonymous_is_sent_to_login(client, aw):
    assertRedirects(client.get(url(aw)), f"{reverse('login')}?next={url(aw)}")


def test_ranked_by_combined_score_with_counters(world, aw, client_for):
    low = qualified_work(world, aw, title="低")
    high = qualified_work(world, aw, title="高")
    unscored = qualified_work(world, aw, title="未评")
    score_all(aw, low, world.province_reviewer, 60)
    score_all(aw, high, world.province_reviewer, 90)
    score_all(aw, high, world.city_reviewer, 80)
    services.tier_assign(nomination=high, user=world.province_admin, tier=aw.tiers["theme"][0])
    response = client_for(world.province_admin).get(url(aw))
    theme = response.context["categories"][0]
    assert [(r.nomination.pk, r.score, r.rank) for r in theme.rows] == [
        (high.pk, Decimal("85.00"), 1),
        (low.pk, Decimal("60.00"), 2),
        (unscored.pk, None, 3),
    ]
    assert [(t.tier.name, t.left) for t in theme.tiers] == [("一等奖", 0), ("二等奖", 2)]
    assert b'data-left="0"' in response.content


def test_query_count_is_flat(world, aw, client_for):
    client = client_for(world.province_admin)
    first = qualified_work(world, aw, title="甲")
    score_all(aw, first, world.province_reviewer, 70)
    with CaptureQueriesContext(connection) as few:
        client.get(url(aw))
    for n, unit in enumerate([world.yanchuan_bureau, world.yanchuan_bureau, world.yanan_office]):
        nomination = qualified_work(world, aw, unit=unit, title=f"乙{n}")
        score_all(aw, nomination, world.province_reviewer, 80 + n)
        if n < 2:
            services.tier_assign(
                nomination=nomination, user=world.province_admin, tier=aw.tiers["theme"][1]
            )
    with CaptureQueriesContext(connection) as many:
        response = client.get(url(aw))
    assert len(response.context["categories"][0].rows) == 4
    assert len(many) == len(few)


@pytest.mark.parametrize("who", ["reporter", "approver", "city_reviewer"])
def test_non_admins_are_forbidden(world, aw, client_for, who):
    assert client_for(getattr(world, who)).get(url(aw)).status_code == 403


def test_outsiders_get_404(world, aw, client_for):
    assert client_for(world.outsider_reporter).get(url(aw)).status_code == 404


def test_post_is_not_allowed(world, aw, client_for):
    assert client_for(world.province_admin).post(url(aw)).status_code == 405
