"""Building campaigns through the real services, for any test that needs one.

    campaign = draft_campaign(world)                  # draft, one activity for 延长县 and 延川县
    campaign = published_campaign(world)              # the same, published: two assignments
    a = assignment_of(campaign, world.yanchang_bureau)
    file_progress(world, a)                           # as the county reporter
    mark_done(world, a)

The campaign is organised by the provincial office; its activity is led by the Yan'an
city office (world.city_reviewer is a member) with the two Yan'an county bureaus
responsible, and a closing summary due.
"""

import io
from datetime import date
from decimal import Decimal

from PIL import Image

from campaigns import services
from campaigns.models import Assignment, CampaignKind


def png_bytes() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), (200, 30, 30)).save(buffer, format="PNG")
    return buffer.getvalue()


def draft_campaign(world, *, year=2026, units=None, summary=True, n_activities=1, lead_unit=None):
    campaign = services.campaign_create(
        user=world.province_admin,
        owner_unit=world.province_office,
        data={
            "kind": CampaignKind.POVERTY_DAY,
            "year": year,
            "title": f"{year}年扶贫日系列活动",
            "theme": "决战决胜脱贫攻坚",
            "guiding_text": "总结一批、展示一批、宣传一批、帮扶一批、选树一批。",
            "summary_due": date(year, 10, 25) if summary else None,
        },
        phases=[
            {"name": "制定方案", "starts_on": date(year, 7, 1), "ends_on": date(year, 7, 31)},
            {"name": "组织实施", "starts_on": date(year, 8, 1), "ends_on": date(year, 10, 17)},
        ],
    )
    phases = list(campaign.phases.all())
    units = units if units is not None else [world.yanchang_bureau, world.yanchuan_bureau]
    for n in range(n_activities):
        services.activity_create(
            campaign=campaign,
            user=world.province_admin,
            data={
                "phase": phases[1],
                "order": n + 1,
                "title": f"宣传一批：集中宣传报道{n + 1}",
                "description": "扶贫日前后集中报道脱贫攻坚成就。",
                "lead_unit": lead_unit or world.yanan_office,
                "expected_quantity": Decimal(3),
                "expected_unit": "篇报道",
                "plan_due": date(year, 7, 31),
                "report_due": date(year, 10, 22),
            },
            units=units,
        )
    campaign.refresh_from_db()
    return campaign


def published_campaign(world, **kwargs):
    campaign = draft_campaign(world, **kwargs)
    services.campaign_publish(
        campaign=campaign, user=world.province_admin, version=campaign.version
    )
    campaign.refresh_from_db()
    return campaign


def assignment_of(campaign, unit, *, summary=False) -> Assignment:
    return Assignment.objects.get(
        activity__campaign=campaign, activity__is_summary=summary, unit=unit
    )


def file_progress(world, assignment, *, quantity=Decimal(2), user=None):
    assignment.refresh_from_db()
    return services.progress_file(
        assignment=assignment,
        user=user or world.reporter,
        version=assignment.version,
        data={"text": "在延安日报发表报道两篇。", "quantity": quantity},
    )


def mark_done(world, assignment, user=None):
    assignment.refresh_from_db()
    if not assignment.progress.exists():
        file_progress(world, assignment, user=user)
        assignment.refresh_from_db()
    return services.assignment_mark_done(
        assignment=assignment, user=user or world.reporter, version=assignment.version
    )
