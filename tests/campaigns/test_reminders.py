"""Campaign assignments get deadline reminders like quarterly reports, and stop when done."""

from datetime import date

from campaigns.reminders import AssignmentSource
from notifications import services
from notifications.models import Notification, Reminder
from tests.campaigns.builders import assignment_of, mark_done, published_campaign


def test_an_open_assignment_is_reminded_before_its_report_is_due(world):
    campaign = published_campaign(world, summary=False)
    assignment = assignment_of(campaign, world.yanchang_bureau)

    # Report due Thursday 22 October 2026; Monday the 19th is within three days of it.
    services.reminders_run(today=date(2026, 10, 19))
    services.reminders_run(today=date(2026, 10, 19))

    mine = Reminder.objects.filter(subject_type="campaigns.assignment", person=world.reporter)
    assert [(r.subject_id, r.step) for r in mine] == [(str(assignment.pk), "before-3")]
    notice = Notification.objects.get(recipient=world.reporter, url__contains="/assignments/")
    assert notice.url.endswith(f"/assignments/{assignment.pk}/")
    assert Reminder.objects.filter(
        subject_type="campaigns.assignment", person=world.neighbour_reporter
    ).exists()


def test_a_done_assignment_is_no_longer_due(world):
    campaign = published_campaign(world, summary=False)
    assignment = assignment_of(campaign, world.yanchang_bureau)
    source = AssignmentSource()
    assert str(assignment.pk) in {d.subject_id for d in source.due_items(date(2026, 10, 19))}

    mark_done(world, assignment)

    due = {d.subject_id for d in source.due_items(date(2026, 10, 19))}
    assert str(assignment.pk) not in due
    assert source.open_subject_ids([str(assignment.pk)], date(2026, 10, 19)) == set()


def test_assignments_far_from_their_deadline_are_left_alone(world):
    published_campaign(world, summary=False)
    assert list(AssignmentSource().due_items(date(2026, 9, 1))) == []
