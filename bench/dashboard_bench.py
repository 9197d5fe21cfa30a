"""Province-sized benchmark of the officials' dashboard, on PostgreSQL.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/portal_h22 \
        .venv/bin/python bench/dashboard_bench.py [--units 120] [--years 10] [--items 200]

Builds (once; kept between runs) the province of bench/submissions_bench.py, but with its
ten years of quarters ending at the quarter being filed now, so that this year and the last
eight quarters hold data: about 120 reporting units x 40 quarters x 200 items (960,000
items), reports mostly adopted (with their per-report totals and the journal's record of
each adoption, as report_adopt leaves them), the quarter being filed half filed. Then prints
the median time of a provincial administrator's home page (the dashboard and the county
map) through Django's test client, each of the page's queries by time, and the bare SQL of
the heaviest one with its own median time and its plan. The goal is under 150 ms.

Run it smaller with --units and --items (say --units 12 for a tenth of the data).
"""

import argparse
import os
import random
import sys
import time
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.test_settings")
os.environ.setdefault("ALLOWED_HOSTS", "testserver")

import django

django.setup()

from django.contrib.contenttypes.models import ContentType  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.urls import reverse  # noqa: E402
from submissions_bench import copy_items, median_ms  # noqa: E402

from front import dashboard  # noqa: E402
from front.glance import Glance  # noqa: E402
from portal import clock  # noqa: E402
from portal.models import (  # noqa: E402
    JournalEntry,
    Membership,
    Region,
    RegionLevel,
    Role,
    Unit,
    UnitKind,
    User,
)
from submissions import deadlines, scoring  # noqa: E402
from submissions.models import Report, ReportStatus  # noqa: E402
from submissions.selectors.overview import default_period  # noqa: E402

GOAL_MS = 150


def quarters_until_now(years: int) -> list[tuple[int, int]]:
    """`years` x 4 quarters, oldest first, ending at the quarter being filed now."""
    periods = [default_period(clock.china_today())]
    while len(periods) < years * 4:
        periods.append(clock.previous_quarter(*periods[-1]))
    return periods[::-1]


