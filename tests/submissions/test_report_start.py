"""Starting the unit's report for a quarter: only its reporter, never a quarter to come."""

from datetime import date, datetime

import pytest
import time_machine
from django.contrib.messages import get_messages
from django.urls import reverse
from pytest_django.asserts import assertRedirects

from portal.clock import CHINA
from portal.journal import entries_for
from submissions import services
from submissions.models import Report, ReportStatus

NOW = datetime(2026, 10, 5, 9, 0, tzinfo=CHINA)  # Q4 under way, Q3 still being filed

pytestmark = pytest.mark.usefixtures("frozen")


@pytest.fixture
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield


def url(unit, year=2026, quarter=3):
    return reverse("submissions:report-start", args=[unit.pk, year, quarter])


def detail(report):
    return reverse("submissions:report-detail", args=[report.pk])


def test_anonymous_is_sent_to_login(world, client):
    response = client.post(url(world.yanchang_bureau))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))
    assert not Report.objects.exists()


def test_get_is_not_allowed(world, client_for):
    assert client_for(world.reporter).get(url(world.yanchang_bureau)).status_code == 405


def test_reporter_starts_the_quarter(world, client_for):
    response = client_for(world.reporter).post(url(world.yanchang_bureau))
    report = Report.objects.get()
    assertRedirects(response, detail(report))
    assert (report.unit, report.year, report.quarter) == (world.yanchang_bureau, 2026, 3)
    assert report.status == ReportStatus.DRAFT
    assert report.due_date == date(2026, 10, 10)
    assert report.created_by == world.reporter
    assert list(entries_for(report).values_list("action", flat=True)) == [
        "submissions.report.created"
    ]


def test_starting_twice_opens_the_same_report(world, client_for):
    client = client_for(world.reporter)
    client.post(url(world.yanchang_bureau))
    response = client.post(url(world.yanchang_bureau))
    report = Report.objects.get()
    assertRedirects(response, detail(report))
    assert entries_for(report).count() == 1


def test_the_quarter_under_way_and_past_quarters_can_be_started(world, client_for):
    client = client_for(world.reporter)
    client.post(url(world.yanchang_bureau, 2026, 4))
    client.post(url(world.yanchang_bureau, 2025, 4))
    assert set(Report.objects.values_list("year", "quarter")) == {(2026, 4), (2025, 4)}


@pytest.mark.parametrize(("year", "quarter"), [(2027, 1), (2030, 2)])
def test_a_quarter_to_come_is_refused_with_a_message(world, client_for, year, quarter):
    response = client_for(world.reporter).post(url(world.yanchang_bureau, year, quarter))
    assertRedirects(response, reverse("submissions:my-reports"), fetch_redirect_response=False)
    assert not Report.objects.exists()
    (message,) = get_messages(response.wsgi_request)
    assert message.level_tag == "error"
    assert f"{year}" in str(message)


def test_a_quarter_that_does_not_exist_is_404(world, client_for):
    assert client_for(world.reporter).post(url(world.yanchang_bureau, 2026, 5)).status_code == 404
    assert not Report.objects.exists()


def test_the_deadline_comes_from_an_extension(world, client_for):
    services.deadline_extend(
        year=2026,
        quarter=3,
        due_date=date(2026, 10, 31),
        reason="汛期",
        user=world.province_admin,
    )
    client_for(world.reporter).post(url(world.yanchang_bureau))
    assert Report.objects.get().due_date == date(2026, 10, 31)


@pytest.mark.parametrize("who", ["approver", "city_reviewer", "province_admin"])
def test_others_who_see_the_unit_may_not_start(world, client_for, who):
    response = client_for(getattr(world, who)).post(url(world.yanchang_bureau))
    assert response.status_code == 403
    assert not Report.objects.exists()


@pytest.mark.parametrize("who", ["outsider_reporter", "neighbour_reporter", "other_city_reviewer"])
def test_another_units_id_is_404(world, client_for, who):
    response = client_for(getattr(world, who)).post(url(world.yanchang_bureau))
    assert response.status_code == 404
    assert not Report.objects.exists()
