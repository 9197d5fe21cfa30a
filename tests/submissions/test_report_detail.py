"""The report page: header, items, journal, and the forms each role may use on it.

Also the whole filing journey through the test client, from "not started" to submitted.
"""

from datetime import datetime

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains, assertRedirects

from portal.clock import CHINA
from portal.journal import entries_for
from portal.models import Attachment
from submissions import services
from submissions.models import Report, ReportStatus
from tests.submissions.builders import (
    awaiting_report,
    draft_report,
    item_post,
    png_bytes,
    submitted_report,
)


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def url(report):
    return reverse("submissions:report-detail", args=[report.pk])


def test_anonymous_is_sent_to_login(world, client):
    report = draft_report(world, n_items=1)
    response = client.get(url(report))
    assertRedirects(
        response, f"{reverse('login')}?next={url(report)}", fetch_redirect_response=False
    )


def test_post_is_not_allowed(world, client_for):
    report = draft_report(world, n_items=1)
    assert client_for(world.reporter).post(url(report)).status_code == 405


@pytest.mark.parametrize("who", ["outsider_reporter", "neighbour_reporter", "other_city_reviewer"])
def test_other_units_get_404(world, client_for, who):
    report = draft_report(world, n_items=1)
    assert client_for(getattr(world, who)).get(url(report)).status_code == 404


def test_reporter_sees_items_and_the_add_form(world, client_for):
    report = draft_report(world, n_items=3)
    response = client_for(world.reporter).get(url(report))
    assert response.status_code == 200
    assertContains(response, 'data-testid="item-row"', count=3)
    assertContains(response, "延长县：苹果产业带动群众脱贫")
    assertContains(response, "延安日报")
    assertContains(response, 'data-testid="item-form"')
    assertContains(response, 'data-testid="hand-on"')
    # Nothing takes the focus by force: the form can be far down a phone's page, and
    # whoever opens the report (an approver too) came to read it from the top.
    assertNotContains(response, "autofocus")
    # Rows can be edited and deleted; the delete form carries the item's version.
    item = report.items.first()
    assertContains(response, reverse("submissions:item-edit", args=[item.pk]))
    assertContains(response, f'name="version" value="{item.version}"')


def test_only_the_units_people_are_offered_as_authors(world, client_for):
    report = draft_report(world, n_items=0)
    form = client_for(world.reporter).get(url(report)).context["item_form"]
    assert set(form.fields["authors"].queryset) == {world.reporter, world.approver}


@pytest.mark.parametrize("who", ["approver", "city_reviewer", "province_reviewer"])
def test_others_in_scope_read_without_forms(world, client_for, who):
    report = draft_report(world, n_items=2)
    response = client_for(getattr(world, who)).get(url(report))
    assert response.status_code == 200
    assertContains(response, 'data-testid="item-row"', count=2)
    assertNotContains(response, 'data-testid="item-form"')
    assertNotContains(response, 'data-testid="hand-on"')
    assertNotContains(response, reverse("submissions:item-edit", args=[report.items.first().pk]))


def test_approver_gets_sign_off_forms_while_awaiting(world, client_for):
    report = awaiting_report(world, n_items=1)
    response = client_for(world.approver).get(url(report))
    assertContains(response, 'data-testid="sign-off"')
    assertContains(response, reverse("submissions:report-sign-off", args=[report.pk]))
    assertNotContains(response, 'data-testid="item-form"')
    # The reporter waits: nothing to change, nothing to sign.
    response = client_for(world.reporter).get(url(report))
    assertNotContains(response, 'data-testid="sign-off"')
    assertNotContains(response, 'data-testid="item-form"')


def test_latest_comment_and_journal_are_shown(world, client_for):
    report = awaiting_report(world, n_items=1)
    services.report_send_back(
        report=report, user=world.approver, version=report.version, comment="请补充第2版剪报"
    )
    response = client_for(world.reporter).get(url(report))
    html = response.content.decode()
    alert = html[html.index('data-testid="latest-comment"') :]
    assert "李建国" in alert[:400]
    assert "请补充第2版剪报" in alert[:600]
    journal = html[html.index('data-testid="journal"') :]
    assert journal.count("<tr>") == 1 + entries_for(report).count()
    assert "王小燕" in journal and "李建国" in journal


def test_reviewed_items_show_result_reason_and_points(world, client_for):
    report = submitted_report(world, n_items=2)
    first, second = report.items.order_by("pk")
    services.item_review(
        item=first, user=world.province_reviewer, result="adopted", version=first.version
    )
    services.item_review(
        item=second,
        user=world.province_reviewer,
        result="rejected",
        version=second.version,
        reason="与上季度重复",
    )
    first.refresh_from_db()
    response = client_for(world.reporter).get(url(report))
    assertContains(response, "与上季度重复")
    assertContains(response, str(first.final_points))


