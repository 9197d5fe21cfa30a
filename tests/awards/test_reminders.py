"""Reminders before the nomination window closes and while nominations wait for sign-off,
through the portal's reminder system."""

from datetime import date, timedelta

from django.utils import timezone

from awards import services
from notifications import sources
from notifications.services import reminders_plan
from tests.awards.conftest import file_work


def due(today, subject_type):
    return [i for i in sources.all_due_items(today) if i.subject_type == subject_type]


def closing_in(aw, days):
    aw.programme.nomination_closes = timezone.localdate() + timedelta(days=days)
    aw.programme.save()


def test_units_that_filed_nothing_are_reminded_as_the_window_closes(world, aw):
    closing_in(aw, 3)
    today = timezone.localdate()
    file_work(world, aw)
    items = due(today, "awards.window")
    assert {i.unit for i in items} == {world.yanchuan_bureau, world.yanan_office}
    assert all(i.deadline == aw.programme.nomination_closes for i in items)
    ids = [i.subject_id for i in items]
    file_work(world, aw, unit=world.yanchuan_bureau, user=world.neighbour_reporter)
    still_open = sources.open_subject_ids("awards.window", ids, today)
    assert len(still_open) == 1


def test_no_window_reminder_long_before_or_after_the_close(world, aw):
    closing_in(aw, 10)
    assert due(timezone.localdate(), "awards.window") == []
    closing_in(aw, -1)
    assert due(timezone.localdate(), "awards.window") == []


def test_nominations_waiting_for_sign_off_are_reminded_until_signed(world, aw):
    closing_in(aw, 1)
    today = timezone.localdate()
    nomination = file_work(world, aw)
    [item] = due(today, "awards.signoff")
    assert item.unit == world.yanchang_bureau
    assert item.subject_id == str(nomination.pk)
    services.nomination_sign_off(nomination=nomination, user=world.approver)
    assert sources.open_subject_ids("awards.signoff", [item.subject_id], today) == set()


def test_the_unit_approver_is_in_the_plan(world, aw):
    file_work(world, aw)
    wednesday = date(2026, 11, 25)  # an ordinary working day
    aw.programme.nomination_opens = wednesday - timedelta(days=20)
    aw.programme.nomination_closes = wednesday + timedelta(days=1)
    aw.programme.save()
    plan = reminders_plan(today=wednesday)
    people = {p.person for p in plan if p.due.subject_type == "awards.signoff"}
    assert world.approver in people
