"""Copy every donations Event into the portal journal, keeping its time, user (none for
the public and for the system) and note (as the comment). An entry is about its pledge,
project or wish; a drive's entries, which named the drive only in their note
("<drive id>:..."), are about that drive. The old table stays, unwritten, until the
next release removes it."""

from django.db import migrations

BATCH = 2000


def _drive_id(event):
    if event.action.startswith("donations.drive."):
        head = event.note.split(":", 1)[0]
        if head.isdigit():
            return int(head)
    return None


def forward(apps, schema_editor):
    Event = apps.get_model("donations", "Event")
    Drive = apps.get_model("donations", "Drive")
    JournalEntry = apps.get_model("portal", "JournalEntry")
    ContentType = apps.get_model("contenttypes", "ContentType")
    types = {
        name: ContentType.objects.get_or_create(app_label="donations", model=name)[0].pk
        for name in ("pledge", "project", "wish", "drive")
    }
    drives = set(Drive.objects.values_list("pk", flat=True))
    batch = []
    for event in Event.objects.order_by("at", "pk").iterator(chunk_size=BATCH):
        drive_id = _drive_id(event)
        target = next(
            (
                (types[name], pk)
                for name, pk in (
                    ("pledge", event.pledge_id),
                    ("project", event.project_id),
                    ("wish", event.wish_id),
                    ("drive", drive_id if drive_id in drives else None),
                )
                if pk is not None
            ),
            (None, None),
        )
        batch.append(
            JournalEntry(
                action=event.action if "." in event.action else f"donations.{event.action}",
                actor_id=event.user_id,
                at=event.at,
                content_type_id=target[0],
                object_id=target[1],
                comment=event.note,
            )
        )
        if len(batch) == BATCH:
            JournalEntry.objects.bulk_create(batch)
            batch = []
    JournalEntry.objects.bulk_create(batch)


def backward(apps, schema_editor):
    # The old rows were kept: only the copies go.
    JournalEntry = apps.get_model("portal", "JournalEntry")
    JournalEntry.objects.filter(action__startswith="donations.").delete()


class Migration(migrations.Migration):
    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("portal", "0005_journal"),
        ("donations", "0003_pledge_keeps_donor_designation"),
    ]

    operations = [migrations.RunPython(forward, backward, elidable=True)]
