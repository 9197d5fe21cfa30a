"""Copy every CampaignEvent into the portal journal, keeping its time, actor, comment and
data: an entry about an assignment is about that assignment, the rest about the
campaign (the two history pages read them so)."""

from django.db import migrations

BATCH = 2000


def _code(action: str, on_assignment: bool) -> str:
    if "." in action:
        return action
    return f"campaigns.{'assignment' if on_assignment else 'campaign'}.{action}"


def forward(apps, schema_editor):
    CampaignEvent = apps.get_model("campaigns", "CampaignEvent")
    JournalEntry = apps.get_model("portal", "JournalEntry")
    ContentType = apps.get_model("contenttypes", "ContentType")
    campaign_type, _ = ContentType.objects.get_or_create(app_label="campaigns", model="campaign")
    assignment_type, _ = ContentType.objects.get_or_create(
        app_label="campaigns", model="assignment"
    )
    batch = []
    for event in CampaignEvent.objects.order_by("at", "pk").iterator(chunk_size=BATCH):
        on_assignment = event.assignment_id is not None
        batch.append(
            JournalEntry(
                action=_code(event.action, on_assignment),
                actor_id=event.actor_id,
                at=event.at,
                content_type_id=(assignment_type if on_assignment else campaign_type).pk,
                object_id=event.assignment_id if on_assignment else event.campaign_id,
                comment=event.comment,
                data=event.data,
            )
        )
        if len(batch) == BATCH:
            JournalEntry.objects.bulk_create(batch)
            batch = []
    JournalEntry.objects.bulk_create(batch)


def backward(apps, schema_editor):
    CampaignEvent = apps.get_model("campaigns", "CampaignEvent")
    Assignment = apps.get_model("campaigns", "Assignment")
    JournalEntry = apps.get_model("portal", "JournalEntry")
    entries = JournalEntry.objects.filter(content_type__app_label="campaigns").order_by("at", "pk")
    campaign_of = dict(Assignment.objects.values_list("pk", "activity__campaign_id"))
    rows = []
    for e in entries.select_related("content_type"):
        on_assignment = e.content_type.model == "assignment"
        if e.actor_id is None or (on_assignment and e.object_id not in campaign_of):
            continue
        rows.append(
            CampaignEvent(
                campaign_id=campaign_of[e.object_id] if on_assignment else e.object_id,
                assignment_id=e.object_id if on_assignment else None,
                action=e.action,
                actor_id=e.actor_id,
                comment=e.comment,
                data=e.data,
            )
        )
    CampaignEvent.objects.bulk_create(rows)
    entries.delete()


class Migration(migrations.Migration):
    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("portal", "0005_journal"),
        ("campaigns", "0002_activity_version"),
    ]

    operations = [migrations.RunPython(forward, backward, elidable=True)]
