"""Stable item numbers, step 2 of 3: each report's items numbered 1, 2, 3 … in the order
the report listed them until now (publication date, then creation), and each report's
counter set to its highest number. The history rows of an item take its number; those
of items deleted before numbering existed take 0 (they never had one).

In batches, each its own transaction (the migration is not atomic): one UPDATE of a
million items would hold every item's row lock for about a minute, and every item save
on the pages would wait for it (bench/migration_locks.py)."""

from django.db import migrations, transaction

from portal.migration_operations import id_batches

REPORTS_PER_BATCH = 50  # about 10,000 items at 200 a report
HISTORY_PER_BATCH = 10_000

# SQLite 3.33+ and PostgreSQL both take UPDATE … FROM.
NUMBER_ITEMS = """
UPDATE submissions_item SET number = numbered.n
FROM (
    SELECT id, ROW_NUMBER() OVER (PARTITION BY report_id ORDER BY published_on, id) AS n
    FROM submissions_item WHERE report_id BETWEEN %s AND %s
) AS numbered
WHERE submissions_item.id = numbered.id
"""
SET_COUNTERS = """
UPDATE submissions_report SET last_item_number = COALESCE(
    (SELECT MAX(number) FROM submissions_item WHERE report_id = submissions_report.id), 0
)
WHERE id BETWEEN %s AND %s
"""
NUMBER_HISTORY = """
UPDATE submissions_historicalitem SET number = COALESCE(
    (SELECT number FROM submissions_item WHERE submissions_item.id = submissions_historicalitem.id),
    0
)
WHERE history_id BETWEEN %s AND %s
"""


def forward(apps, schema_editor):
    connection = schema_editor.connection
    with connection.cursor() as cursor:
        reports = list(id_batches(cursor, "submissions_report", REPORTS_PER_BATCH))
        for first, last in reports:
            with transaction.atomic(using=connection.alias):
                cursor.execute(NUMBER_ITEMS, [first, last])
                cursor.execute(SET_COUNTERS, [first, last])
        history = list(
            id_batches(cursor, "submissions_historicalitem", HISTORY_PER_BATCH, "history_id")
        )
        for first, last in history:
            with transaction.atomic(using=connection.alias):
                cursor.execute(NUMBER_HISTORY, [first, last])


def backward(apps, schema_editor):
    """Nothing to undo: 0007's reversal drops the columns."""


class Migration(migrations.Migration):
    atomic = False

    dependencies = [
        ("submissions", "0007_item_number"),
    ]

    operations = [migrations.RunPython(forward, backward, elidable=True)]
