"""The public disclosure page and the region totals with 100,000 pledges, beside the bare
SQL for the same figures.

    .venv/bin/python bench/donations_bench.py [--pledges 100000]
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/portal_bench_donations \
        .venv/bin/python bench/donations_bench.py

Builds (once; kept between runs) a county with 10 townships of 20 villages, one disclosed
drive and `--pledges` confirmed pledges from every donor type (70 % designated to a
village, the rest to the central account), 70 % of them received in one or two receipts.
Then (after VACUUM ANALYZE on PostgreSQL) times, best of five:
- the public disclosure page (first page of donors and the drive's total), cold (cache
  emptied before each request) and warm; page 250 cold and warm, beside the bare SQL of
  the same 200 donors (grouped over every receipt and skipping 49,800 donors, and paged
  over the pledges with only the page's receipts summed), and checks the rows agree;
- region_totals for the county and for the province, statistics for the county and the
  whole statistics page as the county clerk sees it;
- the bare SQL that computes the same totals, and checks the figures agree to the fen.

Without DATABASE_URL it uses its own SQLite file in /tmp, never the demo database.
"""

import argparse
import os
import random
import sys
import time
from datetime import date
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.test_settings")
os.environ.setdefault("DATABASE_URL", "sqlite:////tmp/portal_donations_bench.sqlite3")

import django

django.setup()

from django.core.cache import cache  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402
from django.utils import timezone  # noqa: E402

from donations import selectors  # noqa: E402
from donations.models import Account, Drive, LedgerEntry, Pledge, Receipt  # noqa: E402
from portal.models import Membership, Region, RegionLevel, Role, Unit, UnitKind, User  # noqa: E402

DONOR_TYPES = ["unit", "enterprise", "social_org", "individual"]


def build(n_pledges: int) -> Drive:
    drive = Drive.objects.filter(title="基准募捐").first()
    if drive and Pledge.objects.filter(drive=drive).count() == n_pledges:
        if not LedgerEntry.objects.filter(pledge__drive=drive).exists():
            # Data built before the ledger entries were: add them.
            receipts = Receipt.objects.filter(pledge__drive=drive).select_related(
                "pledge", "account"
            )
            book(list(receipts.order_by("pk")))
        return drive
    rng = random.Random(17)
    province = Region.objects.create(name="基准省", level=RegionLevel.PROVINCE)
    city = Region.objects.create(name="基准市", level=RegionLevel.CITY, parent=province)
    county = Region.objects.create(name="基准县", level=RegionLevel.COUNTY, parent=city)
    villages = []
    for t in range(10):
        township = Region.objects.create(
            name=f"基准镇{t}", level=RegionLevel.TOWNSHIP, parent=county
        )
        for v in range(20):
            villages.append(
                Region.objects.create(
                    name=f"基准村{t}-{v}", level=RegionLevel.VILLAGE, parent=township
                )
            )
    bureau = Unit.objects.create(name="基准县扶贫局", region=county, kind=UnitKind.POVERTY_OFFICE)
    clerk = User.objects.create(username="bench_donations_clerk")
    clerk.set_unusable_password()
    clerk.save()
    Membership.objects.create(user=clerk, unit=bureau, role=Role.REPORTER)
    now = timezone.now()
    drive = Drive.objects.create(
        unit=bureau,
        title="基准募捐",
        period_start=date(2026, 9, 1),
        period_end=date(2026, 10, 17),
        donors_disclosed_at=now,
    )
    central = Account.objects.create(kind="central", region=county)
    village_accounts = {v.pk: Account.objects.create(kind="village", region=v) for v in villages}
    batch = 10_000
    for start in range(0, n_pledges, batch):
        pledges = []
        for n in range(start, min(start + batch, n_pledges)):
            village = rng.choice(villages) if rng.random() < 0.7 else None
            pledges.append(
                Pledge(
                    drive=drive,
                    unit=bureau,
                    donor_type=rng.choice(DONOR_TYPES),
                    donor_name=f"捐赠者{n:06d}",
                    kind="cash",
                    amount=Decimal(rng.randint(1_000, 5_000_000)) / 100,
                    designation="village" if village else "none",
                    village=village,
                    status="confirmed",
                    confirmed_at=now,
                    disclosed_at=now,
                    anonymous=rng.random() < 0.1,
                )
            )
        pledges = Pledge.objects.bulk_create(pledges)
        receipts = []
        for pledge in pledges:
            if rng.random() >= 0.7:
                continue
            account = village_accounts[pledge.village_id] if pledge.village_id else central
            parts = (
                [pledge.amount]
                if rng.random() < 0.6
                else [
                    (pledge.amount / 2).quantize(Decimal("0.01")),
                    pledge.amount - (pledge.amount / 2).quantize(Decimal("0.01")),
                ]
            )
            for part in parts:
                if part <= 0:
                    continue
                receipts.append(
                    Receipt(
                        pledge=pledge,
                        kind="cash",
                        amount=part,
                        received_on=date(2026, 10, 10),
                        reference="BENCH",
                        account=account,
                        status="confirmed",
                        recorded_by=clerk,
                        confirmed_by=clerk,
                        confirmed_at=now,
                    )
                )
        book(Receipt.objects.bulk_create(receipts, batch_size=5000))
    return drive


