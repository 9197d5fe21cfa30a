"""Back up the database and the uploaded files together, consistently: the database first in
one snapshot, then MEDIA_ROOT. Every file is written before the row that names it commits,
and removed only after its row's deletion commits, so each file a row of the snapshot names
is on disk when it is copied; files that appear later are harmless extras. portal/backups.py
explains this in full; README "Backups" says how to run it and restore."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import DEFAULT_DB_ALIAS

from portal.backups import BackupError, backup_create


class Command(BaseCommand):
    help = (
        "Write a backup of the database (PostgreSQL: pg_dump --format=custom; SQLite: its "
        "online backup API) and of MEDIA_ROOT, with a manifest of SHA-256 hashes, to a new "
        "directory or .tar file."
    )

    def add_arguments(self, parser):
        parser.add_argument("destination", help="A new directory, or a file name ending .tar.")
        parser.add_argument("--database", default=DEFAULT_DB_ALIAS)

    def handle(self, *args, destination, database, **options):
        try:
            result = backup_create(Path(destination), using=database)
        except BackupError as error:
            raise CommandError(str(error)) from error
        for name in result.missing:
            self.stderr.write(
                self.style.WARNING(f"{name}: deleted with its row while the backup ran.")
            )
        self.stdout.write(
            self.style.SUCCESS(
                f"Backup written to {result.path}: the database and {result.files} files "
                f"({result.media_bytes:,} bytes)."
            )
        )
