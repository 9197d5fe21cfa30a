"""People's mobile numbers (User.phone) encrypted at rest with SM4 (portal.encryption),
step 1 of 3: the columns become text, as long as a token needs; the blind index that
uniqueness will compare is added (0008 encrypts the rows and fills it, 0009 makes phone the
encrypted field and puts the constraint on the index). The constraint on the clear number
goes now: a token is never equal to another. Three migrations, each its own transaction:
PostgreSQL refuses to alter a table whose rows the same transaction updated."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("portal", "0006_security_controls"),
    ]

    operations = [
        migrations.RemoveConstraint(
            model_name="user",
            name="user_phone_unique",
        ),
        migrations.AlterField(
            model_name="user",
            name="phone",
            field=models.TextField(blank=True, verbose_name="phone"),
        ),
        migrations.AlterField(
            model_name="historicaluser",
            name="phone",
            field=models.TextField(blank=True, verbose_name="phone"),
        ),
        migrations.AddField(
            model_name="user",
            name="phone_index",
            field=models.CharField(blank=True, editable=False, max_length=64),
        ),
    ]
