"""Migration operations that keep the big tables readable and writable while they run.

PostgreSQL builds an index without blocking writes only with CREATE INDEX CONCURRENTLY,
which may not run inside a transaction (the migration says `atomic = False`). Django's
AddIndexConcurrently is PostgreSQL's alone; the portal's migrations also run on SQLite
(development, the test suite), where a plain CREATE INDEX is all there is and the tables
are small.
"""

from django.contrib.postgres.operations import AddIndexConcurrently as PostgresConcurrently
from django.db import migrations

BATCH = 10_000


class AddIndexConcurrently(PostgresConcurrently):
    """CREATE INDEX CONCURRENTLY on PostgreSQL, CREATE INDEX elsewhere."""

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            super().database_forwards(app_label, schema_editor, from_state, to_state)
        else:
            migrations.AddIndex.database_forwards(
                self, app_label, schema_editor, from_state, to_state
            )

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            super().database_backwards(app_label, schema_editor, from_state, to_state)
        else:
            migrations.AddIndex.database_backwards(
                self, app_label, schema_editor, from_state, to_state
            )


def create_index_sql(schema_editor, name: str, table: str, using: str) -> None:
    """An expression index (`using`: what follows the table, e.g. "USING gin (...)"),
    built concurrently on PostgreSQL: the migration must not be atomic."""
    schema_editor.execute(f"CREATE INDEX CONCURRENTLY IF NOT EXISTS {name} ON {table} {using}")


def id_batches(cursor, table: str, size: int = BATCH, column: str = "id"):
    """(first, last) ranges of `column` covering about `size` rows of `table` each, in
    order, read once up front so that each batch can be its own short transaction. The
    names are the calling migration's own constants, never input."""
    starts_sql = (
        f"SELECT {column} FROM (SELECT {column}, ROW_NUMBER() OVER (ORDER BY {column}) AS n "  # noqa: S608
        f"FROM {table}) AS t WHERE (n - 1) %% %s = 0 ORDER BY {column}"
    )
    cursor.execute(starts_sql, [size])
    starts = [row[0] for row in cursor.fetchall()]
    cursor.execute(f"SELECT MAX({column}) FROM {table}")  # noqa: S608
    top = cursor.fetchone()[0]
    for i, start in enumerate(starts):
        yield start, (starts[i + 1] - 1 if i + 1 < len(starts) else top)
