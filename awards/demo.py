"""Demo data for `manage.py seed_demo`: the 2018 Poverty Alleviation Day programmes of
seed 001 — the essay contest "My Helping Story" / "My Poverty Alleviation Journey"
(宜宣明电〔2018〕20号) with its quotas, and the city's poverty-alleviation awards — with
nominations in every state, several from the demo county (延长县).

Written directly: these are historical records, not the actions of people now.
"""

from datetime import date
from decimal import Decimal

from django.db import transaction

from awards.models import (
    Category,
    Criterion,
    Judge,
    Nomination,
    NominationStatus,
    Nominator,
    Programme,
    ProgrammeKind,
    Score,
    Takes,
    Tier,
)
from portal.models import Region, Unit, User

CONTEST = "“我的帮扶故事”“我的脱贫历程”主题征文活动"
AWARDS = "全市扶贫奖评选表彰"

CONTEST_TIERS = [("一等奖", 5), ("二等奖", 10), ("三等奖", 20), ("优秀奖", 50)]
AWARD_CATEGORIES = [
    ("扶贫创新奖", Takes.PERSON),
    ("扶贫奋进奖", Takes.PERSON),
    ("扶贫贡献奖", Takes.PERSON),
    ("扶贫奉献奖", Takes.PERSON),
    ("扶贫组织创新奖", Takes.UNIT),
]

ESSAYS = [
    # (theme index, title, author, unit name, status, tier index or None, scores)
    (0, "驻村三年，我把家安在了七里村", "张红梅", "延长县扶贫开发局", "qualified", 0, (92, 90)),
    (0, "一条硬化路", "刘志刚", "延长县扶贫开发局", "qualified", 1, (86, 85)),
    (1, "从贫困户到养殖大户", "高建军", "中共延长县委宣传部", "qualified", 0, (90, 93)),
    (1, "苹果红了", "马秀兰", "延川县扶贫开发局", "qualified", None, (80, 78)),
    (0, "帮扶日记", "白云飞", "延安市扶贫开发办公室", "qualified", None, (84, None)),
    (1, "搬出大山", "李小平", "延川县扶贫开发局", "submitted", None, ()),
    (0, "结对帮扶的日子", "王建华", "延长县扶贫开发局", "awaiting_signoff", None, ()),
    (1, "我家的新窑洞", "赵明", "延川县扶贫开发局", "rejected", None, ()),
]


def _unit(name: str) -> Unit | None:
    return Unit.objects.filter(name=name).select_related("region").first()


