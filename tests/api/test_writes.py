"""Filing through the API: the report page's form checks the input (with its messages, in
the language asked for), the page's services write (with their journal and version check),
and every refusal is a problem."""

import pytest
from django.utils import translation

from portal.models import JournalEntry
from submissions.forms.reporting import ItemForm
from submissions.models import Item, ReportStatus
from tests.submissions.builders import awaiting_report, draft_report, item_data

PROBLEM = "application/problem+json"


def item_json(n=0, report=None, **overrides) -> dict:
    year, quarter = (report.year, report.quarter) if report else (2026, 3)
    data = item_data(n, year=year, quarter=quarter)
    data["published_on"] = data["published_on"].isoformat()
    return {**data, **overrides}


@pytest.fixture
def report(world):
    return draft_report(world, n_items=1)


def items_url(report) -> str:
    return f"/api/v1/reports/{report.pk}/items/"


def test_an_item_is_added_through_the_pages_service(world, report, api_for):
    response = api_for(world.reporter).post(
        items_url(report), item_json(3, authors=[world.reporter.pk]), format="json"
    )

    assert response.status_code == 201, response.content
    data = response.json()
    item = Item.objects.get(pk=data["id"])
    assert item.report == report and item.number == 2 and data["number"] == 2
    assert list(item.authors.all()) == [world.reporter]
    assert data["authors"] == [{"id": world.reporter.pk, "name": "王小燕"}]
    entry = JournalEntry.objects.filter(action="submissions.item.created").latest("pk")
    assert entry.actor == world.reporter and entry.data["item"] == item.pk


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_invalid_input_gets_the_forms_own_messages(world, report, api_for, language):
    bad = item_json(0, title="", published_on="2026-01-05", media_level="galactic")
    bad["authors"] = [world.outsider_reporter.pk]

    response = api_for(world.reporter, language=language).post(
        items_url(report), bad, format="json"
    )

    assert response.status_code == 400
    assert response["Content-Type"] == PROBLEM
    problem = response.json()
    assert problem["type"] == "urn:portal:problem:validation-error"
    assert problem["status"] == 400 and problem["title"] and problem["detail"]
    with translation.override(language):
        form = ItemForm({**bad, "is_lead_story": ""}, unit=report.unit, report=report)
        expected = {field: list(errors) for field, errors in form.errors.items()}
    assert set(problem["errors"]) == {"title", "published_on", "media_level", "authors"}
    assert problem["errors"] == expected
    assert report.items.count() == 1


def test_a_wrong_json_type_is_refused_field_by_field(world, report, api_for):
    bad = item_json(0, published_on=20260705, is_lead_story="yes", authors="me")
    response = api_for(world.reporter, language="en").post(items_url(report), bad, format="json")
    assert response.status_code == 400
    assert response.json()["errors"] == {
        "published_on": ["Give text."],
        "is_lead_story": ["Give true or false."],
        "authors": ["Give a list of ids of the unit's people."],
    }


@pytest.mark.parametrize("payload", [[1, 2], "text", None])
def test_a_body_that_is_not_an_object_is_refused(world, report, api_for, payload):
    response = api_for(world.reporter).post(items_url(report), payload, format="json")
    assert response.status_code == 400
    assert response["Content-Type"] == PROBLEM


def test_a_body_that_is_not_json_is_refused(world, report, api_for):
    api = api_for(world.reporter)
    response = api.post(items_url(report), "title=x", content_type="text/plain")
    assert response.status_code == 415
    assert response["Content-Type"] == PROBLEM
    broken = api.post(items_url(report), "{not json", content_type="application/json")
    assert broken.status_code == 400


def test_a_handed_on_report_takes_no_items(world, api_for):
    report = awaiting_report(world, n_items=1)
    response = api_for(world.reporter, language="en").post(
        items_url(report), item_json(2), format="json"
    )
    assert response.status_code == 409
    assert response.json()["detail"] == (
        "This report has been handed on and can no longer be changed."
    )


