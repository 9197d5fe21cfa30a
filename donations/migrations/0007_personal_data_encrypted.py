"""Phone and ID numbers encrypted at rest with SM4 (portal.encryption).

Three steps: the columns become text (a token is longer than the number); the rows are
encrypted in place, read and written as plain text; then the fields become the encrypted
field, which changes nothing in the database. Reversible: backwards decrypts (with the
current or an old key) and narrows the columns again.
"""

import django.core.validators
from django.db import migrations, models

import portal.encryption
import portal.validators

# (model, field, column's former max_length)
FIELDS = [
    ("pledge", "contact_phone", 40),
    ("wish", "household_id_number", 18),
    ("wish", "household_phone", 20),
]
PHONE = django.core.validators.RegexValidator(
    "^\\+?[0-9][0-9 ()-]{4,38}[0-9]$",
    "Enter a phone number: digits, with spaces or hyphens between the groups if you like.",
    code="invalid_phone",
)


def _convert(apps, schema_editor, change):
    for model_name, field, _ in FIELDS:
        model = apps.get_model("donations", model_name)
        context = f"donations.{model_name}.{field}"
        rows = model.objects.exclude(**{field: ""}).values_list("pk", field)
        for pk, value in rows.iterator(chunk_size=500):
            new = change(value, context)
            if new != value:
                model.objects.filter(pk=pk).update(**{field: new})


def encrypt_rows(apps, schema_editor):
    def change(value, context):
        if portal.encryption.is_token(value):
            return value
        return portal.encryption.encrypt(value, context=context)

    _convert(apps, schema_editor, change)


def decrypt_rows(apps, schema_editor):
    def change(value, context):
        if not portal.encryption.is_token(value):
            return value
        return portal.encryption.decrypt(value, context=context)

    _convert(apps, schema_editor, change)


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
        migrations.RunPython(encrypt_rows, decrypt_rows, elidable=False),
        migrations.AlterField(
            model_name="pledge",
            name="contact_phone",
            field=portal.encryption.EncryptedCharField(
                blank=True, max_length=40, validators=[PHONE], verbose_name="contact phone"
            ),
        ),
        migrations.AlterField(
            model_name="wish",
            name="household_id_number",
            field=portal.encryption.EncryptedCharField(
                blank=True,
                max_length=18,
                validators=[portal.validators.validate_citizen_id],
                verbose_name="ID number",
            ),
        ),
        migrations.AlterField(
            model_name="wish",
            name="household_phone",
            field=portal.encryption.EncryptedCharField(
                blank=True, max_length=20, validators=[PHONE], verbose_name="phone"
            ),
        ),
    ]
