"""Country-sized benchmark of the quarterly-report pages, on PostgreSQL.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/portal_national \
        .venv/bin/python bench/national_bench.py [--years 2] [--items 200] [--measure-only]

Builds (once; kept between runs) the real division tree of the whole country to county depth
under a nation (load_regions), one poverty-alleviation office per province, city and county
(about 3,350 units), and two years of quarterly reports of every city and county office at
200 items each (about 5 million items). Then prints, as bench/submissions_bench.py does, each
page's median server time beside the bare SQL that fetches the same numbers: the Shaanxi
provincial reviewer's pages (bench/submissions_bench.py's aim of 100 ms still holds for a
province inside a national deployment), the national reviewer's completeness and assessment (goal:
under 200 ms: a row per province, each leading to the province's page, measured too), and the
queries that scope a county reporter.
"""

import argparse
import os
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
# One log line per request would drown the table.
os.environ.setdefault("LOG_LEVEL", "WARNING")

from django.core.management import call_command
from django.db import connection, transaction
from django.db.models import Count
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

# Importing submissions_bench sets Django up (test settings), before the models below.
from bench.submissions_bench import (
    bare_sql,
    copy_items,
    median_ms,
    minimal_template,
    page,
    quarterly_reports,
)
from portal import clock
from portal.models import Membership, Region, RegionLevel, Role, Unit, UnitKind, User
from portal.scoping import scope_for, visible_units
from submissions import scoring
from submissions.models import MediaLevel, MediaType, Report, ReportStatus

NATION = "全国"
SHAANXI = "610000"
# 延长县, the demo's county; any Shaanxi county would do.
REPORTER_COUNTY = "610621"
OFFICE_SUFFIX = {
    RegionLevel.PROVINCE: "扶贫开发办公室",
    RegionLevel.CITY: "扶贫办",
    RegionLevel.COUNTY: "扶贫局",
}


def build(years: int, items_per_report: int) -> None:
    """Each step is skipped when its data is there, so a run after a finished build only
    measures. Reports and items go in one transaction: a build cut short leaves none."""
    started = time.perf_counter()
    if not Region.objects.filter(level=RegionLevel.NATION).exists():
        call_command("load_regions", "--all", "--depth", "county", "--nation", NATION)
    if not Unit.objects.exists():
        make_units()
    if Report.objects.exists():
        print(f"data set present: {Report.objects.count():,} reports", flush=True)
        return
    rng = random.Random(7)
    this_year = clock.china_today().year
    quarters = [(y, q) for y in range(this_year - years, this_year) for q in range(1, 5)]
    reporting = list(
        Unit.objects.filter(region__level__in=[RegionLevel.CITY, RegionLevel.COUNTY]).order_by("pk")
    )
    with transaction.atomic():
        reviewer = User.objects.get(username="shaanxi_reviewer")
        reports = quarterly_reports(reporting, quarters, reviewer, items_per_report, rng)
        print(f"{len(reporting):,} reporting units, {len(reports):,} reports", flush=True)
        rows = Report.objects.order_by("pk").values_list("pk", "year", "quarter", "status")
        written = copy_items(rows, items_per_report, rng)
    print(f"built {written:,} items in {time.perf_counter() - started:.0f} s", flush=True)


def make_units() -> None:
    regions = Region.objects.filter(level__in=list(OFFICE_SUFFIX)).order_by("path")
    Unit.objects.bulk_create(
        [
            Unit(name=f"{r.name}{OFFICE_SUFFIX[r.level]}", kind=UnitKind.POVERTY_OFFICE, region=r)
            for r in regions
        ],
        batch_size=2000,
    )
    nation = Region.objects.get(level=RegionLevel.NATION)
    national = Unit.objects.create(
        name="国务院扶贫开发领导小组办公室", kind=UnitKind.POVERTY_OFFICE, region=nation
    )
    shaanxi = Unit.objects.get(region__code=SHAANXI)
    county = Unit.objects.get(region__code=REPORTER_COUNTY)
    for username, unit, role in [
        ("national_reviewer", national, Role.REVIEWER),
        ("shaanxi_reviewer", shaanxi, Role.REVIEWER),
        ("county_reporter", county, Role.REPORTER),
    ]:
        user = User.objects.create_user(username, password="x")  # noqa: S106
        Membership.objects.create(user=user, unit=unit, role=role)
    print(f"{Unit.objects.count():,} units", flush=True)


