"""Stable item numbers, step 2 of 3: each report's items numbered 1, 2, 3 … in the order
the report listed them until now (publication date, then creation), and each report's
counter set to its highest number. The history rows of an item take its number; those
of items deleted before numbering existed take 0 (they never had one)."""

from django.db import migrations

# One statement per table (SQLite 3.33+ and PostgreSQL both take UPDATE … FROM).
NUMBER_ITEMS = """
UPDATE submissions_item SET number = numbered.n
FROM (
    SELECT id, ROW_NUMBER() OVER (PARTITION BY report_id ORDER BY published_on, id) AS n
    FROM submissions_item
) AS numbered
WHERE submissions_item.id = numbered.id
"""
SET_COUNTERS = """
UPDATE submissions_report SET last_item_number = COALESCE(
    (SELECT MAX(number) FROM submissions_item WHERE report_id = submissions_report.id), 0
)
"""
NUMBER_HISTORY = """
UPDATE submissions_historicalitem SET number = COALESCE(
    (SELECT number FROM submissions_item WHERE submissions_item.id = submissions_historicalitem.id),
    0
)
"""


def forward(apps, schema_editor):
    with schema_editor.connection.cursor() as cursor:
        for statement in (NUMBER_ITEMS, SET_COUNTERS, NUMBER_HISTORY):
            cursor.execute(statement)


def backward(apps, schema_editor):
    """Nothing to undo: 0007's reversal drops the columns."""


class Migration(migrations.Migration):
    dependencies = [
        ("submissions", "0007_item_number"),
    ]

    operations = [migrations.RunPython(forward, backward)]
