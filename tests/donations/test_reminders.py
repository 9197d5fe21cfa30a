"""Donations feed the portal's reminders: disclosures falling due (working days) and
pledges not received by their date, each to the county office, until done."""

from datetime import UTC, date, datetime
from decimal import Decimal

import pytest
from django.utils import translation

from donations import services
from notifications.sources import all_due_items, open_subject_ids
from tests.donations.conftest import make_pledge, make_project, pay


def due(today, subject_type):
    return [d for d in all_due_items(today) if d.subject_type == subject_type]


@pytest.mark.django_db
def test_a_drive_disclosure_is_reminded_from_a_week_before_until_done(dw):
    # The drive ended on 17 October 2026: donors are due by 27 November (working days).
    assert due(date(2026, 11, 19), "donations.drive_disclosure") == []
    (item,) = due(date(2026, 11, 20), "donations.drive_disclosure")
    assert (item.unit, item.deadline) == (dw.yanchang_bureau, date(2026, 11, 27))
    assert due(date(2026, 12, 10), "donations.drive_disclosure")  # overdue: still reminded
    services.drive_disclose_donors(user=dw.reporter, drive=dw.drive)
    assert due(date(2026, 12, 10), "donations.drive_disclosure") == []
    assert (
        open_subject_ids("donations.drive_disclosure", [item.subject_id], date(2026, 12, 10))
        == set()
    )


@pytest.mark.django_db
def test_a_projects_use_of_funds_is_reminded(dw):
    project = make_project(dw)
    services.project_end(user=dw.reporter, project=project, ended_on=date(2026, 9, 30))
    (item,) = due(date(2026, 11, 12), "donations.project_use")
    assert (item.unit, item.deadline) == (dw.yanchang_bureau, date(2026, 11, 17))
    services.project_disclose_use(user=dw.reporter, project=project)
    assert due(date(2026, 11, 12), "donations.project_use") == []


@pytest.mark.django_db
def test_a_pledge_not_received_by_its_date_is_followed_up(dw):
    pledge = make_pledge(dw, amount="1000.00", due_date=date(2026, 11, 30))
    (item,) = due(date(2026, 11, 25), "donations.pledge_due")
    assert item.unit == dw.yanchang_bureau
    pay(dw, pledge, Decimal("1000.00"))
    assert due(date(2026, 11, 25), "donations.pledge_due") == []
    assert open_subject_ids("donations.pledge_due", [item.subject_id], date(2026, 12, 1)) == set()


@pytest.mark.django_db
def test_a_drives_statistics_are_reminded_until_filed(dw):
    # Statistics are due on 10 October 2026 (seed 002): reminded from a week before.
    assert due(date(2026, 10, 2), "donations.drive_statistics") == []
    (item,) = due(date(2026, 10, 3), "donations.drive_statistics")
    assert (item.unit, item.deadline) == (dw.yanchang_bureau, date(2026, 10, 10))
    with translation.override("en"):
        assert str(item.what) == "Donation statistics of 2026年扶贫日募捐"
    assert due(date(2026, 10, 20), "donations.drive_statistics")  # overdue: still reminded
    dw.drive.stats_filed_at = datetime(2026, 10, 9, 10, tzinfo=UTC)
    dw.drive.save(update_fields=["stats_filed_at"])
    assert due(date(2026, 10, 20), "donations.drive_statistics") == []
    assert (
        open_subject_ids("donations.drive_statistics", [item.subject_id], date(2026, 10, 20))
        == set()
    )