def book(receipts: list[Receipt]) -> None:
    """The ledger entries the receipt service books (region_totals reads cash there)."""
    LedgerEntry.objects.bulk_create(
        (
            LedgerEntry(
                account_id=r.account_id,
                village_id=r.pledge.village_id,
                region_id=r.pledge.village_id or r.account.region_id,
                kind="receipt",
                amount=r.amount,
                occurred_on=r.received_on,
                pledge_id=r.pledge_id,
                receipt=r,
            )
            for r in receipts
        ),
        batch_size=5000,
    )


def best(fn, runs=5):
    times, result = [], None
    for _ in range(runs):
        started = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - started)
    return min(times) * 1000, result


def bare(sql, params):
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--pledges", type=int, default=100_000)
    args = parser.parse_args()
    setup_test_environment()
    call_command("migrate", verbosity=0)
    started = time.perf_counter()
    drive = build(args.pledges)
    if connection.vendor == "postgresql":
        # Fresh bulk loads have no planner statistics until autovacuum gets to them; a
        # running portal's tables always have them.
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")
    county = drive.unit.region
    province = county.ancestors().first()
    print(
        f"{connection.vendor}: {Pledge.objects.filter(drive=drive).count()} pledges, "
        f"{Receipt.objects.filter(pledge__drive=drive).count()} receipts "
        f"(ready in {time.perf_counter() - started:.1f} s)"
    )
    client = Client()
    url = f"/donations/public/drives/{drive.pk}/"

    def cold():
        cache.clear()
        response = client.get(url)
        assert response.status_code == 200
        return response.context["total"]

    ms, page_total = best(cold)
    print(f"disclosure page, cold:          {ms:8.1f} ms  (first 200 donors and the total)")
    ms, _ = best(lambda: client.get(url).status_code)
    print(f"disclosure page, warm (cached): {ms:8.1f} ms")
    ms, _ = best(lambda: (cache.clear(), client.get(url + "?page=250"))[1].status_code)
    print(f"disclosure page 250, cold:      {ms:8.1f} ms")
    pages = iter(range(200, 250))

    def deep():
        # A page not cached yet, once another page has been (the figures and where each
        # page starts are kept per version, like the pages).
        response = client.get(url + f"?page={next(pages)}")
        assert response.status_code == 200
        return response

    cache.clear()
    client.get(url + "?page=2")
    ms, _ = best(deep)
    print(f"disclosure page ~200, after another page: {ms:5.1f} ms")
    ms, response = best(lambda: client.get(url + "?page=250"))
    print(f"disclosure page 250, warm:      {ms:8.1f} ms")
    page_rows = [
        (d["name"], d["anonymous"], d["donor_type"], d["kind"], d["received"])
        for d in response.context["donors"]
    ]
    disclosed = """
        p.drive_id = %s AND p.status IN ('confirmed', 'withdrawn')
        AND p.disclosed_at IS NOT NULL"""
    sql_grouped = f"""
        SELECT p.id, p.donor_name, p.donor_type, p.anonymous, p.kind, SUM(r.amount)
        FROM donations_receipt r JOIN donations_pledge p ON p.id = r.pledge_id
        WHERE r.status = 'confirmed' AND {disclosed}
        GROUP BY p.id, p.donor_name, p.donor_type, p.anonymous, p.kind
        ORDER BY p.donor_name, p.id LIMIT 200 OFFSET 49800"""
    sql_paged = f"""
        SELECT page.*, (
            SELECT SUM(r.amount) FROM donations_receipt r
            WHERE r.pledge_id = page.id AND r.status = 'confirmed')
        FROM (
            SELECT p.id, p.donor_name, p.donor_type, p.anonymous, p.kind
            FROM donations_pledge p
            WHERE {disclosed} AND EXISTS (
                SELECT 1 FROM donations_receipt r
                WHERE r.pledge_id = p.id AND r.status = 'confirmed')
            ORDER BY p.donor_name, p.id LIMIT 200 OFFSET 49800
        ) page
        ORDER BY page.donor_name, page.id"""
    sql_keyset = f"""
        SELECT page.*, (
            SELECT SUM(r.amount) FROM donations_receipt r
            WHERE r.pledge_id = page.id AND r.status = 'confirmed')
        FROM (
            SELECT p.id, p.donor_name, p.donor_type, p.anonymous, p.kind
            FROM donations_pledge p
            WHERE {disclosed} AND (p.donor_name, p.id) >= (%s, %s) AND EXISTS (
                SELECT 1 FROM donations_receipt r
                WHERE r.pledge_id = p.id AND r.status = 'confirmed')
            ORDER BY p.donor_name, p.id LIMIT 200
        ) page
        ORDER BY page.donor_name, page.id"""
    first = bare(sql_paged.replace("LIMIT 200", "LIMIT 1"), [drive.pk])[0]
    for label, sql, params in (
        ("grouped, as before", sql_grouped, [drive.pk]),
        ("pledges, offset", sql_paged, [drive.pk]),
        ("pledges from its first", sql_keyset, [drive.pk, first[1], first[0]]),
    ):
        ms, rows = best(lambda sql=sql, params=params: bare(sql, params))
        print(f"  bare SQL, page 250 ({label}): {ms:6.1f} ms")
        bare_rows = [
            (
                None if anonymous and donor_type == "individual" else name,
                bool(anonymous and donor_type == "individual"),
                donor_type,
                kind,
                Decimal(str(received)).quantize(Decimal("0.01")),
            )
            for _pk, name, donor_type, anonymous, kind, received in rows
        ]
        assert bare_rows == page_rows, label

    sql_total = """
        SELECT SUM(r.amount) FROM donations_receipt r
        JOIN donations_pledge p ON p.id = r.pledge_id
        WHERE r.status = 'confirmed' AND p.drive_id = %s AND p.disclosed_at IS NOT NULL
          AND p.status IN ('confirmed', 'withdrawn')"""
    ms, rows = best(lambda: bare(sql_total, [drive.pk]))
    print(f"  bare SQL, disclosed total:    {ms:8.1f} ms")
    assert Decimal(str(rows[0][0])).quantize(Decimal("0.01")) == page_total, (rows, page_total)

    for region in (county, province):
        ms, (rows_, _unplaced) = best(lambda region=region: selectors.region_totals(region))
        print(f"region_totals({region.name}):   {ms:8.1f} ms  ({len(rows_)} child regions)")
    ms, stats = best(
        lambda: selectors.statistics(User.objects.get(username="bench_donations_clerk"), county)
    )
    print(f"statistics(county):             {ms:8.1f} ms")
    clerk = User.objects.get(username="bench_donations_clerk")
    staff = Client()
    staff.force_login(clerk)
    ms, status = best(lambda: staff.get("/donations/statistics/").status_code)
    assert status == 200, status
    print(f"statistics page (county):       {ms:8.1f} ms")

    sql_regions = """
        SELECT t.id, SUM(p.amount) FROM donations_pledge p
        JOIN portal_region v ON v.id = p.village_id
        JOIN portal_region t ON t.id = v.parent_id
        WHERE p.status = 'confirmed' AND p.unit_id = %s
        GROUP BY t.id"""
    ms, bare_rows = best(lambda: bare(sql_regions, [drive.unit_id]))
    print(f"  bare SQL, pledged per township: {ms:6.1f} ms")
    sql_received = """
        SELECT t.id, SUM(r.amount) FROM donations_receipt r
        JOIN donations_pledge p ON p.id = r.pledge_id
        JOIN portal_region v ON v.id = p.village_id
        JOIN portal_region t ON t.id = v.parent_id
        WHERE r.status = 'confirmed' AND p.unit_id = %s
        GROUP BY t.id"""
    ms, bare_received = best(lambda: bare(sql_received, [drive.unit_id]))
    print(f"  bare SQL, received per township: {ms:5.1f} ms")
    rows_, _unplaced = selectors.region_totals(county)
    ours = {r["region"].pk: (r["pledged"], r["received"]) for r in rows_}
    for township_id, total in bare_rows:
        # The bare SQL sums floats on SQLite; ours sums whole fen. They agree within a fen
        # per thousand rows on SQLite and exactly on PostgreSQL.
        assert abs(Decimal(str(total)) - ours[township_id][0]) < Decimal("0.05"), township_id
    for township_id, total in bare_received:
        assert abs(Decimal(str(total)) - ours[township_id][1]) < Decimal("0.05"), township_id
    print(f"figures agree (county received {stats['total']})")


if __name__ == "__main__":
    main()
