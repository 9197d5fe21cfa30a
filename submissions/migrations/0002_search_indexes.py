"""Trigram indexes for the item search (title, outlet, other authors), on PostgreSQL only.

Chinese has no spaces between words, so the search matches each term as a substring:
Django's icontains, which PostgreSQL runs as UPPER("title"::text) LIKE UPPER('%term%').
A B-tree index cannot serve a pattern with a leading wildcard; a pg_trgm GIN index on
the same expression can, for terms of three characters or more (the pattern then
yields trigrams to look up). A one- or two-character term yields no trigram, so
PostgreSQL falls back to scanning the items (bench/submissions_bench.py measures that
case). With a C.UTF-8 or zh_CN.UTF-8 database, pg_trgm keeps CJK characters in its
trigrams; under the plain "C" locale it would drop them and the indexes would not help.

On SQLite (development, tests) this migration does nothing: LIKE there scans anyway.
The indexes are expressions, not model fields, so they stay out of the model state and
`makemigrations --check` stays clean.

Built concurrently (the migration is not atomic): a plain CREATE INDEX would block every
item save for as long as it reads the whole table.
"""

from django.db import migrations

from portal.migration_operations import create_index_sql

INDEXES = {
    "item_title_trgm": "title",
    "item_outlet_trgm": "outlet",
    "item_author_names_trgm": "author_names",
}


def create_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    for name, column in INDEXES.items():
        # The expression must match what icontains generates, or the planner ignores it.
        create_index_sql(
            schema_editor,
            name,
            "submissions_item",
            f"USING gin (UPPER({column}::text) gin_trgm_ops)",
        )


def drop_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name in INDEXES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    atomic = False

    dependencies = [
        ("submissions", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(create_indexes, drop_indexes),
    ]
