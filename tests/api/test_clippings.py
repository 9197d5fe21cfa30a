"""Clippings attached to an item through the API (multipart): checked by their content and
size as on the item's page, saved by the page's service with its version check and journal
entry; a refusal is a problem with the form's message and stores nothing."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from portal.models import Attachment, JournalEntry
from tests.submissions.builders import awaiting_report, draft_report, png_bytes

PROBLEM = "application/problem+json"


@pytest.fixture
def item(world):
    return draft_report(world, n_items=1).items.get()


def url(item) -> str:
    return f"/api/v1/items/{item.pk}/clippings/"


def png(name="剪报.png") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, png_bytes(), content_type="image/png")


def upload(api, item, files, version=None):
    body = {"clippings": files}
    if version is not False:
        body["version"] = item.version if version is None else version
    return api.post(url(item), body, format="multipart")


def test_clippings_are_attached_through_the_pages_service(world, item, api_for):
    response = upload(api_for(world.reporter), item, [png(), png("第二版.png")])

    assert response.status_code == 201, response.content
    data = response.json()
    assert sorted(c["name"] for c in data["clippings"]) == ["剪报.png", "第二版.png"]
    assert data["version"] == item.version + 1
    assert item.clippings.count() == 2
    assert {a.content_type for a in item.clippings.all()} == {"image/png"}
    entry = JournalEntry.objects.filter(action="submissions.item.changed").latest("pk")
    assert entry.actor == world.reporter and entry.data["item"] == item.pk


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_a_file_that_is_no_clipping_is_refused_with_the_forms_message(
    world, item, api_for, language
):
    fake = SimpleUploadedFile("scan.pdf", b"MZ\x90\x00 not a pdf", content_type="application/pdf")
    response = upload(api_for(world.reporter, language=language), item, [png(), fake])

    assert response.status_code == 400
    assert response["Content-Type"] == PROBLEM
    (message,) = response.json()["errors"]["clippings"]
    expected = {"en": "is not an accepted file", "zh-hans": "不是允许上传的文件类型"}[language]
    assert "scan.pdf" in message and expected in message, message
    assert not item.clippings.exists()
    assert not Attachment.objects.exists()  # the accepted one is not kept either


def test_a_file_too_large_is_refused(world, item, api_for, settings):
    settings.UPLOAD_MAX_BYTES = 20
    response = upload(api_for(world.reporter, language="en"), item, [png()])
    assert response.status_code == 400
    assert "files may be at most 20" in response.json()["errors"]["clippings"][0]
    assert not Attachment.objects.exists()


def test_a_request_too_large_is_a_problem(world, item, api_for, settings):
    settings.REQUEST_MAX_BYTES = 1024
    big = SimpleUploadedFile("big.png", png_bytes() + b"\0" * 4096, content_type="image/png")
    response = upload(api_for(world.reporter, language="en"), item, [big])
    assert response.status_code == 413
    assert response["Content-Type"] == PROBLEM
    assert response.json()["status"] == 413


def test_a_stale_version_is_a_409_and_stores_nothing(world, item, api_for):
    response = upload(api_for(world.reporter), item, [png()], version=item.version + 3)
    assert response.status_code == 409
    assert response.json()["type"] == "urn:portal:problem:concurrent-edit"
    assert not Attachment.objects.exists()


def test_the_version_and_a_file_are_required(world, item, api_for):
    response = upload(api_for(world.reporter, language="en"), item, [], version=False)
    assert response.status_code == 400
    assert response.json()["errors"] == {
        "version": ["This field is required."],
        "clippings": ["This field is required."],
    }


def test_json_is_not_taken(world, item, api_for):
    response = api_for(world.reporter).post(url(item), {"version": 1}, format="json")
    assert response.status_code == 415
    assert response["Content-Type"] == PROBLEM


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("nobody", 404),
        ("outsider_reporter", 404),
        ("neighbour_reporter", 404),
        ("other_city_reviewer", 404),
        ("city_reviewer", 403),
        ("approver", 403),
        ("province_admin", 403),
    ],
)
def test_only_the_units_reporter_attaches(world, item, api_for, who, status):
    response = upload(api_for(getattr(world, who)), item, [png()])
    assert response.status_code == status
    assert not Attachment.objects.exists()


def test_a_handed_on_report_takes_no_clippings(world, api_for):
    item = awaiting_report(world, n_items=1).items.get()
    response = upload(api_for(world.reporter), item, [png()])
    assert response.status_code == 409
    assert not Attachment.objects.exists()
