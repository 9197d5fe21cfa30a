"""Province-sized benchmark of the quarterly-report pages, on PostgreSQL.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/portal_bench \
        .venv/bin/python bench/submissions_bench.py [--units 120] [--years 10] [--items 200]

Builds (once; kept between runs) about 120 reporting units x 10 years of quarters x 200 items
per report (about 1 million items), then prints, for each page, the median server time of
the page through Django's test client beside the median time of the bare SQL that fetches
the same numbers. For the 200-item pages it also prints a minimal template rendering the
same rows (the same selector, one table row per item with its fields as stored), run in the
same process: the aim for those pages is 100 ms and within 2x of that template.
"""

import argparse
import io
import os
import random
import statistics
import sys
import time
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
# Test settings: production settings with plain static files (no collectstatic needed).
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.test_settings")
os.environ.setdefault("ALLOWED_HOSTS", "testserver")

import django

django.setup()

from django.db import connection  # noqa: E402
from django.template import engines  # noqa: E402
from django.test import Client  # noqa: E402
from django.urls import reverse  # noqa: E402

from portal import clock  # noqa: E402
from portal.models import Membership, Region, RegionLevel, Role, Unit, UnitKind, User  # noqa: E402
from submissions import deadlines, scoring  # noqa: E402
from submissions.models import (  # noqa: E402
    Category,
    MediaLevel,
    MediaType,
    Report,
    ReportStatus,
    ReviewResult,
)
from submissions.search_text import bigram_text  # noqa: E402
from submissions.selectors.reports import report_items  # noqa: E402

WORDS = [
    "苹果",
    "产业",
    "扶贫",
    "搬迁",
    "培训",
    "驻村",
    "帮扶",
    "脱贫",
    "攻坚",
    "光伏",
    "合作社",
    "电商",
    "就业",
    "教育",
    "医疗",
    "住房",
    "饮水",
    "道路",
]


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
    reviewer = User.objects.create_user("bench_reviewer", password="x")  # noqa: S106
    Membership.objects.create(user=reviewer, unit=office, role=Role.REVIEWER)
    reporting = []
    city_count = max(1, units_wanted // 10)
    for c in range(city_count):
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
    this_year = clock.china_today().year
    quarters = [(y, q) for y in range(this_year - years, this_year) for q in range(1, 5)]
    reports = quarterly_reports(reporting, quarters, reviewer, items_per_report, rng)
    print(f"{len(reporting)} units, {len(reports):,} reports", flush=True)
    written = copy_items(
        Report.objects.values_list("pk", "year", "quarter", "status"), items_per_report, rng
    )
    print(f"built {written:,} items in {time.perf_counter() - started:.0f} s", flush=True)


def quarterly_reports(units, quarters, created_by, items_per_report: int, rng) -> list[Report]:
    """One report per unit and quarter, mostly adopted, some submitted; bulk-inserted."""
    reports = [
        Report(
            unit=unit,
            year=y,
            quarter=q,
            status=rng.choice([ReportStatus.ADOPTED] * 6 + [ReportStatus.SUBMITTED]),
            due_date=deadlines.default_due_date(y, q),
            submitted_at=clock.end_of_day(deadlines.default_due_date(y, q) - timedelta(days=2)),
            created_by=created_by,
            last_item_number=items_per_report,
        )
        for unit in units
        for y, q in quarters
    ]
    Report.objects.bulk_create(reports, batch_size=2000)
    return reports


def copy_items(report_rows, items_per_report: int, rng) -> int:
    """COPY `items_per_report` items into each report of `report_rows` (pk, year, quarter,
    status): adopted reports mostly adopted items with points. Returns how many."""
    levels, types, categories = MediaLevel.values, MediaType.values, Category.values
    columns = (
        "report_id, title, outlet, media_level, media_type, published_on, link, page, "
        "author_names, category, campaign_tag, is_lead_story, leader_endorsed, notes, "
        "review_result, rejection_reason, points, override_reason, created_at, version, "
        "search_bigrams, number"
    )
    buffer, written = io.StringIO(), 0
    with connection.cursor() as cursor:
        for pk, year, quarter, status in report_rows.iterator():
            first, _last = clock.quarter_bounds(year, quarter)
            for n in range(items_per_report):
                title = "".join(rng.sample(WORDS, 4)) + f"第{rng.randint(1, 999)}期"
                outlet = f"媒体{rng.randint(1, 300)}"
                author = rng.choice(["王小燕", "李建国", "赵文静", "孙海涛"])
                adopted = status == ReportStatus.ADOPTED and rng.random() < 0.8
                buffer.write(
                    "\t".join(
                        [
                            str(pk),
                            title,
                            outlet,
                            rng.choice(levels),
                            rng.choice(types),
                            str(first + timedelta(days=rng.randint(0, 89))),
                            "",
                            "",
                            author,
                            rng.choice(categories),
                            "",
                            "f",
                            "f",
                            "",
                            ReviewResult.ADOPTED if adopted else ReviewResult.PENDING,
                            "",
                            str(rng.choice([1, 2, 3, 6, 10])) if adopted else "0",
                            "",
                            "2026-01-01 00:00:00+08",
                            "1",
                            # What Item.save() would store (COPY bypasses it).
                            bigram_text(title, outlet, author),
                            str(n + 1),
                        ]
                    )
                    + "\n"
                )
                written += 1
            if written % 100_000 < items_per_report:
                buffer.seek(0)
                cursor.copy_expert(f"COPY submissions_item ({columns}) FROM STDIN", buffer)
                buffer = io.StringIO()
                print(f"  {written:,} items", flush=True)
        buffer.seek(0)
        cursor.copy_expert(f"COPY submissions_item ({columns}) FROM STDIN", buffer)
    return written


def median_ms(fn, runs: int = 7) -> float:
    fn()  # warm
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - start) * 1000)
    return statistics.median(samples)


