"""A reporter's quarters page and the home page cost the same queries however many units
they file for and however many reports and items those units have."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from portal.models import Role, User
from tests.factories import MembershipFactory, UnitFactory
from tests.submissions.builders import draft_report, submitted_report


def _queries(client, url) -> tuple[int, str]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries), response.text


def _units_with_reports(world, n, start):
    """New units in the reporter's county and the neighbouring one, each with a submitted
    report for Q2 and a draft for Q3, filed by the world's reporter (made a reporter there)
    and signed off by its approver."""
    counties = [world.yanchang, world.yanchuan]
    for i in range(start, start + n):
        unit = UnitFactory(name=f"报送单位{i}", region=counties[i % 2])
        MembershipFactory(user=world.reporter, unit=unit, role=Role.REPORTER)
        MembershipFactory(user=world.approver, unit=unit, role=Role.APPROVER)
        # Fresh user objects: a person's roles are remembered on the object once read.
        reporter = User.objects.get(pk=world.reporter.pk)
        approver = User.objects.get(pk=world.approver.pk)
        submitted_report(
            world, n_items=2, quarter=2, unit=unit, reporter=reporter, approver=approver
        )
        draft_report(world, n_items=3, quarter=3, unit=unit, reporter=reporter)


@pytest.mark.parametrize(
    ("name", "who"),
    [
        ("submissions:my-reports", "reporter"),
        ("submissions:my-reports", "approver"),
        ("home", "reporter"),
        ("home", "approver"),
    ],
)
def test_queries_stay_flat_as_units_and_reports_grow(world, client_for, name, who):
    client = client_for(getattr(world, who))
    url = reverse(name)
    draft_report(world, n_items=1, quarter=3)
    _queries(client, url)
    _units_with_reports(world, 1, 0)
    few, _ = _queries(client, url)
    _units_with_reports(world, 5, 1)
    many, page = _queries(client, url)
    assert many == few
    if name != "home":
        assert "报送单位5" in page


def test_each_unit_without_a_report_shows_its_own_deadline(world, client_for):
    """The deadlines read in one query are still each unit's: its own extension, else the
    quarter's for everyone, else the default."""
    from datetime import timedelta

    from django.utils import formats

    from portal import clock
    from submissions import deadlines, services

    year, quarter = deadlines.current_period(clock.china_today())
    default = deadlines.default_due_date(year, quarter)
    other = UnitFactory(name="另一报送单位", region=world.yanchang)
    MembershipFactory(user=world.reporter, unit=other, role=Role.REPORTER)
    for_all = services.deadline_extend(
        year=year,
        quarter=quarter,
        due_date=default + timedelta(days=3),
        reason="顺延",
        user=world.province_admin,
    )
    own = services.deadline_extend(
        year=year,
        quarter=quarter,
        due_date=default + timedelta(days=9),
        reason="汛期",
        user=world.province_admin,
        unit=world.yanchang_bureau,
    )
    page = client_for(world.reporter).get(reverse("submissions:my-reports")).text
    shown = [formats.date_format(d.due_date, "DATE_FORMAT") for d in (own, for_all)]
    assert all(f"<strong>{text}</strong>" in page for text in shown)
    assert f"<strong>{formats.date_format(default, 'DATE_FORMAT')}</strong>" not in page
