"""Stable item numbers, step 3 of 3: every item has its number (0008), unique in its report."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("submissions", "0008_number_items"),
    ]

    operations = [
        migrations.AlterField(
            model_name="item",
            name="number",
            field=models.PositiveIntegerField(editable=False, verbose_name="item number"),
        ),
        migrations.AlterField(
            model_name="historicalitem",
            name="number",
            field=models.PositiveIntegerField(editable=False, verbose_name="item number"),
        ),
        migrations.AddConstraint(
            model_name="item",
            constraint=models.UniqueConstraint(
                fields=("report", "number"), name="item_number_in_report"
            ),
        ),
    ]
