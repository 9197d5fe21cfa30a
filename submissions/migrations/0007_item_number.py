"""Stable item numbers, step 1 of 3: the columns, empty (0008 fills them, 0009 requires
them). Each step is its own transaction: PostgreSQL may refuse to alter a table that the
same transaction has just updated."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("submissions", "0006_report_totals"),
    ]

    operations = [
        migrations.AddField(
            model_name="item",
            name="number",
            field=models.PositiveIntegerField(
                editable=False, null=True, verbose_name="item number"
            ),
        ),
        migrations.AddField(
            model_name="historicalitem",
            name="number",
            field=models.PositiveIntegerField(
                editable=False, null=True, verbose_name="item number"
            ),
        ),
        migrations.AddField(
            model_name="report",
            name="last_item_number",
            field=models.PositiveIntegerField(db_default=0, default=0, editable=False),
        ),
    ]
