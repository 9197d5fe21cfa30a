"""Phone and ID numbers encrypted at rest, step 2 of 3: the rows are encrypted in place,
read and written as plain text (the columns are still TextField here). Backwards decrypts
them (with the current or an old key). Skips what is already encrypted, so it can run again."""

from django.db import migrations

import portal.encryption

FIELDS = [("pledge", "contact_phone"), ("wish", "household_id_number"), ("wish", "household_phone")]


def _convert(apps, schema_editor, change):
    for model_name, field in FIELDS:
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
        ("donations", "0007_personal_data_encrypted"),
    ]

    operations = [
        migrations.RunPython(encrypt_rows, decrypt_rows, elidable=True),
    ]
