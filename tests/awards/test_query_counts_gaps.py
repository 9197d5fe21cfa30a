"""The awards lists cost the same queries however many programmes, nominations and
objections there are: the programme list, a programme's page with its nominations, the
objections list."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from awards import services
from awards.models import Nomination, Nominator, Programme, ProgrammeKind
from tests.awards.conftest import file_work, qualified_work


def _queries(client, url) -> tuple[int, str]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries), response.text


def _programmes(world, n, start):
    today = timezone.localdate()
    for i in range(start, start + n):
        programme = Programme.objects.create(
            organiser=world.yanan_office,
            year=today.year,
            title=f"评选活动{i}",
            kind=ProgrammeKind.CONTEST,
            nomination_opens=today - timedelta(days=1),
            nomination_closes=today + timedelta(days=1),
        )
        Nominator.objects.create(programme=programme, unit=world.yanchang_bureau, limit=2)


@pytest.mark.parametrize("who", ["province_admin", "reporter", "city_reviewer"])
def test_programme_list_stays_flat_as_programmes_grow(world, aw, client_for, who):
    client = client_for(getattr(world, who))
    url = reverse("awards:programme-list")
    _queries(client, url)
    _programmes(world, 1, 0)
    few, _ = _queries(client, url)
    _programmes(world, 8, 1)
    many, page = _queries(client, url)
    assert many == few
    if who != "city_reviewer":
        assert "评选活动8" in page


def _nominate(world, aw, n, start):
    # Each county files in its own places; the city office too: several units, several each.
    for i in range(start, start + n):
        for unit, user in [
            (world.yanchang_bureau, world.reporter),
            (world.yanchuan_bureau, world.neighbour_reporter),
        ]:
            file_work(world, aw, unit=unit, user=user, title=f"作品{unit.pk}-{i}")


@pytest.mark.parametrize("who", ["province_admin", "reporter", "city_reviewer"])
def test_programme_page_stays_flat_as_nominations_grow(world, aw, client_for, who):
    Nominator.objects.filter(programme=aw.programme).update(limit=50)
    client = client_for(getattr(world, who))
    url = reverse("awards:programme-detail", args=[aw.programme.pk])
    _queries(client, url)
    _nominate(world, aw, 1, 0)
    few, _ = _queries(client, url)
    _nominate(world, aw, 6, 1)
    many, page = _queries(client, url)
    assert many == few
    if who == "province_admin":
        assert f"作品{world.yanchuan_bureau.pk}-6" in page


def test_objections_stay_flat_as_objections_grow(world, aw, client_for):
    Nominator.objects.filter(programme=aw.programme).update(limit=50)
    works = [qualified_work(world, aw, title=f"获奖作品{i}") for i in range(2)]
    services.tier_assign(nomination=works[0], user=world.province_admin, tier=aw.tiers["theme"][0])
    services.tier_assign(nomination=works[1], user=world.province_admin, tier=aw.tiers["theme"][1])
    programme = services.notice_publish(programme=aw.programme, user=world.province_admin)
    winners = list(Nomination.objects.filter(programme=programme, tier__isnull=False))

    def lodge(n):
        for i in range(n):
            services.objection_lodge(
                programme=programme,
                nomination=winners[i % len(winners)],
                text=f"异议{i}",
                contact="13800000000",
            )

    admin = client_for(world.province_admin)
    objections = reverse("awards:objections", args=[programme.pk])
    _queries(admin, objections)
    lodge(1)
    few, _ = _queries(admin, objections)
    lodge(8)
    many, page = _queries(admin, objections)
    assert many == few
    assert "异议7" in page
