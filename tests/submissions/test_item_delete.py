"""Deleting an item: the reporter, while editable, at the version they saw."""

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse
from pytest_django.asserts import assertRedirects

from portal.journal import entries_for
from submissions import services
from submissions.models import Item
from tests.submissions.builders import awaiting_report, draft_report


@pytest.fixture
def item(world):
    return draft_report(world, n_items=2).items.order_by("pk").first()


def url(item):
    return reverse("submissions:item-delete", args=[item.pk])


def detail(report):
    return reverse("submissions:report-detail", args=[report.pk])


def test_anonymous_is_sent_to_login(item, client):
    response = client.post(url(item), {"version": item.version})
    assert response["Location"].startswith(reverse("login"))
    assert Item.objects.filter(pk=item.pk).exists()


def test_get_is_not_allowed(world, item, client_for):
    assert client_for(world.reporter).get(url(item)).status_code == 405


def test_reporter_deletes_the_item(world, item, client_for):
    response = client_for(world.reporter).post(url(item), {"version": item.version})
    assertRedirects(response, detail(item.report))
    assert not Item.objects.filter(pk=item.pk).exists()
    assert item.report.items.count() == 1
    event = entries_for(item.report).get(action="submissions.item.deleted")
    assert event.data["title"] == item.title


def test_a_stale_version_keeps_the_item(world, item, client_for):
    seen = item.version
    data = {f: getattr(item, f) for f in services.ITEM_FIELDS} | {"title": "刚改过的标题"}
    services.item_update(item=item, user=world.reporter, data=data, version=seen)
    response = client_for(world.reporter).post(url(item), {"version": seen})
    assertRedirects(response, detail(item.report), fetch_redirect_response=False)
    assert Item.objects.filter(pk=item.pk).exists()
    (message,) = get_messages(response.wsgi_request)
    assert message.level_tag == "error"


def test_a_handed_on_report_keeps_its_items(world, client_for):
    report = awaiting_report(world, n_items=1)
    item = report.items.get()
    response = client_for(world.reporter).post(url(item), {"version": item.version})
    assertRedirects(response, detail(report), fetch_redirect_response=False)
    assert Item.objects.filter(pk=item.pk).exists()
    (message,) = get_messages(response.wsgi_request)
    assert message.level_tag == "error"


@pytest.mark.parametrize("who", ["approver", "city_reviewer", "province_admin"])
def test_others_in_scope_may_not_delete(world, item, client_for, who):
    response = client_for(getattr(world, who)).post(url(item), {"version": item.version})
    assert response.status_code == 403
    assert Item.objects.filter(pk=item.pk).exists()


@pytest.mark.parametrize("who", ["outsider_reporter", "other_city_reviewer"])
def test_another_units_item_is_404(world, item, client_for, who):
    response = client_for(getattr(world, who)).post(url(item), {"version": item.version})
    assert response.status_code == 404
    assert Item.objects.filter(pk=item.pk).exists()
