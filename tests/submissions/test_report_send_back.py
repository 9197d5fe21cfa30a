"""The approver sends the report back to the reporter with a comment instead of signing."""

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse
from pytest_django.asserts import assertContains, assertRedirects

from notifications.models import Notification
from portal.journal import entries_for
from submissions.models import ReportStatus
from tests.submissions.builders import awaiting_report, draft_report, item_post

COMMENT = "第3条剪报不清晰，请重新扫描后再报。"


@pytest.fixture
def report(world):
    return awaiting_report(world, n_items=3)


def url(report):
    return reverse("submissions:report-send-back", args=[report.pk])


def detail(report):
    return reverse("submissions:report-detail", args=[report.pk])


def test_anonymous_is_sent_to_login(report, client):
    response = client.post(url(report), {"version": report.version, "comment": COMMENT})
    assert response["Location"].startswith(reverse("login"))


def test_get_is_not_allowed(world, report, client_for):
    assert client_for(world.approver).get(url(report)).status_code == 405


def test_approver_sends_back_and_the_reporter_can_fix_it(world, report, client_for):
    response = client_for(world.approver).post(
        url(report), {"version": report.version, "comment": COMMENT}
    )
    assertRedirects(response, detail(report), fetch_redirect_response=False)
    report.refresh_from_db()
    assert report.status == ReportStatus.DRAFT
    assert report.last_comment == COMMENT
    assert entries_for(report).last().comment == COMMENT

    # The reporter sees the comment at the top and can add items again.
    reporter = client_for(world.reporter)
    response = reporter.get(detail(report))
    assertContains(response, 'data-testid="latest-comment"')
    assertContains(response, COMMENT)
    assertContains(response, 'data-testid="item-form"')
    reporter.post(reverse("submissions:item-create", args=[report.pk]), item_post(3))
    assert report.items.count() == 4


def test_a_comment_is_required(world, report, client_for):
    response = client_for(world.approver).post(
        url(report), {"version": report.version, "comment": "   "}
    )
    assert response.status_code == 200
    assert "comment" in response.context["send_back_form"].errors
    report.refresh_from_db()
    assert report.status == ReportStatus.AWAITING_SIGNOFF


def test_a_draft_cannot_be_sent_back(world, client_for):
    report = draft_report(world, n_items=1)
    response = client_for(world.approver).post(
        url(report), {"version": report.version, "comment": COMMENT}
    )
    assertRedirects(response, detail(report), fetch_redirect_response=False)
    (message,) = get_messages(response.wsgi_request)
    assert message.level_tag == "error"
    report.refresh_from_db()
    assert report.last_comment == ""


def test_a_stale_version_is_refused(world, report, client_for):
    response = client_for(world.approver).post(
        url(report), {"version": report.version + 1, "comment": COMMENT}
    )
    # Shown in the send-back form, the comment still typed in.
    assert response.status_code == 200
    assert response.context["send_back_form"].non_field_errors()
    assertContains(response, COMMENT)
    report.refresh_from_db()
    assert report.status == ReportStatus.AWAITING_SIGNOFF


@pytest.mark.parametrize("who", ["reporter", "city_reviewer", "province_reviewer"])
def test_only_the_approver_sends_back(world, report, client_for, who):
    response = client_for(getattr(world, who)).post(
        url(report), {"version": report.version, "comment": COMMENT}
    )
    assert response.status_code == 403
    report.refresh_from_db()
    assert report.status == ReportStatus.AWAITING_SIGNOFF


@pytest.mark.parametrize("who", ["outsider_reporter", "neighbour_reporter"])
def test_another_units_report_is_404(world, report, client_for, who):
    response = client_for(getattr(world, who)).post(
        url(report), {"version": report.version, "comment": COMMENT}
    )
    assert response.status_code == 404


def test_an_answered_send_back_leaves_the_box_but_stays_in_the_history(world, report, client_for):
    client_for(world.approver).post(url(report), {"version": report.version, "comment": COMMENT})
    report.refresh_from_db()
    client_for(world.reporter).post(
        reverse("submissions:report-hand-on", args=[report.pk]), {"version": report.version}
    )
    report.refresh_from_db()
    assert report.status == ReportStatus.AWAITING_SIGNOFF
    # Handed on again: the approver's own comment is answered, no longer the box on top.
    for person in (world.reporter, world.approver):
        page = client_for(person).get(detail(report))
        assert 'data-testid="latest-comment"' not in page.text
        assertContains(page, COMMENT)  # in the report's history
    client_for(world.approver).post(
        reverse("submissions:report-sign-off", args=[report.pk]), {"version": report.version}
    )
    review = client_for(world.city_reviewer).get(
        reverse("submissions:report-review", args=[report.pk])
    )
    assert review.status_code == 200
    assert "最新意见" not in review.text and "Latest comment" not in review.text


def test_the_reporter_is_told_in_the_bell(world, report, client_for):
    client_for(world.approver).post(url(report), {"version": report.version, "comment": COMMENT})
    (notice,) = Notification.objects.filter(recipient=world.reporter)
    assert (notice.url, COMMENT in notice.body) == (detail(report), True)
    page = client_for(world.reporter).get(detail(report)).content.decode()
    assert 'data-testid="unread-count">1<' in page
    assert not Notification.objects.filter(recipient=world.approver).exists()
