"""Copy every AwardEvent into the portal journal, keeping its time, actor (none for the
public), comment and data: an entry about a nomination is about that nomination, the
rest about the programme."""

from django.db import migrations

BATCH = 2000


def _code(action: str, on_nomination: bool) -> str:
    if "." in action:
        return action
    return f"awards.{'nomination' if on_nomination else 'programme'}.{action}"


def forward(apps, schema_editor):
    AwardEvent = apps.get_model("awards", "AwardEvent")
    JournalEntry = apps.get_model("portal", "JournalEntry")
    ContentType = apps.get_model("contenttypes", "ContentType")
    programme_type, _ = ContentType.objects.get_or_create(app_label="awards", model="programme")
    nomination_type, _ = ContentType.objects.get_or_create(app_label="awards", model="nomination")
    batch = []
    for event in AwardEvent.objects.order_by("at", "pk").iterator(chunk_size=BATCH):
        on_nomination = event.nomination_id is not None
        batch.append(
            JournalEntry(
                action=_code(event.action, on_nomination),
                actor_id=event.actor_id,
                at=event.at,
                content_type_id=(nomination_type if on_nomination else programme_type).pk,
                object_id=event.nomination_id if on_nomination else event.programme_id,
                comment=event.comment,
                data=event.data,
            )
        )
        if len(batch) == BATCH:
            JournalEntry.objects.bulk_create(batch)
            batch = []
    JournalEntry.objects.bulk_create(batch)


def backward(apps, schema_editor):
    AwardEvent = apps.get_model("awards", "AwardEvent")
    Nomination = apps.get_model("awards", "Nomination")
    JournalEntry = apps.get_model("portal", "JournalEntry")
    entries = JournalEntry.objects.filter(content_type__app_label="awards").order_by("at", "pk")
    programme_of = dict(Nomination.objects.values_list("pk", "programme_id"))
    rows = []
    for e in entries.select_related("content_type"):
        on_nomination = e.content_type.model == "nomination"
        if on_nomination and e.object_id not in programme_of:
            continue
        rows.append(
            AwardEvent(
                programme_id=programme_of[e.object_id] if on_nomination else e.object_id,
                nomination_id=e.object_id if on_nomination else None,
                action=e.action,
                actor_id=e.actor_id,
                comment=e.comment,
                data=e.data,
            )
        )
    AwardEvent.objects.bulk_create(rows)
    entries.delete()


class Migration(migrations.Migration):
    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("portal", "0005_journal"),
        ("awards", "0001_initial"),
    ]

    operations = [migrations.RunPython(forward, backward, elidable=True)]
