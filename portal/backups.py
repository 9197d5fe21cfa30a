"""Backups of the database and the uploaded files together, and their restore
(`manage.py backup`, `manage.py restore`; README "Backups").

A backup is one directory (or the same as an uncompressed .tar) holding:

    manifest.json      when, the migrations applied, the SHA-256 and size of every file below
    database.dump      PostgreSQL: `pg_dump --format=custom` (restored with pg_restore)
    database.sqlite3   SQLite (development): a copy made with SQLite's online backup API
    media/...          every file under MEDIA_ROOT: uploads and stored PDFs

Consistency. Every row that names a file is written after its file: an upload is saved to
storage before its Attachment row is inserted (portal.services.attachment_create), a PDF
before its document row says it is ready (portal.documents.make); and a file is removed
only after the deletion of its row has committed (portal.files). So the database is read
first, in one snapshot, and the media folder copied after it:

- a file that a row of the snapshot names was on disk when the snapshot was taken, and is
  still there when it is copied unless its row was deleted in the meantime;
- a file that appears after the snapshot belongs to no row of it: a harmless extra, like
  the files of a form refused and never filed, which the nightly sweep deletes.

On PostgreSQL the snapshot is exported from a REPEATABLE READ transaction
(`pg_export_snapshot()`), and pg_dump (`--snapshot`) and the list of file names the rows
refer to both read that same snapshot. On SQLite the copy is one backup step, which holds
a read lock on the database while it runs, and the names are read from the copy.

The one race left is a row deleted (and its file removed) between the snapshot and the
copy of its file: the restored row would name a missing file. The backup lists such files
under "missing" in the manifest and warns; the nightly deletion of abandoned uploads runs
at 03:00, so schedule backups apart from it.
"""

import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.db import connections
from django.db.backends.postgresql.client import DatabaseClient
from django.utils import timezone

from portal.files import file_fields

FORMAT = 1
MANIFEST = "manifest.json"
MEDIA = "media"
PG_DUMP_FILE = "database.dump"
SQLITE_FILE = "database.sqlite3"
CHUNK = 1024 * 1024


class BackupError(Exception):
    """The backup or restore cannot go on; the message says why."""


@dataclass
class BackupResult:
    path: Path
    files: int
    media_bytes: int
    missing: list[str] = field(default_factory=list)


@dataclass
class RestoreResult:
    files: int
    migrations: int


# --- Files and hashes --------------------------------------------------------------------


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def _copy_hashing(source: Path, target: Path) -> tuple[str, int]:
    """Copy one file, hashing the bytes as they are written."""
    target.parent.mkdir(parents=True, exist_ok=True)
    digest, size = hashlib.sha256(), 0
    with source.open("rb") as reader, target.open("wb") as writer:
        while chunk := reader.read(CHUNK):
            digest.update(chunk)
            writer.write(chunk)
            size += len(chunk)
    shutil.copystat(source, target)
    return digest.hexdigest(), size


def _regular_files(root: Path):
    """Every regular file under root (symbolic links are not followed), sorted."""
    for folder, dirs, names in os.walk(root):
        dirs.sort()
        for name in sorted(names):
            path = Path(folder, name)
            if path.is_file() and not path.is_symlink():
                yield path


# --- The database ------------------------------------------------------------------------


def _pg_env(settings_dict: dict) -> dict:
    """The environment that points pg_dump and pg_restore at the database (the password
    in PGPASSWORD, never on the command line)."""
    _args, extra = DatabaseClient.settings_to_cmd_args_env(settings_dict, [])
    env = {**os.environ, **(extra or {})}
    for key, variable in (
        ("NAME", "PGDATABASE"),
        ("USER", "PGUSER"),
        ("HOST", "PGHOST"),
        ("PORT", "PGPORT"),
    ):
        if settings_dict.get(key):
            env[variable] = str(settings_dict[key])
    return env


def _pg_tool(name: str) -> str:
    # PG_BIN_DIR chooses the client tools when several PostgreSQL versions are installed:
    # pg_dump must be at least the server's version.
    folder = os.environ.get("PG_BIN_DIR")
    path = str(Path(folder, name)) if folder else shutil.which(name)
    if not path:
        raise BackupError(f"{name} not found: install the PostgreSQL client or set PG_BIN_DIR.")
    return path


def _run(command: list[str], env: dict) -> None:
    done = subprocess.run(command, env=env, capture_output=True, text=True, check=False)  # noqa: S603 (our own arguments)
    if done.returncode:
        raise BackupError(f"{Path(command[0]).name} failed: {done.stderr.strip()}")


