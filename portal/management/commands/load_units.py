"""Load the real list of offices from a sheet: the admin's unit import, from the shell."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from portal.admin import UnitResource
from portal.spreadsheets import SafeCSV, SafeXLSX

ZIP_MAGIC = b"PK\x03\x04"  # an .xlsx file is a zip archive


def read_sheet(path: Path):
    """The sheet's rows as a dataset, its format told by its content: a zip archive is an
    Excel workbook, anything else is read as UTF-8 CSV (a BOM, as Excel writes, is fine)."""
    data = path.read_bytes()
    if data.startswith(ZIP_MAGIC):
        return SafeXLSX().create_dataset(data)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise CommandError(
            f"{path}: neither an Excel workbook nor UTF-8 text (save the CSV as UTF-8)."
        ) from exc
    return SafeCSV().create_dataset(text)


class Command(BaseCommand):
    help = (
        "Load units (offices) from a CSV or XLSX sheet with the columns name, kind and "
        "region_code, as the admin's unit import does: a unit is matched by its name within "
        "its region, so loading the same sheet again changes nothing. Every row is checked "
        "first; if any row is wrong, the rows and their errors are listed and nothing is "
        "written."
    )

    def add_arguments(self, parser):
        parser.add_argument("sheet", type=Path, help="A .csv (UTF-8) or .xlsx file.")
        parser.add_argument(
            "--dry-run", action="store_true", help="Check every row, write nothing."
        )

    def handle(self, *args, sheet: Path, dry_run: bool, **options):
        if not sheet.is_file():
            raise CommandError(f"{sheet}: no such file.")
        dataset = read_sheet(sheet)
        missing = {"name", "kind", "region_code"} - set(dataset.headers or [])
        if missing:
            raise CommandError(f"{sheet}: the first row lacks the columns {sorted(missing)}.")
        with transaction.atomic():
            result = UnitResource().import_data(dataset, dry_run=True, raise_errors=False)
            if result.has_errors() or result.has_validation_errors():
                raise CommandError(self._errors(result))
            if not dry_run:
                result = UnitResource().import_data(dataset, dry_run=False, raise_errors=True)
        totals = result.totals
        self.stdout.write(
            self.style.SUCCESS(
                f"{'Checked' if dry_run else 'Loaded'}: {totals['new']} new, "
                f"{totals['update']} changed, {totals['skip']} unchanged."
            )
        )

    @staticmethod
    def _errors(result) -> str:
        lines = ["Nothing was written. Rows to correct (row 2 is the first under the headings):"]
        for row in result.invalid_rows:
            for field, messages in row.error_dict.items():
                for message in messages:
                    lines.append(f"  row {row.number + 1}: {field}: {message}")
        for number, errors in result.row_errors():
            for error in errors:
                lines.append(f"  row {number + 1}: {error.error}")
        return "\n".join(lines)
