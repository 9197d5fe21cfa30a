"""Uploaded files are served only through the scope check, as downloads."""

import io
import uuid
from urllib.parse import quote

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image
from pytest_django.asserts import assertRedirects

from portal.services import attachment_create

PDF_BYTES = (
    b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n"
    b"2 0 obj\n<< /Type /Pages /Kids [] /Count 0 >>\nendobj\n"
    b"trailer\n<< /Root 1 0 R >>\n%%EOF\n"
)


def png_bytes() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (10, 10), (0, 120, 60)).save(buffer, "PNG")
    return buffer.getvalue()


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def clipping(world):
    """A PDF clipping of 延长县's bureau, uploaded by its reporter."""
    return attachment_create(
        unit=world.yanchang_bureau,
        uploaded=SimpleUploadedFile("clipping-2026-Q3.pdf", PDF_BYTES),
        uploaded_by=world.reporter,
    )


@pytest.fixture
def photo(world):
    """A photo of 靖边县's bureau, with a Chinese file name."""
    return attachment_create(
        unit=world.jingbian_bureau,
        uploaded=SimpleUploadedFile("扶贫日现场照片.png", png_bytes()),
        uploaded_by=world.outsider_reporter,
    )


def url(attachment) -> str:
    return reverse("attachment-download", args=[attachment.pk])


def body(response) -> bytes:
    return b"".join(response.streaming_content)


def test_in_scope_download_returns_the_bytes_as_an_attachment(world, client_for, clipping):
    response = client_for(world.reporter).get(url(clipping))
    assert response.status_code == 200
    assert body(response) == PDF_BYTES
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")
    assert 'filename="clipping-2026-Q3.pdf"' in response["Content-Disposition"]
    assert response["X-Content-Type-Options"] == "nosniff"


def test_chinese_file_name_is_kept(world, client_for, photo):
    response = client_for(world.outsider_reporter).get(url(photo))
    assert response.status_code == 200
    assert body(response) == png_bytes()
    assert response["Content-Type"] == "image/png"
    disposition = response["Content-Disposition"]
    assert disposition.startswith("attachment;")
    assert f"filename*=utf-8''{quote('扶贫日现场照片.png')}" in disposition


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("reporter", 200),
        ("approver", 200),
        ("city_reviewer", 200),
        ("province_reviewer", 200),
        ("province_admin", 200),
        ("neighbour_reporter", 404),
        ("outsider_reporter", 404),
        ("other_city_reviewer", 404),
        ("nobody", 404),
    ],
)
def test_who_may_download_the_clipping(world, client_for, clipping, who, status):
    response = client_for(getattr(world, who)).get(url(clipping))
    assert response.status_code == status
    if status == 404:
        assert PDF_BYTES not in response.content


def test_the_other_citys_photo_is_404_for_this_city(world, client_for, photo):
    assert client_for(world.city_reviewer).get(url(photo)).status_code == 404
    assert client_for(world.other_city_reviewer).get(url(photo)).status_code == 200


def test_unknown_id_is_404(world, client_for):
    response = client_for(world.province_admin).get(
        reverse("attachment-download", args=[uuid.uuid4()])
    )
    assert response.status_code == 404


def test_post_is_not_allowed(world, client_for, clipping):
    assert client_for(world.reporter).post(url(clipping)).status_code == 405


def test_anonymous_is_sent_to_login(world, client, clipping):
    target = url(clipping)
    response = client.get(target)
    assertRedirects(response, f"{reverse('login')}?next={target}", fetch_redirect_response=False)


def test_inactive_user_cannot_download(world, client, clipping):
    world.reporter.is_active = False
    world.reporter.save()
    client.force_login(world.reporter, backend="django.contrib.auth.backends.ModelBackend")
    response = client.get(url(clipping))
    assert response.status_code in (302, 404)
    assert PDF_BYTES not in response.content


def test_files_are_not_served_from_media_url(world, client_for, clipping):
    from django.conf import settings

    response = client_for(world.reporter).get(f"{settings.MEDIA_URL}{clipping.file.name}")
    assert response.status_code == 404


def test_a_file_gone_from_disk_is_404(world, clipping, client_for):
    clipping.file.storage.delete(clipping.file.name)
    response = client_for(world.reporter).get(reverse("attachment-download", args=[clipping.pk]))
    assert response.status_code == 404
