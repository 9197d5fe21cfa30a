"""summaries 0001_initial to 0003_document_job, squashed for new databases: `migrate` on an
empty database runs this migration instead of the 3 it replaces, which stay for databases
that have applied some of them.

From `manage.py squashmigrations summaries 0003`, then with each model's later fields,
indexes and constraints moved up next to its CreateModel (operations on different models
commute) and optimised again: one CreateModel a model. Django re-renders the models related
to each operation's own, which made `migrate` on an empty database slow."""

import django.db.models.deletion
import portal.documents
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    replaces = [
        ("summaries", "0001_initial"),
        ("summaries", "0002_issueddocument_claimed_at"),
        ("summaries", "0003_document_job"),
    ]

    initial = True

    dependencies = [
        ("portal", "0002_historicaluser_email_reminders_user_email_reminders"),
        ("portal", "0004_working_calendar"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="IssuedDocument",
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
                            ("year-end", "Year-end publicity summary"),
                            ("quarterly", "Quarterly circular"),
                            ("unit-report", "Unit quarterly report printout"),
                        ],
                        max_length=20,
                        verbose_name="kind",
                    ),
                ),
                ("year", models.PositiveSmallIntegerField(verbose_name="year")),
                (
                    "quarter",
                    models.PositiveSmallIntegerField(blank=True, null=True, verbose_name="quarter"),
                ),
                ("title", models.CharField(max_length=200, verbose_name="title")),
                (
                    "doc_number",
                    models.CharField(blank=True, max_length=60, verbose_name="document number"),
                ),
                (
                    "issuer",
                    models.CharField(blank=True, max_length=100, verbose_name="issuing office"),
                ),
                ("issue_date", models.DateField(verbose_name="date of issue")),
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
                    "finished_at",
                    models.DateTimeField(blank=True, null=True, verbose_name="finished at"),
                ),
                (
                    "region",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        to="portal.region",
                        verbose_name="region",
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
                (
                    "unit",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        to="portal.unit",
                        verbose_name="unit",
                    ),
                ),
                (
                    "claimed_at",
                    models.DateTimeField(blank=True, null=True, verbose_name="claimed at"),
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
            ],
            options={
                "verbose_name": "issued document",
                "verbose_name_plural": "issued documents",
                "ordering": ["-created_at", "-pk"],
                "constraints": [
                    models.CheckConstraint(
                        condition=models.Q(("kind__in", ["year-end", "quarterly", "unit-report"])),
                        name="document_kind_valid",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(
                            ("status__in", ["pending", "running", "done", "failed"])
                        ),
                        name="document_status_valid",
                    ),
                ],
            },
        ),
    ]