def bare_sql(*statements: str):
    """The statements the page's numbers need at the least, run one after another."""

    def run():
        with connection.cursor() as cursor:
            for sql in statements:
                cursor.execute(sql)
                cursor.fetchall()

    return run


def page(client: Client, url: str):
    def run():
        response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)

    return run


# The least a page of a report's items can do: the same rows, each field once, no labels,
# links or controls.
MINIMAL_ITEMS = """<table>{% for item in items %}<tr id="item-{{ item.pk }}">
<td>{{ item.title }}</td><td>{{ item.outlet }} {{ item.media_level }} {{ item.media_type }}</td>
<td>{{ item.published_on|date:"Y-m-d" }}</td><td>{{ item.category }}</td>
<td>{% for author in item.author_list %}{{ author.get_full_name }} {% endfor %}
{{ item.author_names }}</td>
<td>{% for clip in item.clipping_list %}{{ clip.original_name }} {% endfor %}</td>
<td>{{ item.review_result }} {{ item.rejection_reason }}</td><td>{{ item.final_points }}</td>
</tr>{% endfor %}</table>"""


def minimal_template(report: Report):
    """The report's rows through the page's own selector, into MINIMAL_ITEMS."""
    template = engines["django"].from_string(MINIMAL_ITEMS)

    def run():
        template.render({"items": list(report_items(report))})

    return run


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--units", type=int, default=120)
    parser.add_argument("--years", type=int, default=10)
    parser.add_argument("--items", type=int, default=200)
    args = parser.parse_args()
    if connection.vendor != "postgresql":
        sys.exit("Run this against PostgreSQL: set DATABASE_URL.")
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    build(args.units, args.years, args.items)
    # The assessment's per-report totals, which report_adopt stores (COPY bypasses it).
    made = scoring.fill_missing_totals()
    if made:
        print(f"totals for {made:,} adopted reports", flush=True)
    with connection.cursor() as cursor:
        # A live database is vacuumed by autovacuum (this one may run without it): the
        # visibility map lets counts over item.report_id be index-only scans, and fresh
        # statistics let the planner pick the search's indexes. Cheap when done already.
        cursor.execute("VACUUM ANALYZE")

    reviewer = User.objects.get(username="bench_reviewer")
    client = Client()
    client.force_login(reviewer, backend="django.contrib.auth.backends.ModelBackend")
    year = clock.china_today().year - 1
    # A report waiting for review, so that the review page shows its decision controls.
    big = (
        Report.objects.filter(year=year, quarter=2, status=ReportStatus.SUBMITTED)
        .order_by("pk")
        .first()
    )
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM submissions_item")
        (item_count,) = cursor.fetchone()
    print(
        f"\ndata: {Unit.objects.count()} units, {Report.objects.count():,} reports, "
        f"{item_count:,} items\n"
    )
    # Each bare SQL fetches what the page shows, as directly as SQL can: the queue's
    # first 50 reports with their item counts and the total; the report's items; every
    # unit with its report's state and item count; the year's points per unit; the
    # newest 50 items holding the word, with the result count (capped as the page caps it).
    search_where = (
        "to_tsvector('simple', i.search_bigrams) @@ plainto_tsquery('simple', '苹果') "
        "AND (i.title LIKE '%%苹果%%' OR i.outlet LIKE '%%苹果%%' "
        "OR i.author_names LIKE '%%苹果%%')"
    )
    cases = [
        (
            "reviewer queue (submitted, page 1)",
            reverse("submissions:queue"),
            [
                "SELECT count(*) FROM submissions_report WHERE status = 'submitted'",
                "SELECT r.id, u.name, r.year, r.quarter, r.submitted_at, c.n, c.adopted, c.pending "
                "FROM (SELECT * FROM submissions_report WHERE status = 'submitted' "
                "ORDER BY holder_since NULLS LAST, id LIMIT 50) r "
                "JOIN portal_unit u ON u.id = r.unit_id "
                "LEFT JOIN LATERAL (SELECT count(*) n, "
                "count(*) FILTER (WHERE review_result = 'adopted') adopted, "
                "count(*) FILTER (WHERE review_result = 'pending') pending "
                "FROM submissions_item i WHERE i.report_id = r.id) c ON true",
            ],
        ),
        (
            f"report page, {args.items} items (unit's view)",
            reverse("submissions:report-detail", args=[big.pk]),
            [
                f"SELECT * FROM submissions_item WHERE report_id = {big.pk} "
                "ORDER BY published_on, id"
            ],
        ),
        (
            f"report page, {args.items} items (review)",
            reverse("submissions:report-review", args=[big.pk]),
            [
                f"SELECT * FROM submissions_item WHERE report_id = {big.pk} "
                "ORDER BY published_on, id"
            ],
        ),
        (
            f"completeness {year} Q2",
            reverse("submissions:completeness") + f"?year={year}&quarter=2",
            [
                "SELECT u.id, u.name, r.status, r.is_late, "
                "(SELECT count(*) FROM submissions_item i WHERE i.report_id = r.id) "
                "FROM portal_unit u LEFT JOIN submissions_report r ON r.unit_id = u.id "
                f"AND r.year = {year} AND r.quarter = 2 WHERE u.kind = 'poverty_office'"
            ],
        ),
        (
            f"assessment {year}",
            reverse("submissions:assessment") + f"?year={year}",
            [
                "SELECT r.unit_id, sum(coalesce(i.points_override, i.points)), count(*) "
                "FROM submissions_item i JOIN submissions_report r ON r.id = i.report_id "
                f"WHERE i.review_result = 'adopted' AND r.year = {year} GROUP BY r.unit_id "
                "ORDER BY 2 DESC"
            ],
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
    report_pages = {
        reverse("submissions:report-detail", args=[big.pk]),
        reverse("submissions:report-review", args=[big.pk]),
    }
    minimal = median_ms(minimal_template(big))
    header = f"{'page':45} {'server ms':>10} {'bare SQL ms':>12} {'ratio':>6}"
    print(f"{header} {'minimal ms':>11} {'ratio':>6}")
    for label, url, sql in cases:
        server = median_ms(page(client, url))
        bare = median_ms(bare_sql(*sql))
        line = f"{label:45} {server:10.1f} {bare:12.1f} {server / max(bare, 0.01):6.1f}"
        if url in report_pages:
            line += f" {minimal:11.1f} {server / minimal:6.1f}"
        print(line)


if __name__ == "__main__":
    main()