def test_an_item_is_replaced_with_its_version(world, report, api_for):
    item = report.items.get()
    response = api_for(world.reporter).put(
        f"/api/v1/items/{item.pk}/", item_json(4, version=item.version), format="json"
    )
    assert response.status_code == 200, response.content
    item.refresh_from_db()
    assert item.title == item_data(4)["title"] and item.version == 2
    assert response.json()["version"] == 2
    assert JournalEntry.objects.filter(action="submissions.item.changed").exists()


def test_a_partial_change_keeps_the_rest(world, report, api_for):
    item = report.items.get()
    authors = list(item.authors.all())
    response = api_for(world.reporter).patch(
        f"/api/v1/items/{item.pk}/", {"outlet": "陕西日报", "version": item.version}, format="json"
    )
    assert response.status_code == 200, response.content
    item.refresh_from_db()
    assert item.outlet == "陕西日报" and item.title == item_data(0)["title"]
    assert list(item.authors.all()) == authors


def test_a_change_on_a_stale_version_is_a_409(world, report, api_for):
    item = report.items.get()
    api = api_for(world.reporter, language="en")
    url = f"/api/v1/items/{item.pk}/"
    assert (
        api.patch(url, {"title": "一", "version": item.version}, format="json").status_code == 200
    )
    stale = api.patch(url, {"title": "二", "version": item.version}, format="json")
    assert stale.status_code == 409
    assert stale.json()["type"] == "urn:portal:problem:concurrent-edit"
    item.refresh_from_db()
    assert item.title == "一"


def test_a_change_needs_the_version(world, report, api_for):
    item = report.items.get()
    response = api_for(world.reporter, language="en").patch(
        f"/api/v1/items/{item.pk}/", {"title": "一"}, format="json"
    )
    assert response.status_code == 400
    assert response.json()["errors"] == {"version": ["This field is required."]}


def test_an_item_is_deleted_with_its_version(world, report, api_for):
    item = report.items.get()
    api = api_for(world.reporter, language="en")
    url = f"/api/v1/items/{item.pk}/"
    missing = api.delete(url)
    assert missing.status_code == 400
    assert missing.json()["errors"] == {"version": ["This field is required."]}
    assert api.delete(f"{url}?version={item.version + 1}").status_code == 409
    assert api.delete(f"{url}?version={item.version}").status_code == 204
    assert not report.items.exists()
    assert JournalEntry.objects.filter(action="submissions.item.deleted").exists()
    assert api.get(url).status_code == 404


def test_the_report_is_handed_to_the_approver(world, report, api_for):
    response = api_for(world.reporter).post(
        f"/api/v1/reports/{report.pk}/hand-on/", {"version": report.version}, format="json"
    )
    assert response.status_code == 200, response.content
    assert response.json()["status"] == ReportStatus.AWAITING_SIGNOFF
    report.refresh_from_db()
    assert report.status == ReportStatus.AWAITING_SIGNOFF
    assert JournalEntry.objects.filter(action="submissions.report.handed_to_approver").exists()


def test_an_empty_report_is_not_handed_on(world, api_for):
    report = draft_report(world, n_items=0)
    response = api_for(world.reporter, language="en").post(
        f"/api/v1/reports/{report.pk}/hand-on/", {"version": report.version}, format="json"
    )
    assert response.status_code == 409
    assert "Add at least one item" in response.json()["detail"]


def test_handing_on_a_stale_version_is_a_409(world, report, api_for):
    response = api_for(world.reporter).post(
        f"/api/v1/reports/{report.pk}/hand-on/", {"version": report.version + 5}, format="json"
    )
    assert response.status_code == 409
    report.refresh_from_db()
    assert report.status == ReportStatus.DRAFT


def test_too_many_requests_with_one_token_are_a_429(world, api_for, settings):
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"api_token": "3/min"},
    }
    api = api_for(world.reporter)
    statuses = [api.get("/api/v1/units/").status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]
    refused = api.get("/api/v1/units/")
    assert refused["Content-Type"] == PROBLEM and int(refused["Retry-After"]) > 0
    # Another token (another system of the same person) has its own allowance.
    assert api_for(world.reporter).get("/api/v1/units/").status_code == 200
