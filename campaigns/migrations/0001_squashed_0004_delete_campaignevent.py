"""campaigns 0001_initial to 0004_delete_campaignevent, squashed for new databases: `migrate`
on an empty database runs this migration instead of the 4 it replaces, which stay for
databases that have applied some of them.

From `manage.py squashmigrations campaigns 0004`, then with each model's later fields,
indexes and constraints moved up next to its CreateModel (operations on different models
commute) and optimised again: one CreateModel a model. Django re-renders the models related
to each operation's own, which made `migrate` on an empty database slow. Left out:
0003_campaign_events_to_journal, which only copies existing rows (elidable)."""

import django.db.models.deletion
import simple_history.models
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    replaces = [
        ("campaigns", "0001_initial"),
        ("campaigns", "0002_activity_version"),
        ("campaigns", "0003_campaign_events_to_journal"),
        ("campaigns", "0004_delete_campaignevent"),
    ]

    initial = True

    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("portal", "0001_initial"),
        ("portal", "0005_journal"),
        ("submissions", "0003_search_bigrams"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="Campaign",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "kind",
                    models.CharField(
                        choices=[
                            ("annual_plan", "Annual publicity work plan"),
                            ("poverty_day", "Poverty Alleviation Day series"),
                            ("special", "Special theme"),
                        ],
                        max_length=20,
                        verbose_name="kind",
                    ),
                ),
                ("year", models.PositiveSmallIntegerField(verbose_name="year")),
                ("title", models.CharField(max_length=200, verbose_name="title")),
                ("theme", models.CharField(blank=True, max_length=300, verbose_name="theme")),
                ("guiding_text", models.TextField(blank=True, verbose_name="guiding principles")),
                (
                    "status",
                    models.CharField(
                        choices=[
                            ("draft", "Draft"),
                            ("published", "Published"),
                            ("closed", "Closed"),
                        ],
                        default="draft",
                        max_length=10,
                        verbose_name="status",
                    ),
                ),
                (
                    "summary_due",
                    models.DateField(
                        blank=True,
                        help_text="Leave empty if the campaign asks for no closing summary.",
                        null=True,
                        verbose_name="closing summary due",
                    ),
                ),
                ("created_at", models.DateTimeField(auto_now_add=True, verbose_name="created at")),
                (
                    "published_at",
                    models.DateTimeField(blank=True, null=True, verbose_name="published at"),
                ),
                ("version", models.PositiveIntegerField(default=1)),
                (
                    "copied_from",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to="campaigns.campaign",
                        verbose_name="copied from",
                    ),
                ),
                (
                    "created_by",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "owner_unit",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="owned_campaigns",
                        to="portal.unit",
                        verbose_name="organising unit",
                    ),
                ),
            ],
            options={
                "verbose_name": "campaign",
                "verbose_name_plural": "campaigns",
                "ordering": ["-year", "title"],
                "constraints": [
                    models.CheckConstraint(
                        condition=models.Q(("kind__in", ["annual_plan", "poverty_day", "special"])),
                        name="campaign_kind_valid",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(("status__in", ["draft", "published", "closed"])),
                        name="campaign_status_valid",
                    ),
                ],
            },
        ),
        migrations.CreateModel(
            name="HistoricalCampaign",
            fields=[
                (
                    "id",
                    models.BigIntegerField(
                        auto_created=True, blank=True, db_index=True, verbose_name="ID"
                    ),
                ),
                (
                    "kind",
                    models.CharField(
                        choices=[
                            ("annual_plan", "Annual publicity work plan"),
                            ("poverty_day", "Poverty Alleviation Day series"),
                            ("special", "Special theme"),
                        ],
                        max_length=20,
                        verbose_name="kind",
                    ),
                ),
                ("year", models.PositiveSmallIntegerField(verbose_name="year")),
                ("title", models.CharField(max_length=200, verbose_name="title")),
                ("theme", models.CharField(blank=True, max_length=300, verbose_name="theme")),
                ("guiding_text", models.TextField(blank=True, verbose_name="guiding principles")),
                (
                    "status",
                    models.CharField(
                        choices=[
                            ("draft", "Draft"),
                            ("published", "Published"),
                            ("closed", "Closed"),
                        ],
                        default="draft",
                        max_length=10,
                        verbose_name="status",
                    ),
                ),
                (
                    "summary_due",
                    models.DateField(
                        blank=True,
                        help_text="Leave empty if the campaign asks for no closing summary.",
                        null=True,
                        verbose_name="closing summary due",
                    ),
                ),
                (
                    "created_at",
                    models.DateTimeField(blank=True, editable=False, verbose_name="created at"),
                ),
                (
                    "published_at",
                    models.DateTimeField(blank=True, null=True, verbose_name="published at"),
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
                    "copied_from",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="campaigns.campaign",
                        verbose_name="copied from",
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
                    "owner_unit",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="portal.unit",
                        verbose_name="organising unit",
                    ),
                ),
            ],
            options={
                "verbose_name": "historical campaign",
                "verbose_name_plural": "historical campaigns",
                "ordering": ("-history_date", "-history_id"),
                "get_latest_by": ("history_date", "history_id"),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name="HistoricalPhase",
            fields=[
                (
                    "id",
                    models.BigIntegerField(
                        auto_created=True, blank=True, db_index=True, verbose_name="ID"
                    ),
                ),
                ("name", models.CharField(max_length=100, verbose_name="phase")),
                ("starts_on", models.DateField(verbose_name="from")),
                ("ends_on", models.DateField(verbose_name="to")),
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
                    "campaign",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="campaigns.campaign",
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
                "verbose_name": "historical phase",
                "verbose_name_plural": "historical phases",
                "ordering": ("-history_date", "-history_id"),
                "get_latest_by": ("history_date", "history_id"),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name="Phase",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("name", models.CharField(max_length=100, verbose_name="phase")),
                ("starts_on", models.DateField(verbose_name="from")),
                ("ends_on", models.DateField(verbose_name="to")),
                (
                    "campaign",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="phases",
                        to="campaigns.campaign",
                    ),
                ),
            ],
            options={
                "verbose_name": "phase",
                "verbose_name_plural": "phases",
                "ordering": ["starts_on", "pk"],
                "constraints": [
                    models.CheckConstraint(
                        condition=models.Q(("ends_on__gte", models.F("starts_on"))),
                        name="phase_ends_after_start",
                    )
                ],
            },
        ),
        migrations.CreateModel(
            name="Activity",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("order", models.PositiveSmallIntegerField(default=0, verbose_name="order")),
                ("title", models.CharField(max_length=200, verbose_name="title")),
                ("description", models.TextField(blank=True, verbose_name="description")),
                (
                    "expected_quantity",
                    models.DecimalField(
                        blank=True,
                        decimal_places=2,
                        help_text="Where the plan states a number, e.g. 3.",
                        max_digits=10,
                        null=True,
                        verbose_name="expected output per unit",
                    ),
                ),
                (
                    "expected_unit",
                    models.CharField(
                        blank=True,
                        help_text="What is counted, e.g. “manuscripts in municipal papers per quarter”.",
                        max_length=60,
                        verbose_name="unit of output",
                    ),
                ),
                ("plan_due", models.DateField(blank=True, null=True, verbose_name="plan due")),
                ("report_due", models.DateField(blank=True, null=True, verbose_name="report due")),
                (
                    "is_summary",
                    models.BooleanField(
                        default=False, editable=False, verbose_name="closing summary"
                    ),
                ),
                (
                    "lead_unit",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="led_activities",
                        to="portal.unit",
                        verbose_name="lead unit",
                    ),
                ),
                (
                    "responsible_units",
                    models.ManyToManyField(
                        blank=True,
                        related_name="+",
                        to="portal.unit",
                        verbose_name="responsible units",
                    ),
                ),
                (
                    "campaign",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="activities",
                        to="campaigns.campaign",
                    ),
                ),
                (
                    "phase",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="activities",
                        to="campaigns.phase",
                        verbose_name="phase",
                    ),
                ),
                ("version", models.PositiveIntegerField(default=1, editable=False)),
            ],
            options={
                "verbose_name": "activity",
                "verbose_name_plural": "activities",
                "ordering": ["campaign", "is_summary", "order", "pk"],
            },
        ),
        migrations.CreateModel(
            name="Assignment",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "state",
                    models.CharField(
                        choices=[
                            ("assigned", "Assigned"),
                            ("in_progress", "In progress"),
                            ("done", "Done, awaiting acceptance"),
                            ("returned", "Sent back"),
                            ("accepted", "Accepted"),
                        ],
                        default="assigned",
                        max_length=12,
                        verbose_name="state",
                    ),
                ),
                ("last_comment", models.TextField(blank=True, verbose_name="latest comment")),
                (
                    "done_at",
                    models.DateTimeField(blank=True, null=True, verbose_name="marked done at"),
                ),
                (
                    "accepted_at",
                    models.DateTimeField(blank=True, null=True, verbose_name="accepted at"),
                ),
                ("version", models.PositiveIntegerField(default=1)),
                (
                    "accepted_by",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="accepted by",
                    ),
                ),
                (
                    "activity",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="assignments",
                        to="campaigns.activity",
                    ),
                ),
                (
                    "unit",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="assignments",
                        to="portal.unit",
                        verbose_name="unit",
                    ),
                ),
            ],
            options={
                "verbose_name": "assignment",
                "verbose_name_plural": "assignments",
                "ordering": ["activity", "unit__region__path", "unit__name"],
                "indexes": [models.Index(fields=["unit", "state"], name="assignment_unit_state")],
                "constraints": [
                    models.UniqueConstraint(
                        fields=("activity", "unit"), name="one_assignment_per_unit"
                    ),
                    models.CheckConstraint(
                        condition=models.Q(
                            (
                                "state__in",
                                ["assigned", "in_progress", "done", "returned", "accepted"],
                            )
                        ),
                        name="assignment_state_valid",
                    ),
                ],
            },
        ),
        migrations.CreateModel(
            name="HistoricalActivity",
            fields=[
                (
                    "id",
                    models.BigIntegerField(
                        auto_created=True, blank=True, db_index=True, verbose_name="ID"
                    ),
                ),
                ("order", models.PositiveSmallIntegerField(default=0, verbose_name="order")),
                ("title", models.CharField(max_length=200, verbose_name="title")),
                ("description", models.TextField(blank=True, verbose_name="description")),
                (
                    "expected_quantity",
                    models.DecimalField(
                        blank=True,
                        decimal_places=2,
                        help_text="Where the plan states a number, e.g. 3.",
                        max_digits=10,
                        null=True,
                        verbose_name="expected output per unit",
                    ),
                ),
                (
                    "expected_unit",
                    models.CharField(
                        blank=True,
                        help_text="What is counted, e.g. “manuscripts in municipal papers per quarter”.",
                        max_length=60,
                        verbose_name="unit of output",
                    ),
                ),
                ("plan_due", models.DateField(blank=True, null=True, verbose_name="plan due")),
                ("report_due", models.DateField(blank=True, null=True, verbose_name="report due")),
                (
                    "is_summary",
                    models.BooleanField(
                        default=False, editable=False, verbose_name="closing summary"
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
                    "campaign",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="campaigns.campaign",
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
                    "lead_unit",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="portal.unit",
                        verbose_name="lead unit",
                    ),
                ),
                (
                    "phase",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="campaigns.phase",
                        verbose_name="phase",
                    ),
                ),
                ("version", models.PositiveIntegerField(default=1, editable=False)),
            ],
            options={
                "verbose_name": "historical activity",
                "verbose_name_plural": "historical activities",
                "ordering": ("-history_date", "-history_id"),
                "get_latest_by": ("history_date", "history_id"),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name="HistoricalActivity_responsible_units",
            fields=[
                (
                    "id",
                    models.BigIntegerField(
                        auto_created=True, blank=True, db_index=True, verbose_name="ID"
                    ),
                ),
                ("m2m_history_id", models.AutoField(primary_key=True, serialize=False)),
                (
                    "activity",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        db_tablespace="",
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="campaigns.activity",
                    ),
                ),
                (
                    "history",
                    models.ForeignKey(
                        db_constraint=False,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        to="campaigns.historicalactivity",
                    ),
                ),
                (
                    "unit",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        db_tablespace="",
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="portal.unit",
                    ),
                ),
            ],
            options={
                "verbose_name": "HistoricalActivity_responsible_units",
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name="HistoricalAssignment",
            fields=[
                (
                    "id",
                    models.BigIntegerField(
                        auto_created=True, blank=True, db_index=True, verbose_name="ID"
                    ),
                ),
                (
                    "state",
                    models.CharField(
                        choices=[
                            ("assigned", "Assigned"),
                            ("in_progress", "In progress"),
                            ("done", "Done, awaiting acceptance"),
                            ("returned", "Sent back"),
                            ("accepted", "Accepted"),
                        ],
                        default="assigned",
                        max_length=12,
                        verbose_name="state",
                    ),
                ),
                ("last_comment", models.TextField(blank=True, verbose_name="latest comment")),
                (
                    "done_at",
                    models.DateTimeField(blank=True, null=True, verbose_name="marked done at"),
                ),
                (
                    "accepted_at",
                    models.DateTimeField(blank=True, null=True, verbose_name="accepted at"),
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
                    "accepted_by",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="accepted by",
                    ),
                ),
                (
                    "activity",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="campaigns.activity",
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
                "verbose_name": "historical assignment",
                "verbose_name_plural": "historical assignments",
                "ordering": ("-history_date", "-history_id"),
                "get_latest_by": ("history_date", "history_id"),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name="Progress",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("text", models.TextField(verbose_name="what was done")),
                (
                    "quantity",
                    models.DecimalField(
                        blank=True,
                        decimal_places=2,
                        max_digits=10,
                        null=True,
                        verbose_name="output achieved",
                    ),
                ),
                (
                    "events_held",
                    models.PositiveIntegerField(blank=True, null=True, verbose_name="events held"),
                ),
                (
                    "people_reached",
                    models.PositiveIntegerField(
                        blank=True, null=True, verbose_name="people reached"
                    ),
                ),
                (
                    "funds_raised",
                    models.DecimalField(
                        blank=True,
                        decimal_places=2,
                        max_digits=14,
                        null=True,
                        verbose_name="funds raised (yuan)",
                    ),
                ),
                (
                    "items_published",
                    models.PositiveIntegerField(
                        blank=True, null=True, verbose_name="items published"
                    ),
                ),
                (
                    "links",
                    models.TextField(
                        blank=True, help_text="One address per line.", verbose_name="links"
                    ),
                ),
                ("created_at", models.DateTimeField(auto_now_add=True, verbose_name="filed at")),
                (
                    "assignment",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="progress",
                        to="campaigns.assignment",
                    ),
                ),
                (
                    "created_by",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "evidence",
                    models.ManyToManyField(
                        blank=True,
                        related_name="+",
                        to="portal.attachment",
                        verbose_name="evidence",
                    ),
                ),
                (
                    "items",
                    models.ManyToManyField(
                        blank=True,
                        related_name="+",
                        to="submissions.item",
                        verbose_name="publicity items",
                    ),
                ),
            ],
            options={
                "verbose_name": "progress report",
                "verbose_name_plural": "progress reports",
                "ordering": ["created_at", "pk"],
            },
        ),
    ]
