"""`manage.py backup` and `manage.py restore` (portal/backups.py): a demo portal with an
uploaded clipping and a stored PDF, backed up, restored into a new empty database and an
empty media folder by a separate process, reads the same figures, documents and files.

Runs on both backends: on PostgreSQL through pg_dump and pg_restore into a database created
for the test (and dropped after it), on SQLite through its online backup API into a new file.
Transactional: pg_dump reads only what is committed."""

import hashlib
import io
import json
import os
import subprocess
import sys
import uuid
from decimal import Decimal
from io import StringIO
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.db.models import Sum
from PIL import Image

from portal import documents, journal_chain
from portal.documents import RenderedDocument
from portal.models import Attachment, JournalEntry, Unit, User
from portal.services import attachment_create
from submissions.models import Item, Report, ReportTotals
from summaries.models import DocumentKind, IssuedDocument
from tests.conftest import PASSWORD


def figures() -> dict:
    """What the restored portal must show as the original did: run in both databases (here,
    and in the restoring process through `manage.py shell`)."""
    document_models = [model for model in apps.get_models() if issubclass(model, RenderedDocument)]
    return {
        "units": Unit.objects.count(),
        "users": User.objects.count(),
        "reports": Report.objects.count(),
        "items": Item.objects.count(),
        "journal": JournalEntry.objects.count(),
        "journal_intact": journal_chain.verify().ok,
        "attachments": sorted(
            (str(a.pk), a.file.name, a.size) for a in Attachment.objects.order_by("pk")
        ),
        "clippings": sorted(
            (item.pk, str(attachment.pk))
            for item in Item.objects.filter(clippings__isnull=False).distinct()
            for attachment in item.clippings.all()
        ),
        "item_points": str(Item.objects.aggregate(s=Sum("points"))["s"] or Decimal(0)),
        "report_totals": str(ReportTotals.objects.aggregate(s=Sum("points"))["s"] or 0),
        "documents": sorted(
            (model._meta.label, d.snapshot_hash, d.status, d.file.name)
            for model in document_models
            for d in model.objects.all()
        ),
    }


def media_hashes(root: Path) -> dict[str, str]:
    return {
        path.relative_to(root).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(root.rglob("*"))
        if path.is_file()
    }


def png() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (12, 8), (200, 30, 30)).save(buffer, "PNG")
    return buffer.getvalue()


@pytest.fixture
def media(settings, tmp_path):
    # A media folder of the test's own: the backup copies all of MEDIA_ROOT.
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def portal(transactional_db, media, monkeypatch):
    """The demo data, committed, with one uploaded clipping on an item and one stored PDF."""
    call_command("seed_demo", password=PASSWORD, stdout=StringIO())
    item = Item.objects.select_related("report__unit").order_by("pk").first()
    reporter = User.objects.get(username="county_reporter")
    clipping = attachment_create(
        unit=item.report.unit,
        uploaded=SimpleUploadedFile("剪报.png", png()),
        uploaded_by=reporter,
    )
    item.clippings.add(clipping)
    # The PDF is stored as portal.documents.make stores every document; its rendering
    # (WeasyPrint, a second or two) is not what is tested here.
    monkeypatch.setattr(IssuedDocument, "render", lambda self: b"%PDF-1.7 backup test")
    monkeypatch.setattr(IssuedDocument, "when_ready", lambda self: None)
    document, _ = documents.request(
        IssuedDocument,
        snapshot={"title": "备份测试", "items": Item.objects.count()},
        make_later=False,
        title="备份测试",
        kind=DocumentKind.YEAR_END,
        year=2026,
        issue_date="2026-12-04",
    )
    documents.make(IssuedDocument, document.pk)


@pytest.fixture
def empty_database(tmp_path):
    """A DATABASE_URL naming a new, empty database of the same backend, dropped after."""
    if connection.vendor == "sqlite":
        yield f"sqlite:///{tmp_path / 'restored.sqlite3'}"
        return
    name = f"portal_restore_{uuid.uuid4().hex[:10]}"
    details = connection.settings_dict
    with connection.cursor() as cursor:
        cursor.execute(f'CREATE DATABASE "{name}"')
    try:
        password = f":{details['PASSWORD']}" if details.get("PASSWORD") else ""
        yield (
            f"postgres://{details['USER']}{password}@{details['HOST'] or '127.0.0.1'}"
            f":{details['PORT'] or 5432}/{name}"
        )
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def manage(*arguments, database_url: str, media_root: Path) -> str:
    """Run manage.py in a process of its own, on production settings pointed at the
    restored database and media folder."""
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("PYTEST", "DJANGO_", "REDIS_URL", "DATABASE_URL"))
    }
    env.update(
        DJANGO_SETTINGS_MODULE="portal.settings",
        DATABASE_URL=database_url,
        MEDIA_ROOT=str(media_root),
        DB_CONN_MAX_AGE="0",
    )
    done = subprocess.run(  # noqa: S603
        [sys.executable, "manage.py", *arguments],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_a_backup_restored_into_an_empty_database_shows_the_same_portal(
    portal, media, empty_database, tmp_path
):
    before, files_before = figures(), media_hashes(media)
    assert before["reports"] and before["items"] and before["journal"]
    assert len(before["clippings"]) == 1
    assert [d[2] for d in before["documents"]] == ["done"]
    stored = {name for _pk, name, _size in before["attachments"]} | {
        d[3] for d in before["documents"]
    }
    assert stored <= set(files_before)  # the clipping, the demo's photos and the PDF

    archive = tmp_path / "backup.tar"
    call_command("backup", str(archive), stdout=StringIO())

    restored_media = tmp_path / "restored-media"
    out = manage("restore", str(archive), database_url=empty_database, media_root=restored_media)
    assert "Restored and verified" in out
    after = manage(
        "shell",
        "-c",
        "import json; from tests.portal.test_backup_restore import figures; "
        "print(json.dumps(figures()))",
        database_url=empty_database,
        media_root=restored_media,
    )
    assert json.loads(after.strip().splitlines()[-1]) == json.loads(json.dumps(before))
    assert media_hashes(restored_media) == files_before


def test_the_manifest_holds_migrations_and_hashes(portal, media, tmp_path):
    call_command("backup", str(tmp_path / "backup"), stdout=StringIO())

    manifest = json.loads((tmp_path / "backup" / "manifest.json").read_text())
    assert manifest["database"]["vendor"] == connection.vendor
    assert ["submissions", "0001_initial"] in manifest["migrations"]
    assert manifest["missing"] == []
    hashes = {
        name.removeprefix("media/"): entry["sha256"]
        for name, entry in manifest["files"].items()
        if name.startswith("media/")
    }
    assert hashes == media_hashes(media)


def test_restore_refuses_a_database_with_tables_and_a_damaged_backup(portal, tmp_path):
    call_command("backup", str(tmp_path / "backup"), stdout=StringIO())

    # The test database has every table: restoring over it needs --force.
    with pytest.raises(CommandError, match="has tables already"):
        call_command("restore", str(tmp_path / "backup"), stdout=StringIO())

    damaged = next(path for path in (tmp_path / "backup" / "media").rglob("*") if path.is_file())
    damaged.write_bytes(b"not what was backed up")
    with pytest.raises(CommandError, match="damaged"):
        call_command("restore", str(tmp_path / "backup"), "--force", stdout=StringIO())


def test_backup_refuses_an_existing_destination(transactional_db, media, tmp_path):
    with pytest.raises(CommandError, match="exists already"):
        call_command("backup", str(tmp_path), stdout=StringIO())
