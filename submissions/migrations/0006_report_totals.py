"""Per-report totals for the annual assessment (ReportTotals), filled for every report
adopted so far from its adopted items, as scoring.record_totals does at adoption."""

from decimal import Decimal

import django.db.models.deletion
from django.db import migrations, models
from django.db.models import Count, Sum
from django.db.models.functions import Coalesce

BATCH = 500
CENT = Decimal("0.01")


def _empty() -> dict:
    return {"points": Decimal(0), "adopted": 0, "by_level": {}, "by_type": {}}


def forward(apps, schema_editor):
    Report = apps.get_model("submissions", "Report")
    Item = apps.get_model("submissions", "Item")
    ReportTotals = apps.get_model("submissions", "ReportTotals")
    adopted = list(Report.objects.filter(status="adopted").values_list("pk", flat=True))
    for start in range(0, len(adopted), BATCH):
        batch = adopted[start : start + BATCH]
        totals = {pk: _empty() for pk in batch}
        rows = (
            Item.objects.filter(report_id__in=batch, review_result="adopted")
            .order_by()
            .values("report_id", "media_level", "media_type")
            .annotate(n=Count("pk"), points=Sum(Coalesce("points_override", "points")))
        )
        for row in rows:
            report = totals[row["report_id"]]
            # SQLite sums decimals as floats: each sum is a whole number of cents.
            report["points"] += Decimal(row["points"] or 0).quantize(CENT)
            report["adopted"] += row["n"]
            for key, value in (("by_level", row["media_level"]), ("by_type", row["media_type"])):
                report[key][value] = report[key].get(value, 0) + row["n"]
        ReportTotals.objects.bulk_create(
            ReportTotals(report_id=pk, **values) for pk, values in totals.items()
        )


class Migration(migrations.Migration):
    dependencies = [
        ("submissions", "0005_delete_reportevent"),
    ]

    operations = [
        migrations.CreateModel(
            name="ReportTotals",
            fields=[
                (
                    "report",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        primary_key=True,
                        related_name="totals",
                        serialize=False,
                        to="submissions.report",
                    ),
                ),
                (
                    "points",
                    models.DecimalField(decimal_places=2, default=Decimal("0"), max_digits=12),
                ),
                ("adopted", models.PositiveIntegerField(default=0)),
                ("by_level", models.JSONField(default=dict)),
                ("by_type", models.JSONField(default=dict)),
            ],
        ),
        # Reversing drops the table: nothing to undo.
        migrations.RunPython(forward, migrations.RunPython.noop, elidable=True),
    ]
