"""Copy every ReportEvent into the portal journal, keeping its time, actor, comment and
data; the action becomes its dotted code (already dotted ones are kept)."""

from django.db import migrations

BATCH = 2000


def _code(action: str) -> str:
    return action if "." in action else f"submissions.report.{action}"


def forward(apps, schema_editor):
    ReportEvent = apps.get_model("submissions", "ReportEvent")
    JournalEntry = apps.get_model("portal", "JournalEntry")
    ContentType = apps.get_model("contenttypes", "ContentType")
    report_type, _ = ContentType.objects.get_or_create(app_label="submissions", model="report")
    batch = []
    for event in ReportEvent.objects.order_by("at", "pk").iterator(chunk_size=BATCH):
        batch.append(
            JournalEntry(
                action=_code(event.action),
                actor_id=event.actor_id,
                at=event.at,
                content_type_id=report_type.pk,
                object_id=event.report_id,
                comment=event.comment,
                data=event.data,
            )
        )
        if len(batch) == BATCH:
            JournalEntry.objects.bulk_create(batch)
            batch = []
    JournalEntry.objects.bulk_create(batch)


def backward(apps, schema_editor):
    ReportEvent = apps.get_model("submissions", "ReportEvent")
    JournalEntry = apps.get_model("portal", "JournalEntry")
    entries = JournalEntry.objects.filter(
        content_type__app_label="submissions", content_type__model="report"
    ).order_by("at", "pk")
    ReportEvent.objects.bulk_create(
        ReportEvent(
            report_id=e.object_id,
            action=e.action,
            actor_id=e.actor_id,
            at=e.at,
            comment=e.comment,
            data=e.data,
        )
        for e in entries
        if e.actor_id is not None
    )
    entries.delete()


class Migration(migrations.Migration):
    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("portal", "0005_journal"),
        ("submissions", "0003_search_bigrams"),
    ]

    operations = [migrations.RunPython(forward, backward, elidable=True)]
