"""Restore a backup made by `manage.py backup` into an empty database and MEDIA_ROOT, then
check every file's SHA-256 and the migrations against the backup's manifest
(portal/backups.py; README "Backups")."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import DEFAULT_DB_ALIAS

from portal.backups import BackupError, backup_restore


class Command(BaseCommand):
    help = (
        "Restore a backup (a directory or .tar made by `backup`) into an empty database "
        "and MEDIA_ROOT, and verify it."
    )
    # The database is empty before the restore: nothing for the system checks to look at.
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument("source", help="The backup's directory or .tar file.")
        parser.add_argument(
            "--force",
            action="store_true",
            help="Restore over a database that has tables (everything in it is dropped "
            "first) and a MEDIA_ROOT that holds files (same-named files are replaced).",
        )
        parser.add_argument("--database", default=DEFAULT_DB_ALIAS)

    def handle(self, *args, source, force, database, **options):
        try:
            result = backup_restore(Path(source), force=force, using=database)
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            self.style.SUCCESS(
                f"Restored and verified: the database ({result.migrations} migrations "
                f"applied) and {result.files} files. If this release is newer than the "
                "backup, run `manage.py migrate` next."
            )
        )
