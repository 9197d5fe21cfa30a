"""Pages for a signed-in person carry `Cache-Control: private, no-store`, so a shared office
PC's browser keeps no copy of them; public pages keep what they say of themselves."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from portal.services import attachment_create
from tests.portal.test_attachment_download import PDF_BYTES


def directives(response) -> set[str]:
    return {part.strip() for part in response.get("Cache-Control", "").split(",") if part.strip()}


@pytest.mark.parametrize(
    "url",
    [
        reverse("home"),
        reverse("unit-list"),
        reverse("password_change"),
        reverse("password_change_done"),
    ],
)
def test_signed_in_pages_are_not_kept(world, client_for, url):
    response = client_for(world.reporter).get(url)

    assert response.status_code == 200
    assert {"private", "no-store"} <= directives(response)


def test_a_refusal_and_a_redirect_for_a_signed_in_person_are_not_kept(world, client_for):
    client = client_for(world.reporter)

    missing = client.get(reverse("unit-detail", args=[999999]))
    moved = client.post(reverse("password_change"), {})

    assert missing.status_code == 404
    assert {"private", "no-store"} <= directives(missing)
    assert {"private", "no-store"} <= directives(moved)


def test_a_download_for_a_signed_in_person_is_not_kept(world, client_for, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    clipping = attachment_create(
        unit=world.yanchang_bureau,
        uploaded=SimpleUploadedFile("clipping.pdf", PDF_BYTES),
        uploaded_by=world.reporter,
    )

    response = client_for(world.reporter).get(reverse("attachment-download", args=[clipping.pk]))

    assert response.status_code == 200
    assert {"private", "no-store"} <= directives(response)


@pytest.mark.parametrize(
    "url", [reverse("donations:public-index"), reverse("donations:public-wishes")]
)
def test_public_pages_for_a_visitor_are_left_as_they_are(db, client, url):
    response = client.get(url)

    assert response.status_code == 200
    assert "no-store" not in directives(response)


def test_a_view_that_sets_its_own_cache_control_keeps_it(world, client_for):
    # The health check says no-cache itself; the middleware adds nothing to it.
    response = client_for(world.reporter).get(reverse("health"))

    assert response["Cache-Control"] == "max-age=0, no-cache, no-store, must-revalidate, private"
