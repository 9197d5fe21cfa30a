"""The year-end summary's micro-wishes and donations: each helping unit's docking rate
against the required 30 %, and the year's donations received and spent in the region,
in the figures, the preview, the PDF and the Excel twin."""

from datetime import date, datetime
from decimal import Decimal
from io import BytesIO

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from donations import rules, services
from donations.models import Receipt, ReceiptStatus, Spending, Wish, WishStatus
from portal.clock import CHINA, china_today
from portal.models import Role, UnitKind
from portal.services import attachment_create
from summaries import figures, presenters
from tests.donations.conftest import make_pledge, make_project, pay, pdf
from tests.factories import UnitFactory, person
from tests.summaries.data import pdf_text, table_rows
from tests.summaries.documents import province_summary

URL = reverse("summaries:year-end")
DOCKING_SHEET, MONEY_SHEET = 10, 11  # after the campaigns and awards sheets

# Wishes are recorded and claimed now, by the clock, and the summary is 2026's.
pytestmark = pytest.mark.usefixtures("late_2026")


def year_end(w, region, year=2026):
    return figures.year_end(w.province_admin, region, year, china_today())


def helping_unit(w, name, region, username):
    unit = UnitFactory(name=name, region=region, kind=UnitKind.HELPING_UNIT)
    unit.reporter = person(f"{username}_r", unit, Role.REPORTER)
    unit.approver = person(f"{username}_a", unit, Role.APPROVER)
    return unit


def wishes(w, unit, *, recorded, docked, withdrawn=0, last_year=0, reporter=None, approver=None):
    """`recorded` wishes of `unit` this year, `docked` of them claimed; besides them
    `withdrawn` withdrawn ones and `last_year` docked ones recorded in 2025."""
    reporter = reporter or unit.reporter
    approver = approver or unit.approver
    village = w.village
    made = []
    for i in range(recorded + withdrawn + last_year):
        wish = services.wish_record(
            user=reporter,
            unit=unit,
            village=village,
            household_name="张明礼",
            title=f"心愿{unit.pk}-{i}",
            value=Decimal("380.00"),
            deadline=date(2026, 12, 31),
        )
        publish = i < recorded or i >= recorded + withdrawn
        services.wish_vet(user=approver, wish=wish, publish=publish)
        made.append(wish)
    for wish in made[:docked] + made[recorded + withdrawn :]:
        services.wish_claim(user=w.nobody, wish=wish)
    for wish in made[recorded + withdrawn :]:
        Wish.objects.filter(pk=wish.pk).update(created_at=datetime(2025, 12, 31, 23, tzinfo=CHINA))
    return made


@pytest.fixture
def docking(dw):
    """延长县's helping unit docks 1 of 3 (33.3 %, met), 延川县's 1 of 4 (25.0 %, not met),
    靖边县's (榆林市) 1 of 1. Withdrawn wishes and last year's do not count."""
    yanchang = dw.helping_unit
    wishes(
        dw,
        yanchang,
        recorded=3,
        docked=1,
        withdrawn=2,
        last_year=3,
        reporter=dw.helper,
        approver=dw.helper_leader,
    )
    yanchuan = helping_unit(dw, "省交通运输厅驻延川县帮扶工作队", dw.yanchuan, "yc")
    wishes(dw, yanchuan, recorded=4, docked=1)
    jingbian = helping_unit(dw, "省水利厅驻靖边县帮扶工作队", dw.jingbian, "jb")
    wishes(dw, jingbian, recorded=1, docked=1)
    return {"yanchang": yanchang, "yanchuan": yanchuan, "jingbian": jingbian}


def goods(w, pledge, amount, on=date(2026, 10, 9), confirm=True):
    certificate = attachment_create(unit=w.yanchang_bureau, uploaded=pdf(), uploaded_by=w.reporter)
    receipt = services.receipt_record_goods(
        user=w.reporter,
        pledge=pledge,
        amount=Decimal(amount),
        received_on=on,
        valued_by=w.village,
        certificate=certificate,
    )
    if confirm:
        services.receipt_confirm_goods(user=w.township_reporter, receipt=receipt)
    return receipt


