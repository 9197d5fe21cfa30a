"""The award test world: a programme of the 延安市 office open for nominations today.

programme          contest-like programme, window open (today ± 10 days)
theme / person_cat / unit_cat     categories taking a work, a person, a unit
tiers["theme"][0]  一等奖 quota 1; tiers["theme"][1] 二等奖 quota 2
judges             city_reviewer (延安市 office) and province_reviewer, all categories
nominators         延长县扶贫开发局 (3), 延川县扶贫开发局 (2), 延安市扶贫开发办公室 (2)
"""

from datetime import timedelta
from types import SimpleNamespace

import pytest
from django.utils import timezone

from awards import services
from awards.models import (
    Category,
    Criterion,
    Judge,
    Nominator,
    Programme,
    ProgrammeKind,
    Takes,
    Tier,
)
from portal.models import Role
from tests.conftest import built_once_per_module_or_now
from tests.factories import person


@pytest.fixture
def aw(request, world):
    return built_once_per_module_or_now(request, "aw", build_aw, world)


def build_aw(world) -> SimpleNamespace:
    today = timezone.localdate()
    programme = Programme.objects.create(
        organiser=world.yanan_office,
        year=today.year,
        title="我的帮扶故事征文",
        basis_document="宜宣明电〔2018〕20号",
        kind=ProgrammeKind.CONTEST,
        nomination_opens=today - timedelta(days=10),
        nomination_closes=today + timedelta(days=10),
        notice_working_days=5,
        anonymous_judging=True,
    )
    theme = Category.objects.create(programme=programme, name="我的帮扶故事", takes=Takes.WORK)
    person_cat = Category.objects.create(
        programme=programme, name="扶贫奋进奖", takes=Takes.PERSON, position=1
    )
    unit_cat = Category.objects.create(
        programme=programme, name="优秀组织奖", takes=Takes.UNIT, position=2
    )
    tiers = {
        "theme": [
            Tier.objects.create(category=theme, name="一等奖", quota=1, position=0),
            Tier.objects.create(category=theme, name="二等奖", quota=2, position=1),
        ],
        "person": [Tier.objects.create(category=person_cat, name="奋进奖", quota=1)],
        "unit": [Tier.objects.create(category=unit_cat, name="优秀组织奖", quota=1)],
    }
    criteria = [
        Criterion.objects.create(programme=programme, name="主题立意", weight=60, position=0),
        Criterion.objects.create(programme=programme, name="文字表达", weight=40, position=1),
    ]
    for unit, limit in [
        (world.yanchang_bureau, 3),
        (world.yanchuan_bureau, 2),
        (world.yanan_office, 2),
    ]:
        Nominator.objects.create(programme=programme, unit=unit, limit=limit)
    for user in (world.city_reviewer, world.province_reviewer):
        Judge.objects.create(programme=programme, user=user).categories.set(
            [theme, person_cat, unit_cat]
        )
    return SimpleNamespace(
        programme=programme,
        theme=theme,
        person_cat=person_cat,
        unit_cat=unit_cat,
        tiers=tiers,
        criteria=criteria,
        city_reporter=person("city_reporter", world.yanan_office, Role.REPORTER),
        city_approver=person("city_approver", world.yanan_office, Role.APPROVER),
        neighbour_approver=person("neighbour_approver", world.yanchuan_bureau, Role.APPROVER),
    )


def file_work(world, aw, *, unit=None, user=None, title="一条硬化路", author="刘志刚", **extra):
    unit = unit or world.yanchang_bureau
    return services.nomination_file(
        programme=aw.programme,
        unit=unit,
        user=user or world.reporter,
        category=extra.pop("category", aw.theme),
        nominee_name=author,
        nominee_unit=extra.pop("nominee_unit", unit),
        work_title=title,
        work_text=extra.pop("work_text", "村里的路修通了。"),
        **extra,
    )


def approver_of(world, aw, unit):
    return {
        world.yanchang_bureau.pk: world.approver,
        world.yanchuan_bureau.pk: aw.neighbour_approver,
        world.yanan_office.pk: aw.city_approver,
    }[unit.pk]


def reporter_of(world, aw, unit):
    return {
        world.yanchang_bureau.pk: world.reporter,
        world.yanchuan_bureau.pk: world.neighbour_reporter,
        world.yanan_office.pk: aw.city_reporter,
    }[unit.pk]


def qualified_work(world, aw, *, unit=None, **kwargs):
    """Filed, signed off by the unit's approver, and passed qualification."""
    unit = unit or world.yanchang_bureau
    nomination = file_work(world, aw, unit=unit, user=reporter_of(world, aw, unit), **kwargs)
    services.nomination_sign_off(nomination=nomination, user=approver_of(world, aw, unit))
    return services.nomination_qualify(
        nomination=nomination, user=world.province_admin, passed=True
    )


def score_all(aw, nomination, judge, value):
    services.score_record(
        nomination=nomination,
        user=judge,
        values={c.pk: value for c in aw.criteria},
    )


@pytest.fixture
def published(world, aw):
    """Two winners (a work and a unit) on public notice; a third nomination without a tier."""
    work = qualified_work(world, aw, title="一条硬化路", author="刘志刚")
    services.tier_assign(nomination=work, user=world.province_admin, tier=aw.tiers["theme"][0])
    unit = services.nomination_file(
        programme=aw.programme,
        unit=world.yanchang_bureau,
        user=world.reporter,
        category=aw.unit_cat,
        nominee_name="延长县扶贫开发局",
        nominee_unit=world.yanchang_bureau,
        deeds="组织全县投稿。",
    )
    services.nomination_sign_off(nomination=unit, user=world.approver)
    services.nomination_qualify(nomination=unit, user=world.province_admin, passed=True)
    services.tier_assign(nomination=unit, user=world.province_admin, tier=aw.tiers["unit"][0])
    loser = qualified_work(world, aw, unit=world.yanchuan_bureau, title="落选作品", author="某某")
    programme = services.notice_publish(programme=aw.programme, user=world.province_admin)
    aw.programme = programme
    return SimpleNamespace(programme=programme, work=work, unit=unit, loser=loser)


@pytest.fixture
def final(world, aw, published):
    """The published list made final after its notice period."""
    programme = services.programme_finalise(
        programme=published.programme,
        user=world.province_admin,
        today=published.programme.notice_ends + timedelta(days=1),
        circular_number="延扶办〔2026〕8号",
    )
    aw.programme = published.programme = programme
    return published