def signed_in(username: str) -> Client:
    client = Client()
    client.force_login(
        User.objects.get(username=username), backend="django.contrib.auth.backends.ModelBackend"
    )
    return client


def print_sizes() -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM submissions_item")
        (items,) = cursor.fetchone()
        cursor.execute(
            "SELECT pg_size_pretty(pg_total_relation_size('submissions_item')), "
            "pg_size_pretty(pg_database_size(current_database())), current_database()"
        )
        item_size, db_size, db_name = cursor.fetchone()
    levels = dict(Region.objects.order_by().values_list("level").annotate(n=Count("pk")))
    regions = ", ".join(f"{levels.get(lv, 0):,} {lv}" for lv in RegionLevel.values if lv in levels)
    print(
        f"\ndata ({db_name}, {db_size}): regions {regions}; {Unit.objects.count():,} units; "
        f"{Report.objects.count():,} reports; {items:,} items ({item_size} with indexes)"
    )


def in_subtree(path: str) -> str:
    """SQL: the unit `u` lies in the region subtree at `path` (what the scope filters on)."""
    return (
        "u.region_id IN (SELECT id FROM portal_region "
        f"WHERE path LIKE '{path}%%' AND level IN ('city', 'county'))"
    )


def completeness_sql(path: str, year: int) -> list[str]:
    return [
        "SELECT u.id, u.name, g.path, r.status, r.is_late, "
        "(SELECT count(*) FROM submissions_item i WHERE i.report_id = r.id) "
        "FROM portal_unit u JOIN portal_region g ON g.id = u.region_id "
        "LEFT JOIN submissions_report r ON r.unit_id = u.id "
        f"AND r.year = {year} AND r.quarter = 2 "
        f"WHERE u.kind = 'poverty_office' AND {in_subtree(path)}"
    ]


def assessment_sql(path: str, year: int) -> list[str]:
    # The page sums the per-report totals that report_adopt stores (one row per report),
    # so the bare SQL does too; summing the year's items is the page's old cost.
    return [
        "SELECT r.unit_id, sum(t.points), sum(t.adopted) FROM submissions_report r "
        "JOIN submissions_reporttotals t ON t.report_id = r.id "
        "JOIN portal_unit u ON u.id = r.unit_id "
        f"WHERE r.year = {year} AND r.status = 'adopted' AND {in_subtree(path)} "
        "GROUP BY r.unit_id ORDER BY 2 DESC",
        "SELECT u.id, u.name, g.path FROM portal_unit u JOIN portal_region g "
        f"ON g.id = u.region_id WHERE u.kind = 'poverty_office' AND {in_subtree(path)}",
    ]


# SQL: the province of the unit `u` (in region `g`, whose parent is `c`): what the national
# pages group by.
PROVINCE_OF = "CASE g.level WHEN 'city' THEN g.parent_id ELSE c.parent_id END"
FROM_UNITS = (
    "FROM portal_unit u JOIN portal_region g ON g.id = u.region_id "
    "JOIN portal_region c ON c.id = g.parent_id"
)


def completeness_by_province_sql(path: str, year: int) -> list[str]:
    return [
        f"SELECT {PROVINCE_OF}, r.status, r.is_late, count(*) {FROM_UNITS} "
        "LEFT JOIN submissions_report r ON r.unit_id = u.id "
        f"AND r.year = {year} AND r.quarter = 2 "
        f"WHERE u.kind = 'poverty_office' AND {in_subtree(path)} GROUP BY 1, 2, 3"
    ]


def assessment_by_province_sql(path: str, year: int) -> list[str]:
    counts = ", ".join(
        f"sum((t.{column} ->> '{key}')::int)"
        for column, keys in (("by_level", MediaLevel.values), ("by_type", MediaType.values))
        for key in keys
    )
    return [
        f"SELECT {PROVINCE_OF}, sum(t.points), sum(t.adopted), {counts} "
        "FROM submissions_report r JOIN submissions_reporttotals t ON t.report_id = r.id "
        "JOIN portal_unit u ON u.id = r.unit_id JOIN portal_region g ON g.id = u.region_id "
        "JOIN portal_region c ON c.id = g.parent_id "
        f"WHERE r.year = {year} AND r.status = 'adopted' AND {in_subtree(path)} "
        "GROUP BY 1 ORDER BY 2 DESC"
    ]


