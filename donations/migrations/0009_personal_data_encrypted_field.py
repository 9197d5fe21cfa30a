"""Phone and ID numbers encrypted at rest, step 3 of 3: the fields become the encrypted
field, which reads and writes through SM4; nothing changes in the database."""

import django.core.validators
from django.db import migrations

import portal.encryption
import portal.validators

PHONE = django.core.validators.RegexValidator(
    "^\\+?[0-9][0-9 ()-]{4,38}[0-9]$",
    "Enter a phone number: digits, with spaces or hyphens between the groups if you like.",
    code="invalid_phone",
)


class Migration(migrations.Migration):
    dependencies = [
        ("donations", "0008_personal_data_encrypt_rows"),
    ]

    operations = [
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
