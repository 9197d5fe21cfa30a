"""People's mobile numbers encrypted at rest, step 2 of 3: every person's and every
history row's number is encrypted in place (the columns are plain text here), and each
person's blind index is filled. Backwards decrypts them (with the current or an old key)
and clears the index. Skips what is already encrypted, so it can run again.

Two accounts whose numbers differ only in how they were written ("139 1234 5678" and
"13912345678", which the old constraint on the clear number let by) would share an index:
the migration stops and names them, so that someone decides whose number it is."""

from django.db import migrations

import portal.encryption

CONTEXT = "portal.user.phone"
HISTORY_CONTEXT = "portal.historicaluser.phone"


def _rows(model):
    return model.objects.exclude(phone="").values_list("pk", "phone").order_by("pk")


def encrypt_rows(apps, schema_editor):
    User = apps.get_model("portal", "User")
    HistoricalUser = apps.get_model("portal", "HistoricalUser")
    owners = {}
    for pk, value in _rows(User).iterator(chunk_size=500):
        token = portal.encryption.is_token(value)
        clear = portal.encryption.decrypt(value, context=CONTEXT) if token else value
        index = portal.encryption.blind_index(clear, context=CONTEXT)
        if index and index in owners:
            names = (
                User.objects.filter(pk__in=[owners[index], pk])
                .order_by("pk")
                .values_list("username", flat=True)
            )
            raise RuntimeError(
                f"Accounts {' and '.join(names)} have the same mobile number, written "
                "differently. Give one of them another number (or none), then migrate again."
            )
        owners[index] = pk
        stored = value if token else portal.encryption.encrypt(clear, context=CONTEXT)
        User.objects.filter(pk=pk).update(phone=stored, phone_index=index)
    for pk, value in _rows(HistoricalUser).iterator(chunk_size=500):
        if not portal.encryption.is_token(value):
            token = portal.encryption.encrypt(value, context=HISTORY_CONTEXT)
            HistoricalUser.objects.filter(pk=pk).update(phone=token)


def decrypt_rows(apps, schema_editor):
    for name, context in (("User", CONTEXT), ("HistoricalUser", HISTORY_CONTEXT)):
        model = apps.get_model("portal", name)
        for pk, value in _rows(model).iterator(chunk_size=500):
            if portal.encryption.is_token(value):
                clear = portal.encryption.decrypt(value, context=context)
                model.objects.filter(pk=pk).update(phone=clear)
    apps.get_model("portal", "User").objects.update(phone_index="")


class Migration(migrations.Migration):
    dependencies = [
        ("portal", "0007_user_phone_encrypted"),
    ]

    operations = [
        migrations.RunPython(encrypt_rows, decrypt_rows, elidable=True),
    ]
