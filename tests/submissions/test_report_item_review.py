"""Adopting or rejecting one item from its row on the review page: the report is in the
address and the item in the form (what test_item_review.py covers for the item's own
address, the same decision)."""

import pytest
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext
from pytest_django.asserts import assertContains, assertRedirects

from submissions.models import ReviewResult
from submissions.services import ConcurrentEdit
from tests.submissions.builders import draft_report, submitted_report


def zh(text: str) -> str:
    with translation.override("zh-hans"):
        return gettext(text)


def url(report):
    return reverse("submissions:report-item-review", args=[report.pk])


def back(item):
    return reverse("submissions:report-review", args=[item.report_id]) + f"#item-{item.pk}"


@pytest.fixture
def report(world):
    return submitted_report(world, n_items=2)


@pytest.fixture
def item(report):
    return report.items.order_by("pk").first()


def adopt(item, **extra):
    return {"item": item.pk, "result": "adopted", "version": item.version, **extra}


def test_the_review_page_sends_each_rows_decision_here(world, client_for, report):
    response = client_for(world.city_reviewer).get(
        reverse("submissions:report-review", args=[report.pk])
    )
    assertContains(response, f'action="{url(report)}"', count=2)
    for item in report.items.all():
        assertContains(response, f'name="item" value="{item.pk}"', count=1)


def test_anonymous_is_sent_to_login(world, client, report, item):
    response = client.post(url(report), adopt(item))
    assertRedirects(response, f"{reverse('login')}?next={url(report)}")


def test_get_is_not_allowed(world, client_for, report):
    assert client_for(world.city_reviewer).get(url(report)).status_code == 405


@pytest.mark.parametrize("who", ["city_reviewer", "province_reviewer"])
def test_reviewer_adopts(world, client_for, report, item, who):
    response = client_for(getattr(world, who)).post(url(report), adopt(item))
    assertRedirects(response, back(item), fetch_redirect_response=False)
    item.refresh_from_db()
    assert item.review_result == ReviewResult.ADOPTED
    assert item.reviewed_by == getattr(world, who)
    assert item.version == 2


@pytest.mark.parametrize("who", ["other_city_reviewer", "outsider_reporter", "neighbour_reporter"])
def test_others_get_404_and_nothing_changes(world, client_for, report, item, who):
    assert client_for(getattr(world, who)).post(url(report), adopt(item)).status_code == 404
    item.refresh_from_db()
    assert item.review_result == ReviewResult.PENDING


@pytest.mark.parametrize("who", ["reporter", "approver"])
def test_the_units_own_people_get_403(world, client_for, report, item, who):
    assert client_for(getattr(world, who)).post(url(report), adopt(item)).status_code == 403
    item.refresh_from_db()
    assert item.review_result == ReviewResult.PENDING


@pytest.mark.parametrize("sent", ["", "abc", "999999"])
def test_an_unknown_item_is_404(world, client_for, report, item, sent):
    data = adopt(item) | {"item": sent}
    assert client_for(world.city_reviewer).post(url(report), data).status_code == 404


def test_an_item_of_another_report_is_404(world, client_for, report):
    other = submitted_report(world, n_items=1, quarter=2).items.get()
    response = client_for(world.city_reviewer).post(url(report), adopt(other))
    assert response.status_code == 404
    other.refresh_from_db()
    assert other.review_result == ReviewResult.PENDING


def test_reject_needs_a_reason_shown_beside_the_field_with_the_input(
    world, client_for, report, item
):
    data = adopt(item) | {"result": "rejected", "reason": "  ", "override_reason": "见附件"}
    response = client_for(world.city_reviewer).post(url(report), data)
    assert response.status_code == 200
    html = response.content.decode()
    row = html[html.index(f'id="item-{item.pk}"') :]
    row = row[: row.index("</tr>")]
    assert "<details open" in row and "is-invalid" in row
    assert zh("Give the reason the unit will see.") in row
    assert 'name="override_reason" maxlength="300" value="见附件"' in row
    # The other rows' forms stay closed and empty.
    assert html.count("<details open") == 1
    item.refresh_from_db()
    assert item.review_result == ReviewResult.PENDING


def test_a_stale_version_is_refused(world, client_for, report, item):
    client = client_for(world.city_reviewer)
    stale = adopt(item)
    client.post(url(report), adopt(item) | {"result": "rejected", "reason": "不合格"})
    response = client.post(url(report), stale)
    assert response.status_code == 200
    item.refresh_from_db()
    assert item.review_result == ReviewResult.REJECTED
    with translation.override("zh-hans"):
        assertContains(response, str(ConcurrentEdit()))


def test_an_item_of_a_draft_cannot_be_reviewed(world, client_for):
    draft = draft_report(world, n_items=1)
    item = draft.items.get()
    response = client_for(world.city_reviewer).post(url(draft), adopt(item), follow=True)
    assertRedirects(response, back(item))
    messages = [str(m) for m in response.context["messages"]]
    assert zh("Only a submitted report can be reviewed.") in messages
    item.refresh_from_db()
    assert item.review_result == ReviewResult.PENDING