@pytest.fixture
def money(dw):
    """In 延长县 (延安市): a project pledge paid in part, twice; an undesignated pledge paid
    in part this year and once in 2025; goods for a village, confirmed, and more goods not
    yet confirmed; spending this year and last. In 靖边县 (榆林市): an undesignated gift."""
    project = make_project(dw)
    to_project = make_pledge(dw, amount="10000.00", designation="project", project=project)
    pay(dw, to_project, "3333.33", on=date(2026, 10, 1))
    pay(dw, to_project, "1234.56", on=date(2026, 12, 31), ref="BANK-2")
    central = make_pledge(dw, amount="5000.00", donor_name="延安宏达商贸公司")
    pay(dw, central, "2500.50", on=date(2026, 1, 1))
    pay(dw, central, "1000.00", on=date(2025, 12, 31), ref="BANK-3")  # last year
    in_kind = make_pledge(
        dw,
        kind="goods",
        amount="8000.00",
        designation="village",
        village=dw.village,
        items=[("棉被", Decimal("200"), "床")],
    )
    goods(dw, in_kind, "7600.00")
    goods(dw, in_kind, "300.00", confirm=False)  # awaiting the village: not counted
    evidence = attachment_create(unit=dw.yanchang_bureau, uploaded=pdf(), uploaded_by=dw.reporter)
    for amount, spent_on in [("1000.10", date(2026, 11, 1)), ("99.99", date(2025, 12, 1))]:
        services.spending_record(
            user=dw.approver,
            project=project,
            amount=Decimal(amount),
            spent_on=spent_on,
            purpose="冷库设备",
            evidence=evidence,
        )
    jingbian_drive = services.drive_create(
        user=dw.outsider_reporter,
        unit=dw.jingbian_bureau,
        title="靖边县2026年扶贫日募捐",
        period_start=date(2026, 9, 1),
        period_end=date(2026, 10, 17),
    )
    outside = services.pledge_record(
        user=dw.outsider_reporter,
        drive=jingbian_drive,
        donor_type="individual",
        donor_name="李四",
        kind="cash",
        amount=Decimal("700.01"),
        designation="none",
    )
    services.receipt_record_cash(
        user=dw.outsider_reporter,
        pledge=outside,
        amount=Decimal("700.01"),
        received_on=date(2026, 10, 10),
        reference="BANK-9",
    )
    return {"project": project}


# --- Docking rates --------------------------------------------------------------------


def test_docking_rates_equal_the_wishes(dw, docking):
    data = year_end(dw, dw.yanan)["donations"]["docking"]
    assert data["required_percent"] == "30"
    rows = {row["unit"]: row for row in data["units"]}
    assert list(rows) == ["陕西省统计局驻延长县帮扶工作队", "省交通运输厅驻延川县帮扶工作队"]
    for unit in (docking["yanchang"], docking["yanchuan"]):
        mine = Wish.objects.filter(unit=unit, created_at__year=2026).exclude(
            status=WishStatus.WITHDRAWN
        )
        row = rows[unit.name]
        assert row["unit_id"] == unit.pk
        assert row["recorded"] == mine.count()
        assert row["docked"] == mine.filter(status__in=["claimed", "fulfilled"]).count()
    yanchang, yanchuan = data["units"]
    assert (yanchang["recorded"], yanchang["docked"]) == (3, 1)
    assert (yanchang["percent"], yanchang["meets"]) == ("33.3", True)
    assert (yanchuan["percent"], yanchuan["meets"]) == ("25.0", False)
    # The region: 2 of 7, short of 30 %; one unit of two meets it.
    assert (data["recorded"], data["docked"], data["percent"], data["meets"]) == (
        7,
        2,
        "28.6",
        False,
    )
    assert data["units_meeting"] == 1


def test_a_unit_outside_the_region_is_not_counted(dw, docking):
    province = year_end(dw, dw.province)["donations"]["docking"]
    assert [u["unit_id"] for u in province["units"]] == [
        docking["yanchang"].pk,
        docking["yanchuan"].pk,
        docking["jingbian"].pk,
    ]
    assert (province["recorded"], province["docked"], province["percent"]) == (8, 3, "37.5")
    assert province["meets"] is True
    yulin = year_end(dw, dw.yulin)["donations"]["docking"]
    assert [u["unit"] for u in yulin["units"]] == ["省水利厅驻靖边县帮扶工作队"]
    # 2025: only last year's three docked wishes of 延长县's unit.
    last_year = year_end(dw, dw.yanan, 2025)["donations"]["docking"]
    assert [(u["recorded"], u["docked"], u["percent"]) for u in last_year["units"]] == [
        (3, 3, "100.0")
    ]


