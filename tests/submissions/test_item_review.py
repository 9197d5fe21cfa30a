"""Adopting or rejecting one item, with an optional points override and its reason."""

from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext
from pytest_django.asserts import assertContains, assertRedirects

from portal.journal import entries_for
from submissions.models import Item, ReviewResult
from submissions.services import ConcurrentEdit
from tests.submissions.builders import draft_report, submitted_report


def zh(text: str) -> str:
    with translation.override("zh-hans"):
        return gettext(text)


def url(item):
    return reverse("submissions:item-review", args=[item.pk])


def back(item):
    return reverse("submissions:report-review", args=[item.report_id]) + f"#item-{item.pk}"


@pytest.fixture
def item(world):
    return submitted_report(world, n_items=2).items.order_by("pk").first()


def adopt(item, **extra):
    return {"result": "adopted", "version": item.version, **extra}


def messages_of(response) -> list[str]:
    return [str(m) for m in response.context["messages"]] if response.context else []


def test_anonymous_is_sent_to_login(world, client, item):
    response = client.post(url(item), adopt(item))
    assertRedirects(response, f"{reverse('login')}?next={url(item)}")


def test_get_is_not_allowed(world, client_for, item):
    assert client_for(world.city_reviewer).get(url(item)).status_code == 405


@pytest.mark.parametrize("who", ["city_reviewer", "province_reviewer"])
def test_reviewer_adopts(world, client_for, item, who):
    response = client_for(getattr(world, who)).post(url(item), adopt(item), follow=True)
    assertRedirects(response, back(item))
    item.refresh_from_db()
    assert item.review_result == ReviewResult.ADOPTED
    assert item.reviewed_by == getattr(world, who)
    assert item.reviewed_at is not None
    assert item.version == 2
    assert any(item.title in m for m in messages_of(response))
    assert (
        entries_for(item.report)
        .filter(action="submissions.item.adopted", actor=getattr(world, who))
        .exists()
    )


@pytest.mark.parametrize("who", ["other_city_reviewer", "outsider_reporter", "neighbour_reporter"])
def test_others_get_404_and_nothing_changes(world, client_for, item, who):
    assert client_for(getattr(world, who)).post(url(item), adopt(item)).status_code == 404
    item.refresh_from_db()
    assert item.review_result == ReviewResult.PENDING


@pytest.mark.parametrize("who", ["reporter", "approver"])
def test_the_units_own_people_get_403(world, client_for, item, who):
    assert client_for(getattr(world, who)).post(url(item), adopt(item)).status_code == 403
    item.refresh_from_db()
    assert item.review_result == ReviewResult.PENDING


def test_reject_needs_a_reason_and_keeps_the_input(world, client_for, item):
    response = client_for(world.city_reviewer).post(
        url(item), {"result": "rejected", "reason": "  ", "version": item.version}
    )
    assert response.status_code == 200
    assertContains(response, zh("Give the reason the unit will see."))
    # The form came back open on this item.
    assert response.context["items"][0].review_form is not None
    item.refresh_from_db()
    assert item.review_result == ReviewResult.PENDING


def test_reject_with_a_reason(world, client_for, item):
    response = client_for(world.city_reviewer).post(
        url(item), {"result": "rejected", "reason": "发布日期不在本季度", "version": item.version}
    )
    assertRedirects(response, back(item), fetch_redirect_response=False)
    item.refresh_from_db()
    assert item.review_result == ReviewResult.REJECTED
    assert item.rejection_reason == "发布日期不在本季度"
    assert item.final_points == 0


def test_override_needs_a_reason_and_the_input_is_kept(world, client_for, item):
    response = client_for(world.city_reviewer).post(
        url(item), adopt(item, points_override="12.5", override_reason="")
    )
    assert response.status_code == 200
    assertContains(response, zh("Say why you set the points by hand."))
    assertContains(response, 'name="points_override" value="12.5"')
    item.refresh_from_db()
    assert item.review_result == ReviewResult.PENDING
    assert item.points_override is None


def test_override_with_a_reason_sets_the_points(world, client_for, item):
    response = client_for(world.city_reviewer).post(
        url(item), adopt(item, points_override="12.5", override_reason="省领导批示推广")
    )
    assertRedirects(response, back(item), fetch_redirect_response=False)
    item.refresh_from_db()
    assert item.final_points == Decimal("12.50")
    assert item.override_reason == "省领导批示推广"
    page = client_for(world.city_reviewer).get(back(item).split("#")[0])
    assertContains(page, "省领导批示推广")


def test_points_on_a_rejection_are_refused(world, client_for, item):
    response = client_for(world.city_reviewer).post(
        url(item),
        {"result": "rejected", "reason": "重复", "points_override": "3", "version": item.version},
    )
    assert response.status_code == 200
    assertContains(response, zh("A rejected item gets no points."))
    assertContains(response, 'name="reason" maxlength="300" value="重复"')
    item.refresh_from_db()
    assert item.review_result == ReviewResult.PENDING


def test_a_stale_version_is_refused(world, client_for, item):
    client = client_for(world.city_reviewer)
    stale = adopt(item)
    client.post(url(item), {"result": "rejected", "reason": "不合格", "version": item.version})
    response = client.post(url(item), stale)
    # The page comes back with the conflict in the item's form: nothing overwritten.
    assert response.status_code == 200
    item.refresh_from_db()
    assert item.review_result == ReviewResult.REJECTED
    with translation.override("zh-hans"):
        refused = str(ConcurrentEdit())
    assertContains(response, refused)


def test_an_item_of_a_draft_cannot_be_reviewed(world, client_for):
    draft_item = draft_report(world, n_items=1).items.get()
    response = client_for(world.city_reviewer).post(url(draft_item), adopt(draft_item), follow=True)
    assertRedirects(response, back(draft_item))
    assert zh("Only a submitted report can be reviewed.") in messages_of(response)
    assert Item.objects.get(pk=draft_item.pk).review_result == ReviewResult.PENDING


@pytest.mark.parametrize(
    "data",
    [
        {},
        {"result": "bogus", "version": "1"},
        {"result": "adopted", "version": "abc"},
        {"result": "adopted", "version": "1", "points_override": "-3", "override_reason": "x"},
        {"result": "adopted", "version": "1", "points_override": "lots"},
    ],
)
def test_bad_input_is_a_form_error_not_a_crash(world, client_for, item, data):
    response = client_for(world.city_reviewer).post(url(item), data)
    assert response.status_code == 200
    item.refresh_from_db()
    assert item.review_result == ReviewResult.PENDING


def test_unknown_item_is_404(world, client_for):
    response = client_for(world.city_reviewer).post(
        reverse("submissions:item-review", args=[999999]), {"result": "adopted", "version": 1}
    )
    assert response.status_code == 404
