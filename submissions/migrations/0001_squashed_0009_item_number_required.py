"""submissions 0001_initial to 0009_item_number_required, squashed for new databases: `migrate`
on an empty database runs this migration instead of the 9 it replaces, which stay for
databases that have applied some of them.

From `manage.py squashmigrations submissions 0009`, then with each model's later fields,
indexes and constraints moved up next to its CreateModel (operations on different models
commute) and optimised again: one CreateModel a model. Django re-renders the models related
to each operation's own, which made `migrate` on an empty database slow. Left out: the fills
of 0003 (search_bigrams), 0004 (journal), 0006 (report totals) and 0008 (item numbers),
which only rewrite existing rows (elidable). The search indexes of 0002 and 0003 (PostgreSQL
only) are built at the end, concurrently: the migration is not atomic, as those were not."""

import django.core.validators
import django.db.models.deletion
import simple_history.models
from decimal import Decimal
from django.conf import settings
from django.db import migrations, models

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

    replaces = [
        ("submissions", "0001_initial"),
        ("submissions", "0002_search_indexes"),
        ("submissions", "0003_search_bigrams"),
        ("submissions", "0004_report_events_to_journal"),
        ("submissions", "0005_delete_reportevent"),
        ("submissions", "0006_report_totals"),
        ("submissions", "0007_item_number"),
        ("submissions", "0008_number_items"),
        ("submissions", "0009_item_number_required"),
    ]

    initial = True

    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("portal", "0001_initial"),
        ("portal", "0005_journal"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="ScoringYear",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("year", models.PositiveSmallIntegerField(unique=True, verbose_name="year")),
                (
                    "lead_story_multiplier",
                    models.DecimalField(
                        decimal_places=2,
                        default=Decimal("1.5"),
                        max_digits=4,
                        verbose_name="multiplier for front-page or lead stories",
                    ),
                ),
                (
                    "endorsement_bonus",
                    models.DecimalField(
                        decimal_places=2,
                        default=Decimal("2"),
                        max_digits=6,
                        verbose_name="bonus for a leader's written endorsement",
                    ),
                ),
            ],
            options={
                "verbose_name": "scoring rules",
                "verbose_name_plural": "scoring rules",
                "ordering": ["-year"],
            },
        ),
        migrations.CreateModel(
            name="HistoricalDeadlineExtension",
            fields=[
                (
                    "id",
                    models.BigIntegerField(
                        auto_created=True, blank=True, db_index=True, verbose_name="ID"
                    ),
                ),
                ("year", models.PositiveSmallIntegerField(verbose_name="year")),
                (
                    "quarter",
                    models.PositiveSmallIntegerField(
                        validators=[
                            django.core.validators.MinValueValidator(1),
                            django.core.validators.MaxValueValidator(4),
                        ],
                        verbose_name="quarter",
                    ),
                ),
                ("due_date", models.DateField(verbose_name="new deadline")),
                ("reason", models.CharField(max_length=300, verbose_name="reason")),
                (
                    "granted_at",
                    models.DateTimeField(blank=True, editable=False, verbose_name="granted at"),
                ),
                ("history_id", models.AutoField(primary_key=True, serialize=False)),
                ("history_date", models.DateTimeField(db_index=True)),
                ("history_change_reason", models.TextField(null=True)),
                (
                    "history_type",
                    models.CharField(
                        choices=[("+", "Created"), ("~", "Changed"), ("-", "Deleted")], max_length=1
                    ),
                ),
                (
                    "granted_by",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="granted by",
                    ),
                ),
                (
                    "history_user",
                    models.ForeignKey(
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "unit",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        help_text="Leave empty to extend the deadline for every unit.",
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="portal.unit",
                        verbose_name="unit",
                    ),
                ),
            ],
            options={
                "verbose_name": "historical deadline extension",
                "verbose_name_plural": "historical deadline extensions",
                "ordering": ("-history_date", "-history_id"),
                "get_latest_by": ("history_date", "history_id"),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name="HistoricalReport",
            fields=[
                (
                    "id",
                    models.BigIntegerField(
                        auto_created=True, blank=True, db_index=True, verbose_name="ID"
                    ),
                ),
                ("year", models.PositiveSmallIntegerField(verbose_name="year")),
                (
                    "quarter",
                    models.PositiveSmallIntegerField(
                        validators=[
                            django.core.validators.MinValueValidator(1),
                            django.core.validators.MaxValueValidator(4),
                        ],
                        verbose_name="quarter",
                    ),
                ),
                (
                    "status",
                    models.CharField(
                        choices=[
                            ("draft", "Draft"),
                            ("awaiting_signoff", "Awaiting sign-off"),
                            ("submitted", "Submitted"),
                            ("returned", "Returned"),
                            ("adopted", "Adopted"),
                        ],
                        default="draft",
                        max_length=20,
                        verbose_name="status",
                    ),
                ),
                (
                    "nothing_to_report",
                    models.BooleanField(
                        default=False, verbose_name="nothing to report this quarter"
                    ),
                ),
                (
                    "nothing_reason",
                    models.CharField(
                        blank=True, max_length=500, verbose_name="why there is nothing to report"
                    ),
                ),
                ("due_date", models.DateField(verbose_name="deadline")),
                (
                    "submitted_at",
                    models.DateTimeField(blank=True, null=True, verbose_name="submitted at"),
                ),
                ("is_late", models.BooleanField(default=False, verbose_name="late")),
                (
                    "holder_since",
                    models.DateTimeField(blank=True, null=True, verbose_name="waiting since"),
                ),
                ("last_comment", models.TextField(blank=True, verbose_name="latest comment")),
                (
                    "created_at",
                    models.DateTimeField(blank=True, editable=False, verbose_name="created at"),
                ),
                ("version", models.PositiveIntegerField(default=1)),
                ("history_id", models.AutoField(primary_key=True, serialize=False)),
                ("history_date", models.DateTimeField(db_index=True)),
                ("history_change_reason", models.TextField(null=True)),
                (
                    "history_type",
                    models.CharField(
                        choices=[("+", "Created"), ("~", "Changed"), ("-", "Deleted")], max_length=1
                    ),
                ),
                (
                    "created_by",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="created by",
                    ),
                ),
                (
                    "history_user",
                    models.ForeignKey(
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "unit",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="portal.unit",
                        verbose_name="unit",
                    ),
                ),
            ],
            options={
                "verbose_name": "historical quarterly report",
                "verbose_name_plural": "historical quarterly reports",
                "ordering": ("-history_date", "-history_id"),
                "get_latest_by": ("history_date", "history_id"),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name="HistoricalScoringYear",
            fields=[
                (
                    "id",
                    models.BigIntegerField(
                        auto_created=True, blank=True, db_index=True, verbose_name="ID"
                    ),
                ),
                ("year", models.PositiveSmallIntegerField(db_index=True, verbose_name="year")),
                (
                    "lead_story_multiplier",
                    models.DecimalField(
                        decimal_places=2,
                        default=Decimal("1.5"),
                        max_digits=4,
                        verbose_name="multiplier for front-page or lead stories",
                    ),
                ),
                (
                    "endorsement_bonus",
                    models.DecimalField(
                        decimal_places=2,
                        default=Decimal("2"),
                        max_digits=6,
                        verbose_name="bonus for a leader's written endorsement",
                    ),
                ),
                ("history_id", models.AutoField(primary_key=True, serialize=False)),
                ("history_date", models.DateTimeField(db_index=True)),
                ("history_change_reason", models.TextField(null=True)),
                (
                    "history_type",
                    models.CharField(
                        choices=[("+", "Created"), ("~", "Changed"), ("-", "Deleted")], max_length=1
                    ),
                ),
                (
                    "history_user",
                    models.ForeignKey(
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
            ],
            options={
                "verbose_name": "historical scoring rules",
                "verbose_name_plural": "historical scoring rules",
                "ordering": ("-history_date", "-history_id"),
                "get_latest_by": ("history_date", "history_id"),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name="Report",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("year", models.PositiveSmallIntegerField(verbose_name="year")),
                (
                    "quarter",
                    models.PositiveSmallIntegerField(
                        validators=[
                            django.core.validators.MinValueValidator(1),
                            django.core.validators.MaxValueValidator(4),
                        ],
                        verbose_name="quarter",
                    ),
                ),
                (
                    "status",
                    models.CharField(
                        choices=[
                            ("draft", "Draft"),
                            ("awaiting_signoff", "Awaiting sign-off"),
                            ("submitted", "Submitted"),
                            ("returned", "Returned"),
                            ("adopted", "Adopted"),
                        ],
                        default="draft",
                        max_length=20,
                        verbose_name="status",
                    ),
                ),
                (
                    "nothing_to_report",
                    models.BooleanField(
                        default=False, verbose_name="nothing to report this quarter"
                    ),
                ),
                (
                    "nothing_reason",
                    models.CharField(
                        blank=True, max_length=500, verbose_name="why there is nothing to report"
                    ),
                ),
                ("due_date", models.DateField(verbose_name="deadline")),
                (
                    "submitted_at",
                    models.DateTimeField(blank=True, null=True, verbose_name="submitted at"),
                ),
                ("is_late", models.BooleanField(default=False, verbose_name="late")),
                (
                    "holder_since",
                    models.DateTimeField(blank=True, null=True, verbose_name="waiting since"),
                ),
                ("last_comment", models.TextField(blank=True, verbose_name="latest comment")),
                ("created_at", models.DateTimeField(auto_now_add=True, verbose_name="created at")),
                ("version", models.PositiveIntegerField(default=1)),
                (
                    "created_by",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="created by",
                    ),
                ),
                (
                    "unit",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="reports",
                        to="portal.unit",
                        verbose_name="unit",
                    ),
                ),
                (
                    "last_item_number",
                    models.PositiveIntegerField(db_default=0, default=0, editable=False),
                ),
            ],
            options={
                "verbose_name": "quarterly report",
                "verbose_name_plural": "quarterly reports",
                "ordering": ["-year", "-quarter", "unit__name"],
                "indexes": [
                    models.Index(fields=["year", "quarter", "status"], name="report_quarter_status")
                ],
                "constraints": [
                    models.UniqueConstraint(
                        fields=("unit", "year", "quarter"), name="one_report_per_unit_quarter"
                    ),
                    models.CheckConstraint(
                        condition=models.Q(("quarter__gte", 1), ("quarter__lte", 4)),
                        name="report_quarter_1_4",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(
                            (
                                "status__in",
                                ["draft", "awaiting_signoff", "submitted", "returned", "adopted"],
                            )
                        ),
                        name="report_status_valid",
                    ),
                ],
            },
        ),
        migrations.CreateModel(
            name="HistoricalItem",
            fields=[
                (
                    "id",
                    models.BigIntegerField(
                        auto_created=True, blank=True, db_index=True, verbose_name="ID"
                    ),
                ),
                ("title", models.CharField(max_length=200, verbose_name="title")),
                ("outlet", models.CharField(max_length=100, verbose_name="outlet")),
                (
                    "media_level",
                    models.CharField(
                        choices=[
                            ("central", "Central / national media"),
                            ("provincial", "Provincial media"),
                            ("municipal", "Municipal media"),
                            ("county", "County media"),
                            ("industry", "Industry media"),
                            ("office", "Poverty-alleviation office media"),
                        ],
                        max_length=20,
                        verbose_name="media level",
                    ),
                ),
                (
                    "media_type",
                    models.CharField(
                        choices=[
                            ("newspaper", "Newspaper"),
                            ("tv", "Television"),
                            ("radio", "Radio"),
                            ("online", "Online"),
                            ("new_media", "New media (WeChat, Weibo)"),
                            ("display", "Plaque, billboard or display board"),
                        ],
                        max_length=20,
                        verbose_name="media type",
                    ),
                ),
                ("published_on", models.DateField(verbose_name="publication date")),
                ("link", models.URLField(blank=True, max_length=500, verbose_name="link")),
                (
                    "page",
                    models.CharField(blank=True, max_length=50, verbose_name="page or programme"),
                ),
                (
                    "author_names",
                    models.CharField(blank=True, max_length=200, verbose_name="other authors"),
                ),
                (
                    "category",
                    models.CharField(
                        choices=[
                            ("policy", "Policies and measures"),
                            (
                                "results",
                                "Results of special, industry and social poverty alleviation",
                            ),
                            ("cadres", "Advanced deeds of village-stationed cadres"),
                            ("style", "The system's work style and image"),
                            ("relocation", "Relocation (易地搬迁)"),
                            ("industry", "Industry (产业扶贫)"),
                            ("village", "Whole-village advancement (整村推进)"),
                            ("training", "Capability and skills training (能力建设)"),
                            ("safety_net", "Social-assistance safety net (兜底保障)"),
                            ("pairing", "Village and household pairing (结对帮扶)"),
                            ("other", "Other"),
                        ],
                        max_length=20,
                        verbose_name="content category",
                    ),
                ),
                (
                    "campaign_tag",
                    models.CharField(blank=True, max_length=100, verbose_name="campaign"),
                ),
                (
                    "is_lead_story",
                    models.BooleanField(default=False, verbose_name="front page or lead story"),
                ),
                (
                    "leader_endorsed",
                    models.BooleanField(
                        default=False, verbose_name="endorsed by a leader in writing"
                    ),
                ),
                ("notes", models.TextField(blank=True, verbose_name="notes")),
                (
                    "review_result",
                    models.CharField(
                        choices=[
                            ("pending", "Not reviewed"),
                            ("adopted", "Adopted"),
                            ("rejected", "Not adopted"),
                        ],
                        default="pending",
                        max_length=10,
                        verbose_name="review result",
                    ),
                ),
                (
                    "rejection_reason",
                    models.CharField(blank=True, max_length=300, verbose_name="reason not adopted"),
                ),
                (
                    "points",
                    models.DecimalField(
                        decimal_places=2, default=Decimal("0"), max_digits=7, verbose_name="points"
                    ),
                ),
                (
                    "points_override",
                    models.DecimalField(
                        blank=True,
                        decimal_places=2,
                        max_digits=7,
                        null=True,
                        verbose_name="points set by reviewer",
                    ),
                ),
                (
                    "override_reason",
                    models.CharField(
                        blank=True, max_length=300, verbose_name="reason for the points set"
                    ),
                ),
                (
                    "reviewed_at",
                    models.DateTimeField(blank=True, null=True, verbose_name="reviewed at"),
                ),
                (
                    "created_at",
                    models.DateTimeField(blank=True, editable=False, verbose_name="created at"),
                ),
                ("version", models.PositiveIntegerField(default=1)),
                ("history_id", models.AutoField(primary_key=True, serialize=False)),
                ("history_date", models.DateTimeField(db_index=True)),
                ("history_change_reason", models.TextField(null=True)),
                (
                    "history_type",
                    models.CharField(
                        choices=[("+", "Created"), ("~", "Changed"), ("-", "Deleted")], max_length=1
                    ),
                ),
                (
                    "history_user",
                    models.ForeignKey(
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "reviewed_by",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="reviewed by",
                    ),
                ),
                (
                    "report",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="submissions.report",
                        verbose_name="report",
                    ),
                ),
                ("number", models.PositiveIntegerField(editable=False, verbose_name="item number")),
            ],
            options={
                "verbose_name": "historical publicity item",
                "verbose_name_plural": "historical publicity items",
                "ordering": ("-history_date", "-history_id"),
                "get_latest_by": ("history_date", "history_id"),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name="Item",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("title", models.CharField(max_length=200, verbose_name="title")),
                ("outlet", models.CharField(max_length=100, verbose_name="outlet")),
                (
                    "media_level",
                    models.CharField(
                        choices=[
                            ("central", "Central / national media"),
                            ("provincial", "Provincial media"),
                            ("municipal", "Municipal media"),
                            ("county", "County media"),
                            ("industry", "Industry media"),
                            ("office", "Poverty-alleviation office media"),
                        ],
                        max_length=20,
                        verbose_name="media level",
                    ),
                ),
                (
                    "media_type",
                    models.CharField(
                        choices=[
                            ("newspaper", "Newspaper"),
                            ("tv", "Television"),
                            ("radio", "Radio"),
                            ("online", "Online"),
                            ("new_media", "New media (WeChat, Weibo)"),
                            ("display", "Plaque, billboard or display board"),
                        ],
                        max_length=20,
                        verbose_name="media type",
                    ),
                ),
                ("published_on", models.DateField(verbose_name="publication date")),
                ("link", models.URLField(blank=True, max_length=500, verbose_name="link")),
                (
                    "page",
                    models.CharField(blank=True, max_length=50, verbose_name="page or programme"),
                ),
                (
                    "author_names",
                    models.CharField(blank=True, max_length=200, verbose_name="other authors"),
                ),
                (
                    "category",
                    models.CharField(
                        choices=[
                            ("policy", "Policies and measures"),
                            (
                                "results",
                                "Results of special, industry and social poverty alleviation",
                            ),
                            ("cadres", "Advanced deeds of village-stationed cadres"),
                            ("style", "The system's work style and image"),
                            ("relocation", "Relocation (易地搬迁)"),
                            ("industry", "Industry (产业扶贫)"),
                            ("village", "Whole-village advancement (整村推进)"),
                            ("training", "Capability and skills training (能力建设)"),
                            ("safety_net", "Social-assistance safety net (兜底保障)"),
                            ("pairing", "Village and household pairing (结对帮扶)"),
                            ("other", "Other"),
                        ],
                        max_length=20,
                        verbose_name="content category",
                    ),
                ),
                (
                    "campaign_tag",
                    models.CharField(blank=True, max_length=100, verbose_name="campaign"),
                ),
                (
                    "is_lead_story",
                    models.BooleanField(default=False, verbose_name="front page or lead story"),
                ),
                (
                    "leader_endorsed",
                    models.BooleanField(
                        default=False, verbose_name="endorsed by a leader in writing"
                    ),
                ),
                ("notes", models.TextField(blank=True, verbose_name="notes")),
                (
                    "review_result",
                    models.CharField(
                        choices=[
                            ("pending", "Not reviewed"),
                            ("adopted", "Adopted"),
                            ("rejected", "Not adopted"),
                        ],
                        default="pending",
                        max_length=10,
                        verbose_name="review result",
                    ),
                ),
                (
                    "rejection_reason",
                    models.CharField(blank=True, max_length=300, verbose_name="reason not adopted"),
                ),
                (
                    "points",
                    models.DecimalField(
                        decimal_places=2, default=Decimal("0"), max_digits=7, verbose_name="points"
                    ),
                ),
                (
                    "points_override",
                    models.DecimalField(
                        blank=True,
                        decimal_places=2,
                        max_digits=7,
                        null=True,
                        verbose_name="points set by reviewer",
                    ),
                ),
                (
                    "override_reason",
                    models.CharField(
                        blank=True, max_length=300, verbose_name="reason for the points set"
                    ),
                ),
                (
                    "reviewed_at",
                    models.DateTimeField(blank=True, null=True, verbose_name="reviewed at"),
                ),
                ("created_at", models.DateTimeField(auto_now_add=True, verbose_name="created at")),
                ("version", models.PositiveIntegerField(default=1)),
                (
                    "authors",
                    models.ManyToManyField(
                        blank=True,
                        related_name="items",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="authors",
                    ),
                ),
                (
                    "clippings",
                    models.ManyToManyField(
                        blank=True,
                        related_name="+",
                        to="portal.attachment",
                        verbose_name="clippings",
                    ),
                ),
                (
                    "reviewed_by",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="reviewed by",
                    ),
                ),
                (
                    "report",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="items",
                        to="submissions.report",
                        verbose_name="report",
                    ),
                ),
                ("search_bigrams", models.TextField(blank=True, default="", editable=False)),
                ("number", models.PositiveIntegerField(editable=False, verbose_name="item number")),
            ],
            options={
                "verbose_name": "publicity item",
                "verbose_name_plural": "publicity items",
                "ordering": ["published_on", "pk"],
                "indexes": [
                    models.Index(fields=["review_result", "published_on"], name="item_result_date"),
                    models.Index(fields=["published_on", "id"], name="item_published"),
                ],
                "constraints": [
                    models.CheckConstraint(
                        condition=models.Q(
                            ("review_result__in", ["pending", "adopted", "rejected"])
                        ),
                        name="item_review_result_valid",
                    ),
                    models.UniqueConstraint(
                        fields=("report", "number"), name="item_number_in_report"
                    ),
                ],
            },
        ),
        migrations.CreateModel(
            name="HistoricalItem_authors",
            fields=[
                (
                    "id",
                    models.BigIntegerField(
                        auto_created=True, blank=True, db_index=True, verbose_name="ID"
                    ),
                ),
                ("m2m_history_id", models.AutoField(primary_key=True, serialize=False)),
                (
                    "history",
                    models.ForeignKey(
                        db_constraint=False,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        to="submissions.historicalitem",
                    ),
                ),
                (
                    "user",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        db_tablespace="",
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "item",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        db_tablespace="",
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="submissions.item",
                    ),
                ),
            ],
            options={
                "verbose_name": "HistoricalItem_authors",
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name="ScoringRule",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "media_level",
                    models.CharField(
                        choices=[
                            ("central", "Central / national media"),
                            ("provincial", "Provincial media"),
                            ("municipal", "Municipal media"),
                            ("county", "County media"),
                            ("industry", "Industry media"),
                            ("office", "Poverty-alleviation office media"),
                        ],
                        max_length=20,
                        verbose_name="media level",
                    ),
                ),
                (
                    "media_type",
                    models.CharField(
                        choices=[
                            ("newspaper", "Newspaper"),
                            ("tv", "Television"),
                            ("radio", "Radio"),
                            ("online", "Online"),
                            ("new_media", "New media (WeChat, Weibo)"),
                            ("display", "Plaque, billboard or display board"),
                        ],
                        max_length=20,
                        verbose_name="media type",
                    ),
                ),
                (
                    "points",
                    models.DecimalField(decimal_places=2, max_digits=6, verbose_name="points"),
                ),
                (
                    "scoring_year",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="rules",
                        to="submissions.scoringyear",
                    ),
                ),
            ],
            options={
                "verbose_name": "points for a media level and type",
                "verbose_name_plural": "points per media level and type",
                "constraints": [
                    models.UniqueConstraint(
                        fields=("scoring_year", "media_level", "media_type"),
                        name="one_rule_per_medium",
                    )
                ],
            },
        ),
        migrations.CreateModel(
            name="HistoricalScoringRule",
            fields=[
                (
                    "id",
                    models.BigIntegerField(
                        auto_created=True, blank=True, db_index=True, verbose_name="ID"
                    ),
                ),
                (
                    "media_level",
                    models.CharField(
                        choices=[
                            ("central", "Central / national media"),
                            ("provincial", "Provincial media"),
                            ("municipal", "Municipal media"),
                            ("county", "County media"),
                            ("industry", "Industry media"),
                            ("office", "Poverty-alleviation office media"),
                        ],
                        max_length=20,
                        verbose_name="media level",
                    ),
                ),
                (
                    "media_type",
                    models.CharField(
                        choices=[
                            ("newspaper", "Newspaper"),
                            ("tv", "Television"),
                            ("radio", "Radio"),
                            ("online", "Online"),
                            ("new_media", "New media (WeChat, Weibo)"),
                            ("display", "Plaque, billboard or display board"),
                        ],
                        max_length=20,
                        verbose_name="media type",
                    ),
                ),
                (
                    "points",
                    models.DecimalField(decimal_places=2, max_digits=6, verbose_name="points"),
                ),
                ("history_id", models.AutoField(primary_key=True, serialize=False)),
                ("history_date", models.DateTimeField(db_index=True)),
                ("history_change_reason", models.TextField(null=True)),
                (
                    "history_type",
                    models.CharField(
                        choices=[("+", "Created"), ("~", "Changed"), ("-", "Deleted")], max_length=1
                    ),
                ),
                (
                    "history_user",
                    models.ForeignKey(
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "scoring_year",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="submissions.scoringyear",
                    ),
                ),
            ],
            options={
                "verbose_name": "historical points for a media level and type",
                "verbose_name_plural": "historical points per media level and type",
                "ordering": ("-history_date", "-history_id"),
                "get_latest_by": ("history_date", "history_id"),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name="Submission",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("number", models.PositiveSmallIntegerField()),
                ("submitted_at", models.DateTimeField()),
                ("snapshot", models.JSONField()),
                (
                    "report",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="submissions",
                        to="submissions.report",
                    ),
                ),
                (
                    "submitted_by",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
            ],
            options={
                "ordering": ["report", "number"],
                "constraints": [
                    models.UniqueConstraint(
                        fields=("report", "number"), name="submission_number_unique"
                    )
                ],
            },
        ),
        migrations.CreateModel(
            name="DeadlineExtension",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("year", models.PositiveSmallIntegerField(verbose_name="year")),
                (
                    "quarter",
                    models.PositiveSmallIntegerField(
                        validators=[
                            django.core.validators.MinValueValidator(1),
                            django.core.validators.MaxValueValidator(4),
                        ],
                        verbose_name="quarter",
                    ),
                ),
                ("due_date", models.DateField(verbose_name="new deadline")),
                ("reason", models.CharField(max_length=300, verbose_name="reason")),
                ("granted_at", models.DateTimeField(auto_now_add=True, verbose_name="granted at")),
                (
                    "granted_by",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="granted by",
                    ),
                ),
                (
                    "unit",
                    models.ForeignKey(
                        blank=True,
                        help_text="Leave empty to extend the deadline for every unit.",
                        null=True,
                        on_delete=django.db.models.deletion.CASCADE,
                        to="portal.unit",
                        verbose_name="unit",
                    ),
                ),
            ],
            options={
                "verbose_name": "deadline extension",
                "verbose_name_plural": "deadline extensions",
                "constraints": [
                    models.UniqueConstraint(
                        fields=("year", "quarter", "unit"), name="one_extension_per_unit_quarter"
                    ),
                    models.UniqueConstraint(
                        condition=models.Q(("unit", None)),
                        fields=("year", "quarter"),
                        name="one_general_extension_per_quarter",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(("quarter__gte", 1), ("quarter__lte", 4)),
                        name="extension_quarter_1_4",
                    ),
                ],
            },
        ),
        migrations.CreateModel(
            name="ReportTotals",
            fields=[
                (
                    "report",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        primary_key=True,
                        related_name="totals",
                        serialize=False,
                        to="submissions.report",
                    ),
                ),
                (
                    "points",
                    models.DecimalField(decimal_places=2, default=Decimal("0"), max_digits=12),
                ),
                ("adopted", models.PositiveIntegerField(default=0)),
                ("by_level", models.JSONField(default=dict)),
                ("by_type", models.JSONField(default=dict)),
            ],
        ),
        migrations.RunPython(
            code=create_indexes,
            reverse_code=drop_indexes,
        ),
        migrations.RunPython(
            code=create_gin_index,
            reverse_code=drop_gin_index,
        ),
    ]
