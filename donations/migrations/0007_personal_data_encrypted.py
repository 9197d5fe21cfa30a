"""Phone and ID numbers encrypted at rest with SM4 (portal.encryption), step 1 of 3: the
columns become text, as long as a token needs (0008 encrypts the rows, 0009 makes them the
encrypted field). Three migrations, each its own transaction: PostgreSQL refuses to alter a
table whose rows the same transaction updated ("pending trigger events")."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("donations", "0006_pledge_drive_donor_order"),
    ]

    operations = [
        migrations.AlterField(
            model_name="pledge",
            name="contact_phone",
            field=models.TextField(blank=True, verbose_name="contact phone"),
        ),
        migrations.AlterField(
            model_name="wish",
            name="household_id_number",
            field=models.TextField(blank=True, verbose_name="ID number"),
        ),
        migrations.AlterField(
            model_name="wish",
            name="household_phone",
            field=models.TextField(blank=True, verbose_name="phone"),
        ),
    ]
