"""awards 0001_initial to 0004_award_documents, squashed for new databases: `migrate` on an
empty database runs this migration instead of the 4 it replaces, which stay for databases
that have applied some of them.

From `manage.py squashmigrations awards 0004`, then with each model's later fields, indexes
and constraints moved up next to its CreateModel (operations on different models commute)
and optimised again: one CreateModel a model. Django re-renders the models related to each
operation's own, which made `migrate` on an empty database slow. Left out:
0002_award_events_to_journal, which only copies existing rows (elidable)."""

import django.core.validators
import django.db.models.deletion
import portal.documents
import uuid
from decimal import Decimal
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    replaces = [
        ("awards", "0001_initial"),
        ("awards", "0002_award_events_to_journal"),
        ("awards", "0003_delete_awardevent"),
        ("awards", "0004_award_documents"),
    ]

    initial = True

    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("portal", "0002_historicaluser_email_reminders_user_email_reminders"),
        ("portal", "0005_journal"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="Programme",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("year", models.PositiveSmallIntegerField(verbose_name="year")),
                ("title", models.CharField(max_length=200, verbose_name="title")),
                (
                    "basis_document",
                    models.CharField(
                        blank=True,
                        help_text="宜宣明电〔2018〕20号",
                        max_length=100,
                        verbose_name="document it rests on",
                    ),
                ),
                (
                    "kind",
                    models.CharField(
                        choices=[
                            ("commendation", "Commendation of collectives and individuals"),
                            ("contest", "Works contest"),
                        ],
                        max_length=20,
                        verbose_name="kind",
                    ),
                ),
                (
                    "status",
                    models.CharField(
                        choices=[
                            ("open", "Nominating and judging"),
                            ("notice", "Public notice"),
                            ("final", "Final"),
                        ],
                        default="open",
                        max_length=10,
                        verbose_name="status",
                    ),
                ),
                ("nomination_opens", models.DateField(verbose_name="nominations open")),
                ("nomination_closes", models.DateField(verbose_name="nominations close")),
                (
                    "notice_working_days",
                    models.PositiveSmallIntegerField(
                        default=5,
                        validators=[
                            django.core.validators.MinValueValidator(1),
                            django.core.validators.MaxValueValidator(30),
                        ],
                        verbose_name="public notice (working days)",
                    ),
                ),
                (
                    "anonymous_judging",
                    models.BooleanField(
                        default=False, verbose_name="judge works without the author's name"
                    ),
                ),
                (
                    "drop_extremes",
                    models.BooleanField(
                        default=False,
                        help_text="Only when at least three judges scored a nomination.",
                        verbose_name="drop the highest and lowest score",
                    ),
                ),
                (
                    "notice_starts",
                    models.DateField(blank=True, null=True, verbose_name="notice starts"),
                ),
                (
                    "notice_ends",
                    models.DateField(blank=True, null=True, verbose_name="notice ends"),
                ),
                (
                    "finalised_at",
                    models.DateTimeField(blank=True, null=True, verbose_name="made final at"),
                ),
                (
                    "circular_number",
                    models.CharField(blank=True, max_length=100, verbose_name="circular number"),
                ),
                ("created_at", models.DateTimeField(auto_now_add=True)),
                ("version", models.PositiveIntegerField(default=1)),
                (
                    "created_by",
                    models.ForeignKey(
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "organiser",
                    models.ForeignKey(
                        help_text="The office that runs the programme; its administrators manage it.",
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="award_programmes",
                        to="portal.unit",
                        verbose_name="organiser",
                    ),
                ),
            ],
            options={
                "verbose_name": "award programme",
                "verbose_name_plural": "award programmes",
                "ordering": ["-year", "title"],
                "constraints": [
                    models.CheckConstraint(
                        condition=models.Q(
                            ("nomination_closes__gte", models.F("nomination_opens"))
                        ),
                        name="programme_window_ordered",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(("status__in", ["open", "notice", "final"])),
                        name="programme_status_valid",
                    ),
                ],
            },
        ),
        migrations.CreateModel(
            name="Category",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("name", models.CharField(max_length=100, verbose_name="name")),
                (
                    "takes",
                    models.CharField(
                        choices=[
                            ("unit", "A unit"),
                            ("county", "A county"),
                            ("person", "A person"),
                            ("work", "A work with its author"),
                        ],
                        max_length=10,
                        verbose_name="takes",
                    ),
                ),
                ("position", models.PositiveSmallIntegerField(default=0, verbose_name="order")),
                (
                    "programme",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="categories",
                        to="awards.programme",
                    ),
                ),
            ],
            options={
                "verbose_name": "category",
                "verbose_name_plural": "categories",
                "ordering": ["programme", "position", "pk"],
                "constraints": [
                    models.UniqueConstraint(
                        fields=("programme", "name"), name="category_name_unique_in_programme"
                    )
                ],
            },
        ),
        migrations.CreateModel(
            name="Nominator",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "limit",
                    models.PositiveSmallIntegerField(
                        validators=[django.core.validators.MinValueValidator(1)],
                        verbose_name="limit",
                    ),
                ),
                (
                    "unit",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        to="portal.unit",
                        verbose_name="unit",
                    ),
                ),
                (
                    "programme",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="nominators",
                        to="awards.programme",
                    ),
                ),
            ],
            options={
                "verbose_name": "nominating unit",
                "verbose_name_plural": "nominating units",
                "ordering": ["programme", "unit__region__path", "unit__name"],
                "constraints": [
                    models.UniqueConstraint(fields=("programme", "unit"), name="nominator_unique")
                ],
            },
        ),
        migrations.CreateModel(
            name="Judge",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "categories",
                    models.ManyToManyField(
                        blank=True, to="awards.category", verbose_name="categories"
                    ),
                ),
                (
                    "user",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="judge",
                    ),
                ),
                (
                    "programme",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="judges",
                        to="awards.programme",
                    ),
                ),
            ],
            options={
                "verbose_name": "judge",
                "verbose_name_plural": "judges",
                "constraints": [
                    models.UniqueConstraint(fields=("programme", "user"), name="judge_unique")
                ],
            },
        ),
        migrations.CreateModel(
            name="Criterion",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("name", models.CharField(max_length=100, verbose_name="criterion")),
                (
                    "weight",
                    models.DecimalField(
                        decimal_places=2,
                        help_text="Scores are out of 100 for each criterion; weights are relative.",
                        max_digits=5,
                        validators=[django.core.validators.MinValueValidator(Decimal("0.01"))],
                        verbose_name="weight",
                    ),
                ),
                ("position", models.PositiveSmallIntegerField(default=0, verbose_name="order")),
                (
                    "programme",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="criteria",
                        to="awards.programme",
                    ),
                ),
            ],
            options={
                "verbose_name": "judging criterion",
                "verbose_name_plural": "judging criteria",
                "ordering": ["programme", "position", "pk"],
            },
        ),
        migrations.CreateModel(
            name="Tier",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("name", models.CharField(max_length=50, verbose_name="name")),
                (
                    "quota",
                    models.PositiveSmallIntegerField(
                        validators=[django.core.validators.MinValueValidator(1)],
                        verbose_name="quota",
                    ),
                ),
                ("position", models.PositiveSmallIntegerField(default=0, verbose_name="order")),
                (
                    "category",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="tiers",
                        to="awards.category",
                    ),
                ),
            ],
            options={
                "verbose_name": "tier",
                "verbose_name_plural": "tiers",
                "ordering": ["category", "position", "pk"],
                "constraints": [
                    models.UniqueConstraint(fields=("category", "name"), name="tier_name_unique"),
                    models.CheckConstraint(
                        condition=models.Q(("quota__gte", 1)), name="tier_quota_positive"
                    ),
                ],
            },
        ),
        migrations.CreateModel(
            name="Nomination",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "status",
                    models.CharField(
                        choices=[
                            ("awaiting_signoff", "Awaiting sign-off"),
                            ("submitted", "Submitted"),
                            ("qualified", "Qualified"),
                            ("rejected", "Not qualified"),
                        ],
                        default="awaiting_signoff",
                        max_length=20,
                        verbose_name="status",
                    ),
                ),
                ("nominee_name", models.CharField(max_length=150, verbose_name="nominee")),
                (
                    "work_title",
                    models.CharField(blank=True, max_length=200, verbose_name="title of the work"),
                ),
                ("work_text", models.TextField(blank=True, verbose_name="the work")),
                ("deeds", models.TextField(blank=True, verbose_name="deeds (事迹材料)")),
                (
                    "figures",
                    models.JSONField(blank=True, default=dict, verbose_name="assessment figures"),
                ),
                ("reject_reason", models.TextField(blank=True, verbose_name="reason")),
                ("created_at", models.DateTimeField(auto_now_add=True)),
                ("signed_off_at", models.DateTimeField(blank=True, null=True)),
                ("version", models.PositiveIntegerField(default=1)),
                (
                    "attachments",
                    models.ManyToManyField(blank=True, related_name="+", to="portal.attachment"),
                ),
                (
                    "category",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        to="awards.category",
                        verbose_name="category",
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
                    "nominee_region",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="portal.region",
                        verbose_name="county",
                    ),
                ),
                (
                    "nominee_unit",
                    models.ForeignKey(
                        blank=True,
                        help_text="The unit nominated, or the unit the person or author belongs to.",
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="award_nominee_of",
                        to="portal.unit",
                        verbose_name="nominee's unit",
                    ),
                ),
                (
                    "nominee_user",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "signed_off_by",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "unit",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="award_nominations",
                        to="portal.unit",
                        verbose_name="nominating unit",
                    ),
                ),
                (
                    "programme",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="nominations",
                        to="awards.programme",
                    ),
                ),
                (
                    "tier",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="winners",
                        to="awards.tier",
                        verbose_name="tier",
                    ),
                ),
            ],
            options={
                "verbose_name": "nomination",
                "verbose_name_plural": "nominations",
                "ordering": ["programme", "category", "pk"],
                "indexes": [
                    models.Index(fields=["programme", "unit"], name="nomination_prog_unit")
                ],
                "constraints": [
                    models.CheckConstraint(
                        condition=models.Q(
                            (
                                "status__in",
                                ["awaiting_signoff", "submitted", "qualified", "rejected"],
                            )
                        ),
                        name="nomination_status_valid",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(
                            ("tier", None), ("status", "qualified"), _connector="OR"
                        ),
                        name="only_qualified_nominations_win",
                    ),
                ],
            },
        ),
        migrations.CreateModel(
            name="Certificate",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "serial",
                    models.CharField(max_length=40, unique=True, verbose_name="serial number"),
                ),
                ("token", models.UUIDField(default=uuid.uuid4, editable=False, unique=True)),
                ("issued_at", models.DateTimeField(auto_now_add=True)),
                (
                    "nomination",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="certificate",
                        to="awards.nomination",
                    ),
                ),
            ],
            options={
                "verbose_name": "certificate",
                "verbose_name_plural": "certificates",
                "ordering": ["serial"],
            },
        ),
        migrations.CreateModel(
            name="Objection",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("text", models.TextField(max_length=2000, verbose_name="objection")),
                ("contact", models.CharField(max_length=100, verbose_name="contact")),
                ("lodged_at", models.DateTimeField(auto_now_add=True)),
                ("settlement", models.TextField(blank=True, verbose_name="how it was settled")),
                ("settled_at", models.DateTimeField(blank=True, null=True)),
                (
                    "nomination",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="objections",
                        to="awards.nomination",
                        verbose_name="about",
                    ),
                ),
                (
                    "settled_by",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "programme",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="objections",
                        to="awards.programme",
                    ),
                ),
            ],
            options={
                "verbose_name": "objection",
                "verbose_name_plural": "objections",
                "ordering": ["lodged_at"],
            },
        ),
        migrations.CreateModel(
            name="Score",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "value",
                    models.DecimalField(
                        decimal_places=2,
                        max_digits=5,
                        validators=[
                            django.core.validators.MinValueValidator(0),
                            django.core.validators.MaxValueValidator(100),
                        ],
                    ),
                ),
                ("at", models.DateTimeField(auto_now=True)),
                (
                    "criterion",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE, to="awards.criterion"
                    ),
                ),
                (
                    "judge",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "nomination",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="scores",
                        to="awards.nomination",
                    ),
                ),
            ],
            options={
                "constraints": [
                    models.UniqueConstraint(
                        fields=("nomination", "judge", "criterion"), name="one_score_per_criterion"
                    ),
                    models.CheckConstraint(
                        condition=models.Q(("value__gte", 0), ("value__lte", 100)),
                        name="score_0_100",
                    ),
                ],
            },
        ),
        migrations.CreateModel(
            name="AwardDocument",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("title", models.CharField(max_length=200, verbose_name="title")),
                ("snapshot", models.JSONField(verbose_name="figures")),
                (
                    "snapshot_hash",
                    models.CharField(
                        max_length=64, unique=True, verbose_name="SHA-256 of the figures"
                    ),
                ),
                (
                    "status",
                    models.CharField(
                        choices=[
                            ("pending", "Waiting to be made"),
                            ("running", "Being made"),
                            ("done", "Ready"),
                            ("failed", "Failed"),
                        ],
                        default="pending",
                        max_length=10,
                        verbose_name="status",
                    ),
                ),
                (
                    "file",
                    models.FileField(
                        blank=True, upload_to=portal.documents.document_path, verbose_name="PDF"
                    ),
                ),
                ("error", models.CharField(blank=True, max_length=300, verbose_name="error")),
                ("created_at", models.DateTimeField(auto_now_add=True, verbose_name="created at")),
                (
                    "claimed_at",
                    models.DateTimeField(blank=True, null=True, verbose_name="claimed at"),
                ),
                (
                    "finished_at",
                    models.DateTimeField(blank=True, null=True, verbose_name="finished at"),
                ),
                (
                    "kind",
                    models.CharField(
                        choices=[
                            ("circular", "Commendation circular"),
                            ("certificate", "Certificate of honour"),
                        ],
                        max_length=20,
                        verbose_name="kind",
                    ),
                ),
                (
                    "certificate",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="documents",
                        to="awards.certificate",
                        verbose_name="certificate",
                    ),
                ),
                (
                    "job",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to="portal.job",
                        verbose_name="job",
                    ),
                ),
                (
                    "programme",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="documents",
                        to="awards.programme",
                        verbose_name="programme",
                    ),
                ),
                (
                    "requested_by",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="requested by",
                    ),
                ),
            ],
            options={
                "verbose_name": "award document",
                "verbose_name_plural": "award documents",
                "ordering": ["-created_at", "-pk"],
            },
        ),
    ]
