"""People's mobile numbers encrypted at rest, step 3 of 3: phone becomes the encrypted
field, which reads and writes through SM4, and one number belongs to one account again,
now compared through the blind index."""

from django.db import migrations, models

import portal.encryption


class Migration(migrations.Migration):
    dependencies = [
        ("portal", "0008_user_phone_encrypt_rows"),
    ]

    operations = [
        migrations.AlterField(
            model_name="user",
            name="phone",
            field=portal.encryption.EncryptedCharField(
                blank=True, max_length=40, verbose_name="phone"
            ),
        ),
        migrations.AlterField(
            model_name="historicaluser",
            name="phone",
            field=portal.encryption.EncryptedCharField(
                blank=True, max_length=40, verbose_name="phone"
            ),
        ),
        migrations.AddConstraint(
            model_name="user",
            constraint=models.UniqueConstraint(
                condition=models.Q(("phone_index", ""), _negated=True),
                fields=("phone_index",),
                name="user_phone_unique",
                violation_error_message="This mobile number belongs to another account.",
            ),
        ),
    ]
