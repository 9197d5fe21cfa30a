"""Key rotation: re-encrypt every encrypted personal-data value still under an old key
(PERSONAL_DATA_OLD_KEYS) with the current one (PERSONAL_DATA_KEY).

Rotate by moving the current key into PERSONAL_DATA_OLD_KEYS, setting a new
PERSONAL_DATA_KEY, restarting, running this command, then dropping the old key. Safe to
run again (rows already under the current key are left alone) and while the portal runs:
each row is rewritten only if it still holds the token that was read.

Blind indexes (User.phone_index) are keyed from PERSONAL_DATA_KEY too, so they are
recomputed under the new key; until they are, lookups also try the old keys' indexes, but
the database's unique constraint compares the stored index alone: run this soon after
the restart.
"""

from django.apps import apps
from django.core.management.base import BaseCommand
from django.db.models import ExpressionWrapper, F, TextField
from django.db.models.lookups import Exact

from portal.encryption import EncryptedCharField, blind_index, decrypt, needs_reencryption

# (model, encrypted field, its blind index): the indexes recomputed under the current key.
BLIND_INDEXES = [("portal.User", "phone", "phone_index")]


def encrypted_fields():
    for model in apps.get_models():
        for field in model._meta.concrete_fields:
            if isinstance(field, EncryptedCharField):
                yield model, field


class Command(BaseCommand):
    help = "Re-encrypt personal data held under an old key with PERSONAL_DATA_KEY."

    def handle(self, *args, **options):
        total = 0
        for model, field in encrypted_fields():
            # The stored token, read past the field's decryption; update() encrypts the
            # clear value with the current key.
            raw = ExpressionWrapper(F(field.name), output_field=TextField())
            rows = (
                model._base_manager.exclude(**{field.name: ""})
                .exclude(**{f"{field.name}__isnull": True})
                .annotate(token=raw)
                .values_list("pk", "token")
            )
            moved = 0
            for pk, token in rows.iterator(chunk_size=500):
                if not needs_reencryption(token):
                    continue
                clear = decrypt(token, context=field.context)
                # Only over the token that was read: a value changed meanwhile is left be.
                changed = (
                    model._base_manager.filter(pk=pk)
                    .filter(Exact(raw, token))
                    .update(**{field.name: clear})
                )
                moved += changed
            total += moved
            self.stdout.write(f"{field.context}: {moved} re-encrypted")
        self.stdout.write(self.style.SUCCESS(f"{total} values re-encrypted with the current key."))
        for label, name, index_name in BLIND_INDEXES:
            self.reindex(apps.get_model(label), name, index_name)

    def reindex(self, model, name, index_name):
        field = model._meta.get_field(name)
        raw = ExpressionWrapper(F(name), output_field=TextField())
        rows = (
            model._base_manager.exclude(**{name: ""})
            .exclude(**{f"{name}__isnull": True})
            .annotate(token=raw)
            .values_list("pk", "token", index_name)
        )
        moved = 0
        for pk, token, stored in rows.iterator(chunk_size=500):
            index = blind_index(decrypt(token, context=field.context), context=field.context)
            if index != stored:
                # As above: a value changed meanwhile was indexed by its save().
                moved += (
                    model._base_manager.filter(pk=pk)
                    .filter(Exact(raw, token))
                    .update(**{index_name: index})
                )
        self.stdout.write(f"{field.context}: {moved} blind indexes recomputed")
