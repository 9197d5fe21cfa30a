"""submissions 0008 numbers the items of reports that existed before item numbers, in
batches of reports, each its own transaction (bench/migration_locks.py measures why)."""

import datetime as dt
import importlib

import pytest
from django.db import connection

from submissions import services
from tests.migration_graph import originals_executor
from tests.submissions.builders import draft_report

NUMBERING = importlib.import_module("submissions.migrations.0008_number_items")


def numbers(report) -> list[tuple[str, int]]:
    """The report's items as 0008 left them: (title, number) in the order of the numbers."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT title, number FROM submissions_item WHERE report_id = %s ORDER BY number",
            [report.pk],
        )
        return cursor.fetchall()


@pytest.mark.django_db(transaction=True)
def test_items_are_numbered_by_publication_date_report_by_report(world, monkeypatch):
    first = draft_report(world, n_items=3, quarter=3)
    second = draft_report(world, n_items=2, quarter=2)
    items = list(first.items.order_by("pk"))
    # Published in the opposite order of their entry: the old lists showed them by date.
    for item, day in zip(items, (28, 14, 1), strict=True):
        item.published_on = dt.date(2026, 7, day)
        item.save(update_fields=["published_on"])
    gone = items[1]
    gone_pk = gone.pk
    services.item_delete(item=gone, user=world.reporter, version=gone.report.version)
    # One report a batch, history a row a batch: every boundary is crossed.
    monkeypatch.setattr(NUMBERING, "REPORTS_PER_BATCH", 1)
    monkeypatch.setattr(NUMBERING, "HISTORY_PER_BATCH", 1)
    try:
        originals_executor(connection).migrate([("submissions", "0007_item_number")])
        with connection.cursor() as cursor:
            cursor.execute("UPDATE submissions_item SET number = NULL")
            cursor.execute("UPDATE submissions_historicalitem SET number = NULL")
            cursor.execute("UPDATE submissions_report SET last_item_number = 0")
    finally:
        executor = originals_executor(connection)
        executor.migrate(executor.loader.graph.leaf_nodes())
    assert numbers(first) == [(items[2].title, 1), (items[0].title, 2)]
    assert [n for _title, n in numbers(second)] == [1, 2]
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT id, last_item_number FROM submissions_report WHERE id IN (%s, %s)",
            [first.pk, second.pk],
        )
        assert dict(cursor.fetchall()) == {first.pk: 2, second.pk: 2}
        cursor.execute(
            "SELECT DISTINCT number FROM submissions_historicalitem WHERE id = %s", [gone_pk]
        )
        assert cursor.fetchall() == [(0,)]
