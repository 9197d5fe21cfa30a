"""Uploaded files are judged by their bytes, and stored under names nobody chose."""

import io
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from portal.models import Attachment
from portal.services import attachment_create
from portal.uploads import ALLOWED_CONTENT_TYPES, EXCEL_CONTENT_TYPES, validate_upload

PDF_BYTES = (
    b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n"
    b"2 0 obj\n<< /Type /Pages /Kids [] /Count 0 >>\nendobj\n"
    b"trailer\n<< /Root 1 0 R >>\n%%EOF\n"
)


def image_bytes(fmt: str) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (16, 12), (200, 30, 30)).save(buffer, fmt)
    return buffer.getvalue()


def xlsx_bytes() -> bytes:
    from openpyxl import Workbook

    buffer = io.BytesIO()
    workbook = Workbook()
    workbook.active["A1"] = "延长县"
    workbook.save(buffer)
    return buffer.getvalue()


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def stored_files(root) -> list:
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []


@pytest.mark.parametrize(
    ("name", "content", "content_type"),
    [
        ("剪报.pdf", PDF_BYTES, "application/pdf"),
        ("现场照片.jpg", image_bytes("JPEG"), "image/jpeg"),
        ("截图.png", image_bytes("PNG"), "image/png"),
    ],
)
def test_accepts_real_pdf_jpeg_png(name, content, content_type):
    assert validate_upload(SimpleUploadedFile(name, content)) == content_type


def test_the_name_does_not_decide_the_type():
    # A real PNG that was named .pdf is still a PNG, and it is accepted as what it is.
    assert validate_upload(SimpleUploadedFile("scan.pdf", image_bytes("PNG"))) == "image/png"


def test_rejects_an_executable():
    program = SimpleUploadedFile("setup.exe", b"MZ\x90\x00\x03" + b"\x00" * 200)
    with pytest.raises(ValidationError) as error:
        validate_upload(program)
    assert error.value.code == "content_type"
    assert "setup.exe" in error.value.messages[0]


def test_rejects_an_executable_renamed_to_pdf():
    program = SimpleUploadedFile("报告.pdf", b"MZ\x90\x00\x03" + b"\x00" * 200)
    with pytest.raises(ValidationError) as error:
        validate_upload(program)
    assert "报告.pdf" in error.value.messages[0]


def test_rejects_text_renamed_to_pdf():
    text = SimpleUploadedFile("宣传报告.pdf", "这不是PDF文件，只是一段文字。\n".encode())
    with pytest.raises(ValidationError) as error:
        validate_upload(text)
    assert error.value.code == "content_type"
    assert "宣传报告.pdf" in error.value.messages[0]


def test_rejects_an_oversized_file():
    big = SimpleUploadedFile("大文件.pdf", PDF_BYTES)
    with pytest.raises(ValidationError) as error:
        validate_upload(big, max_bytes=len(PDF_BYTES) - 1)
    assert error.value.code == "too_large"
    assert "大文件.pdf" in error.value.messages[0]
    # Exactly at the limit is fine.
    assert validate_upload(big, max_bytes=len(PDF_BYTES)) == "application/pdf"


def test_the_size_limit_comes_from_settings(settings):
    settings.UPLOAD_MAX_BYTES = 100
    with pytest.raises(ValidationError) as error:
        validate_upload(SimpleUploadedFile("照片.png", image_bytes("PNG") + b"\x00" * 100))
    assert error.value.code == "too_large"


def test_rejects_an_empty_file():
    with pytest.raises(ValidationError) as error:
        validate_upload(SimpleUploadedFile("空白.pdf", b""))
    assert error.value.code == "empty"
    assert "空白.pdf" in error.value.messages[0]


def test_only_the_allowed_kinds_pass():
    with pytest.raises(ValidationError):
        validate_upload(SimpleUploadedFile("剪报.pdf", PDF_BYTES), allowed=EXCEL_CONTENT_TYPES)
    with pytest.raises(ValidationError):
        validate_upload(SimpleUploadedFile("表.xlsx", xlsx_bytes()))