def build(units_wanted: int, years: int, items_per_report: int) -> None:
    if Report.objects.exists():
        print(f"data set present: {Report.objects.count():,} reports", flush=True)
        return
    started = time.perf_counter()
    rng = random.Random(7)
    province = Region.objects.create(name="陕西省", code="610000", level=RegionLevel.PROVINCE)
    office = Unit.objects.create(
        name="陕西省扶贫开发办公室", kind=UnitKind.POVERTY_OFFICE, region=province
    )
    admin = User.objects.create_user("bench_admin", password="x")  # noqa: S106
    for role in (Role.ADMIN, Role.REVIEWER):
        Membership.objects.create(user=admin, unit=office, role=role)
    reporting = []
    for c in range(max(1, units_wanted // 10)):
        city = Region.objects.create(name=f"第{c + 1}市", level=RegionLevel.CITY, parent=province)
        reporting.append(
            Unit.objects.create(
                name=f"{city.name}扶贫办", kind=UnitKind.POVERTY_OFFICE, region=city
            )
        )
        for k in range(9):
            if len(reporting) >= units_wanted:
                break
            county = Region.objects.create(
                name=f"{city.name}第{k + 1}县", level=RegionLevel.COUNTY, parent=city
            )
            reporting.append(
                Unit.objects.create(
                    name=f"{county.name}扶贫局", kind=UnitKind.POVERTY_OFFICE, region=county
                )
            )
    periods = quarters_until_now(years)
    current = periods[-1]
    reports = []
    for unit in reporting:
        for y, q in periods:
            due = deadlines.default_due_date(y, q)
            if (y, q) == current:
                # The quarter being filed: a third not started, a third submitted, some late.
                if rng.random() < 0.33:
                    continue
                status = ReportStatus.SUBMITTED
                submitted = due + timedelta(days=rng.choice([-3, -1, 2]))
            else:
                status = rng.choice([ReportStatus.ADOPTED] * 6 + [ReportStatus.SUBMITTED])
                submitted = due - timedelta(days=2)
            reports.append(
                Report(
                    unit=unit,
                    year=y,
                    quarter=q,
                    status=status,
                    due_date=due,
                    submitted_at=clock.end_of_day(submitted),
                    is_late=submitted > due,
                    created_by=admin,
                    last_item_number=items_per_report,
                )
            )
    Report.objects.bulk_create(reports, batch_size=2000)
    print(f"{len(reporting)} units, {len(reports):,} reports", flush=True)
    written = copy_items(
        Report.objects.values_list("pk", "year", "quarter", "status"), items_per_report, rng
    )
    # What report_adopt records: the adoption in the journal (a month after the deadline),
    # which the dashboard reads for "the same day last year".
    kind = ContentType.objects.get_for_model(Report)
    JournalEntry.objects.bulk_create(
        [
            JournalEntry(
                action="submissions.report.adopted",
                actor=admin,
                at=clock.end_of_day(due + timedelta(days=30)),
                content_type=kind,
                object_id=pk,
            )
            for pk, due in Report.objects.filter(status=ReportStatus.ADOPTED).values_list(
                "pk", "due_date"
            )
        ],
        batch_size=5000,
    )
    print(f"built {written:,} items in {time.perf_counter() - started:.0f} s", flush=True)


def bare(sql: str):
    def run():
        with connection.cursor() as cursor:
            cursor.execute(sql)
            cursor.fetchall()

    return run


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--units", type=int, default=120)
    parser.add_argument("--years", type=int, default=10)
    parser.add_argument("--items", type=int, default=200)
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    if connection.vendor != "postgresql":
        sys.exit("Run this against PostgreSQL: set DATABASE_URL.")
    call_command("migrate", verbosity=0)
    build(args.units, args.years, args.items)
    made = scoring.fill_missing_totals()
    if made:
        print(f"totals for {made:,} adopted reports", flush=True)
    with connection.cursor() as cursor:
        # As in submissions_bench: the visibility map and statistics autovacuum keeps.
        cursor.execute("VACUUM ANALYZE")
        cursor.execute("SELECT count(*) FROM submissions_item")
        (items,) = cursor.fetchone()
    print(
        f"\ndata: {Unit.objects.count()} units, {Report.objects.count():,} reports, "
        f"{items:,} items; today {clock.china_today()}\n"
    )
    admin = User.objects.get(username="bench_admin")
    client = Client()
    client.force_login(admin, backend="django.contrib.auth.backends.ModelBackend")
    home = reverse("home")

    def page():
        assert client.get(home).status_code == 200

    server = median_ms(page, runs=args.runs)
    # Each of the page's queries run bare (Django's own timings of a loaded page are
    # rounded to the millisecond and include the driver's fetching).
    with CaptureQueriesContext(connection) as captured:
        page()
    sqls = list(dict.fromkeys(q["sql"] for q in captured))
    ranked = sorted(((median_ms(bare(sql), runs=3), sql) for sql in sqls), reverse=True)
    total_sql = sum(ms for ms, _sql in ranked)
    verdict = "within" if server < GOAL_MS else "OVER"
    print(f"province admin's home page: {server:.1f} ms median ({verdict} the {GOAL_MS} ms goal)")
    print(f"{len(captured)} queries, {total_sql:.1f} ms of bare SQL; the five heaviest:")
    for ms, sql in ranked[:5]:
        print(f"  {ms:7.1f} ms  {sql[:110]}")
    # Each chart alone (its selectors and its drawing), to find what the page spends.
    province = Region.objects.get(parent=None)
    print("each chart of the dashboard alone (selectors and drawing):")
    for key, make in dashboard.CHARTS.items():

        def chart(make=make):
            # A new glance each time: the figures it keeps for the charts are read again.
            make(Glance(admin, province, clock.china_today()))

        print(f"  {key:10} {median_ms(chart, runs=args.runs):7.1f} ms")
    heaviest = ranked[0][1]
    alone = median_ms(bare(heaviest), runs=args.runs)
    print(f"\nthe heaviest query, bare ({alone:.1f} ms median):")
    print(heaviest)
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + heaviest)
        print("\n".join(row[0] for row in cursor.fetchall()))


if __name__ == "__main__":
    main()