def test_no_wishes_no_rate(dw):
    data = year_end(dw, dw.yanan)["donations"]["docking"]
    assert data["units"] == [] and (data["recorded"], data["percent"], data["meets"]) == (
        0,
        "",
        False,
    )


@pytest.mark.parametrize(
    ("docked", "recorded", "percent", "meets"),
    [
        (3, 10, "30.0", True),
        (1, 8, "12.5", False),
        (2, 3, "66.7", True),
        (1, 16, "6.3", False),  # half up, as 四舍五入
        (2996, 10000, "30.0", False),  # 29.96 % prints as 30.0 % but is short of 30 %
        (0, 5, "0.0", False),
    ],
)
def test_rate_to_a_tenth_and_the_30_percent_mark(docked, recorded, percent, meets):
    assert str(rules.docking_percent(docked, recorded)) == percent
    assert rules.meets_docking(docked, recorded) is meets


# --- Money ----------------------------------------------------------------------------


def _expected(region, year):
    """The year's money of `region` added up from the records one by one."""
    cells = {(k, d): Decimal("0.00") for k in ("cash", "goods") for d in (True, False)}
    for receipt in Receipt.objects.select_related("pledge__village", "pledge__unit__region"):
        pledge = receipt.pledge
        where = pledge.village.path if pledge.village else pledge.unit.region.path
        if (
            receipt.status == ReceiptStatus.CONFIRMED
            and receipt.received_on.year == year
            and where.startswith(region.path)
        ):
            cells[receipt.kind, pledge.designation != "none"] += receipt.amount
    spent = sum(
        (
            s.amount
            for s in Spending.objects.select_related("project__village")
            if s.spent_on.year == year and s.project.village.path.startswith(region.path)
        ),
        Decimal("0.00"),
    )
    return cells, spent


def test_money_equals_the_records_to_the_fen(dw, money):
    for region, total in [(dw.yanan, "14668.39"), (dw.province, "15368.40")]:
        data = year_end(dw, region)["donations"]
        received = data["received"]
        cells, spent = _expected(region, 2026)
        for kind in ("cash", "goods"):
            assert Decimal(received[kind]["designated"]) == cells[kind, True]
            assert Decimal(received[kind]["undesignated"]) == cells[kind, False]
        assert data["spent"] == str(spent) == "1000.10"
        assert received["total"]["total"] == total
        # Stored as exact decimal strings with two places, and every way of adding agrees.
        for row in ("cash", "goods", "total"):
            values = received[row]
            assert all(v == f"{Decimal(v):.2f}" for v in values.values())
            assert Decimal(values["designated"]) + Decimal(values["undesignated"]) == Decimal(
                values["total"]
            )
        for column in ("designated", "undesignated", "total"):
            assert Decimal(received["cash"][column]) + Decimal(received["goods"][column]) == (
                Decimal(received["total"][column])
            )
    yanan = year_end(dw, dw.yanan)["donations"]["received"]
    # Part payments add up: 3,333.33 + 1,234.56 to the project; 2,500.50 of the central
    # gift this year (its 1,000.00 of 2025 is last year's); the confirmed goods only.
    assert yanan["cash"] == {
        "designated": "4567.89",
        "undesignated": "2500.50",
        "total": "7068.39",
    }
    assert yanan["goods"] == {"designated": "7600.00", "undesignated": "0.00", "total": "7600.00"}
    assert year_end(dw, dw.yulin)["donations"]["received"]["total"]["total"] == "700.01"
    last_year = year_end(dw, dw.yanan, 2025)["donations"]
    assert last_year["received"]["total"]["total"] == "1000.00"
    assert last_year["spent"] == "99.99"