@transaction.atomic
def seed() -> str:
    organiser = _unit("延安市扶贫开发办公室")
    admin = User.objects.filter(username="province_admin").first()
    if organiser is None or admin is None:
        return ""
    if Programme.objects.filter(year=2018, title=CONTEST, organiser=organiser).exists():
        return "Awards: the 2018 programmes are in place."
    yanchang = _unit("延长县扶贫开发局")
    nominating = [
        u
        for u in Unit.objects.filter(
            name__in=[
                "延长县扶贫开发局",
                "中共延长县委宣传部",
                "延川县扶贫开发局",
                "延安市扶贫开发办公室",
                "延安市委宣传部",
            ]
        )
    ]

    contest = Programme.objects.create(
        organiser=organiser,
        year=2018,
        title=CONTEST,
        basis_document="宜宣明电〔2018〕20号",
        kind=ProgrammeKind.CONTEST,
        nomination_opens=date(2018, 8, 1),
        nomination_closes=date(2018, 9, 20),
        notice_working_days=5,
        anonymous_judging=True,
        drop_extremes=True,
        created_by=admin,
    )
    themes = [
        Category.objects.create(programme=contest, name=name, takes=Takes.WORK, position=i)
        for i, name in enumerate(["我的帮扶故事", "我的脱贫历程"])
    ]
    tiers = {}
    for theme in themes:
        tiers[theme.pk] = [
            Tier.objects.create(category=theme, name=name, quota=quota, position=i)
            for i, (name, quota) in enumerate(CONTEST_TIERS)
        ]
    organisation = Category.objects.create(
        programme=contest, name="优秀组织奖", takes=Takes.UNIT, position=9
    )
    Tier.objects.create(category=organisation, name="优秀组织奖", quota=5)
    criteria = [
        Criterion.objects.create(programme=contest, name=name, weight=Decimal(w), position=i)
        for i, (name, w) in enumerate([("主题立意", 40), ("内容真实感人", 40), ("文字表达", 20)])
    ]
    Nominator.objects.bulk_create(
        Nominator(programme=contest, unit=unit, limit=10) for unit in nominating
    )
    judges = list(User.objects.filter(username__in=["city_reviewer", "province_reviewer"]))
    for user in judges:
        judge = Judge.objects.create(programme=contest, user=user)
        judge.categories.set([*themes, organisation])

    units = {u.name: u for u in nominating}
    for theme_index, title, author, unit_name, status, tier_index, scores in ESSAYS:
        unit = units.get(unit_name) or yanchang
        theme = themes[theme_index]
        nomination = Nomination.objects.create(
            programme=contest,
            category=theme,
            unit=unit,
            status=status,
            nominee_name=author,
            nominee_unit=unit,
            work_title=title,
            work_text=f"{title}。（征文全文略）",
            reject_reason="作品超过规定字数（5000字）。" if status == "rejected" else "",
            tier=tiers[theme.pk][tier_index] if tier_index is not None else None,
            created_by=admin,
            signed_off_by=admin if status != "awaiting_signoff" else None,
        )
        for judge, total in zip(judges, scores, strict=False):
            if total is None:
                continue
            Score.objects.bulk_create(
                Score(nomination=nomination, judge=judge, criterion=c, value=Decimal(total))
                for c in criteria
            )
    Nomination.objects.create(
        programme=contest,
        category=organisation,
        unit=yanchang,
        status=NominationStatus.SUBMITTED,
        nominee_name=yanchang.name,
        nominee_unit=yanchang,
        deeds="组织全县干部群众投稿126篇。",
        created_by=admin,
        signed_off_by=admin,
    )

    awards = Programme.objects.create(
        organiser=organiser,
        year=2018,
        title=AWARDS,
        kind=ProgrammeKind.COMMENDATION,
        nomination_opens=date(2018, 8, 15),
        nomination_closes=date(2018, 9, 15),
        notice_working_days=7,
        created_by=admin,
    )
    categories = []
    for i, (name, takes) in enumerate(AWARD_CATEGORIES):
        category = Category.objects.create(programme=awards, name=name, takes=takes, position=i)
        Tier.objects.create(category=category, name=name, quota=10)
        categories.append(category)
    for i, (name, w) in enumerate([("工作实绩", 50), ("创新做法", 30), ("群众评价", 20)]):
        Criterion.objects.create(programme=awards, name=name, weight=Decimal(w), position=i)
    Nominator.objects.bulk_create(
        Nominator(programme=awards, unit=unit, limit=3) for unit in nominating
    )
    for user in judges:
        Judge.objects.create(programme=awards, user=user).categories.set(categories)
    county = Region.objects.filter(name="延长县").first()
    Nomination.objects.create(
        programme=awards,
        category=categories[1],
        unit=yanchang,
        nominee_name="张红梅",
        nominee_unit=yanchang,
        deeds="驻七里村第一书记，带领村民发展苹果产业。",
        created_by=admin,
    )
    Nomination.objects.create(
        programme=awards,
        category=categories[4],
        unit=yanchang,
        status=NominationStatus.SUBMITTED,
        nominee_name=yanchang.name,
        nominee_unit=yanchang,
        nominee_region=county,
        deeds="创新“支部+合作社+农户”帮扶模式。",
        created_by=admin,
        signed_off_by=admin,
    )
    return "Awards: the 2018 essay contest and poverty-alleviation awards."
