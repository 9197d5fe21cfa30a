"""Filing a quarter as "nothing to report", with a reason, so it counts as filed."""

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils import translation
from pytest_django.asserts import assertContains, assertRedirects

from submissions import services
from submissions.models import ReportStatus
from tests.submissions.builders import awaiting_report, draft_report

REASON = "本季度县内媒体未刊发扶贫宣传稿件"


@pytest.fixture
def report(world):
    return draft_report(world, n_items=0)


def url(report):
    return reverse("submissions:report-nothing", args=[report.pk])


def detail(report):
    return reverse("submissions:report-detail", args=[report.pk])


def test_anonymous_is_sent_to_login(report, client):
    response = client.post(url(report), {"version": report.version, "nothing_reason": REASON})
    assert response["Location"].startswith(reverse("login"))
    report.refresh_from_db()
    assert not report.nothing_to_report


def test_get_is_not_allowed(world, report, client_for):
    assert client_for(world.reporter).get(url(report)).status_code == 405


def test_reporter_files_nothing_and_can_hand_on(world, report, client_for):
    client = client_for(world.reporter)
    response = client.post(url(report), {"version": report.version, "nothing_reason": REASON})
    assertRedirects(response, detail(report))
    report.refresh_from_db()
    assert report.nothing_to_report is True
    assert report.nothing_reason == REASON
    assertContains(client.get(detail(report)), 'data-testid="nothing-to-report"')
    client.post(
        reverse("submissions:report-hand-on", args=[report.pk]), {"version": report.version}
    )
    report.refresh_from_db()
    assert report.status == ReportStatus.AWAITING_SIGNOFF


def test_a_reason_is_required(world, report, client_for):
    response = client_for(world.reporter).post(
        url(report), {"version": report.version, "nothing_reason": "  "}
    )
    assert response.status_code == 200
    assert "nothing_reason" in response.context["nothing_form"].errors
    report.refresh_from_db()
    assert not report.nothing_to_report


def test_a_report_with_items_is_not_empty(world, client_for):
    report = draft_report(world, n_items=1)
    response = client_for(world.reporter).post(
        url(report), {"version": report.version, "nothing_reason": REASON}
    )
    assertRedirects(response, detail(report), fetch_redirect_response=False)
    (message,) = get_messages(response.wsgi_request)
    with translation.override("zh-hans"):
        expected = translation.gettext("Remove the items first: a report with items is not empty.")
    assert str(message) == expected
    report.refresh_from_db()
    assert not report.nothing_to_report


def test_a_stale_version_is_refused(world, report, client_for):
    seen = report.version
    services.report_declare_nothing(report=report, user=world.reporter, reason="先填", version=seen)
    response = client_for(world.reporter).post(
        url(report), {"version": seen, "nothing_reason": REASON}
    )
    assert response.status_code == 200
    with translation.override("zh-hans"):
        expected = str(services.ConcurrentEdit())
    assert response.context["nothing_form"].non_field_errors() == [expected]
    report.refresh_from_db()
    assert report.nothing_reason == "先填"


def test_a_handed_on_report_is_left_alone(world, client_for):
    report = awaiting_report(world, n_items=1)
    response = client_for(world.reporter).post(
        url(report), {"version": report.version, "nothing_reason": REASON}
    )
    assertRedirects(response, detail(report), fetch_redirect_response=False)
    (message,) = get_messages(response.wsgi_request)
    assert message.level_tag == "error"
    report.refresh_from_db()
    assert not report.nothing_to_report


@pytest.mark.parametrize("who", ["approver", "city_reviewer"])
def test_others_in_scope_may_not(world, report, client_for, who):
    response = client_for(getattr(world, who)).post(
        url(report), {"version": report.version, "nothing_reason": REASON}
    )
    assert response.status_code == 403


@pytest.mark.parametrize("who", ["outsider_reporter", "other_city_reviewer"])
def test_another_units_report_is_404(world, report, client_for, who):
    response = client_for(getattr(world, who)).post(
        url(report), {"version": report.version, "nothing_reason": REASON}
    )
    assert response.status_code == 404