def test_pending_goods_count_once_confirmed(dw, money):
    pending = Receipt.objects.get(status=ReceiptStatus.PENDING)
    before = year_end(dw, dw.yanan)["donations"]["received"]["goods"]["total"]
    services.receipt_confirm_goods(user=dw.township_reporter, receipt=pending)
    after = year_end(dw, dw.yanan)["donations"]["received"]["goods"]["total"]
    assert (before, after) == ("7600.00", "7900.00")


def test_a_year_without_donations_reads_zero(dw):
    data = year_end(dw, dw.yanan)["donations"]
    assert data["received"]["total"] == {
        "designated": "0.00",
        "undesignated": "0.00",
        "total": "0.00",
    }
    assert (data["spent"], data["receipts"]) == ("0.00", 0)


# --- Queries --------------------------------------------------------------------------


def test_queries_stay_flat_as_helping_units_grow(dw, docking, money):
    def count():
        with CaptureQueriesContext(connection) as queries:
            data = year_end(dw, dw.province)
        return len(queries), data

    year_end(dw, dw.province)  # warm the per-process caches
    before, _ = count()
    with CaptureQueriesContext(connection) as section:
        figures._donations(dw.province, 2026)
    assert len(section) == 3  # wishes, receipts, spending
    for n in range(4):
        unit = helping_unit(dw, f"新帮扶工作队{n}", dw.yanchuan, f"new{n}")
        wishes(dw, unit, recorded=2, docked=n % 2)
        pay(dw, make_pledge(dw, amount="10.00", donor_name=f"捐赠者{n}"), "10.00")
    after, data = count()
    assert len(data["donations"]["docking"]["units"]) == 7
    assert after == before


# --- Preview, PDF, Excel --------------------------------------------------------------


def test_preview_pdf_and_excel_show_the_section(dw, docking, money, client_for):
    params = f"?region={dw.province.pk}&year=2026"
    client = client_for(dw.province_admin)
    html = client.get(URL + params).content.decode()
    assert 'data-testid="docking"' in html and 'data-testid="donations-received"' in html
    assert f'data-unit="{docking["yanchuan"].pk}"' in html
    assert "33.3%" in html and "25.0%" in html
    assert 'data-amount="15368.40">15,368.40<' in html
    assert 'data-amount="1000.10">1,000.10<' in html

    document = province_summary(dw)
    with document.file.open("rb") as f:
        text = pdf_text(f.read()).replace("\n", "")  # long unit names wrap in their cells
    assert "陕西省统计局驻延长县帮扶工作队" in text and "省水利厅驻靖边县帮扶工作队" in text
    assert "33.3%" in text and "37.5%" in text
    assert "15,368.40" in text and "7,600.00" in text and "1,000.10" in text
    assert document.snapshot["figures"]["donations"]["received"]["total"]["total"] == "15368.40"

    book = load_workbook(BytesIO(client.get(URL + params + "&format=xlsx").content))
    rates = table_rows(book.worksheets[DOCKING_SHEET])
    assert rates[1][:5] == ("陕西省统计局驻延长县帮扶工作队", "延长县", 3, 1, 33.3)
    assert rates[2][:5] == ("省交通运输厅驻延川县帮扶工作队", "延川县", 4, 1, 25)
    assert rates[-1][1:5] == ("陕西省", 8, 3, 37.5)
    assert rates[1][5] == rates[-1][5] != rates[2][5]  # met, met, not met
    cash, goods_, total, spent = table_rows(book.worksheets[MONEY_SHEET])[1:]
    assert [Decimal(str(v)) for v in cash[1:]] == [
        Decimal("4567.89"),
        Decimal("3200.51"),
        Decimal("7768.40"),
    ]
    assert Decimal(str(goods_[3])) == Decimal("7600.00")
    assert Decimal(str(total[3])) == Decimal("15368.40")
    assert Decimal(str(spent[3])) == Decimal("1000.10")


def test_an_old_snapshot_without_the_section_still_renders(dw):
    data = year_end(dw, dw.yanan)
    del data["donations"]
    snapshot = {
        "document": {
            "kind": "year-end",
            "title": "旧文件",
            "doc_number": "",
            "issuer": "",
            "issue_date": "2026-12-31",
        },
        "figures": data,
    }
    assert presenters.context_for(snapshot)["donations"] is None
    assert len(presenters.workbook_sheets(snapshot)) == DOCKING_SHEET
