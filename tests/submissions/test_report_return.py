"""Returning a report to its unit with comments; the unit can edit it again."""

import pytest
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext
from pytest_django.asserts import assertContains, assertRedirects

from notifications.models import Notification, NotificationKind
from portal.journal import entries_for
from submissions.models import Report, ReportStatus
from tests.submissions.builders import draft_report, submitted_report


def zh(text: str) -> str:
    with translation.override("zh-hans"):
        return gettext(text)


def url(report):
    return reverse("submissions:report-return", args=[report.pk])


def back(report):
    return reverse("submissions:report-review", args=[report.pk])


def status(report):
    return Report.objects.get(pk=report.pk).status


def messages_of(response) -> list[str]:
    return [str(m) for m in response.context["messages"]]


@pytest.fixture
def report(world):
    return submitted_report(world, n_items=2)


def test_anonymous_is_sent_to_login(world, client, report):
    response = client.post(url(report), {"version": report.version, "comment": "补充"})
    assertRedirects(response, f"{reverse('login')}?next={url(report)}")
    assert status(report) == ReportStatus.SUBMITTED


def test_get_is_not_allowed(world, client_for, report):
    assert client_for(world.city_reviewer).get(url(report)).status_code == 405


@pytest.mark.parametrize("who", ["city_reviewer", "province_reviewer"])
def test_return_with_comments(world, client_for, report, who):
    response = client_for(getattr(world, who)).post(
        url(report), {"version": report.version, "comment": "请补充第2条的刊发截图"}, follow=True
    )
    assertRedirects(response, back(report))
    returned = Report.objects.get(pk=report.pk)
    assert returned.status == ReportStatus.RETURNED
    assert returned.is_editable
    assert returned.last_comment == "请补充第2条的刊发截图"
    assert (
        entries_for(report)
        .filter(action="submissions.report.returned", actor=getattr(world, who))
        .exists()
    )
    # The unit sees the comment on its report page.
    detail = client_for(world.reporter).get(reverse("submissions:report-detail", args=[report.pk]))
    assertContains(detail, "请补充第2条的刊发截图")


def test_a_comment_is_required_and_the_form_comes_back(world, client_for, report):
    response = client_for(world.city_reviewer).post(
        url(report), {"version": report.version, "comment": "   "}
    )
    assert response.status_code == 200
    assertContains(response, zh("Tell the unit what to fix."))
    assert status(report) == ReportStatus.SUBMITTED


def test_a_stale_version_is_refused(world, client_for, report):
    response = client_for(world.city_reviewer).post(
        url(report), {"version": report.version + 5, "comment": "补充"}
    )
    # The conflict is shown in the return form, the comment still typed in.
    assert response.status_code == 200
    assert status(report) == ReportStatus.SUBMITTED
    assertContains(response, "补充</textarea>")
    with translation.override("zh-hans"):
        from submissions.services import ConcurrentEdit

        assertContains(response, str(ConcurrentEdit()))


def test_a_draft_cannot_be_returned(world, client_for):
    draft = draft_report(world, n_items=1)
    response = client_for(world.city_reviewer).post(
        url(draft), {"version": draft.version, "comment": "补充"}, follow=True
    )
    assertRedirects(response, back(draft))
    assert zh("Only a submitted report can be reviewed.") in messages_of(response)
    assert status(draft) == ReportStatus.DRAFT


@pytest.mark.parametrize("who", ["other_city_reviewer", "outsider_reporter", "neighbour_reporter"])
def test_others_get_404(world, client_for, report, who):
    response = client_for(getattr(world, who)).post(
        url(report), {"version": report.version, "comment": "补充"}
    )
    assert response.status_code == 404
    assert status(report) == ReportStatus.SUBMITTED


@pytest.mark.parametrize("who", ["reporter", "approver"])
def test_the_units_own_people_get_403(world, client_for, report, who):
    response = client_for(getattr(world, who)).post(
        url(report), {"version": report.version, "comment": "补充"}
    )
    assert response.status_code == 403
    assert status(report) == ReportStatus.SUBMITTED


def test_the_units_reporters_are_told_in_the_bell(world, client_for, report):
    client_for(world.city_reviewer).post(
        url(report), {"version": report.version, "comment": "请补充第2条的刊发截图"}
    )
    (notice,) = Notification.objects.filter(recipient=world.reporter)
    assert notice.kind == NotificationKind.RETURNED
    assert notice.url == reverse("submissions:report-detail", args=[report.pk])
    assert "请补充第2条的刊发截图" in notice.body
    page = client_for(world.reporter).get(reverse("home")).content.decode()
    assert 'data-testid="unread-count">1<' in page
    assert not Notification.objects.exclude(recipient=world.reporter).exists()
