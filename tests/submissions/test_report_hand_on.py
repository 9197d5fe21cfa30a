"""Handing the report to the unit's approver."""

from datetime import datetime

import pytest
import time_machine
from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils import translation
from pytest_django.asserts import assertContains, assertRedirects

from portal.clock import CHINA
from portal.journal import entries_for
from submissions import services
from submissions.models import ReportStatus
from tests.submissions.builders import awaiting_report, draft_report


def url(report):
    return reverse("submissions:report-hand-on", args=[report.pk])


def detail(report):
    return reverse("submissions:report-detail", args=[report.pk])


def test_anonymous_is_sent_to_login(world, client):
    report = draft_report(world, n_items=1)
    response = client.post(url(report), {"version": report.version})
    assert response["Location"].startswith(reverse("login"))


def test_get_is_not_allowed(world, client_for):
    report = draft_report(world, n_items=1)
    assert client_for(world.reporter).get(url(report)).status_code == 405


@time_machine.travel(datetime(2026, 10, 8, 16, 0, tzinfo=CHINA), tick=False)
def test_reporter_hands_on_and_the_approver_sees_it(world, client_for):
    report = draft_report(world, n_items=2)
    response = client_for(world.reporter).post(url(report), {"version": report.version})
    assertRedirects(response, detail(report))
    report.refresh_from_db()
    assert report.status == ReportStatus.AWAITING_SIGNOFF
    assert report.holder_since == datetime(2026, 10, 8, 16, 0, tzinfo=CHINA)
    assert entries_for(report).last().actor == world.reporter
    assertContains(client_for(world.approver).get(detail(report)), 'data-testid="sign-off"')


def test_an_empty_report_cannot_be_handed_on(world, client_for):
    report = draft_report(world, n_items=0)
    response = client_for(world.reporter).post(url(report), {"version": report.version})
    assertRedirects(response, detail(report), fetch_redirect_response=False)
    (message,) = get_messages(response.wsgi_request)
    assert message.level_tag == "error"
    report.refresh_from_db()
    assert report.status == ReportStatus.DRAFT


def test_a_stale_version_is_refused(world, client_for):
    report = draft_report(world, n_items=1)
    seen = report.version
    services.item_create(
        report=report,
        user=world.reporter,
        data=report.items.values(*services.ITEM_FIELDS).get() | {"title": "又加了一条"},
    )
    services.report_hand_to_approver(report=report, user=world.reporter, version=seen)
    services.report_send_back(
        report=report, user=world.approver, version=report.version, comment="请核对"
    )
    response = client_for(world.reporter).post(url(report), {"version": seen})
    assertRedirects(response, detail(report), fetch_redirect_response=False)
    (message,) = get_messages(response.wsgi_request)
    with translation.override("zh-hans"):
        assert str(message) == str(services.ConcurrentEdit())
    report.refresh_from_db()
    assert report.status == ReportStatus.DRAFT


def test_handing_on_twice_is_refused(world, client_for):
    report = awaiting_report(world, n_items=1)
    response = client_for(world.reporter).post(url(report), {"version": report.version})
    (message,) = get_messages(response.wsgi_request)
    assert message.level_tag == "error"


@pytest.mark.parametrize("who", ["approver", "city_reviewer", "province_admin"])
def test_others_in_scope_may_not(world, client_for, who):
    report = draft_report(world, n_items=1)
    response = client_for(getattr(world, who)).post(url(report), {"version": report.version})
    assert response.status_code == 403
    report.refresh_from_db()
    assert report.status == ReportStatus.DRAFT


@pytest.mark.parametrize("who", ["outsider_reporter", "neighbour_reporter"])
def test_another_units_report_is_404(world, client_for, who):
    report = draft_report(world, n_items=1)
    response = client_for(getattr(world, who)).post(url(report), {"version": report.version})
    assert response.status_code == 404
