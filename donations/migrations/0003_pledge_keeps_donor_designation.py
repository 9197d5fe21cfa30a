"""A pledge keeps the designation its donor gave.

Before this migration, a consented move of part of a gift switched the whole pledge to the new use,
so the pledge left its project's page and later receipts were booked under the new use.
This gives each moved pledge back the designation its first move was made from (the
donor's own; every move is recorded with where it came from).

Receipts booked after that move under another use were never agreed by the donor: they
are booked back to the donor's designation (ledger entry and receipt account), unless
the use they went to has meanwhile spent them, in which case the entry stays as booked
rather than leave that use's balance below zero. The moves themselves stay in the ledger
as recorded. The journal records each correction (no user: done by the upgrade).
"""

from django.db import migrations
from django.db.models import Sum


def _balance(LedgerEntry, entry) -> int:
    """What the use `entry` is booked under holds, in fen."""
    if entry.project_id:
        entries = LedgerEntry.objects.filter(project_id=entry.project_id)
    elif entry.village_id:
        entries = LedgerEntry.objects.filter(village_id=entry.village_id, project=None)
    else:
        entries = LedgerEntry.objects.filter(village=None, region_id=entry.region_id)
    total = entries.aggregate(total=Sum("amount"))["total"]
    return round((total or 0) * 100)


def restore_designations(apps, schema_editor):
    Pledge = apps.get_model("donations", "Pledge")
    Reallocation = apps.get_model("donations", "Reallocation")
    LedgerEntry = apps.get_model("donations", "LedgerEntry")
    Receipt = apps.get_model("donations", "Receipt")
    Event = apps.get_model("donations", "Event")
    moved = Pledge.objects.filter(
        pk__in=Reallocation.objects.values("pledge_id")
    ).order_by("pk")
    for pledge in moved:
        first = Reallocation.objects.filter(pledge=pledge).order_by("created_at", "pk").first()
        original = (first.from_designation, first.from_project_id, first.from_village_id)
        if (pledge.designation, pledge.project_id, pledge.village_id) == original:
            continue
        # The first move's "out" entry is booked in the donor's designation: its account
        # and region are where the pledge's money belongs.
        source = LedgerEntry.objects.get(reallocation=first, kind="moved_out")
        pledge.designation, pledge.project_id, pledge.village_id = original
        pledge.save(update_fields=["designation", "project", "village"])
        rebooked = []
        later = LedgerEntry.objects.filter(
            pledge=pledge, kind="receipt", created_at__gt=first.created_at
        ).order_by("pk")
        for entry in later:
            if (entry.project_id, entry.village_id) == original[1:]:
                continue
            if _balance(LedgerEntry, entry) < round(entry.amount * 100):
                continue
            entry.account_id = source.account_id
            entry.project_id = source.project_id
            entry.village_id = source.village_id
            entry.region_id = source.region_id
            entry.save(update_fields=["account", "project", "village", "region"])
            Receipt.objects.filter(pk=entry.receipt_id).update(account_id=source.account_id)
            rebooked.append(str(entry.amount))
        Event.objects.create(
            action="donations.pledge.designation_restored",
            pledge=pledge,
            note="; ".join(rebooked),
        )


class Migration(migrations.Migration):
    dependencies = [
        ("donations", "0002_drive_campaign_statistics"),
    ]

    operations = [
        migrations.RunPython(restore_designations, migrations.RunPython.noop, elidable=True),
    ]
