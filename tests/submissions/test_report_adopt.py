"""Adopting a report once every item has a decision."""

import pytest
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext
from pytest_django.asserts import assertContains, assertRedirects

from portal.journal import entries_for
from submissions import services
from submissions.models import Report, ReportStatus
from tests.submissions.builders import draft_report, submitted_report


def zh(text: str) -> str:
    with translation.override("zh-hans"):
        return gettext(text)


def url(report):
    return reverse("submissions:report-adopt", args=[report.pk])


def back(report):
    return reverse("submissions:report-review", args=[report.pk])


def status(report):
    return Report.objects.get(pk=report.pk).status


def messages_of(response) -> list[str]:
    return [str(m) for m in response.context["messages"]]


@pytest.fixture
def reviewed(world):
    """A submitted report whose items all have a decision."""
    report = submitted_report(world, n_items=3)
    items = list(report.items.order_by("pk"))
    services.items_review_bulk(
        report=report,
        user=world.city_reviewer,
        item_ids=[i.pk for i in items[:2]],
        result="adopted",
    )
    services.item_review(
        item=items[2], user=world.city_reviewer, result="rejected", reason="重复", version=1
    )
    report.refresh_from_db()
    return report


def test_anonymous_is_sent_to_login(world, client, reviewed):
    response = client.post(url(reviewed), {"version": reviewed.version})
    assertRedirects(response, f"{reverse('login')}?next={url(reviewed)}")
    assert status(reviewed) == ReportStatus.SUBMITTED


def test_get_is_not_allowed(world, client_for, reviewed):
    assert client_for(world.city_reviewer).get(url(reviewed)).status_code == 405


@pytest.mark.parametrize("who", ["city_reviewer", "province_reviewer"])
def test_adopt(world, client_for, reviewed, who):
    response = client_for(getattr(world, who)).post(
        url(reviewed), {"version": reviewed.version, "comment": "材料完整"}, follow=True
    )
    assertRedirects(response, back(reviewed))
    report = Report.objects.get(pk=reviewed.pk)
    assert report.status == ReportStatus.ADOPTED
    assert report.last_comment == "材料完整"
    assert report.holder_since is None
    assert (
        entries_for(report)
        .filter(action="submissions.report.adopted", actor=getattr(world, who))
        .exists()
    )
    assertContains(response, zh("Adopted"))
    # Adopted: nothing left to decide, so the review forms are gone.
    assert not response.context["reviewable"]


def test_pending_items_block_adoption(world, client_for):
    report = submitted_report(world, n_items=2)
    response = client_for(world.city_reviewer).post(
        url(report), {"version": report.version, "comment": "材料完整"}
    )
    # Shown in the adopt form, the comment still typed in.
    assert response.status_code == 200
    assert status(report) == ReportStatus.SUBMITTED
    with translation.override("zh-hans"):
        expected = gettext(
            "%(n)s item(s) are not reviewed yet: adopt or reject every item first."
        ) % {"n": 2}
    assert expected in response.context["adopt_form"].non_field_errors()
    assertContains(response, "材料完整</textarea>")


def test_a_stale_version_is_refused(world, client_for, reviewed):
    response = client_for(world.city_reviewer).post(
        url(reviewed), {"version": reviewed.version - 1}
    )
    assert response.status_code == 200
    assert status(reviewed) == ReportStatus.SUBMITTED
    assert response.context["adopt_form"].non_field_errors()


def test_missing_version_is_a_form_error(world, client_for, reviewed):
    response = client_for(world.city_reviewer).post(url(reviewed), {"comment": "好"})
    assert response.status_code == 200
    assertContains(response, "好</textarea>")
    assert status(reviewed) == ReportStatus.SUBMITTED


def test_a_draft_cannot_be_adopted(world, client_for):
    draft = draft_report(world, n_items=1)
    response = client_for(world.city_reviewer).post(
        url(draft), {"version": draft.version}, follow=True
    )
    assertRedirects(response, back(draft))
    assert zh("Only a submitted report can be reviewed.") in messages_of(response)
    assert status(draft) == ReportStatus.DRAFT


@pytest.mark.parametrize("who", ["other_city_reviewer", "outsider_reporter", "neighbour_reporter"])
def test_others_get_404(world, client_for, reviewed, who):
    response = client_for(getattr(world, who)).post(url(reviewed), {"version": reviewed.version})
    assert response.status_code == 404
    assert status(reviewed) == ReportStatus.SUBMITTED


@pytest.mark.parametrize("who", ["reporter", "approver"])
def test_the_units_own_people_get_403(world, client_for, reviewed, who):
    response = client_for(getattr(world, who)).post(url(reviewed), {"version": reviewed.version})
    assert response.status_code == 403
    assert status(reviewed) == ReportStatus.SUBMITTED
