"""Donations figures for a region's year-end summary: each helping unit's micro-wish
docking rate for the year, and the year's donations received and spent.

These are region reports, not page reads: they take a region, not a person. Callers
must already have checked that the person oversees the whole region (the summaries
do, through summaries.selectors), so the figures are the region's and do not change
with who asks. Each function costs the same few grouped queries however many units,
pledges or wishes there are.
"""

from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import BooleanField, CharField, Count, ExpressionWrapper, F, Q, Value
from django.db.models.functions import Coalesce

from donations import rules
from donations.models import (
    DOCKED_STATUSES,
    ZERO,
    EntryKind,
    GiftKind,
    LedgerEntry,
    Receipt,
    ReceiptStatus,
    Spending,
    Wish,
    WishStatus,
    fen,
    money_sum,
)
from portal.clock import CHINA
from portal.models import Region

TENTH = Decimal("0.1")


def docking_percent(docked: int, recorded: int) -> Decimal | None:
    """Docked out of recorded as a percentage to 0.1, rounded half up (四舍五入)."""
    if not recorded:
        return None
    return (Decimal(docked) * 100 / Decimal(recorded)).quantize(TENTH, rounding=ROUND_HALF_UP)


def meets_docking(docked: int, recorded: int) -> bool:
    """At least the required share, compared exactly: 29.96 % is not 30 %, even
    though it prints as 30.0 %."""
    return recorded > 0 and Decimal(docked) >= rules.DOCKING_REQUIRED * recorded


def year_docking(region: Region, year: int) -> dict:
    """The units of `region`'s subtree that recorded micro-wishes in `year` (China time;
    withdrawn wishes do not count, as on the units' pages), with how many of those
    wishes are docked (claimed or fulfilled) and the rate against the required 30 %;
    and the same for the region as a whole. One grouped query."""
    start = datetime(year, 1, 1, tzinfo=CHINA)
    end = datetime(year + 1, 1, 1, tzinfo=CHINA)
    rows = (
        Wish.objects.filter(
            unit__region__path__startswith=region.path,
            created_at__gte=start,
            created_at__lt=end,
        )
        .exclude(status=WishStatus.WITHDRAWN)
        .order_by()
        .values("unit_id", "unit__name", "unit__region__name", "unit__region__path")
        .annotate(
            recorded=Count("pk"),
            docked=Count("pk", filter=Q(status__in=DOCKED_STATUSES)),
        )
        .order_by("unit__region__path", "unit__name", "unit_id")
    )
    units = [
        {
            "unit_id": row["unit_id"],
            "unit": row["unit__name"],
            "region": row["unit__region__name"],
            "recorded": row["recorded"],
            "docked": row["docked"],
            "percent": docking_percent(row["docked"], row["recorded"]),
            "meets": meets_docking(row["docked"], row["recorded"]),
        }
        for row in rows
    ]
    recorded = sum(u["recorded"] for u in units)
    docked = sum(u["docked"] for u in units)
    return {
        "required": rules.DOCKING_REQUIRED,
        "units": units,
        "recorded": recorded,
        "docked": docked,
        "percent": docking_percent(docked, recorded),
        "meets": meets_docking(docked, recorded),
        "units_meeting": sum(1 for u in units if u["meets"]),
    }


def _year(year: int) -> tuple[date, date]:
    return date(year, 1, 1), date(year, 12, 31)


def year_donations(region: Region, year: int) -> dict:
    """What the region received in `year` and what it spent, exact to the fen.

    Received: cash as the ledger books it in the year (receipts by `received_on`, and
    what donors agreed to move, on the day it was moved), and goods once the township or
    village has confirmed them, by `received_on`. Money belongs where the ledger holds it,
    as in selectors.region_totals: its village (for a village or project), else the
    region of the drive's office (undesignated gifts go to the county's central account);
    a consented move from a project to the central account, say, moves only the amount
    agreed from designated to undesignated. Spent: spending on projects whose village is
    in the region, by `spent_on`, as in selectors.statistics. Two queries.

    Returns cash / goods x designated / undesignated, with row and column totals that
    add up by construction (each cell is an exact sum of whole fen).
    """
    days = _year(year)
    cash = (
        LedgerEntry.objects.filter(occurred_on__range=days)
        .exclude(kind=EntryKind.SPENDING)
        .annotate(
            gift=Value(GiftKind.CASH, output_field=CharField()),
            undesignated=ExpressionWrapper(Q(village=None), output_field=BooleanField()),
            where=Coalesce("village__path", "pledge__unit__region__path"),
        )
        .filter(where__startswith=region.path)
        .order_by()
        .values("gift", "undesignated")
        .annotate(total=money_sum("amount"), receipts=Count("pk", filter=Q(kind=EntryKind.RECEIPT)))
    )
    goods = (
        Receipt.objects.filter(
            status=ReceiptStatus.CONFIRMED, kind=GiftKind.GOODS, received_on__range=days
        )
        .annotate(
            gift=F("kind"),
            undesignated=ExpressionWrapper(Q(pledge__village=None), output_field=BooleanField()),
            where=Coalesce("pledge__village__path", "pledge__unit__region__path"),
        )
        .filter(where__startswith=region.path)
        .order_by()
        .values("gift", "undesignated")
        .annotate(total=money_sum("amount"), receipts=Count("pk"))
    )
    cells = {
        kind: {"designated": ZERO, "undesignated": ZERO} for kind in (GiftKind.CASH, GiftKind.GOODS)
    }
    receipts = 0
    for row in cash.union(goods, all=True):
        column = "undesignated" if row["undesignated"] else "designated"
        cells[row["gift"]][column] += fen(row["total"])
        receipts += row["receipts"]
    for cell in cells.values():
        cell["total"] = cell["designated"] + cell["undesignated"]
    total = {
        column: cells[GiftKind.CASH][column] + cells[GiftKind.GOODS][column]
        for column in ("designated", "undesignated", "total")
    }
    spent = Spending.objects.filter(
        project__village__path__startswith=region.path, spent_on__range=_year(year)
    ).aggregate(total=money_sum("amount"))["total"]
    return {
        "cash": cells[GiftKind.CASH],
        "goods": cells[GiftKind.GOODS],
        "total": total,
        "receipts": receipts,
        "spent": fen(spent),
    }
