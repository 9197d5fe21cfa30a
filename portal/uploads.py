"""The one place uploaded files are checked: by their bytes, not their names.

Checks only: portal.files stores, keeps and discards the files these accept."""

import zipfile

import magic
from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

# What the portal accepts anywhere: scans and photos of clippings, PDFs, Excel sheets.
ALLOWED_CONTENT_TYPES = {
    "application/pdf": _("PDF"),
    "image/jpeg": _("JPEG image"),
    "image/png": _("PNG image"),
}
EXCEL_CONTENT_TYPES = {
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": _("Excel workbook"),
}
# A workbook is a zip of XML parts that a reader unpacks in memory, so a small file can
# stand for a huge one (a 511 KB sheet held one 500 MB cell). Filled-in import sheets of
# 1,000 rows unpack to a few MB and their parts compress about 5 to 20 times; a zip bomb's
# compress hundreds or thousands of times. The zip's directory gives both before anything
# is unpacked, and Python's zipfile never unpacks a part beyond the size it declares.
WORKBOOK_MAX_UNPACKED_BYTES = 50 * 1024 * 1024
WORKBOOK_MAX_RATIO = 100
# Small parts (styles, the parts list) may compress well without costing anything.
WORKBOOK_RATIO_FROM_BYTES = 1024 * 1024


def sniff_content_type(uploaded) -> str:
    """The content type libmagic reads from the file's first bytes."""
    position = uploaded.tell() if hasattr(uploaded, "tell") else 0
    uploaded.seek(0)
    head = uploaded.read(8192)
    uploaded.seek(position)
    return magic.from_buffer(head, mime=True)


def _is_workbook(uploaded) -> bool:
    position = uploaded.tell()
    try:
        uploaded.seek(0)
        with zipfile.ZipFile(uploaded) as archive:
            names = set(archive.namelist())
    except (zipfile.BadZipFile, OSError, ValueError):
        return False
    finally:
        uploaded.seek(position)
    return {"[Content_Types].xml", "xl/workbook.xml"} <= names


def check_workbook_archive(uploaded) -> None:
    """Raise ValidationError when the workbook would unpack to more than a sheet needs,
    read from the zip's directory alone; a file that is no zip is left to the reader."""
    position = uploaded.tell()
    try:
        uploaded.seek(0)
        with zipfile.ZipFile(uploaded) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError):
        return
    finally:
        uploaded.seek(position)
    unpacked = sum(member.file_size for member in members)
    squeezed = any(
        member.file_size > WORKBOOK_RATIO_FROM_BYTES
        and member.file_size > WORKBOOK_MAX_RATIO * max(member.compress_size, 1)
        for member in members
    )
    if unpacked > WORKBOOK_MAX_UNPACKED_BYTES or squeezed:
        raise ValidationError(
            _(
                "“%(name)s” would unpack to %(size)s, far more than an Excel sheet "
                "of items holds: save the sheet again from Excel or WPS, "
                "or start from the template."
            ),
            code="unpacked_too_large",
            params={"name": uploaded.name, "size": filesizeformat(unpacked)},
        )


def validate_upload(uploaded, allowed: dict | None = None, max_bytes: int | None = None) -> str:
    """Raise ValidationError unless the file's content is of an allowed type and
    within the size limit; return the detected content type."""
    allowed = ALLOWED_CONTENT_TYPES if allowed is None else allowed
    max_bytes = settings.UPLOAD_MAX_BYTES if max_bytes is None else max_bytes
    if uploaded.size > max_bytes:
        raise ValidationError(
            _("“%(name)s” is %(size)s; files may be at most %(limit)s."),
            code="too_large",
            params={
                "name": uploaded.name,
                "size": filesizeformat(uploaded.size),
                "limit": filesizeformat(max_bytes),
            },
        )
    if uploaded.size == 0:
        raise ValidationError(
            _("“%(name)s” is empty."), code="empty", params={"name": uploaded.name}
        )
    content_type = sniff_content_type(uploaded)
    # Office files are zip containers; libmagic may only say "zip" for some writers, so
    # look inside: a workbook has its parts list and workbook part, any other zip does not.
    if (
        content_type == "application/zip"
        and any(excel in allowed for excel in EXCEL_CONTENT_TYPES)
        and _is_workbook(uploaded)
    ):
        content_type = next(iter(EXCEL_CONTENT_TYPES))
    if content_type not in allowed:
        raise ValidationError(
            _("“%(name)s” is not an accepted file: accepted are %(kinds)s."),
            code="content_type",
            params={"name": uploaded.name, "kinds": "、".join(str(v) for v in allowed.values())},
        )
    if content_type in EXCEL_CONTENT_TYPES:
        check_workbook_archive(uploaded)
    return content_type
