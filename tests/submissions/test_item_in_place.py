"""With JavaScript (htmx) the report page adds and deletes an item in place: the answer is
the new row, the count and a fresh form, or the form with its errors, never the whole page;
so filing the 200th item costs what filing the first did."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from submissions.models import Item
from tests.submissions.builders import add_items, draft_report, item_post

HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def report(world):
    return draft_report(world, n_items=1)


def create_url(report):
    return reverse("submissions:item-create", args=[report.pk])


def test_an_added_item_comes_back_as_its_row_the_count_and_a_fresh_form(world, report, client_for):
    response = client_for(world.reporter).post(create_url(report), item_post(3), **HTMX)
    assert response.status_code == 200
    html = response.text
    item = report.items.order_by("-pk").first()
    assert report.items.count() == 2
    assert "<html" not in html and "<nav" not in html  # not the whole page
    assert 'hx-swap-oob="beforeend:#items-body"' in html and f'id="item-{item.pk}"' in html
    assert item.title in html
    assert 'id="items-count" hx-swap-oob="true"' in html and "2条成果" in html
    assert 'data-testid="item-added"' in html
    assert 'data-testid="item-form"' in html and 'value="' + item.title + '"' not in html
    assert 'id="items-empty" hx-swap-oob="delete"' in html


def test_with_a_clean_form_on_the_page_the_answer_leaves_the_form_out(world, report, client_for):
    headers = {**HTMX, "HTTP_X_FORM_CLEAN": "1"}
    response = client_for(world.reporter).post(create_url(report), item_post(3), **headers)
    assert response.status_code == 200
    html = response.text
    item = report.items.order_by("-pk").first()
    assert report.items.count() == 2
    assert 'data-testid="item-form"' not in html and 'name="title"' not in html
    assert response["HX-Reswap"] == "none" and response["HX-Trigger"] == "itemAdded"
    assert 'id="item-added" hx-swap-oob="true"' in html and item.title in html
    assert f'id="item-{item.pk}"' in html and "2条成果" in html


def test_a_refused_item_comes_back_as_the_form_with_its_errors_and_input(world, report, client_for):
    data = item_post(3, published_on="2026-01-05", outlet="")
    response = client_for(world.reporter).post(create_url(report), data, **HTMX)
    assert response.status_code == 200
    html = response.text
    assert report.items.count() == 1
    assert "<html" not in html and 'data-testid="item-form"' in html
    assert "is-invalid" in html and 'value="2026-01-05"' in html
    assert "hx-swap-oob" not in html


def test_filing_another_item_costs_the_same_however_many_the_report_holds(world, client_for):
    small, large = draft_report(world, n_items=2), draft_report(world, n_items=2, quarter=2)
    add_items(large, 60, user=world.reporter, start=2)
    client = client_for(world.reporter)
    counts = []
    for report, n in ((small, 10), (large, 70)):
        with CaptureQueriesContext(connection) as queries:
            response = client.post(create_url(report), item_post(n, quarter=report.quarter), **HTMX)
        assert response.status_code == 200 and 'data-testid="item-added"' in response.text
        counts.append(len(queries))
    assert counts[0] == counts[1], counts


def test_a_deleted_item_leaves_only_the_new_count(world, report, client_for):
    add_items(report, 1, user=world.reporter, start=1)
    item = report.items.order_by("pk").first()
    url = reverse("submissions:item-delete", args=[item.pk])
    response = client_for(world.reporter).post(url, {"version": item.version}, **HTMX)
    assert response.status_code == 200
    assert not Item.objects.filter(pk=item.pk).exists()
    assert 'id="items-count" hx-swap-oob="true"' in response.text and "1条成果" in response.text
    assert "<tr" not in response.text  # the row is replaced by nothing


def test_a_stale_delete_reloads_the_page_with_the_reason(world, report, client_for):
    item = report.items.get()
    url = reverse("submissions:item-delete", args=[item.pk])
    response = client_for(world.reporter).post(url, {"version": item.version + 5}, **HTMX)
    assert response.status_code == 204
    assert response["HX-Redirect"] == reverse("submissions:report-detail", args=[report.pk])
    assert Item.objects.filter(pk=item.pk).exists()
    page = client_for(world.reporter).get(response["HX-Redirect"])
    assert "alert-danger" in page.text or "alert-warning" in page.text


def test_the_report_page_loads_htmx_from_the_portal_itself(world, report, client_for):
    html = (
        client_for(world.reporter).get(reverse("submissions:report-detail", args=[report.pk])).text
    )
    assert "/static/vendor/htmx/htmx.min.js" in html
    assert 'hx-post="' + create_url(report) + '"' in html
