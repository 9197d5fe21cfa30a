"""Demo data for `manage.py seed_demo`: two campaigns drawn from the seed plans.

- The 2020 Poverty Alleviation Day series (seed 003, Anhui's "five batches"), recast for
  Shaanxi with the demo units as lead and responsible units, and a closing summary.
- This year's Yanchang county publicity work plan (seed 000: three phases, the duties
  of the propaganda department, the communications group, the TV station, the poverty
  bureau and the helping units).

Assignments of the demo county bureau are left in every state. Idempotent: a campaign
that exists (by year and title) is left alone.
"""

from datetime import date
from decimal import Decimal

from django.db import transaction

from campaigns import services
from campaigns.models import Assignment, AssignmentState, Campaign, CampaignKind
from portal.clock import china_today
from portal.models import Unit, User

POVERTY_DAY_TITLE = "2020年扶贫日系列活动方案"
ANNUAL_TITLE_FORMAT = "{year}年延长县脱贫攻坚宣传工作方案"


def _units() -> dict[str, Unit]:
    names = {
        "province": "陕西省扶贫开发办公室",
        "propaganda": "陕西省委宣传部",
        "tv": "陕西广播电视台",
        "daily": "陕西日报社",
        "yanan": "延安市扶贫开发办公室",
        "yanan_daily": "延安日报社",
        "oilfield": "延长油田股份有限公司",
        "yanchang": "延长县扶贫开发局",
        "county_propaganda": "中共延长县委宣传部",
        "county_tv": "延长县广播电视台",
        "county_media": "延长县融媒体中心",
        "charity": "延长县慈善协会",
        "team": "陕西省统计局驻延长县帮扶工作队",
        "yanchuan": "延川县扶贫开发局",
        "baota": "宝塔区扶贫开发局",
    }
    found = {u.name: u for u in Unit.objects.filter(name__in=names.values())}
    return {key: found[name] for key, name in names.items() if name in found}


def seed() -> str:
    admin = User.objects.filter(username="province_admin").first()
    units = _units()
    if admin is None or "province" not in units or "yanchang" not in units:
        return ""
    created = 0
    with transaction.atomic():
        if not Campaign.objects.filter(year=2020, title=POVERTY_DAY_TITLE).exists():
            _poverty_day(admin, units)
            created += 1
        year = china_today().year
        title = ANNUAL_TITLE_FORMAT.format(year=year)
        if not Campaign.objects.filter(year=year, title=title).exists():
            _annual_plan(admin, units, year, title)
            created += 1
    if not created:
        return ""
    return f"{created} campaigns with {Assignment.objects.count()} assignments."


def _add(campaign, admin, units, phase, order, title, description, lead, responsible, **extra):
    return services.activity_create(
        campaign=campaign,
        user=admin,
        data={
            "phase": phase,
            "order": order,
            "title": title,
            "description": description,
            "lead_unit": units.get(lead),
            **extra,
        },
        units=[units[k] for k in responsible if k in units],
    )


