"""Make a summary PDF from the command line, for batch printing.

    manage.py print_summary year-end --year 2026 --region 610000 --output summary.pdf
    manage.py print_summary quarterly --year 2026 --quarter 3 --region 610600 --output q3.pdf
    manage.py print_summary unit-report --year 2026 --quarter 3 --unit 42 --output unit.pdf

The document is a draft (no number or issuer) unless --number and --issuer are given;
it is made from the same snapshot as in the portal and records the snapshot's hash.
"""

from datetime import date
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from portal.clock import china_today
from portal.documents import snapshot_hash
from portal.models import Region, User
from submissions.models import Report
from summaries import figures, presenters, services
from summaries.models import DocumentKind


class Command(BaseCommand):
    help = "Print a year-end summary, quarterly circular or unit report printout as PDF."

    def add_arguments(self, parser):
        parser.add_argument("kind", choices=DocumentKind.values)
        parser.add_argument("--year", type=int, required=True)
        parser.add_argument("--quarter", type=int, choices=[1, 2, 3, 4])
        target = parser.add_mutually_exclusive_group(required=True)
        target.add_argument("--region", help="GB/T 2260 code of the province or city")
        target.add_argument("--unit", type=int, help="id of the unit")
        parser.add_argument("--output", required=True, type=Path)
        parser.add_argument("--number", default="", help="document number, e.g. 陕扶办〔2026〕12号")
        parser.add_argument("--issuer", default="", help="issuing office")
        parser.add_argument("--date", type=date.fromisoformat, help="date of issue (YYYY-MM-DD)")

    def handle(self, *args, kind, year, quarter, region, unit, output, number, issuer, **options):
        # The command line sees the whole province, as a superuser would.
        everyone = User(username="print_summary", is_superuser=True, is_active=True)
        today = china_today()
        if kind == DocumentKind.UNIT_REPORT:
            if unit is None or quarter is None:
                raise CommandError("unit-report needs --unit and --quarter")
            report = (
                Report.objects.select_related("unit__region")
                .filter(unit_id=unit, year=year, quarter=quarter)
                .first()
            )
            if report is None:
                raise CommandError(f"unit {unit} has no report for {year} Q{quarter}")
            data, title = (
                figures.unit_report(report),
                f"{report.unit.name} {year}年第{quarter}季度宣传报告",
            )
        else:
            if region is None:
                raise CommandError(f"{kind} needs --region")
            place = Region.objects.filter(code=region).first()
            if place is None:
                raise CommandError(f"no region with code {region}")
            if kind == DocumentKind.YEAR_END:
                data = figures.year_end(everyone, place, year, today)
                title = presenters.year_end_title(place.name, year)
            else:
                if quarter is None:
                    raise CommandError("quarterly needs --quarter")
                data = figures.quarterly(everyone, place, year, quarter, today)
                title = presenters.quarterly_title(place.name, year, quarter)
        snapshot = {
            "document": services.header(
                kind=kind,
                title=title,
                doc_number=number,
                issuer=issuer,
                issue_date=options["date"] or today,
            ),
            "figures": data,
        }
        output.write_bytes(services.document_pdf(snapshot))
        digest = snapshot_hash(snapshot)
        self.stdout.write(f"{output} sha256:{digest}")
