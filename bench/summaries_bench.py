"""How long the official summaries take to make, at province size.

    .venv/bin/python bench/summaries_bench.py                    # SQLite file in /tmp
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/portal_summaries_bench \
        .venv/bin/python bench/summaries_bench.py

Builds (once; kept between runs) a province of about 120 reporting units with a year of
adopted reports holding about 20,000 adopted items, and one county report of 200 items;
then prints the median time to read the figures and to render the PDF of the province's
year-end summary and of the county report printout. The aim: under 5 s for the province,
under 1 s for the county.
"""

import argparse
import os
import random
import statistics
import sys
import time
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.test_settings")
os.environ.setdefault("DATABASE_URL", "sqlite:////tmp/summaries_bench.sqlite3")

import django

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.template.loader import render_to_string  # noqa: E402
from weasyprint import HTML  # noqa: E402

from portal import clock  # noqa: E402
from portal.models import Region, RegionLevel, Unit, UnitKind, User  # noqa: E402
from submissions import deadlines  # noqa: E402
from submissions.models import (  # noqa: E402
    Category,
    Item,
    MediaLevel,
    MediaType,
    Report,
    ReportStatus,
    ReviewResult,
)
from summaries import figures, presenters, services  # noqa: E402
from summaries.models import DocumentKind  # noqa: E402

YEAR = 2025
WORDS = ["苹果", "产业", "扶贫", "搬迁", "培训", "驻村", "帮扶", "脱贫", "攻坚", "光伏", "电商"]


def build(units_wanted: int, adopted_wanted: int) -> None:
    if Report.objects.filter(year=YEAR).exists():
        print(f"data set present: {Item.objects.count():,} items", flush=True)
        return
    rng = random.Random(7)
    clerk = User.objects.create_user("bench_clerk", password="x")  # noqa: S106
    province = Region.objects.create(name="陕西省", code="610000", level=RegionLevel.PROVINCE)
    Unit.objects.create(name="陕西省扶贫开发办公室", kind=UnitKind.POVERTY_OFFICE, region=province)
    units = []
    for c in range(12):
        city = Region.objects.create(name=f"第{c + 1}市", level=RegionLevel.CITY, parent=province)
        units.append(
            Unit.objects.create(name=f"{city.name}扶贫办", kind="poverty_office", region=city)
        )
        for k in range(9):
            if len(units) >= units_wanted:
                break
            county = Region.objects.create(
                name=f"{city.name}第{k + 1}县", level=RegionLevel.COUNTY, parent=city
            )
            units.append(
                Unit.objects.create(
                    name=f"{county.name}扶贫局", kind="poverty_office", region=county
                )
            )
    reports = Report.objects.bulk_create(
        Report(
            unit=unit,
            year=YEAR,
            quarter=q,
            status=ReportStatus.ADOPTED,
            due_date=deadlines.default_due_date(YEAR, q),
            submitted_at=clock.end_of_day(deadlines.default_due_date(YEAR, q) - timedelta(2)),
            is_late=rng.random() < 0.05,
            created_by=clerk,
        )
        for unit in units
        for q in range(1, 5)
        if rng.random() < 0.97  # a few missing reports
    )
    per_report = adopted_wanted // len(reports) + 1
    items = []
    for report in reports:
        first, _last = clock.quarter_bounds(YEAR, report.quarter)
        for n in range(per_report):
            items.append(
                Item(
                    report=report,
                    number=n + 1,
                    title="".join(rng.sample(WORDS, 4)) + f"第{rng.randint(1, 999)}期",
                    outlet=f"媒体{rng.randint(1, 300)}",
                    media_level=rng.choice(MediaLevel.values),
                    media_type=rng.choice(MediaType.values),
                    published_on=first + timedelta(days=rng.randint(0, 89)),
                    category=rng.choice(Category.values),
                    review_result=ReviewResult.ADOPTED,
                    points=rng.choice([1, 2, 3, 6, 10]),
                )
            )
    Item.objects.bulk_create(items, batch_size=2000)
    Report.objects.filter(pk__in=[r.pk for r in reports]).update(last_item_number=per_report)
    county_unit = units[1]
    county = Report.objects.create(
        unit=county_unit,
        year=YEAR + 1,
        quarter=1,
        status=ReportStatus.SUBMITTED,
        due_date=deadlines.default_due_date(YEAR + 1, 1),
        created_by=clerk,
        last_item_number=200,
    )
    Item.objects.bulk_create(
        Item(
            report=county,
            number=n + 1,
            title="".join(rng.sample(WORDS, 5)) + f"——第{n + 1}篇宣传稿件",
            outlet=f"延安日报{n % 7}",
            media_level=rng.choice(MediaLevel.values),
            media_type=rng.choice(MediaType.values),
            published_on=date(YEAR + 1, 1, 1) + timedelta(days=n % 90),
            page=f"第{n % 8 + 1}版",
            category=rng.choice(Category.values),
            review_result=rng.choice(ReviewResult.values),
            rejection_reason="",
        )
        for n in range(200)
    )
    print(f"built {len(units)} units, {Item.objects.count():,} items", flush=True)


