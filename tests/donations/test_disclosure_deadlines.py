"""Disclosure deadlines count 30 working days by the Chinese calendar: National Day 2026
(1–7 October off, Saturday 10 October worked) moves the deadline by six days."""

from datetime import date

import pytest

from donations import rules, selectors, services
from portal.workdays import add_working_days
from tests.donations.conftest import make_project
from tests.portal.test_working_calendar import enter_2027


@pytest.mark.django_db
def test_one_working_day_after_national_day_eve_is_8_october():
    assert add_working_days(date(2026, 9, 30), 1) == date(2026, 10, 8)


@pytest.mark.django_db
def test_thirty_working_days_across_national_day_2026():
    # Weekends alone would give 11 November; the holiday and the worked Saturday
    # (10 October) give 17 November.
    assert rules.disclosure_due(date(2026, 9, 30)) == date(2026, 11, 17)


@pytest.mark.django_db
def test_a_worked_saturday_counts():
    assert add_working_days(date(2026, 10, 9), 1) == date(2026, 10, 10)


@pytest.mark.django_db
def test_thirty_working_days_without_holidays():
    assert rules.disclosure_due(date(2026, 11, 2)) == date(2026, 12, 14)


@pytest.mark.django_db
def test_staff_see_what_is_due_and_by_when(dw):
    project = make_project(dw)
    services.project_end(user=dw.reporter, project=project, ended_on=date(2026, 9, 30))
    rows = selectors.disclosures_due(dw.reporter, date(2026, 10, 20))
    # The drive ended on Saturday 17 October 2026.
    assert [(r["kind"], r["due"]) for r in rows] == [
        ("project", date(2026, 11, 17)),
        ("drive", date(2026, 11, 27)),
    ]
    # Once disclosed, nothing is due; another county's staff never see ours.
    services.drive_disclose_donors(user=dw.reporter, drive=dw.drive)
    services.project_disclose_use(user=dw.reporter, project=project)
    assert selectors.disclosures_due(dw.reporter, date(2026, 10, 20)) == []
    assert selectors.disclosures_due(dw.neighbour_reporter, date(2026, 10, 20)) == []


@pytest.mark.django_db
def test_a_year_nobody_entered_counts_monday_to_friday():
    # 20 December 2026 + 30 working days: 9 in December, then Monday to Friday in 2027.
    assert rules.disclosure_due(date(2026, 12, 20)) == date(2027, 1, 29)


@pytest.mark.django_db
def test_a_year_entered_by_hand_moves_the_deadline(world):
    enter_2027(world.province_admin)  # 1–3 January off
    assert rules.disclosure_due(date(2026, 12, 20)) == date(2027, 2, 1)
    # 30 working days after 25 January: the Spring Festival (6–14 February) is skipped and
    # Saturday 20 February is worked (Monday to Friday alone would say 8 March).
    assert rules.disclosure_due(date(2027, 1, 25)) == date(2027, 3, 12)
