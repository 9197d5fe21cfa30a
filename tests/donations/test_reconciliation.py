"""On random data (fixed seed), every figure reconciles to the fen: an independent model
in plain Decimals follows each receipt, spending and consented move, and the ledger's
sums per account, project, village and region must equal it; receipts minus spending
equals the sum of all balances; the statistics page's totals equal the receipts."""

import random
from collections import defaultdict
from datetime import date
from decimal import Decimal

import pytest

from donations import selectors, services
from donations.models import Account, LedgerEntry, Receipt, ReceiptStatus, Spending, money_sum
from portal.services import attachment_create
from tests.donations.conftest import make_pledge, make_project, pdf

pytestmark = pytest.mark.django_db

SEED = 20261017
OPERATIONS = 400


def cents(rng, low, high) -> Decimal:
    return Decimal(rng.randint(low, high)) / 100


def ledger_sums(field):
    return {
        row[field]: row["total"]
        for row in LedgerEntry.objects.order_by().values(field).annotate(total=money_sum("amount"))
    }


def test_receipts_spending_and_balances_reconcile(dw):
    rng = random.Random(SEED)
    evidence = attachment_create(unit=dw.yanchang_bureau, uploaded=pdf(), uploaded_by=dw.reporter)
    villages = [dw.village, dw.village2]
    projects = [
        make_project(dw, title=f"项目{i}", village=villages[i % 2], budget="500000.00")
        for i in range(4)
    ]
    central = Account.objects.get_or_create(kind="central", region=dw.yanchang)[0]

    # The independent model: balances keyed by designation, and per account.
    by_project = defaultdict(Decimal)
    by_village_direct = defaultdict(Decimal)  # village designations (no project)
    by_account = defaultdict(Decimal)
    received_total = Decimal("0")
    spent_total = Decimal("0")
    pledges = []

    def account_of(project, village):
        if village is None:
            return central.pk
        return Account.objects.get(kind="village", region=village).pk

    def book(project, village, amount):
        if project is not None:
            by_project[project.pk] += amount
        elif village is not None:
            by_village_direct[village.pk] += amount
        by_account[account_of(project, village)] += amount

    for _step in range(OPERATIONS):
        action = rng.choice(["pledge", "receive", "receive", "receive", "spend", "move"])
        if action == "pledge" or not pledges:
            choice = rng.choice(["project", "village", "none"])
            project = rng.choice(projects) if choice == "project" else None
            village = rng.choice(villages) if choice == "village" else None
            pledges.append(
                make_pledge(
                    dw,
                    amount=str(cents(rng, 100, 2_000_000)),
                    designation=choice,
                    project=project,
                    village=village,
                    donor_type=rng.choice(["unit", "enterprise", "social_org", "individual"]),
                    donor_name=f"捐赠者{len(pledges)}",
                )
            )
        elif action == "receive":
            pledge = rng.choice(pledges)
            pledge.refresh_from_db()
            outstanding = services.pledge_figures(pledge)["outstanding"]
            amount = cents(rng, 1, 500_000)
            try:
                services.receipt_record_cash(
                    user=dw.reporter,
                    pledge=pledge,
                    amount=amount,
                    received_on=date(2026, 10, 1),
                    reference="R",
                )
            except services.DonationError:
                assert amount > outstanding
                continue
            assert amount <= outstanding
            received_total += amount
            book(pledge.project, pledge.village, amount)
        elif action == "spend":
            project = rng.choice(projects)
            amount = cents(rng, 1, 300_000)
            try:
                services.spending_record(
                    user=dw.reporter,
                    project=project,
                    amount=amount,
                    spent_on=date(2026, 11, 1),
                    purpose="支出",
                    evidence=evidence,
                )
            except services.DonationError:
                assert amount > by_project[project.pk]
                continue
            spent_total += amount
            book(project, project.village, -amount)
        else:
            pledge = rng.choice(pledges)
            pledge.refresh_from_db()
            target = rng.choice(["project", "village", "none"])
            to_project = rng.choice(projects) if target == "project" else None
            to_village = rng.choice(villages) if target == "village" else None
            amount = cents(rng, 1, 200_000)
            try:
                services.pledge_reallocate(
                    user=dw.reporter,
                    pledge=pledge,
                    amount=amount,
                    to_designation=target,
                    to_project=to_project,
                    to_village=to_village,
                    consent_on=date(2026, 11, 2),
                    consent_note="同意",
                    consent_evidence=evidence,
                )
            except services.DonationError:
                continue
            # Only the amount agreed moves; the pledge keeps the donor's designation.
            book(pledge.project, pledge.village, -amount)
            book(to_project, to_project.village if to_project else to_village, amount)

    assert received_total > 0 and spent_total > 0

    # Per account.
    assert {k: v for k, v in ledger_sums("account").items()} == {
        k: v for k, v in by_account.items() if v or k in ledger_sums("account")
    }
    # Per project, and what spending left is never negative.
    for project in projects:
        assert services.designation_balance("project", project=project) == by_project[project.pk]
        assert by_project[project.pk] >= 0
    # Per village: its own designations plus its projects.
    village_sums = ledger_sums("village")
    for village in villages:
        expected = by_village_direct[village.pk] + sum(
            by_project[p.pk] for p in projects if p.village_id == village.pk
        )
        assert village_sums.get(village.pk, Decimal("0")) == expected
    # Per region: the township is the sum of its villages, the county adds its central account.
    township = LedgerEntry.objects.filter(region__path__startswith=dw.qilicun.path).aggregate(
        t=money_sum("amount")
    )["t"]
    assert township == sum(v for k, v in village_sums.items() if k is not None)
    county = LedgerEntry.objects.filter(region__path__startswith=dw.yanchang.path).aggregate(
        t=money_sum("amount")
    )["t"]
    assert county == township + by_account[central.pk]
    # Receipts minus spending is everything held.
    cash_received = Receipt.objects.filter(status=ReceiptStatus.CONFIRMED).aggregate(
        t=money_sum("amount")
    )["t"]
    assert cash_received == received_total
    assert Spending.objects.aggregate(t=money_sum("amount"))["t"] == spent_total
    assert county == received_total - spent_total
    # The statistics and region totals agree with the receipts to the fen.
    stats = selectors.statistics(dw.province_admin, dw.yanchang)
    assert stats["total"] == received_total
    assert sum(stats["by_donor_type"].values()) == received_total
    assert sum(stats["by_designation"].values()) == received_total
    rows, unplaced = selectors.region_totals(dw.yanchang)
    assert sum(r["received"] for r in rows) + unplaced["received"] == received_total