def run_cases(client: Client, cases, minimal=None, report_urls=()) -> None:
    header = f"{'page':48} {'server ms':>10} {'bare SQL ms':>12} {'ratio':>6}"
    print(header + (f" {'minimal ms':>11} {'ratio':>6}" if minimal is not None else ""))
    for label, url, sql in cases:
        server = median_ms(page(client, url))
        bare = median_ms(bare_sql(*sql))
        line = f"{label:48} {server:10.1f} {bare:12.1f} {server / max(bare, 0.01):6.1f}"
        if url in report_urls:
            line += f" {minimal:11.1f} {server / minimal:6.1f}"
        print(line, flush=True)


def province_pages(year: int, items: int) -> None:
    shaanxi = Region.objects.get(code=SHAANXI)
    path = shaanxi.path
    big = (
        Report.objects.filter(
            year=year, quarter=2, status=ReportStatus.SUBMITTED, unit__region__path__startswith=path
        )
        .order_by("pk")
        .first()
    )
    submitted = f"r.status = 'submitted' AND {in_subtree(path)}"
    search_where = (
        "to_tsvector('simple', i.search_bigrams) @@ plainto_tsquery('simple', '苹果') "
        "AND (i.title LIKE '%%苹果%%' OR i.outlet LIKE '%%苹果%%' "
        "OR i.author_names LIKE '%%苹果%%') AND i.report_id IN (SELECT r.id FROM "
        f"submissions_report r JOIN portal_unit u ON u.id = r.unit_id WHERE {in_subtree(path)})"
    )
    item_sql = (
        f"SELECT * FROM submissions_item WHERE report_id = {big.pk} ORDER BY published_on, id"
    )
    detail = reverse("submissions:report-detail", args=[big.pk])
    review = reverse("submissions:report-review", args=[big.pk])
    cases = [
        (
            "queue (submitted, page 1)",
            reverse("submissions:queue"),
            [
                "SELECT count(*) FROM submissions_report r "
                f"JOIN portal_unit u ON u.id = r.unit_id WHERE {submitted}",
                "SELECT r.id, u.name, r.year, r.quarter, r.submitted_at, c.n, c.adopted, c.pending "
                "FROM (SELECT r.* FROM submissions_report r JOIN portal_unit u ON u.id = r.unit_id "
                f"WHERE {submitted} ORDER BY r.holder_since NULLS LAST, r.id LIMIT 50) r "
                "JOIN portal_unit u ON u.id = r.unit_id "
                "LEFT JOIN LATERAL (SELECT count(*) n, "
                "count(*) FILTER (WHERE review_result = 'adopted') adopted, "
                "count(*) FILTER (WHERE review_result = 'pending') pending "
                "FROM submissions_item i WHERE i.report_id = r.id) c ON true",
            ],
        ),
        (f"report page, {items} items (unit's view)", detail, [item_sql]),
        (f"report page, {items} items (review)", review, [item_sql]),
        (
            f"completeness {year} Q2",
            reverse("submissions:completeness") + f"?year={year}&quarter=2",
            completeness_sql(path, year),
        ),
        (
            f"assessment {year}",
            reverse("submissions:assessment") + f"?year={year}",
            assessment_sql(path, year),
        ),
        (
            "search “苹果” (2 characters), page 1",
            reverse("submissions:search") + "?q=苹果",
            [
                f"SELECT count(*) FROM (SELECT 1 FROM submissions_item i WHERE {search_where} "
                "LIMIT 1001) s",
                f"SELECT i.id, i.title FROM submissions_item i WHERE {search_where} "
                "ORDER BY i.published_on DESC, i.id DESC LIMIT 50",
            ],
        ),
    ]
    in_scope = Unit.objects.filter(region__path__startswith=path).count()
    print(
        f"\nShaanxi provincial reviewer ({in_scope} units in scope); goals: report pages "
        "<= 100 ms, queue/completeness/assessment <= 50 ms, search <= 100 ms"
    )
    run_cases(
        signed_in("shaanxi_reviewer"), cases, median_ms(minimal_template(big)), {detail, review}
    )