def _poverty_day(admin, units):
    campaign = services.campaign_create(
        user=admin,
        owner_unit=units["province"],
        data={
            "kind": CampaignKind.POVERTY_DAY,
            "year": 2020,
            "title": POVERTY_DAY_TITLE,
            "theme": "决战决胜脱贫攻坚 全面建成小康社会",
            "guiding_text": (
                "精心组织、广泛宣传、生动展示，讲好脱贫攻坚故事、展示脱贫攻坚成就、"
                "总结脱贫攻坚经验，为收官之年决战决胜脱贫攻坚凝聚社会力量、营造良好氛围。"
                "开展以“五个一批”为主要内容的扶贫日系列活动：总结一批、展示一批、"
                "宣传一批、帮扶一批、选树一批。"
            ),
            "summary_due": date(2020, 10, 25),
        },
        phases=[
            {"name": "制定方案", "starts_on": date(2020, 7, 1), "ends_on": date(2020, 7, 31)},
            {"name": "组织实施", "starts_on": date(2020, 8, 1), "ends_on": date(2020, 10, 17)},
            {"name": "总结报送", "starts_on": date(2020, 10, 18), "ends_on": date(2020, 10, 25)},
        ],
    )
    plan, act, _summary = list(campaign.phases.all())
    due = {"plan_due": date(2020, 7, 31), "report_due": date(2020, 10, 22)}
    batches = [
        (
            "总结一批：总结脱贫攻坚成效经验",
            "全面总结党的十八大以来各地、各行业、各单位脱贫攻坚成效经验，开展经验交流活动。",
            "province",
            ["yanan", "yanchang", "yanchuan", "baota"],
            {"expected_quantity": Decimal(1), "expected_unit": "份经验总结"},
        ),
        (
            "展示一批：举办脱贫攻坚成就展",
            "展示近年脱贫攻坚的主要成就、典型做法、先进人物。",
            "propaganda",
            ["propaganda", "province", "yanan"],
            {"expected_quantity": Decimal(1), "expected_unit": "场展览"},
        ),
        (
            "宣传一批：扶贫日前后集中宣传报道",
            "发动各类传统和新兴媒体，广泛报道脱贫攻坚成就、典型经验和先进人物。",
            "propaganda",
            ["daily", "tv", "yanan_daily", "county_media", "yanchang"],
            {"expected_quantity": Decimal(3), "expected_unit": "篇报道"},
        ),
        (
            "帮扶一批：走访慰问与认领认捐",
            "对驻村帮扶干部开展走访慰问；开展扶贫日认领认捐活动。",
            "province",
            ["team", "oilfield", "charity", "yanchang"],
            {},
        ),
        (
            "选树一批：典型选树和表彰激励",
            "开展脱贫攻坚典型选树和表彰激励活动。",
            "yanan",
            ["yanan", "yanchang", "yanchuan"],
            {"expected_quantity": Decimal(2), "expected_unit": "个先进典型"},
        ),
    ]
    for order, (title, description, lead, responsible, extra) in enumerate(batches, 1):
        _add(
            campaign,
            admin,
            units,
            act if order > 1 else plan,
            order,
            title,
            description,
            lead,
            responsible,
            **due,
            **extra,
        )
    services.campaign_publish(campaign=campaign, user=admin, version=campaign.version)
    # 2020 is long over: most units finished, one was sent back, one never filed.
    # The closing summary comes last and stays unfiled: the donation drive's statistics
    # are filed into it (donations.demo).
    states = [
        AssignmentState.ACCEPTED,
        AssignmentState.ACCEPTED,
        AssignmentState.DONE,
        AssignmentState.RETURNED,
        AssignmentState.ASSIGNED,
    ]
    yanchang = Assignment.objects.filter(
        activity__campaign=campaign, unit=units["yanchang"]
    ).order_by("activity__is_summary", "activity__order")
    for assignment, state in zip(yanchang, states, strict=False):
        _drive(assignment, state, admin)