def borrow_shapes(province: Region) -> str:
    """The bench's made-up counties take the outlines of a real province's (the demo's
    shapes in var/map_shapes, built by build_map_shapes), so that the year-end PDF draws a
    map of province size; without them it renders with the note instead, and says so."""
    import json
    import tempfile

    from django.conf import settings

    from portal import maps

    real = sorted((Path(settings.BASE_DIR) / "var" / "map_shapes").glob("province-*.json"))
    if not real:
        return "no map (no shapes in var/map_shapes: run build_map_shapes after seed_demo)"
    data = json.loads(real[0].read_text(encoding="utf-8"))
    outlines = list(data["regions"].values())
    counties = maps.counties_below(province)
    data["regions"] = {
        str(county.pk): {**outlines[i % len(outlines)], "name": county.name}
        for i, county in enumerate(counties)
    }
    settings.MAP_SHAPES_DIR = Path(tempfile.mkdtemp(prefix="bench_shapes_"))
    maps.shapes_path(province.pk).write_text(json.dumps(data, ensure_ascii=False))
    return f"a map of {len(counties)} counties (outlines of {data['province']['name']})"


def median_s(fn, runs: int) -> tuple[float, object]:
    """The median of `runs` timed calls, after one untimed call (fonts and templates are
    loaded once per process, as in a long-running worker)."""
    fn()
    times, result = [], None
    for _ in range(runs):
        started = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - started)
    return statistics.median(times), result


def snapshot(kind, title, data) -> dict:
    header = services.header(
        kind=kind, title=title, doc_number="陕扶办〔2026〕1号", issuer="陕西省扶贫开发办公室",
        issue_date=date(YEAR + 1, 1, 15),
    )  # fmt: skip
    return {"document": header, "figures": data}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--units", type=int, default=120)
    parser.add_argument("--adopted", type=int, default=20_000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    call_command("migrate", verbosity=0)
    build(args.units, args.adopted)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            # Fresh statistics after the bulk load, as autovacuum would leave them.
            cursor.execute("VACUUM ANALYZE")
    everyone = User(username="bench", is_superuser=True, is_active=True)
    province = Region.objects.get(code="610000")
    today = date(YEAR + 1, 2, 1)
    adopted = Item.objects.filter(review_result="adopted", published_on__year=YEAR).count()
    print(f"{connection.vendor}: {adopted:,} adopted items in {YEAR}", flush=True)

    print(f"year-end summary with {borrow_shapes(province)}", flush=True)
    read_s, data = median_s(lambda: figures.year_end(everyone, province, YEAR, today), args.runs)
    doc = snapshot(DocumentKind.YEAR_END, "陕西省2025年度扶贫宣传工作总结", data)
    pdf_s, pdf = median_s(lambda: services.document_pdf(doc), args.runs)
    print(
        f"province year-end summary ({len(data['units'])} units): figures {read_s:.2f} s, "
        f"PDF {pdf_s:.2f} s ({len(pdf) // 1024} KiB), total {read_s + pdf_s:.2f} s  [aim < 5 s]"
    )

    county = Report.objects.select_related("unit__region").get(year=YEAR + 1, quarter=1)
    read_s, data = median_s(lambda: figures.unit_report(county), args.runs)
    doc = snapshot(DocumentKind.UNIT_REPORT, f"{county.unit.name}2026年第1季度宣传报告", data)
    pdf_s, pdf = median_s(lambda: services.document_pdf(doc), args.runs)
    print(
        f"county report printout ({data['item_count']} items): figures {read_s:.2f} s, "
        f"PDF {pdf_s:.2f} s ({len(pdf) // 1024} KiB), total {read_s + pdf_s:.2f} s  [aim < 1 s]"
    )
    # The bound: WeasyPrint alone on the same HTML, with no template and no URL fetcher.
    html = render_to_string(
        services.PDF_TEMPLATES[DocumentKind.UNIT_REPORT], presenters.context_for(doc)
    )
    bare_s, _pdf = median_s(lambda: HTML(string=html).write_pdf(), args.runs)
    print(f"  WeasyPrint alone on the same HTML: {bare_s:.2f} s")
    # What the clerk waits for: the print button (figures, the document, its PDF made at
    # once) and the download, through the portal's own request handling.
    web_s = web_printout(county, args.runs)
    print(f"  through the web (print, then download): {web_s:.2f} s  [aim < 1 s]")


def web_printout(report, runs: int) -> float:
    from django.test import Client
    from django.test.utils import setup_test_environment
    from django.urls import reverse

    from summaries.models import IssuedDocument

    clerk, _ = User.objects.get_or_create(
        username="bench_admin", defaults={"is_superuser": True, "is_staff": True}
    )
    setup_test_environment()  # lets the test client's host in
    client = Client()
    client.force_login(clerk, backend="django.contrib.auth.backends.ModelBackend")
    url = reverse("summaries:unit-report-print", args=[report.unit_id, report.year, report.quarter])

    def print_and_download():
        IssuedDocument.objects.filter(unit=report.unit).delete()  # made afresh each run
        response = client.post(url, follow=True)
        assert response["Content-Type"] == "application/pdf", response.status_code
        return b"".join(response.streaming_content)

    seconds, _pdf = median_s(print_and_download, runs)
    return seconds


if __name__ == "__main__":
    main()