def national_pages(year: int) -> None:
    """The national office's pages: a row per province (counted and summed in SQL), and
    the same pages narrowed to one province (?region=), which are that province's."""
    path = Region.objects.get(level=RegionLevel.NATION).path
    shaanxi = Region.objects.get(code=SHAANXI)
    completeness = reverse("submissions:completeness") + f"?year={year}&quarter=2"
    assessment = reverse("submissions:assessment") + f"?year={year}"
    cases = [
        (
            f"completeness {year} Q2 (31 provinces)",
            completeness,
            completeness_by_province_sql(path, year),
        ),
        (
            f"assessment {year} (31 provinces)",
            assessment,
            assessment_by_province_sql(path, year),
        ),
        (
            f"completeness {year} Q2, Shaanxi's units",
            f"{completeness}&region={shaanxi.pk}",
            completeness_sql(shaanxi.path, year),
        ),
        (
            f"assessment {year}, Shaanxi's units",
            f"{assessment}&region={shaanxi.pk}",
            assessment_sql(shaanxi.path, year),
        ),
    ]
    print(f"\nnational reviewer ({Unit.objects.count():,} units in scope); goal < 200 ms")
    run_cases(signed_in("national_reviewer"), cases)


def plan(sql: str) -> list[str]:
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN " + sql)
        return [row[0] for row in cursor.fetchall()]


def scoping() -> None:
    """The queries scope_for and visible_units run for a county reporter, and their plans."""
    user = User.objects.get(username="county_reporter")  # fresh: nothing cached on it
    with CaptureQueriesContext(connection) as scope_queries:
        scope_for(user)
    with CaptureQueriesContext(connection) as built:
        units = visible_units(user)
    with CaptureQueriesContext(connection) as unit_queries:
        units = list(units)
    print(f"\nscoping a county reporter ({units[0].name if units else 'no unit'}):")
    indexed = True
    for label, captured in (
        ("scope_for", scope_queries),
        ("visible_units, building the queryset", built),
        ("visible_units, reading the units", unit_queries),
    ):
        print(f"  {label}: {len(captured)} quer{'y' if len(captured) == 1 else 'ies'}")
        for query in captured.captured_queries:
            lines = plan(query["sql"])
            print(f"    plan: {lines[0].strip()}")
            for line in lines[1:]:
                if "Scan" in line:
                    print(f"          {line.strip()}")
            if any("Seq Scan" in line for line in lines):
                # A table of a few rows (three memberships here) is read whole, which is
                # cheaper than its index; the plan with sequential scans priced out shows
                # the index that serves the query once the table is large.
                with transaction.atomic(), connection.cursor() as cursor:
                    cursor.execute("SET LOCAL enable_seqscan = off")
                    forced = [line.strip() for line in plan(query["sql"]) if "Scan" in line]
                print("    with enable_seqscan off:")
                for line in forced:
                    print(f"          {line}")
                indexed = indexed and not any("Seq Scan" in line for line in forced)
    if len(scope_queries) == 1 and not built and indexed:
        print("  one indexed query (the units themselves are the page's own query, indexed too)")
    else:
        found = len(scope_queries) + len(built)
        print(f"  found: {found} queries to scope, every one served by an index: {indexed}")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--years", type=int, default=2)
    parser.add_argument("--items", type=int, default=200)
    parser.add_argument("--measure-only", action="store_true", help="Skip the build steps.")
    args = parser.parse_args()
    if connection.vendor != "postgresql":
        sys.exit("Run this against PostgreSQL: set DATABASE_URL.")
    if not args.measure_only:
        call_command("migrate", verbosity=0)
        build(args.years, args.items)
        started = time.perf_counter()
        # The assessment's per-report totals, which report_adopt stores (COPY bypasses it).
        made = scoring.fill_missing_totals()
        with connection.cursor() as cursor:
            # As in submissions_bench: the visibility map and fresh statistics a live
            # database has from autovacuum. Cheap when done already.
            cursor.execute("VACUUM ANALYZE")
        if made:
            print(
                f"totals for {made:,} adopted reports and VACUUM ANALYZE in "
                f"{time.perf_counter() - started:.0f} s",
                flush=True,
            )
    items = Report.objects.values_list("last_item_number", flat=True).first()
    year = clock.china_today().year - 1
    print_sizes()
    print(f"load average before: {' '.join(f'{x:.2f}' for x in os.getloadavg())}", flush=True)
    province_pages(year, items)
    national_pages(year)
    scoping()
    print(f"\nload average after: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")


if __name__ == "__main__":
    main()
