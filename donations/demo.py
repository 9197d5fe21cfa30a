"""Demo data for `manage.py seed_demo`: Yanchang county's 2026 Poverty Alleviation Day
drive with projects, pledges, receipts, spending and micro-wishes in every state.

Idempotent: if the drive exists nothing is added. Demo accounts it adds (password
Demo@2026): qilicun_township (七里村街道办事处 reporter: proposes projects, confirms
goods), helper_reporter / helper_approver (the helping unit), caring_person (爱心人士).
"""

import io
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.db.models import Case, IntegerField, Value, When
from django.utils import timezone

from campaigns.models import OPEN_STATES, Assignment, CampaignKind, CampaignStatus
from donations import services
from donations.models import Drive, Pledge, Project, Wish
from portal.models import Region, RegionLevel, Role, Unit, UnitKind, User
from portal.services import attachment_create, membership_grant

PASSWORD = "Demo@2026"  # noqa: S105 - the documented demo password
DRIVE_TITLE = "延长县2026年扶贫日社会募捐活动"


def _png(name: str) -> SimpleUploadedFile:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (64, 48), (200, 60, 40)).save(buffer, "PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


def _pdf(name: str) -> SimpleUploadedFile:
    body = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
    return SimpleUploadedFile(name, body, content_type="application/pdf")


def _person(username, full_name, unit, role, password=PASSWORD) -> User:
    user, _created = User.objects.get_or_create(
        username=username,
        defaults={"full_name": full_name, "email": f"{username}@example.gov.cn"},
    )
    # Like the other demo accounts, the password follows `seed_demo --password`.
    user.set_password(password)
    user.save()
    if unit is not None:
        membership_grant(user=user, unit=unit, role=role)
    return user


DEMO_ACCOUNTS = [
    "qilicun_township",
    "heijiabao_township",
    "helper_reporter",
    "helper_approver",
    "caring_person",
    "caring_person2",
]


def _poverty_day_campaign(office: Unit):
    """The Poverty Alleviation Day series whose closing summary the office files (seeded by
    campaigns.demo, which runs first): one whose summary still takes filings if there is
    one, else the latest. The demo has only the 2020 series, whose summary the county
    has already had accepted: the drive page then says why it cannot file."""
    summary = (
        Assignment.objects.filter(
            unit=office,
            activity__is_summary=True,
            activity__campaign__kind=CampaignKind.POVERTY_DAY,
        )
        .exclude(activity__campaign__status=CampaignStatus.CLOSED)
        .select_related("activity__campaign")
        .annotate(
            closed=Case(
                When(state__in=OPEN_STATES, then=Value(0)),
                default=Value(1),
                output_field=IntegerField(),
            )
        )
        .order_by("closed", "-activity__campaign__year")
        .first()
    )
    return summary.activity.campaign if summary else None


def seed(*, password: str = PASSWORD) -> str:
    """Create the app's demo data idempotently; return a one-line summary."""
    for user in User.objects.filter(username__in=DEMO_ACCOUNTS):
        user.set_password(password)
        user.save(update_fields=["password"])
    county = Region.objects.filter(code="610621").first()
    if county is None:
        return ""
    bureau = Unit.objects.filter(region=county, kind=UnitKind.POVERTY_OFFICE).first()
    if bureau is None or Drive.objects.filter(unit=bureau, title=DRIVE_TITLE).exists():
        return ""
    with transaction.atomic():
        return _seed(county, bureau, password)


@dataclass(frozen=True)
class _Cast:
    """Who the story happens to and where: the county's offices, the demo accounts it adds
    and the three villages its projects, pledges and wishes go to."""

    bureau: Unit
    reporter: User  # the county bureau's reporter records pledges, receipts and spending
    approver: User  # and its approver screens projects
    office: Unit  # 七里村街道办事处
    township_user: User
    heijiabao_office: Unit
    heijiabao_user: User
    helping: Unit
    helper: User
    helper_leader: User
    caring: User
    caring2: User
    liangshuian: Region
    qilicun: Region
    heijiabao: Region


@dataclass(frozen=True)
class _Projects:
    """The published projects that pledges, spending and the ended-project story use."""

    storage: Project
    library: Project
    clinic: Project
    road: Project


def _seed(county: Region, bureau: Unit, password: str) -> str:
    cast = _seed_units_and_accounts(county, bureau, password)
    projects = _seed_projects(cast)
    drive, last_year = _seed_drives(cast)
    _seed_last_years_pledges(cast, last_year, projects.road)
    clinic_gift = _seed_cash_pledges(cast, drive, projects)
    _seed_goods_pledges(cast, drive, projects.library)
    _seed_public_intention(drive, projects.library)
    _seed_spending(cast, projects)
    _seed_designation_move(cast, clinic_gift)
    _seed_wishes(cast)
    return (
        f"Donations: {Pledge.objects.filter(drive__unit=bureau).count()} pledges, "
        f"{Wish.objects.filter(unit=cast.helping).count()} micro-wishes."
    )


def _seed_units_and_accounts(county: Region, bureau: Unit, password: str) -> _Cast:
    """The township offices and the helping unit, with their demo accounts and two caring
    people who claim wishes."""
    reporter = User.objects.get(username="county_reporter")
    approver = User.objects.get(username="county_approver")
    township = Region.objects.get(name="七里村街道", parent=county)
    villages = {
        r.name: r
        for r in Region.objects.filter(path__startswith=county.path, level=RegionLevel.VILLAGE)
    }
    heijiabao = villages["黑家堡村"]
    office, _created = Unit.objects.get_or_create(
        name="七里村街道办事处", region=township, defaults={"kind": UnitKind.OTHER}
    )
    heijiabao_office, _created = Unit.objects.get_or_create(
        name="黑家堡镇人民政府", region=heijiabao.parent, defaults={"kind": UnitKind.OTHER}
    )
    township_user = _person("qilicun_township", "赵文华", office, Role.REPORTER, password)
    heijiabao_user = _person(
        "heijiabao_township", "马永利", heijiabao_office, Role.REPORTER, password
    )
    helping, _created = Unit.objects.get_or_create(
        name="陕西省统计局驻延长县帮扶工作队",
        region=county,
        defaults={"kind": UnitKind.HELPING_UNIT},
    )
    helper = _person("helper_reporter", "孙建平", helping, Role.REPORTER, password)
    helper_leader = _person("helper_approver", "周海燕", helping, Role.APPROVER, password)
    caring = _person("caring_person", "刘爱民", None, None, password)
    caring2 = _person("caring_person2", "陈晓梅", None, None, password)
    return _Cast(
        bureau=bureau,
        reporter=reporter,
        approver=approver,
        office=office,
        township_user=township_user,
        heijiabao_office=heijiabao_office,
        heijiabao_user=heijiabao_user,
        helping=helping,
        helper=helper,
        helper_leader=helper_leader,
        caring=caring,
        caring2=caring2,
        liangshuian=villages["凉水岸村"],
        qilicun=villages["七里村社区"],
        heijiabao=heijiabao,
    )


def _project(cast, user, unit, village, title, purpose, category, budget, publish=True):
    """Propose a project with a site photo; the county's approver then publishes it
    (True), refuses it (False), or leaves it waiting (None)."""
    p = services.project_propose(
        user=user,
        unit=unit,
        village=village,
        title=title,
        purpose=purpose,
        category=category,
        budget=Decimal(budget),
        claim_deadline=date(2026, 12, 31),
        photos=[attachment_create(unit=unit, uploaded=_png("现场.png"), uploaded_by=user)],
    )
    if publish is not None:
        services.project_screen(user=cast.approver, project=p, accept=publish)
    return p


def _seed_projects(cast: _Cast) -> _Projects:
    """Four published projects, one waiting to be screened and one refused."""
    storage = _project(
        cast,
        cast.township_user,
        cast.office,
        cast.liangshuian,
        "凉水岸村苹果冷库建设",
        "新建300吨苹果保鲜冷库一座，带动42户脱贫户增收。",
        "industry",
        "380000.00",
    )
    library = _project(
        cast,
        cast.township_user,
        cast.office,
        cast.qilicun,
        "七里村社区小学图书室",
        "购置图书3000册及书架、阅览桌椅。",
        "education",
        "60000.00",
    )
    clinic = _project(
        cast,
        cast.heijiabao_user,
        cast.heijiabao_office,
        cast.heijiabao,
        "黑家堡村卫生室设备更新",
        "更新诊疗设备，方便群众就近看病。",
        "health",
        "85000.00",
    )
    road = _project(
        cast,
        cast.township_user,
        cast.office,
        cast.liangshuian,
        "凉水岸村生产道路硬化",
        "硬化生产道路2.4公里。",
        "infrastructure",
        "450000.00",
    )
    _project(
        cast,
        cast.township_user,
        cast.office,
        cast.qilicun,
        "七里村社区文化广场",
        "新建文化广场及健身器材。",
        "other",
        "120000.00",
        publish=None,
    )
    _project(
        cast,
        cast.heijiabao_user,
        cast.heijiabao_office,
        cast.heijiabao,
        "黑家堡村办公楼装修",
        "村委会办公楼装修。",
        "other",
        "200000.00",
        publish=False,
    )
    return _Projects(storage=storage, library=library, clinic=clinic, road=road)


def _seed_drives(cast: _Cast) -> tuple[Drive, Drive]:
    """This year's drive, linked to the Poverty Alleviation Day campaign when there is
    one, and last year's; returns (this year's, last year's)."""
    drive = services.drive_create(
        user=cast.reporter,
        unit=cast.bureau,
        title=DRIVE_TITLE,
        period_start=date(2026, 9, 1),
        period_end=date(2026, 10, 17),
        stats_due=date(2026, 10, 10),
    )
    campaign = _poverty_day_campaign(cast.bureau)
    if campaign is not None:
        services.drive_link_campaign(user=cast.reporter, drive=drive, campaign=campaign)
    last_year = services.drive_create(
        user=cast.reporter,
        unit=cast.bureau,
        title="延长县2025年扶贫日社会募捐活动",
        period_start=date(2025, 9, 1),
        period_end=date(2025, 10, 17),
        stats_due=date(2025, 10, 10),
    )
    return drive, last_year


def _pledge(
    cast,
    drive,
    donor_type,
    name,
    amount,
    designation="none",
    project=None,
    village=None,
    kind="cash",
    **kw,
):
    return services.pledge_record(
        user=cast.reporter,
        drive=drive,
        donor_type=donor_type,
        donor_name=name,
        kind=kind,
        amount=Decimal(amount),
        designation=designation,
        project=project,
        village=village,
        **kw,
    )


def _pay(cast, pledge, amount, on, ref):
    return services.receipt_record_cash(
        user=cast.reporter, pledge=pledge, amount=Decimal(amount), received_on=on, reference=ref
    )


def _seed_last_years_pledges(cast: _Cast, drive: Drive, road: Project) -> None:
    """Last year's drive: received in full and its donors disclosed."""
    for name, kind, amount in [
        ("延长油田股份有限公司", "enterprise", "120000.00"),
        ("延长县慈善协会", "social_org", "30000.00"),
        ("县直机关干部职工", "unit", "46850.50"),
    ]:
        p = _pledge(cast, drive, kind, name, amount, designation="project", project=road)
        _pay(cast, p, amount, date(2025, 10, 15), f"2025-{name[:2]}")
    services.drive_disclose_donors(user=cast.reporter, drive=drive)


def _seed_cash_pledges(cast: _Cast, drive: Drive, projects: _Projects) -> Pledge:
    """This year's cash pledges in every state: received in full or in part, open,
    overdue, withdrawn, anonymous. Returns the clinic's gift, whose designation moves later."""
    oil = _pledge(
        cast,
        drive,
        "enterprise",
        "延长油田股份有限公司",
        "200000.00",
        "project",
        project=projects.storage,
        due_date=date(2026, 12, 31),
        contact_phone="0911-8123456",
    )
    _pay(cast, oil, "120000.00", date(2026, 10, 8), "ICBC-20261008-0031")  # partly received
    fruit = _pledge(
        cast,
        drive,
        "enterprise",
        "延安果业集团有限公司",
        "50000.00",
        "project",
        project=projects.storage,
    )
    _pay(cast, fruit, "50000.00", date(2026, 10, 9), "ABC-20261009-0112")  # received; certificate
    _pledge(
        cast,
        drive,
        "unit",
        "延长县教育局",
        "20000.00",
        "project",
        project=projects.library,
        due_date=date(2026, 11, 30),
    )  # open
    overdue = _pledge(
        cast,
        drive,
        "enterprise",
        "延长县宏达建材有限公司",
        "30000.00",
        "village",
        village=cast.liangshuian,
        due_date=date(2026, 10, 31),
    )
    _pay(cast, overdue, "10000.00", date(2026, 10, 12), "CCB-20261012-7781")  # overdue, partly
    withdrawn = _pledge(cast, drive, "enterprise", "延长县顺通物流有限公司", "8000.00")
    services.pledge_withdraw(
        user=cast.reporter, pledge=withdrawn, reason="企业经营困难，经协商撤回认捐。"
    )
    teacher = _pledge(
        cast,
        drive,
        "individual",
        "王秀英",
        "6000.00",
        "project",
        project=projects.library,
        anonymous=True,
        contact_phone="13891100000",
    )
    # An individual's large gift, anonymous.
    _pay(cast, teacher, "6000.00", date(2026, 10, 10), "WX-20261010-5521")
    small = _pledge(cast, drive, "individual", "张志刚", "500.00")
    _pay(cast, small, "500.00", date(2026, 10, 11), "CASH-0011")
    clinic_gift = _pledge(
        cast,
        drive,
        "social_org",
        "延安市红十字会",
        "40000.00",
        "project",
        project=projects.clinic,
    )
    _pay(cast, clinic_gift, "40000.00", date(2026, 10, 13), "BOC-20261013-0042")
    return clinic_gift


def _seed_goods_pledges(cast: _Cast, drive: Drive, library: Project) -> None:
    """Goods: valued and confirmed by the village's township, and one still waiting."""
    quilts = _pledge(
        cast,
        drive,
        "social_org",
        "延长县工商业联合会",
        "18000.00",
        "village",
        village=cast.qilicun,
        kind="goods",
        items=[("棉被", Decimal("200"), "床"), ("大米", Decimal("100"), "袋")],
    )
    confirmed = services.receipt_record_goods(
        user=cast.reporter,
        pledge=quilts,
        amount=Decimal("17600.00"),
        received_on=date(2026, 10, 14),
        valued_by=cast.qilicun,
        certificate=attachment_create(
            unit=cast.bureau, uploaded=_pdf("估价证明.pdf"), uploaded_by=cast.reporter
        ),
    )
    services.receipt_confirm_goods(user=cast.township_user, receipt=confirmed)
    bags = _pledge(
        cast,
        drive,
        "enterprise",
        "延长县新华书店",
        "9000.00",
        "project",
        project=library,
        kind="goods",
        items=[("书包", Decimal("150"), "个")],
    )
    services.receipt_record_goods(
        user=cast.reporter,
        pledge=bags,
        amount=Decimal("8850.00"),
        received_on=date(2026, 10, 16),
        valued_by=cast.qilicun,
        certificate=attachment_create(
            unit=cast.bureau, uploaded=_pdf("估价证明.pdf"), uploaded_by=cast.reporter
        ),
    )


def _seed_public_intention(drive: Drive, library: Project) -> None:
    """A pledge intention from the public, waiting for the office to confirm it."""
    services.pledge_intention_submit(
        drive=drive,
        donor_type="individual",
        donor_name="李红梅",
        kind="cash",
        amount=Decimal("1000.00"),
        designation="project",
        project=library,
        contact_phone="13700000000",
    )


def _seed_spending(cast: _Cast, projects: _Projects) -> None:
    """Spending, and a project ended with its use disclosed; another ended, disclosure due."""
    evidence = attachment_create(
        unit=cast.bureau, uploaded=_pdf("发票.pdf"), uploaded_by=cast.reporter
    )
    services.spending_record(
        user=cast.reporter,
        project=projects.storage,
        amount=Decimal("98000.00"),
        spent_on=date(2026, 10, 20),
        purpose="冷库钢结构及保温板",
        evidence=evidence,
    )
    services.spending_record(
        user=cast.reporter,
        project=projects.road,
        amount=Decimal("196850.50"),
        spent_on=date(2026, 6, 30),
        purpose="道路硬化工程款",
        evidence=evidence,
    )
    services.project_end(user=cast.reporter, project=projects.road, ended_on=date(2026, 7, 15))
    services.project_disclose_use(user=cast.reporter, project=projects.road)
    services.spending_record(
        user=cast.reporter,
        project=projects.clinic,
        amount=Decimal("39800.00"),
        spent_on=date(2026, 10, 25),
        purpose="诊疗设备采购",
        evidence=evidence,
    )
    services.project_end(user=cast.approver, project=projects.clinic, ended_on=date(2026, 10, 30))


def _seed_designation_move(cast: _Cast, clinic_gift: Pledge) -> None:
    """Part of the clinic's gift moved to the village with the donor's consent."""
    services.pledge_reallocate(
        user=cast.reporter,
        pledge=clinic_gift,
        amount=Decimal("200.00"),
        to_designation="village",
        to_village=cast.heijiabao,
        consent_on=date(2026, 11, 2),
        consent_note="延安市红十字会来函同意将结余资金用于黑家堡村。",
        consent_evidence=attachment_create(
            unit=cast.bureau, uploaded=_pdf("同意函.pdf"), uploaded_by=cast.reporter
        ),
    )


def _wish(cast, title, name, village, value, publish=True):
    """Record a household's wish; the helping unit's leader then publishes it (True),
    refuses it (False), or leaves it waiting (None)."""
    w = services.wish_record(
        user=cast.helper,
        unit=cast.helping,
        village=village,
        household_name=name,
        title=title,
        value=Decimal(value),
        deadline=date(2026, 12, 31),
        household_phone="13800000000",
    )
    if publish is not None:
        services.wish_vet(user=cast.helper_leader, wish=w, publish=publish)
    return w


def _seed_wishes(cast: _Cast) -> None:
    """Micro-wishes in every state: published, waiting, refused, claimed, fulfilled, and a
    claim left unfulfilled for 30 days that lapses."""
    _wish(cast, "一台电暖器", "张明礼", cast.liangshuian, "380.00")
    _wish(cast, "孙女的新书包和文具", "刘桂兰", cast.qilicun, "150.00")
    _wish(cast, "一袋化肥", "高建国", cast.heijiabao, "220.00", publish=None)
    _wish(cast, "一部老人手机", "李德胜", cast.liangshuian, "300.00", publish=False)
    claimed = _wish(cast, "冬季棉衣两件", "王春花", cast.qilicun, "400.00")
    services.wish_claim(user=cast.caring, wish=claimed)
    done = _wish(cast, "轮椅一辆", "赵福来", cast.liangshuian, "650.00")
    services.wish_claim(user=cast.caring2, wish=done)
    services.wish_fulfil(
        user=cast.helper,
        wish=done,
        photo=attachment_create(
            unit=cast.helping, uploaded=_png("交接.png"), uploaded_by=cast.helper
        ),
        household_confirmed_on=date(2026, 10, 20),
    )
    lapsed = _wish(cast, "一台洗衣机", "马翠萍", cast.heijiabao, "900.00")
    services.wish_claim(user=cast.caring2, wish=lapsed)
    Wish.objects.filter(pk=lapsed.pk).update(claimed_at=timezone.now() - timedelta(days=30))
    services.wish_claims_expire(timezone.now())
