"""Migrations may not lock the big tables for long (README "Upgrades").

submissions_item holds about a million rows in a province (bench/submissions_bench.py) and
submissions_report tens of thousands; the pages read them all day. While a migration holds
a lock on one that blocks reads or writes, those pages wait. Two rules, read from the
operations alone, so that they hold on SQLite too:

1. An index on either table is built with AddIndexConcurrently
   (django.contrib.postgres.operations, in a migration with atomic = False): a plain
   CREATE INDEX blocks every write for as long as it takes to read the whole table. The
   same goes for an added field that brings an index (db_index, unique, a foreign key) and
   for a unique constraint: add the index concurrently first, then the constraint on it.
2. A new NOT NULL column with a default is cheap on its own (PostgreSQL 11+ stores the
   default, it rewrites nothing), but a migration that also fills it (RunPython or RunSQL)
   holds the column's ACCESS EXCLUSIVE lock, which blocks reads too, until the whole
   backfill commits. Add the column nullable, fill it in batches in a migration of its
   own (or in a migration that is not atomic, where each operation commits on its own),
   then require it (as submissions 0007 to 0009 do).

bench/migration_locks.py measures the locks each migration really takes on a big database.
"""

from django.db import migrations, models
from django.db.migrations.loader import MigrationLoader

BIG_TABLES = {("submissions", "item"), ("submissions", "report")}

# Migrations that ran in production before these rules: they are history and are not
# changed; each was checked against a real database of its time.
ACCEPTED = {
    # The unique item number in its report: a unique index built under the table lock
    # (0.9 s at 960,000 items, bench/migration_locks.py).
    ("submissions", "0009_item_number_required"),
}


def _big(operation) -> bool:
    return ("submissions", operation.model_name_lower) in BIG_TABLES


def _field_has_index(field) -> bool:
    return bool(field.db_index or field.unique or field.primary_key)


def problems(app_label: str, migration) -> list[str]:
    """What the migration does to the big tables against the rules, one line each."""
    from django.contrib.postgres.operations import AddIndexConcurrently

    found = []
    if app_label != "submissions":
        return found
    operations = migration.operations
    created = {op.name_lower for op in operations if isinstance(op, migrations.CreateModel)}
    # In a migration that is not atomic, each operation commits on its own: the column's
    # lock is gone before the backfill starts.
    backfills = migration.atomic and any(
        isinstance(op, migrations.RunPython | migrations.RunSQL) for op in operations
    )
    for op in operations:
        if not hasattr(op, "model_name_lower") or not _big(op):
            continue
        if op.model_name_lower in created:
            continue  # a table made in the same migration is empty
        if isinstance(op, migrations.AddIndex) and not isinstance(op, AddIndexConcurrently):
            found.append(f"AddIndex {op.index.name} on {op.model_name}: use AddIndexConcurrently")
        elif isinstance(op, migrations.AddConstraint) and isinstance(
            op.constraint, models.UniqueConstraint
        ):
            found.append(
                f"AddConstraint {op.constraint.name} on {op.model_name} builds a unique index "
                "under the table lock: add the index concurrently first"
            )
        elif isinstance(op, migrations.AddField) and _field_has_index(op.field):
            found.append(f"AddField {op.name} on {op.model_name} builds an index")
        elif (
            isinstance(op, migrations.AddField)
            and not op.field.null
            and (op.field.has_default() or op.field.db_default is not models.NOT_PROVIDED)
            and backfills
        ):
            found.append(
                f"AddField {op.name} on {op.model_name}: NOT NULL with a default, in the same "
                "migration as a backfill"
            )
    return found


def test_no_migration_locks_the_big_tables_for_long():
    loader = MigrationLoader(None, ignore_no_migrations=True)
    found = {
        key: problems(key[0], migration)
        for key, migration in loader.disk_migrations.items()
        if key not in ACCEPTED
    }
    assert {key: lines for key, lines in found.items() if lines} == {}


def test_the_rules_catch_what_they_are_about():
    from django.contrib.postgres.operations import AddIndexConcurrently

    index = models.Index(fields=["title"], name="item_title")
    backfill = migrations.RunPython(migrations.RunPython.noop)

    def migration(*operations, atomic=True):
        made = migrations.Migration("0100_example", "submissions")
        made.operations, made.atomic = list(operations), atomic
        return problems("submissions", made)

    assert migration(migrations.AddIndex("item", index))
    assert not migration(AddIndexConcurrently("item", index), atomic=False)
    assert migration(
        migrations.AddField("report", "flag", models.BooleanField(default=False)), backfill
    )
    assert not migration(migrations.AddField("report", "flag", models.BooleanField(default=False)))
    assert not migration(migrations.AddField("item", "note", models.TextField(null=True)), backfill)
    assert not migration(
        migrations.AddField("report", "flag", models.BooleanField(default=False)),
        backfill,
        atomic=False,
    )
    assert migration(
        migrations.AddField("item", "code", models.CharField(max_length=9, db_index=True))
    )
    # Other tables are not the big ones.
    assert not migration(migrations.AddIndex("deadlineextension", index))
    # The accepted history is still what the rules would refuse, or it would not be listed.
    loader = MigrationLoader(None, ignore_no_migrations=True)
    for key in ACCEPTED:
        assert problems(key[0], loader.disk_migrations[key]), key
