"""Two reviewers on the same report: a bulk decision from a page that showed an item
before someone else decided it is refused, and that decision stands."""

import re

from django.test import Client
from django.urls import reverse
from django.utils import translation

from submissions.models import Item, ReviewResult
from submissions.services import ConcurrentEdit
from tests.submissions.builders import submitted_report


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def bulk_post(page, result: str, reason: str = "") -> dict:
    """What the browser sends from the review page with every item ticked."""
    content = page.content.decode()
    return {
        "items": re.findall(r'name="items" value="(\d+)" form="bulk-form"', content),
        "seen": re.findall(r'name="seen" value="(\d+:\d+)" form="bulk-form"', content),
        "result": result,
        "reason": reason,
    }


def test_a_bulk_decision_from_an_older_page_does_not_overwrite_a_single_one(world):
    report = submitted_report(world, n_items=3)
    review = reverse("submissions:report-review", args=[report.pk])
    city, province = signed_in(world.city_reviewer), signed_in(world.province_reviewer)
    stale = bulk_post(city.get(review), "adopted")
    decided = report.items.order_by("pk").first()
    province.post(
        reverse("submissions:item-review", args=[decided.pk]),
        {"result": "rejected", "reason": "与省级稿件重复", "version": decided.version},
    )

    response = city.post(reverse("submissions:items-bulk", args=[report.pk]), stale)

    assert response.status_code == 200
    with translation.override("zh-hans"):
        assert str(ConcurrentEdit()) in response.content.decode()
    decided.refresh_from_db()
    assert decided.review_result == ReviewResult.REJECTED
    assert decided.rejection_reason == "与省级稿件重复"
    assert not Item.objects.filter(report=report, review_result=ReviewResult.ADOPTED).exists()
    # Ticks kept, and the page now shows the current versions: sending again applies.
    again = bulk_post(response, "adopted")
    assert len(again["items"]) == 3
    city.post(reverse("submissions:items-bulk", args=[report.pk]), again)
    assert Item.objects.filter(report=report, review_result=ReviewResult.ADOPTED).count() == 3


def test_a_fresh_bulk_decision_applies(world):
    report = submitted_report(world, n_items=2)
    city = signed_in(world.city_reviewer)
    page = city.get(reverse("submissions:report-review", args=[report.pk]))
    city.post(reverse("submissions:items-bulk", args=[report.pk]), bulk_post(page, "adopted"))
    assert Item.objects.filter(report=report, review_result=ReviewResult.ADOPTED).count() == 2
