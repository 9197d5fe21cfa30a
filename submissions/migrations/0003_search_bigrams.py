"""The search's bigram index (see submissions/search_text.py) and a newest-first index.

`search_bigrams` holds the character pairs of each item's title, outlet and other
authors; existing items get theirs here. On PostgreSQL a GIN index on
to_tsvector('simple', search_bigrams) serves terms of two characters or more, which the
trigram indexes of 0002 cannot serve below three. On SQLite the search uses plain
icontains and the GIN index is not created. The GIN index is an expression, not a model
index, so `makemigrations --check` stays clean.

Not atomic: the column is added in a moment (PostgreSQL stores the default, it rewrites
nothing), each batch of the fill commits on its own, and both indexes are built
concurrently, so that pages keep reading and saving items throughout.
"""

from django.db import migrations, models

from portal.migration_operations import AddIndexConcurrently, create_index_sql
from submissions.search_text import SEARCHED_FIELDS, bigram_text

BATCH = 10_000


def fill_bigrams(apps, schema_editor):
    Item = apps.get_model("submissions", "Item")
    db = schema_editor.connection.alias
    items = Item.objects.using(db).order_by("pk").values_list("pk", *SEARCHED_FIELDS)
    last = 0
    while True:
        rows = list(items.filter(pk__gt=last)[:BATCH])
        if not rows:
            return
        last = rows[-1][0]
        ids = [row[0] for row in rows]
        texts = [bigram_text(*row[1:]) for row in rows]
        if schema_editor.connection.vendor == "postgresql":
            # One UPDATE per batch: bulk_update's CASE per row is slow at a million rows.
            schema_editor.execute(
                "UPDATE submissions_item AS i SET search_bigrams = v.bigrams "
                "FROM unnest(%s::bigint[], %s::text[]) AS v(id, bigrams) WHERE i.id = v.id",
                [ids, texts],
            )
        else:
            Item.objects.using(db).bulk_update(
                [Item(pk=pk, search_bigrams=text) for pk, text in zip(ids, texts, strict=True)],
                ["search_bigrams"],
                batch_size=500,
            )


def create_gin_index(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    # The expression must match the has_bigrams lookup, or the planner ignores it.
    create_index_sql(
        schema_editor,
        "item_search_bigrams",
        "submissions_item",
        "USING gin (to_tsvector('simple', search_bigrams))",
    )


def drop_gin_index(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("DROP INDEX IF EXISTS item_search_bigrams")


class Migration(migrations.Migration):
    atomic = False

    dependencies = [
        ("submissions", "0002_search_indexes"),
    ]

    operations = [
        migrations.AddField(
            model_name="item",
            name="search_bigrams",
            field=models.TextField(blank=True, default="", editable=False),
        ),
        AddIndexConcurrently(
            model_name="item",
            index=models.Index(fields=["published_on", "id"], name="item_published"),
        ),
        migrations.RunPython(fill_bigrams, migrations.RunPython.noop, elidable=True),
        migrations.RunPython(create_gin_index, drop_gin_index),
    ]
