"""A request body larger than any form needs is refused with 413 before it is read."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from tests.submissions.builders import draft_report


@pytest.fixture
def report(world):
    return draft_report(world, n_items=0)


def url(report):
    return reverse("submissions:item-import", args=[report.pk])


def test_a_declared_50_mb_body_is_refused_unread(world, client_for, report, settings):
    # The body is small: had anything read the 50 MB it declares, the test client's
    # payload would have raised instead of answering.
    response = client_for(world.reporter).post(
        url(report),
        {"file": SimpleUploadedFile("items.xlsx", b"PK\x03\x04" + b"\0" * 1000)},
        CONTENT_LENGTH=str(50 * 1024 * 1024),
    )
    assert response.status_code == 413
    assert response["Connection"] == "close"
    assert "413.html" in [t.name for t in response.templates]
    limit = settings.REQUEST_MAX_BYTES // (1024 * 1024)
    assert f"一次提交的文件最多{limit} MB" in response.content.decode()
    assert 'type="file"' not in response.content.decode()


def test_the_bound_comes_from_settings(world, client_for, report, settings):
    settings.REQUEST_MAX_BYTES = 2048
    response = client_for(world.reporter).post(
        url(report), {"file": SimpleUploadedFile("items.xlsx", b"x" * 4096)}
    )
    assert response.status_code == 413


def test_a_body_within_the_bound_reaches_the_form(world, client_for, report):
    response = client_for(world.reporter).post(
        url(report), {"file": SimpleUploadedFile("items.xlsx", b"not a workbook")}
    )
    assert response.status_code == 200
    assert response.context["form"].errors["file"]


def test_the_bound_leaves_room_for_the_largest_upload(settings):
    assert settings.REQUEST_MAX_BYTES > settings.UPLOAD_MAX_BYTES
