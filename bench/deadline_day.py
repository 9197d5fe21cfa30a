"""Deadline day: every county files at once, reviewers work the queue, through the real
pages of a production-shaped portal (gunicorn on PostgreSQL and Redis), on this machine.

    .venv/bin/python bench/deadline_day.py            # 120 counties x 200 items, 10 reviewers
    .venv/bin/python bench/deadline_day.py --reporters 30 --items 40 --run-time 120

It installs the load generator (bench/requirements.txt: locust) if missing, builds a fresh
database of its own (portal_deadline_day; never the portal's or the tests'), starts gunicorn
with the worker count README recommends for 2 cores, and runs locust (bench/
deadline_day_locust.py) against it on 127.0.0.1 until every report holds its items or the
run time is over. Half the county reporters file one item per save on the report page, half
twenty rows per save in the grid; the reviewers open the queue and a 200-item report.

It prints p50/p95/p99 per kind of request, errors and throughput, then checks in the
database that every item a reporter was told was saved is there, once, and nothing else.
Measure with nothing else running: the load generator shares the machine's cores.
"""

import argparse
import csv
import json
import os
import subprocess
import sys
import tempfile
import time
import urllib.request
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
BIN = Path(sys.executable).parent
DATABASE = "portal_deadline_day"
PASSWORD = "Deadline-day-2027"  # noqa: S105 (a bench's own accounts)
ENV = {
    "DATABASE_URL": f"postgres://postgres@127.0.0.1:5432/{DATABASE}",
    "REDIS_URL": "redis://127.0.0.1:6379/12",
    "SECRET_KEY": "deadline-day-bench-0123456789-abcdefghijklmnopqrstuvwxyz-ABCDEFGH",
    "PERSONAL_DATA_KEY": "0badc0de0badc0de0badc0de0badc0de",
    "DEBUG": "false",
    "HTTPS": "false",
    "ALLOWED_HOSTS": "127.0.0.1",
    "EMAIL_BACKEND": "django.core.mail.backends.console.EmailBackend",
    "DJANGO_SETTINGS_MODULE": "portal.settings",
}


def have_locust() -> bool:
    return (BIN / "locust").exists()


def fresh_database() -> None:
    import psycopg2

    conn = psycopg2.connect(host="127.0.0.1", user="postgres", dbname="postgres")
    conn.autocommit = True
    with conn.cursor() as cursor:
        cursor.execute(f"DROP DATABASE IF EXISTS {DATABASE} WITH (FORCE)")
        cursor.execute(f"CREATE DATABASE {DATABASE}")
    conn.close()


