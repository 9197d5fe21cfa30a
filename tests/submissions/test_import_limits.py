"""Hostile workbooks are refused beside the file field before they are unpacked or
parsed: a zip bomb, a sheet of too many cells, rows or columns, an overlong cell."""

import io
import re
import time
import zipfile

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from portal.uploads import WORKBOOK_MAX_UNPACKED_BYTES
from submissions.importing import reader
from tests.submissions.builders import draft_report
from tests.submissions.test_item_import import GOOD_ROWS, HEADERS, upload, xlsx


@pytest.fixture
def report(world):
    return draft_report(world, n_items=0)


def workbook_bytes(*rows, at=None) -> bytes:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(HEADERS)
    for row in rows:
        sheet.append(row)
    if at:
        sheet[at] = "x"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def rebuilt(data: bytes, *, extra: dict | None = None, change=None) -> bytes:
    """The workbook `data` with each XML part passed through `change` and `extra` parts
    added: name -> (size, byte) for a part of `size` repeated bytes, written in pieces."""
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(data)) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for info in source.infolist():
            content = source.read(info)
            if change and info.filename.endswith(".xml"):
                content = change(info.filename, content)
            target.writestr(info.filename, content)
        for name, (size, byte) in (extra or {}).items():
            with target.open(name, "w", force_zip64=True) as part:
                piece = byte * (1 << 20)
                for _ in range(size >> 20):
                    part.write(piece)
    return out.getvalue()


DIMENSION = re.compile(rb"<dimension [^>]*>")


def refused(client, report, data: bytes):
    started = time.monotonic()
    response = upload(client, report, SimpleUploadedFile("items.xlsx", data))
    assert time.monotonic() - started < 5
    assert response.status_code == 200
    assert response.context["form"].errors["file"]
    assert report.items.count() == 0
    return response


def test_a_zip_bomb_is_refused_from_its_directory(world, client_for, report):
    bomb = rebuilt(
        workbook_bytes(),
        extra={"xl/media/image1.png": (WORKBOOK_MAX_UNPACKED_BYTES + (1 << 20), b"\0")},
    )
    assert len(bomb) < 1 << 20
    response = refused(client_for(world.reporter), report, bomb)
    assert response.context["form"].has_error("file", "unpacked_too_large")
    assert "items.xlsx" in response.content.decode()


def test_a_part_that_compresses_like_a_bomb_is_refused(world, client_for, report):
    squeezed = rebuilt(workbook_bytes(), extra={"xl/sharedStrings2.xml": (4 << 20, b"a")})
    response = refused(client_for(world.reporter), report, squeezed)
    assert response.context["form"].has_error("file", "unpacked_too_large")


def test_too_many_columns_are_refused(world, client_for, report):
    refused(client_for(world.reporter), report, workbook_bytes(["x"] * 300))


def test_too_many_rows_are_refused(world, client_for, report):
    refused(client_for(world.reporter), report, workbook_bytes(at=f"A{reader.MAX_SHEET_ROWS + 1}"))


def test_a_wide_row_without_a_declared_size_is_refused(world, client_for, report):
    def undeclared(name, content):
        return DIMENSION.sub(b"", content)

    data = rebuilt(workbook_bytes(["x"] * 105), change=undeclared)
    assert b"<dimension" not in zipfile.ZipFile(io.BytesIO(data)).read("xl/worksheets/sheet1.xml")
    refused(client_for(world.reporter), report, data)


def test_a_sheet_of_too_many_cells_is_refused_before_it_is_parsed(world, client_for, report):
    # Varied values, so that it compresses like a real sheet and passes the zip's checks.
    cells = b"".join(b"<c><v>%d</v></c>" % (n * 7919) for n in range(reader.MAX_SHEET_CELLS))

    def widened(name, content):
        if name != "xl/worksheets/sheet1.xml":
            return content
        row = b'</row><row r="2">' + cells + b"</row></sheetData>"
        return DIMENSION.sub(b"", content).replace(b"</row></sheetData>", row)

    data = rebuilt(workbook_bytes(), change=widened)
    response = refused(client_for(world.reporter), report, data)
    assert str(reader.MAX_SHEET_CELLS) in " ".join(response.context["form"].errors["file"])


def test_an_overlong_cell_is_refused(world, client_for, report):
    # Written into the XML: openpyxl itself cuts a cell at Excel's limit when it saves.
    def lengthened(name, content):
        return content.replace(b"LONG", ("标" * (reader.MAX_CELL_CHARS + 1)).encode())

    data = rebuilt(workbook_bytes(["LONG"]), change=lengthened)
    refused(client_for(world.reporter), report, data)


def test_a_good_sheet_still_reaches_the_preview(world, client_for, report):
    response = upload(client_for(world.reporter), report, xlsx(*GOOD_ROWS))
    assert response.status_code == 302