def test_query_count_does_not_grow_with_items(world, client_for):
    client = client_for(world.reporter)

    def queries_for(n_items, quarter):
        report = draft_report(world, n_items=n_items, quarter=quarter)
        for item in report.items.all()[:3]:
            attachment = Attachment.objects.create(
                unit=report.unit,
                file=SimpleUploadedFile("a.png", png_bytes()),
                original_name="剪报.png",
                content_type="image/png",
                size=10,
                uploaded_by=world.reporter,
            )
            item.clippings.add(attachment)
        client.get(url(report))  # session and language settle on the first request
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(url(report))
        assert response.status_code == 200
        assertContains(response, 'data-testid="item-row"', count=n_items)
        return len(ctx.captured_queries)

    assert queries_for(20, 2) == queries_for(200, 3)


@pytest.mark.parametrize(
    ("language", "labels"),
    [
        ("zh-hans", ["市级媒体", "省级媒体", "报纸", "驻村干部先进事迹", "已采用", "未审核"]),
        (
            "en",
            [
                "Municipal media",
                "Provincial media",
                "Newspaper",
                "Advanced deeds of village-stationed cadres",
                "Adopted",
                "Not reviewed",
            ],
        ),
    ],
)
def test_choices_show_in_the_readers_language(world, client_for, settings, language, labels):
    report = submitted_report(world, n_items=2)
    first = report.items.order_by("pk").first()
    services.item_review(item=first, user=world.city_reviewer, result="adopted", version=1)
    client = client_for(world.reporter)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    response = client.get(url(report))
    for label in labels:
        assertContains(response, label)


@time_machine.travel(datetime(2026, 10, 5, 9, 30, tzinfo=CHINA), tick=False)
def test_the_whole_filing_journey(world, client_for):
    client = client_for(world.reporter)
    my_reports = reverse("submissions:my-reports")

    # The quarter just ended is due on 10 October; nothing has been started.
    response = client.get(my_reports)
    assertContains(response, 'data-testid="start-report"')
    start = reverse("submissions:report-start", args=[world.yanchang_bureau.pk, 2026, 3])
    response = client.post(start)
    report = Report.objects.get(unit=world.yanchang_bureau, year=2026, quarter=3)
    assertRedirects(response, url(report))

    # Two items, the first with a photo of the clipping.
    create = reverse("submissions:item-create", args=[report.pk])
    clipping = SimpleUploadedFile("剪报.png", png_bytes(), content_type="image/png")
    response = client.post(create, {**item_post(0), "clippings": [clipping]})
    assertRedirects(response, url(report) + "#add-item")
    response = client.post(create, item_post(1, authors=[world.approver.pk]))
    assertRedirects(response, url(report) + "#add-item")

    response = client.get(url(report))
    assertContains(response, 'data-testid="item-row"', count=2)
    attachment = Attachment.objects.get()
    assert attachment.unit == world.yanchang_bureau
    download = reverse("attachment-download", args=[attachment.pk])
    assertContains(response, download)
    # The form is empty again for the next item.
    assert not response.context["item_form"].is_bound

    # The clipping downloads as it was uploaded.
    got = client.get(download)
    assert got.status_code == 200
    assert b"".join(got.streaming_content) == png_bytes()

    # Hand on; the approver signs off.
    response = client.post(
        reverse("submissions:report-hand-on", args=[report.pk]), {"version": report.version}
    )
    assertRedirects(response, url(report))
    report.refresh_from_db()
    assert report.status == ReportStatus.AWAITING_SIGNOFF

    approver = client_for(world.approver)
    response = approver.post(
        reverse("submissions:report-sign-off", args=[report.pk]), {"version": report.version}
    )
    assertRedirects(response, url(report))
    report.refresh_from_db()
    assert report.status == ReportStatus.SUBMITTED
    assert report.submitted_at == datetime(2026, 10, 5, 9, 30, tzinfo=CHINA)
    assert report.is_late is False
    assert report.submissions.count() == 1

    # The reporter's page now shows it submitted on time, with the journal.
    response = approver.get(my_reports)
    assertContains(response, url(report))
    response = approver.get(url(report))
    assertNotContains(response, 'data-testid="item-form"')
    assert [e.action for e in response.context["events"]] == [
        "submissions.report.created",
        "submissions.item.created",
        "submissions.item.created",
        "submissions.report.handed_to_approver",
        "submissions.report.submitted",
    ]
