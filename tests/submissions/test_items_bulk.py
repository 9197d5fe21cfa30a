"""Adopting or rejecting several items of a report at once."""

import pytest
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext
from pytest_django.asserts import assertContains, assertRedirects

from portal.journal import entries_for
from submissions.models import ReviewResult
from tests.submissions.builders import draft_report, submitted_report


def zh(text: str) -> str:
    with translation.override("zh-hans"):
        return gettext(text)


def url(report):
    return reverse("submissions:items-bulk", args=[report.pk])


def back(report):
    return reverse("submissions:report-review", args=[report.pk])


@pytest.fixture
def report(world):
    return submitted_report(world, n_items=4)


def ids(report):
    return list(report.items.order_by("pk").values_list("pk", flat=True))


def results(report):
    return list(report.items.order_by("pk").values_list("review_result", flat=True))


def messages_of(response) -> list[str]:
    return [str(m) for m in response.context["messages"]]


def test_anonymous_is_sent_to_login(world, client, report):
    response = client.post(url(report), {"items": ids(report), "result": "adopted"})
    assertRedirects(response, f"{reverse('login')}?next={url(report)}")


def test_get_is_not_allowed(world, client_for, report):
    assert client_for(world.city_reviewer).get(url(report)).status_code == 405


@pytest.mark.parametrize("who", ["city_reviewer", "province_reviewer"])
def test_adopt_the_ticked_items(world, client_for, report, who):
    first, _, third, _ = ids(report)
    response = client_for(getattr(world, who)).post(
        url(report), {"items": [first, third], "result": "adopted"}, follow=True
    )
    assertRedirects(response, back(report))
    assert results(report) == ["adopted", "pending", "adopted", "pending"]
    assert response.context["pending_count"] == 2
    assert any("2" in m for m in messages_of(response))
    event = entries_for(report).get(action="submissions.items.bulk_adopted")
    assert event.actor == getattr(world, who)


def test_reject_the_ticked_items_with_a_reason(world, client_for, report):
    response = client_for(world.city_reviewer).post(
        url(report), {"items": ids(report)[:3], "result": "rejected", "reason": "无刊发截图"}
    )
    assertRedirects(response, back(report), fetch_redirect_response=False)
    assert results(report) == ["rejected", "rejected", "rejected", "pending"]
    assert set(
        report.items.filter(review_result="rejected").values_list("rejection_reason", flat=True)
    ) == {"无刊发截图"}


def test_reject_without_a_reason_keeps_the_ticks(world, client_for, report):
    ticked = ids(report)[1:3]
    response = client_for(world.city_reviewer).post(
        url(report), {"items": ticked, "result": "rejected", "reason": ""}
    )
    assert response.status_code == 200
    assertContains(response, zh("Give the reason the unit will see."))
    for pk in ticked:
        assertContains(response, f'value="{pk}" form="bulk-form" checked')
    assertContains(response, f'value="{ids(report)[0]}" form="bulk-form" aria-label')
    assert results(report) == ["pending"] * 4


def test_nothing_ticked_is_a_form_error(world, client_for, report):
    response = client_for(world.city_reviewer).post(url(report), {"result": "adopted"})
    assert response.status_code == 200
    assertContains(response, zh("Tick at least one item."))
    assert results(report) == ["pending"] * 4


def test_items_of_another_report_are_refused(world, client_for, report):
    other = submitted_report(world, n_items=1, quarter=2)
    response = client_for(world.city_reviewer).post(
        url(report), {"items": [ids(other)[0]], "result": "adopted"}
    )
    assert response.status_code == 200
    assert results(other) == ["pending"]
    assert results(report) == ["pending"] * 4


@pytest.mark.parametrize(
    "data", [{"items": ["x"], "result": "adopted"}, {"items": ["1"], "result": "pending"}, {}]
)
def test_bad_input_is_a_form_error_not_a_crash(world, client_for, report, data):
    response = client_for(world.city_reviewer).post(url(report), data)
    assert response.status_code == 200
    assert results(report) == ["pending"] * 4


@pytest.mark.parametrize("who", ["other_city_reviewer", "outsider_reporter", "neighbour_reporter"])
def test_others_get_404(world, client_for, report, who):
    response = client_for(getattr(world, who)).post(
        url(report), {"items": ids(report), "result": "adopted"}
    )
    assert response.status_code == 404
    assert results(report) == ["pending"] * 4


@pytest.mark.parametrize("who", ["reporter", "approver"])
def test_the_units_own_people_get_403(world, client_for, report, who):
    response = client_for(getattr(world, who)).post(
        url(report), {"items": ids(report), "result": "adopted"}
    )
    assert response.status_code == 403
    assert results(report) == ["pending"] * 4


def test_a_draft_cannot_be_reviewed(world, client_for):
    draft = draft_report(world, n_items=2)
    response = client_for(world.city_reviewer).post(
        url(draft), {"items": ids(draft), "result": "adopted"}, follow=True
    )
    assertRedirects(response, back(draft))
    assert zh("Only a submitted report can be reviewed.") in messages_of(response)
    assert results(draft) == [ReviewResult.PENDING] * 2
