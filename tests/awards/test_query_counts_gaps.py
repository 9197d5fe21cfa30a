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


@pytest.mark.parametrize("who", ["approver", "reporter", "province_admin"])
def test_home_stays_flat_as_programmes_and_nominations_grow(world, aw, client_for, who):
    """The home page's awards panel: open programmes and what waits for sign-off."""
    Nominator.objects.filter(programme=aw.programme).update(limit=50)
    client = client_for(getattr(world, who))
    url = reverse("home")
    _queries(client, url)
    _programmes(world, 1, 0)
    _nominate(world, aw, 1, 0)
    few, _ = _queries(client, url)
    _programmes(world, 6, 1)
    _nominate(world, aw, 6, 1)
    many, _ = _queries(client, url)
    assert many == few


def test_notice_and_winning_unit_page_stay_flat_as_winners_grow(world, aw, client_for, client):
    """The public notice and the unit page's list of awards won, measured on two
    programmes: one with two winners, one with four."""
    from awards.models import Category, Tier

    def programme_with_winners(n, title):
        today = timezone.localdate()
        programme = Programme.objects.create(
            organiser=world.yanan_office,
            year=today.year,
            title=title,
            kind=ProgrammeKind.CONTEST,
            nomination_opens=today - timedelta(days=1),
            nomination_closes=today + timedelta(days=1),
            notice_working_days=5,
        )
        category = Category.objects.create(programme=programme, name=f"{title}类", takes="work")
        tier = Tier.objects.create(category=category, name="优秀奖", quota=n)
        Nominator.objects.create(programme=programme, unit=world.yanchang_bureau, limit=n)
        for i in range(n):
            nomination = services.nomination_file(
                programme=programme,
                unit=world.yanchang_bureau,
                user=world.reporter,
                category=category,
                nominee_name=f"作者{i}",
                nominee_unit=world.yanchang_bureau,
                work_title=f"{title}作品{i}",
                work_text="正文。",
            )
            services.nomination_sign_off(nomination=nomination, user=world.approver)
            services.nomination_qualify(
                nomination=nomination, user=world.province_admin, passed=True
            )
            services.tier_assign(nomination=nomination, user=world.province_admin, tier=tier)
        programme = services.notice_publish(programme=programme, user=world.province_admin)
        return services.programme_finalise(
            programme=programme,
            user=world.province_admin,
            today=programme.notice_ends + timedelta(days=1),
            circular_number=f"延扶办〔2026〕{n}号",
        )

    small = programme_with_winners(2, "小评选")
    _queries(client, reverse("awards:notice", args=[small.pk]))
    few, _ = _queries(client, reverse("awards:notice", args=[small.pk]))
    unit_page = reverse("unit-detail", args=[world.yanchang_bureau.pk])
    reporter = client_for(world.reporter)
    _queries(reporter, unit_page)
    unit_few, _ = _queries(reporter, unit_page)

    large = programme_with_winners(6, "大评选")
    client.logout()
    many, page = _queries(client, reverse("awards:notice", args=[large.pk]))
    assert many == few
    assert "大评选作品5" in page
    reporter = client_for(world.reporter)
    unit_many, page = _queries(reporter, unit_page)
    assert unit_many == unit_few
    assert "大评选" in page