def _referenced_names(cursor) -> set[str]:
    """The names of the files the rows refer to, read through `cursor` (a DB-API cursor
    inside the snapshot)."""
    names = set()
    for model, file_field in file_fields():
        table, column = model._meta.db_table, file_field.column
        cursor.execute(f'SELECT DISTINCT "{column}" FROM "{table}" WHERE "{column}" <> \'\'')  # noqa: S608 (names from the models)
        names.update(row[0] for row in cursor.fetchall())
    return names


def _applied_migrations(cursor) -> list[list[str]]:
    cursor.execute("SELECT app, name FROM django_migrations ORDER BY app, name")
    return [list(row) for row in cursor.fetchall()]


def _dump_postgresql(connection, target: Path) -> tuple[set[str], list]:
    """pg_dump of one exported snapshot, and the file names and migrations in it."""
    raw = connection.get_new_connection(connection.get_connection_params())
    try:
        raw.autocommit = True
        cursor = raw.cursor()
        cursor.execute("BEGIN ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        cursor.execute("SELECT pg_export_snapshot()")
        snapshot = cursor.fetchone()[0]
        names = _referenced_names(cursor)
        migrations = _applied_migrations(cursor)
        # The exporting transaction stays open until pg_dump has taken the snapshot over.
        _run(
            [
                _pg_tool("pg_dump"),
                "--format=custom",
                f"--snapshot={snapshot}",
                f"--file={target}",
            ],
            _pg_env(connection.settings_dict),
        )
        cursor.execute("COMMIT")
    finally:
        raw.close()
    return names, migrations


def _dump_sqlite(connection, target: Path) -> tuple[set[str], list]:
    connection.ensure_connection()
    with sqlite3.connect(target) as copy:
        # One step (pages=-1): the whole database under one read lock, a consistent copy.
        connection.connection.backup(copy)
        cursor = copy.cursor()
        names, migrations = _referenced_names(cursor), _applied_migrations(cursor)
    copy.close()
    return names, migrations


def _is_empty(connection) -> bool:
    with connection.cursor() as cursor:
        return not connection.introspection.table_names(cursor)


# --- Backup ------------------------------------------------------------------------------


def backup_create(destination: Path, *, using: str = "default") -> BackupResult:
    """Write a backup of the database `using` and of MEDIA_ROOT to `destination`, a new
    directory, or a .tar file when the name ends so. Reads only; the database first, in
    one snapshot, then the files (the module's docstring says why in this order)."""
    destination = Path(destination)
    if destination.exists():
        raise BackupError(f"{destination} exists already: name a new directory or .tar file.")
    connection = connections[using]
    if connection.vendor not in ("postgresql", "sqlite"):
        raise BackupError(f"No backup for the {connection.vendor} database backend.")
    as_tar = destination.suffix == ".tar"
    work = Path(tempfile.mkdtemp(dir=destination.parent, prefix=".backup-")) if as_tar else None
    folder = work or destination
    try:
        folder.mkdir(parents=True, exist_ok=True)
        started = timezone.now()
        if connection.vendor == "postgresql":
            database_file, method = PG_DUMP_FILE, "pg_dump --format=custom"
            names, migrations = _dump_postgresql(connection, folder / database_file)
        else:
            database_file, method = SQLITE_FILE, "sqlite3 online backup API"
            names, migrations = _dump_sqlite(connection, folder / database_file)

        files = {database_file: _file_entry(folder / database_file)}
        media_root = Path(settings.MEDIA_ROOT)
        media_bytes = 0
        for source in _regular_files(media_root) if media_root.is_dir() else ():
            relative = source.relative_to(media_root).as_posix()
            digest, size = _copy_hashing(source, folder / MEDIA / relative)
            files[f"{MEDIA}/{relative}"] = {"sha256": digest, "size": size}
            media_bytes += size
        missing = sorted(name for name in names if f"{MEDIA}/{name}" not in files)

        manifest = {
            "format": FORMAT,
            "created_at": started.isoformat(),
            "finished_at": timezone.now().isoformat(),
            "database": {"vendor": connection.vendor, "file": database_file, "method": method},
            "migrations": migrations,
            "files": files,
            # Files named by rows of the snapshot but deleted before they were copied.
            "missing": missing,
        }
        (folder / MANIFEST).write_text(
            json.dumps(manifest, ensure_ascii=False, indent=1, sort_keys=True), encoding="utf-8"
        )
        if as_tar:
            partial = destination.with_name(destination.name + ".partial")
            with tarfile.open(partial, "w") as archive:
                for path in sorted(folder.iterdir()):
                    archive.add(path, arcname=path.name)
            partial.rename(destination)
    except BaseException:
        if not as_tar:
            shutil.rmtree(destination, ignore_errors=True)
        raise
    finally:
        if work is not None:
            shutil.rmtree(work, ignore_errors=True)
    return BackupResult(
        path=destination, files=len(files) - 1, media_bytes=media_bytes, missing=missing
    )


def _file_entry(path: Path) -> dict:
    return {"sha256": sha256_of(path), "size": path.stat().st_size}


# --- Restore -----------------------------------------------------------------------------


@contextmanager
def _opened(source: Path):
    """The backup's directory: `source` itself, or a .tar unpacked into a temporary one."""
    if source.is_dir():
        yield source
        return
    if not tarfile.is_tarfile(source):
        raise BackupError(f"{source} is neither a backup directory nor a .tar file.")
    with tempfile.TemporaryDirectory(dir=source.parent, prefix=".restore-") as folder:
        with tarfile.open(source) as archive:
            # "data": no absolute paths, no links out of the folder, no device files.
            archive.extractall(folder, filter="data")
        yield Path(folder)


def read_manifest(folder: Path) -> dict:
    try:
        manifest = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise BackupError(f"No readable {MANIFEST} in the backup: {error}") from error
    if manifest.get("format") != FORMAT:
        raise BackupError(f"Unknown backup format {manifest.get('format')!r}.")
    return manifest


def verify_folder(folder: Path, manifest: dict) -> None:
    """Raise BackupError unless every file the manifest lists is in `folder` with its hash."""
    bad = []
    for relative, entry in manifest["files"].items():
        path = folder / relative
        if not path.is_file():
            bad.append(f"{relative}: missing")
        elif sha256_of(path) != entry["sha256"]:
            bad.append(f"{relative}: SHA-256 differs")
    if bad:
        raise BackupError("The backup is damaged: " + "; ".join(bad[:20]))


def _restore_postgresql(connection, dump: Path, *, force: bool) -> None:
    if force:
        # Everything the database held goes, so that it holds the backup and nothing else
        # (tables of a newer release would otherwise stay beside an older django_migrations).
        with connection.cursor() as cursor:
            cursor.execute("DROP SCHEMA public CASCADE")
            cursor.execute("CREATE SCHEMA public")
    connection.close()
    _run(
        [
            _pg_tool("pg_restore"),
            # Objects belong to whoever restores; grants named roles that may not exist here.
            "--no-owner",
            "--no-privileges",
            "--exit-on-error",
            # All or nothing: a failed restore leaves the database as empty as it was.
            "--single-transaction",
            f"--dbname={connection.settings_dict['NAME']}",
            str(dump),
        ],
        _pg_env(connection.settings_dict),
    )


def _restore_sqlite(connection, copy: Path) -> None:
    connection.ensure_connection()
    with sqlite3.connect(copy) as source:
        source.backup(connection.connection)
    source.close()


def backup_restore(source: Path, *, force: bool = False, using: str = "default") -> RestoreResult:
    """Restore the backup at `source` into the database `using` and MEDIA_ROOT, then check
    that the files on disk have the manifest's hashes and the database its migrations.

    Refuses, before changing anything, a damaged backup, a database that has tables, and a
    MEDIA_ROOT that holds files, unless `force`: then the database's schema is emptied
    first, and files of the backup replace those of the same name (other files stay; no row
    of the restored database names them)."""
    source = Path(source)
    connection = connections[using]
    with _opened(source) as folder:
        manifest = read_manifest(folder)
        vendor = manifest["database"]["vendor"]
        if vendor != connection.vendor:
            raise BackupError(f"A {vendor} backup cannot go into a {connection.vendor} database.")
        verify_folder(folder, manifest)
        media_root = Path(settings.MEDIA_ROOT)
        if not force:
            if not _is_empty(connection):
                raise BackupError(
                    "The database has tables already: restore into a new, empty database, "
                    "or give --force to replace everything in it."
                )
            if media_root.is_dir() and next(_regular_files(media_root), None):
                raise BackupError(
                    f"MEDIA_ROOT ({media_root}) holds files already: restore into an empty "
                    "folder, or give --force to write the backup's files over it."
                )

        database_file = folder / manifest["database"]["file"]
        if vendor == "postgresql":
            _restore_postgresql(connection, database_file, force=force)
        else:
            _restore_sqlite(connection, database_file)

        media = {
            relative.removeprefix(f"{MEDIA}/"): entry
            for relative, entry in manifest["files"].items()
            if relative.startswith(f"{MEDIA}/")
        }
        for relative in media:
            _copy_hashing(folder / MEDIA / relative, media_root / relative)

    # What is on disk and in the database now, against the manifest.
    wrong = [
        relative
        for relative, entry in media.items()
        if not (media_root / relative).is_file()
        or sha256_of(media_root / relative) != entry["sha256"]
    ]
    if wrong:
        raise BackupError("Restored files differ from the backup: " + ", ".join(wrong[:20]))
    with connection.cursor() as cursor:
        migrations = _applied_migrations(cursor)
    if migrations != manifest["migrations"]:
        raise BackupError("The restored database's migrations differ from the manifest's.")
    return RestoreResult(files=len(media), migrations=len(migrations))
