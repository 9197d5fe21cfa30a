"""A refused review or report form comes back with what was typed and the reason beside
it, instead of a redirect that loses the text; nothing is written."""

import re

from django.test import Client
from django.urls import reverse
from django.utils import translation
from pytest_django.asserts import assertContains

from submissions import services
from submissions.models import Report, ReportStatus, ReviewResult
from submissions.services import ConcurrentEdit
from tests.submissions.builders import awaiting_report, draft_report, submitted_report


def conflict() -> str:
    with translation.override("zh-hans"):
        return str(ConcurrentEdit())


def test_two_reviewers_deciding_one_item_the_second_keeps_their_reason(world, client_for):
    item = submitted_report(world, n_items=1).items.get()
    review = reverse("submissions:report-review", args=[item.report_id])
    first = client_for(world.city_reviewer)
    first.get(review)
    seen = item.version
    first.post(
        reverse("submissions:item-review", args=[item.pk]),
        {"result": "adopted", "version": seen},
    )

    second = Client()
    second.force_login(world.province_reviewer)
    response = second.post(
        reverse("submissions:item-review", args=[item.pk]),
        {"result": "rejected", "reason": "与上季度重复", "version": seen},
    )

    assert response.status_code == 200
    assertContains(response, conflict())
    assertContains(response, 'value="与上季度重复"')
    item.refresh_from_db()
    assert item.review_result == ReviewResult.ADOPTED
    assert item.reviewed_by == world.city_reviewer


def test_a_refused_return_keeps_the_comment(world, client_for):
    report = submitted_report(world, n_items=1)
    response = client_for(world.city_reviewer).post(
        reverse("submissions:report-return", args=[report.pk]),
        {"version": report.version - 1, "comment": "请补充第1条的刊发截图"},
    )
    assert response.status_code == 200
    form = response.content.decode().split('data-testid="return-form"')[1].split("</form>")[0]
    assert conflict() in form
    assert "请补充第1条的刊发截图</textarea>" in form
    assert Report.objects.get(pk=report.pk).status == ReportStatus.SUBMITTED


def test_a_return_after_someone_else_adopted_only_says_so(world, client_for):
    """The report is no longer open for review: no form to show, the message goes to the
    page as it is now."""
    report = submitted_report(world, n_items=1)
    item = report.items.get()
    client = client_for(world.city_reviewer)
    client.post(
        reverse("submissions:item-review", args=[item.pk]),
        {"result": "adopted", "version": item.version},
    )
    report.refresh_from_db()
    seen = report.version
    client.post(reverse("submissions:report-adopt", args=[report.pk]), {"version": seen})
    response = client.post(
        reverse("submissions:report-return", args=[report.pk]),
        {"version": seen, "comment": "补充"},
        follow=True,
    )
    assert response.redirect_chain
    with translation.override("zh-hans"):
        assertContains(response, translation.gettext("Only a submitted report can be reviewed."))
    assert Report.objects.get(pk=report.pk).status == ReportStatus.ADOPTED


def test_a_stale_nothing_to_report_keeps_the_reason(world, client_for):
    report = draft_report(world, n_items=0)
    seen = report.version
    services.report_declare_nothing(report=report, user=world.reporter, reason="先填", version=seen)
    response = client_for(world.reporter).post(
        reverse("submissions:report-nothing", args=[report.pk]),
        {"version": seen, "nothing_reason": "本季度无对外宣传稿件"},
    )
    assert response.status_code == 200
    form = response.content.decode().split('data-testid="nothing-form"')[1].split("</form>")[0]
    assert conflict() in form
    assert "本季度无对外宣传稿件" in form
    report.refresh_from_db()
    assert report.nothing_reason == "先填"


def test_a_stale_send_back_keeps_the_comment(world, client_for):
    report = awaiting_report(world, n_items=1)
    response = client_for(world.approver).post(
        reverse("submissions:report-send-back", args=[report.pk]),
        {"version": report.version - 1, "comment": "第1条缺少链接"},
    )
    assert response.status_code == 200
    content = response.content.decode()
    assert conflict() in content
    assert re.search(r"第1条缺少链接\s*</textarea>", content)
    report.refresh_from_db()
    assert report.status == ReportStatus.AWAITING_SIGNOFF
