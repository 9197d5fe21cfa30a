"""The unit's approver signs the report off: it goes to the reviewers, on time or late."""

from datetime import UTC, date, datetime

import pytest
import time_machine
from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils import translation
from pytest_django.asserts import assertRedirects

from portal.clock import CHINA
from portal.journal import entries_for
from submissions import services
from submissions.models import ReportStatus
from tests.submissions.builders import awaiting_report, draft_report

# Built before the deadline: started on 1 October, handed on at once.
BUILT = datetime(2026, 10, 1, 9, 0, tzinfo=CHINA)


@pytest.fixture
def report(world):
    with time_machine.travel(BUILT, tick=False):
        return awaiting_report(world, n_items=3)


def url(report):
    return reverse("submissions:report-sign-off", args=[report.pk])


def detail(report):
    return reverse("submissions:report-detail", args=[report.pk])


def sign_off_at(moment, client, report):
    with time_machine.travel(moment, tick=False):
        return client.post(url(report), {"version": report.version})


def test_anonymous_is_sent_to_login(report, client):
    response = client.post(url(report), {"version": report.version})
    assert response["Location"].startswith(reverse("login"))


def test_get_is_not_allowed(world, report, client_for):
    assert client_for(world.approver).get(url(report)).status_code == 405


@pytest.mark.parametrize(
    ("moment", "late"),
    [
        (datetime(2026, 10, 10, 23, 59, 59, tzinfo=CHINA), False),
        (datetime(2026, 10, 11, 0, 0, 0, tzinfo=CHINA), True),
        # 16:30 UTC on 10 October is already 11 October in China.
        (datetime(2026, 10, 10, 16, 30, tzinfo=UTC), True),
    ],
)
def test_approver_signs_off_on_time_or_late(world, report, client_for, moment, late):
    response = sign_off_at(moment, client_for(world.approver), report)
    assertRedirects(response, detail(report), fetch_redirect_response=False)
    report.refresh_from_db()
    assert report.status == ReportStatus.SUBMITTED
    assert report.submitted_at == moment
    assert report.is_late is late
    assert report.submissions.get().submitted_by == world.approver
    assert entries_for(report).last().action == "submissions.report.submitted"
    (message,) = get_messages(response.wsgi_request)
    assert message.level_tag == "success"


def test_a_units_extension_keeps_a_later_sign_off_on_time(world, report, client_for):
    services.deadline_extend(
        year=2026,
        quarter=3,
        due_date=date(2026, 10, 20),
        reason="防汛任务",
        user=world.province_admin,
        unit=world.yanchang_bureau,
    )
    report.refresh_from_db()
    sign_off_at(datetime(2026, 10, 15, 10, 0, tzinfo=CHINA), client_for(world.approver), report)
    report.refresh_from_db()
    assert report.status == ReportStatus.SUBMITTED
    assert report.is_late is False


def test_a_draft_cannot_be_signed_off(world, client_for):
    report = draft_report(world, n_items=1)
    response = client_for(world.approver).post(url(report), {"version": report.version})
    assertRedirects(response, detail(report), fetch_redirect_response=False)
    (message,) = get_messages(response.wsgi_request)
    with translation.override("zh-hans"):
        assert str(message) == translation.gettext("This report is not waiting for sign-off.")
    report.refresh_from_db()
    assert report.status == ReportStatus.DRAFT


def test_a_stale_version_is_refused(world, report, client_for):
    response = client_for(world.approver).post(url(report), {"version": report.version - 1})
    (message,) = get_messages(response.wsgi_request)
    with translation.override("zh-hans"):
        assert str(message) == str(services.ConcurrentEdit())
    report.refresh_from_db()
    assert report.status == ReportStatus.AWAITING_SIGNOFF


@pytest.mark.parametrize("who", ["reporter", "city_reviewer", "province_admin"])
def test_only_the_approver_signs_off(world, report, client_for, who):
    response = client_for(getattr(world, who)).post(url(report), {"version": report.version})
    assert response.status_code == 403
    report.refresh_from_db()
    assert report.status == ReportStatus.AWAITING_SIGNOFF


@pytest.mark.parametrize("who", ["outsider_reporter", "other_city_reviewer"])
def test_another_units_report_is_404(world, report, client_for, who):
    response = client_for(getattr(world, who)).post(url(report), {"version": report.version})
    assert response.status_code == 404
