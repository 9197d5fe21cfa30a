"""A second source of deadlines plugs into the same plan (how campaign assignments join)."""

from datetime import date

import pytest
from django.utils.translation import gettext_lazy as _

from notifications import services, sources
from notifications.models import Notification, Reminder


class AssignmentLikeSource:
    """Shaped like the campaign assignments source of campaigns/reminders.py."""

    subject_type = "tests.assignment"

    def __init__(self, world, open_ids):
        self.world, self.open_ids = world, open_ids

    def due_items(self, today):
        return [
            sources.Due(
                subject_type=self.subject_type,
                subject_id=key,
                unit=self.world.yanchang_bureau,
                deadline=date(2026, 7, 8),
                what=_("Activity report"),
                state=_("Open"),
                url="/campaigns/",
            )
            for key in sorted(self.open_ids)
        ]

    def open_subject_ids(self, subject_ids, today):
        return set(subject_ids) & self.open_ids


@pytest.fixture
def assignments(world):
    source = AssignmentLikeSource(world, {"41"})
    sources.register(source)
    yield source
    del sources.SOURCES[source.subject_type]


def test_a_registered_source_is_planned_like_reports(world, assignments):
    plan = services.reminders_plan(today=date(2026, 7, 9))  # Thursday, the day after
    mine = [(p.person.username, p.step) for p in plan if p.due.subject_type == "tests.assignment"]
    assert sorted(mine) == [
        ("approver", "overdue-1"),
        ("city_reviewer", "overdue-1"),
        ("reporter", "overdue-1"),
    ]


def test_its_reminders_are_claimed_once_and_stop_when_done(world, assignments):
    services.reminders_run(today=date(2026, 7, 6))  # Monday: 2 days before → the 3-day step
    services.reminders_run(today=date(2026, 7, 6))
    claimed = Reminder.objects.filter(subject_type="tests.assignment", person=world.reporter)
    assert [r.step for r in claimed] == ["before-3"]
    assert Notification.objects.filter(recipient=world.reporter, url="/campaigns/").count() == 1
    assignments.open_ids.clear()  # done
    services.reminders_run(today=date(2026, 7, 7))
    assert claimed.count() == 1