def _annual_plan(admin, units, year, title):
    campaign = services.campaign_create(
        user=admin,
        owner_unit=units["province"],
        data={
            "kind": CampaignKind.ANNUAL_PLAN,
            "year": year,
            "title": title,
            "theme": "精准扶贫宣传报道",
            "guiding_text": (
                "紧紧围绕省市扶贫工作要求和县上脱贫攻坚工作重点，及时捕捉新闻素材，"
                "切实加大宣传力度，充分发挥报纸、电视、网络等媒体的舆论引导作用。"
            ),
        },
        phases=[
            {"name": "宣传发动", "starts_on": date(year, 4, 1), "ends_on": date(year, 5, 31)},
            {"name": "跟踪报道", "starts_on": date(year, 6, 1), "ends_on": date(year, 9, 30)},
            {"name": "成果展示", "starts_on": date(year, 10, 1), "ends_on": date(year, 11, 30)},
        ],
    )
    mobilise, follow, results = list(campaign.phases.all())
    duties = [
        (
            mobilise,
            "指导全县扶贫宣传报道工作",
            "县委宣传部指导县扶贫局、通讯组、电视台、帮扶部门和乡镇做好扶贫宣传报道。",
            "county_propaganda",
            ["county_propaganda"],
            {"report_due": date(year, 5, 31)},
        ),
        (
            follow,
            "市级以上报刊发稿",
            "对内对外做好全县扶贫工作宣传报道，每季度在市级以上报刊发表稿件2至3篇。",
            "county_propaganda",
            ["county_media"],
            {
                "expected_quantity": Decimal(3),
                "expected_unit": "篇/季度",
                "report_due": date(year, 9, 30),
            },
        ),
        (
            follow,
            "开设专栏、制作扶贫专题片",
            "在县电视台开设专栏，制作系列专题报道和一部扶贫专题片。",
            "county_propaganda",
            ["county_tv"],
            {"expected_quantity": Decimal(1), "expected_unit": "部专题片"},
        ),
        (
            mobilise,
            "制作悬挂扶贫宣传牌匾",
            "公路沿线制作大型宣传牌3块，每个乡镇制作悬挂扶贫开发宣传牌1块。",
            "county_propaganda",
            ["yanchang"],
            {
                "expected_quantity": Decimal(10),
                "expected_unit": "块宣传牌",
                "report_due": date(year, 5, 31),
            },
        ),
        (
            follow,
            "管好延长扶贫网并及时更新",
            "落实专人管理网站，与省市扶贫网建立技术链接，及时上传工作动态。",
            "county_propaganda",
            ["yanchang"],
            {"report_due": date(year, 6, 30)},
        ),
        (
            results,
            "制作脱贫攻坚专题展板",
            "在县委广场制作两期扶贫专题宣传展板：政策解读与工作进展成效。",
            "county_propaganda",
            ["yanchang"],
            {
                "expected_quantity": Decimal(2),
                "expected_unit": "期展板",
                "report_due": date(year, 11, 30),
            },
        ),
        (
            follow,
            "建立扶贫政务微信平台",
            "建立扶贫政务微信平台和县镇村三级干部微信信息群。",
            "county_propaganda",
            ["yanchang"],
            {"report_due": date(year, 8, 31)},
        ),
        (
            follow,
            "收集报送亮点工作信息",
            "帮扶部门和单位及时向县扶贫局报送扶贫工作信息。",
            "yanchang",
            ["team", "yanchang"],
            {"report_due": date(year, 12, 20)},
        ),
    ]
    for order, (phase, title, description, lead, responsible, extra) in enumerate(duties, 1):
        _add(campaign, admin, units, phase, order, title, description, lead, responsible, **extra)
    services.campaign_publish(campaign=campaign, user=admin, version=campaign.version)
    states = [
        AssignmentState.IN_PROGRESS,  # plaques
        AssignmentState.DONE,  # website
        AssignmentState.ACCEPTED,  # display boards
        AssignmentState.RETURNED,  # WeChat platform
        AssignmentState.ASSIGNED,  # information
    ]
    yanchang = Assignment.objects.filter(
        activity__campaign=campaign, unit=units["yanchang"]
    ).order_by("activity__order")
    for assignment, state in zip(yanchang, states, strict=False):
        _drive(assignment, state, admin)


def _drive(assignment: Assignment, state: str, admin: User) -> None:
    """Bring an assignment to `state` through the services, as the unit and the admin."""
    if state == AssignmentState.ASSIGNED:
        return
    reporter = User.objects.filter(
        memberships__unit=assignment.unit, memberships__role="reporter"
    ).first()
    if reporter is None:
        return
    activity = assignment.activity
    data = {"text": f"{activity.title}：已按方案推进，阶段成果见附件和链接。"}
    if activity.is_summary:
        data.update(
            events_held=6, people_reached=3200, funds_raised=Decimal(185000), items_published=14
        )
    elif activity.expected_quantity is not None:
        data["quantity"] = activity.expected_quantity
    services.progress_file(
        assignment=assignment, user=reporter, version=assignment.version, data=data
    )
    if state == AssignmentState.IN_PROGRESS:
        return
    services.assignment_mark_done(assignment=assignment, user=reporter, version=assignment.version)
    if state == AssignmentState.ACCEPTED:
        services.assignment_accept(
            assignment=assignment,
            user=admin,
            version=assignment.version,
            comment="材料齐全，予以认可。",
        )
    elif state == AssignmentState.RETURNED:
        services.assignment_return(
            assignment=assignment,
            user=admin,
            version=assignment.version,
            comment="请补充现场照片和媒体报道链接。",
        )