def test_excel_workbooks_where_excel_is_allowed():
    sheet = SimpleUploadedFile("统计表.xlsx", xlsx_bytes())
    assert validate_upload(sheet, allowed=EXCEL_CONTENT_TYPES) == next(iter(EXCEL_CONTENT_TYPES))
    # The same holds when Excel is allowed beside the usual kinds.
    either = {**ALLOWED_CONTENT_TYPES, **EXCEL_CONTENT_TYPES}
    assert validate_upload(sheet, allowed=either) == next(iter(EXCEL_CONTENT_TYPES))


def zip_bytes(*names: str) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name in names:
            archive.writestr(name, "<x/>")
    return buffer.getvalue()


def test_a_workbook_that_libmagic_calls_zip_is_still_excel():
    # Some writers put other parts first, and libmagic then only sees "a zip".
    content = zip_bytes("docProps/app.xml", "xl/workbook.xml", "[Content_Types].xml")
    for allowed in (EXCEL_CONTENT_TYPES, {**ALLOWED_CONTENT_TYPES, **EXCEL_CONTENT_TYPES}):
        sheet = SimpleUploadedFile("统计表.xlsx", content)
        assert validate_upload(sheet, allowed=allowed) == next(iter(EXCEL_CONTENT_TYPES))


def test_any_other_zip_is_not_excel():
    archive = SimpleUploadedFile("统计表.xlsx", zip_bytes("readme.txt", "setup.exe"))
    with pytest.raises(ValidationError) as error:
        validate_upload(archive, allowed=EXCEL_CONTENT_TYPES)
    assert "统计表.xlsx" in error.value.messages[0]


def test_validation_leaves_the_file_position_alone():
    upload = SimpleUploadedFile("剪报.pdf", PDF_BYTES)
    upload.seek(5)
    validate_upload(upload)
    assert upload.tell() == 5


def test_attachment_create_stores_under_a_random_name(world, media_root):
    upload = SimpleUploadedFile("延长县宣传剪报 2026.pdf", PDF_BYTES)
    attachment = attachment_create(
        unit=world.yanchang_bureau, uploaded=upload, uploaded_by=world.reporter
    )
    attachment.refresh_from_db()

    assert attachment.original_name == "延长县宣传剪报 2026.pdf"
    assert attachment.content_type == "application/pdf"
    assert attachment.size == len(PDF_BYTES)
    assert attachment.unit == world.yanchang_bureau
    assert attachment.uploaded_by == world.reporter
    assert "延长县" not in attachment.file.name
    assert "2026" not in attachment.file.name
    assert ".pdf" not in attachment.file.name
    assert attachment.pk.hex in attachment.file.name

    files = stored_files(media_root)
    assert len(files) == 1
    assert files[0].read_bytes() == PDF_BYTES
    assert "延长县" not in str(files[0])


def test_two_uploads_of_the_same_name_are_kept_apart(world, media_root):
    first = attachment_create(
        unit=world.yanchang_bureau,
        uploaded=SimpleUploadedFile("照片.jpg", image_bytes("JPEG")),
        uploaded_by=world.reporter,
    )
    second = attachment_create(
        unit=world.yanchang_bureau,
        uploaded=SimpleUploadedFile("照片.jpg", image_bytes("PNG")),
        uploaded_by=world.reporter,
    )
    assert first.file.name != second.file.name
    assert second.content_type == "image/png"
    assert len(stored_files(media_root)) == 2


@pytest.mark.parametrize(
    "upload",
    [
        SimpleUploadedFile("病毒.exe", b"MZ\x90\x00\x03" + b"\x00" * 200),
        SimpleUploadedFile("假的.pdf", b"just some text\n"),
        SimpleUploadedFile("空白.pdf", b""),
    ],
    ids=["exe", "text-as-pdf", "empty"],
)
def test_attachment_create_stores_nothing_when_validation_fails(world, media_root, upload):
    with pytest.raises(ValidationError):
        attachment_create(unit=world.yanchang_bureau, uploaded=upload, uploaded_by=world.reporter)
    assert not Attachment.objects.exists()
    assert stored_files(media_root) == []


def test_attachment_create_honours_the_allowed_kinds(world, media_root):
    with pytest.raises(ValidationError):
        attachment_create(
            unit=world.yanchang_bureau,
            uploaded=SimpleUploadedFile("剪报.pdf", PDF_BYTES),
            uploaded_by=world.reporter,
            allowed=EXCEL_CONTENT_TYPES,
        )
    assert not Attachment.objects.exists()
    assert stored_files(media_root) == []