def build(reporters: int, reviewers: int, submitted: int) -> dict:
    """The province: counties with a reporter and a draft report for the quarter under way,
    reviewers at the province, and `submitted` reports of 200 items for them to read."""
    import django

    os.environ.update(ENV)
    django.setup()
    from django.contrib.auth.hashers import make_password
    from django.core.management import call_command

    from portal import clock
    from portal.models import Membership, Region, RegionLevel, Role, Unit, UnitKind, User
    from submissions import deadlines
    from submissions.models import Category, Item, MediaLevel, MediaType, Report, ReportStatus

    call_command("migrate", verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)
    province = Region.objects.create(name="陕西省", code="610000", level=RegionLevel.PROVINCE)
    office = Unit.objects.create(
        name="陕西省扶贫开发办公室", kind=UnitKind.POVERTY_OFFICE, region=province
    )
    counties = []
    for c in range(12):
        city = Region.objects.create(name=f"第{c + 1}市", level=RegionLevel.CITY, parent=province)
        for k in range(-(-reporters // 12)):
            if len(counties) < reporters:
                county = Region.objects.create(
                    name=f"{city.name}第{k + 1}县", level=RegionLevel.COUNTY, parent=city
                )
                counties.append(
                    Unit.objects.create(
                        name=f"{county.name}扶贫局", kind=UnitKind.POVERTY_OFFICE, region=county
                    )
                )
    password = make_password(PASSWORD)
    names = [f"county{n:03d}" for n in range(reporters)]
    names += [f"reviewer{n:02d}" for n in range(reviewers)]
    people = User.objects.bulk_create(
        User(username=name, full_name=name, password=password) for name in names
    )
    Membership.objects.bulk_create(
        [Membership(user=p, unit=u, role=Role.REPORTER) for p, u in zip(people, counties)]  # noqa: B905
        + [Membership(user=p, unit=office, role=Role.REVIEWER) for p in people[reporters:]]
    )
    year, quarter = deadlines.current_period()
    first, last = clock.quarter_bounds(year, quarter)
    drafts = Report.objects.bulk_create(
        Report(
            unit=unit,
            year=year,
            quarter=quarter,
            due_date=deadlines.default_due_date(year, quarter),
            created_by=person,
        )
        for person, unit in zip(people, counties)  # noqa: B905 (the reviewers come last)
    )
    earlier = (year, quarter - 1) if quarter > 1 else (year - 1, 4)
    before_first, _before_last = clock.quarter_bounds(*earlier)
    waiting = Report.objects.bulk_create(
        Report(
            unit=unit,
            year=earlier[0],
            quarter=earlier[1],
            status=ReportStatus.SUBMITTED,
            due_date=deadlines.default_due_date(*earlier),
            submitted_at=clock.end_of_day(deadlines.default_due_date(*earlier)),
            created_by=people[0],
            last_item_number=200,
        )
        for unit in counties[:submitted]
    )
    Item.objects.bulk_create(
        Item(
            report=report,
            number=n + 1,
            title=f"第{n + 1}篇：驻村第一书记带领乡亲们走上致富路",
            outlet="陕西日报",
            media_level=MediaLevel.PROVINCIAL,
            media_type=MediaType.NEWSPAPER,
            published_on=before_first + timedelta(days=n % 80),
            category=Category.INDUSTRY,
        )
        for report in waiting
        for n in range(200)
    )
    return {
        "password": PASSWORD,
        "first_day": first.isoformat(),
        # Up to today: a publication date in the future is refused, as a clerk's would be.
        "days": (min(last, clock.china_today()) - first).days + 1,
        "reporters": [
            {"username": p.username, "report": r.pk}
            for p, r in zip(people[:reporters], drafts, strict=True)
        ],
        "reviewers": [p.username for p in people[reporters:]],
        "submitted": [r.pk for r in waiting],
    }


def start_gunicorn(port: int, workers: int, log: Path) -> subprocess.Popen:
    command = [
        str(BIN / "gunicorn"),
        "portal.wsgi",
        f"--bind=127.0.0.1:{port}",
        f"--workers={workers}",
        "--timeout=60",
    ]
    web = subprocess.Popen(  # noqa: S603
        command, cwd=ROOT, env={**os.environ, **ENV}, stdout=log.open("w"), stderr=subprocess.STDOUT
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/health/", timeout=2) as answer:
                if answer.status == 200:
                    return web
        except OSError:
            time.sleep(0.3)
    web.kill()
    raise SystemExit(f"gunicorn did not answer; see {log}")


def print_stats(prefix: Path, seconds: float) -> None:
    with open(f"{prefix}_stats.csv", encoding="utf-8") as stats:
        rows = list(csv.DictReader(stats))
    print(f"\n{'request':<28}{'count':>8}{'errors':>8}{'p50 ms':>9}{'p95 ms':>9}{'p99 ms':>9}")
    for row in rows:
        name = row["Name"] if row["Name"] != "Aggregated" else "all requests"
        print(
            f"{name:<28}{row['Request Count']:>8}{row['Failure Count']:>8}"
            f"{row['50%']:>9}{row['95%']:>9}{row['99%']:>9}"
        )
    total = next(row for row in rows if row["Name"] == "Aggregated")
    print(
        f"throughput: {int(total['Request Count']) / seconds:.1f} requests/s over {seconds:.0f} s"
    )


def check_database(accounts: dict, results: Path) -> bool:
    from django.db.models import Count

    from submissions.models import Item

    told = json.loads(results.read_text()) if results.exists() else {}
    reports = [account["report"] for account in accounts["reporters"]]
    held = dict(
        Item.objects.filter(report__in=reports)
        .values_list("report")
        .annotate(n=Count("pk"))
        .values_list("report", "n")
    )
    doubled = (
        Item.objects.filter(report__in=reports)
        .values("report", "title")
        .annotate(n=Count("pk"))
        .filter(n__gt=1)
        .count()
    )
    lost = sum(max(0, told.get(str(r), 0) - held.get(r, 0)) for r in reports)
    extra = sum(max(0, held.get(r, 0) - told.get(str(r), 0)) for r in reports)
    saved = sum(held.values())
    print(
        f"\ndatabase: {saved:,} items in {len(reports)} reports; the reporters were told "
        f"{sum(told.values()):,}; lost {lost}, unannounced {extra}, doubled {doubled}"
    )
    return lost == 0 and doubled == 0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--reporters", type=int, default=120)
    parser.add_argument("--reviewers", type=int, default=10)
    parser.add_argument("--items", type=int, default=200, help="items each county files")
    parser.add_argument("--workers", type=int, default=5, help="gunicorn workers (README)")
    parser.add_argument("--run-time", type=int, default=600, help="seconds at most")
    parser.add_argument("--port", type=int, default=8765)
    args = parser.parse_args()
    if not have_locust():
        subprocess.run(  # noqa: S603
            [str(BIN / "pip"), "install", "-q", "-r", str(ROOT / "bench" / "requirements.txt")],
            check=True,
        )
    work = Path(tempfile.mkdtemp(prefix="deadline-day-"))
    print(f"building {args.reporters} counties and {args.reviewers} reviewers ...", flush=True)
    fresh_database()
    accounts = build(args.reporters, args.reviewers, submitted=min(20, args.reporters))
    (work / "accounts.json").write_text(json.dumps(accounts))
    web = start_gunicorn(args.port, args.workers, work / "gunicorn.log")
    print(
        f"gunicorn with {args.workers} workers on 127.0.0.1:{args.port}; "
        f"{args.reporters} reporters file {args.items} items each, "
        f"{args.reviewers} reviewers read (at most {args.run_time} s)",
        flush=True,
    )
    started = time.monotonic()
    locust_log = (work / "locust.log").open("w")
    try:
        subprocess.run(  # noqa: S603
            [
                str(BIN / "locust"),
                "-f",
                str(ROOT / "bench" / "deadline_day_locust.py"),
                "--headless",
                "--users",
                str(args.reporters + args.reviewers),
                "--spawn-rate",
                "20",
                "--run-time",
                f"{args.run_time}s",
                "--stop-timeout",
                "10",
                "--host",
                f"http://127.0.0.1:{args.port}",
                "--csv",
                str(work / "deadline_day"),
                "--only-summary",
                "--loglevel",
                "WARNING",
            ],
            env={
                **os.environ,
                "DEADLINE_DAY_ACCOUNTS": str(work / "accounts.json"),
                "DEADLINE_DAY_RESULTS": str(work / "saved.json"),
                "DEADLINE_DAY_ITEMS": str(args.items),
            },
            check=False,
            stdout=locust_log,
            stderr=subprocess.STDOUT,
        )
    finally:
        locust_log.close()
        web.terminate()
        web.wait(timeout=30)
    seconds = time.monotonic() - started
    print_stats(work / "deadline_day", seconds)
    ok = check_database(accounts, work / "saved.json")
    print(f"logs and stats in {work}")
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
