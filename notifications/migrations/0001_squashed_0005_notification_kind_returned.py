"""notifications 0001_initial to 0005_notification_kind_returned, squashed for new databases:
`migrate` on an empty database runs this migration instead of the 5 it replaces, which stay
for databases that have applied some of them.

From `manage.py squashmigrations notifications 0005`, then with each model's later fields,
indexes and constraints moved up next to its CreateModel (operations on different models
commute) and optimised again: one CreateModel a model. Django re-renders the models related
to each operation's own, which made `migrate` on an empty database slow."""

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    replaces = [
        ("notifications", "0001_initial"),
        ("notifications", "0002_reminder_email_claim"),
        ("notifications", "0003_notification_kind_document"),
        ("notifications", "0004_reminder_email_claimed_at"),
        ("notifications", "0005_notification_kind_returned"),
    ]

    initial = True

    dependencies = [
        ("portal", "0002_historicaluser_email_reminders_user_email_reminders"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="ReminderRun",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("day", models.DateField(verbose_name="day")),
                (
                    "started_at",
                    models.DateTimeField(
                        default=django.utils.timezone.now, verbose_name="started at"
                    ),
                ),
                (
                    "finished_at",
                    models.DateTimeField(blank=True, null=True, verbose_name="finished at"),
                ),
                ("working_day", models.BooleanField(default=True, verbose_name="working day")),
                ("planned", models.PositiveIntegerField(default=0, verbose_name="reminders due")),
                ("created", models.PositiveIntegerField(default=0, verbose_name="reminders sent")),
            ],
            options={
                "verbose_name": "reminder run",
                "verbose_name_plural": "reminder runs",
                "ordering": ["-started_at"],
            },
        ),
        migrations.CreateModel(
            name="Notification",
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
                            ("reminder", "Deadline reminder"),
                            ("overdue", "Overdue"),
                            ("document", "Document ready"),
                            ("returned", "Returned to you"),
                        ],
                        max_length=20,
                        verbose_name="kind",
                    ),
                ),
                ("title", models.CharField(max_length=200, verbose_name="title")),
                ("body", models.TextField(blank=True, verbose_name="text")),
                ("url", models.CharField(blank=True, max_length=300, verbose_name="link")),
                (
                    "created_at",
                    models.DateTimeField(
                        default=django.utils.timezone.now, verbose_name="created at"
                    ),
                ),
                ("read_at", models.DateTimeField(blank=True, null=True, verbose_name="read at")),
                (
                    "recipient",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="notifications",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="recipient",
                    ),
                ),
            ],
            options={
                "verbose_name": "notification",
                "verbose_name_plural": "notifications",
                "ordering": ["-created_at", "-id"],
                "indexes": [
                    models.Index(
                        fields=["recipient", "read_at", "-created_at"], name="notification_inbox"
                    )
                ],
            },
        ),
        migrations.CreateModel(
            name="Reminder",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("subject_type", models.CharField(max_length=40, verbose_name="what")),
                ("subject_id", models.CharField(max_length=64, verbose_name="which")),
                ("deadline", models.DateField(verbose_name="deadline")),
                ("step", models.CharField(max_length=30, verbose_name="step")),
                (
                    "created_at",
                    models.DateTimeField(
                        default=django.utils.timezone.now, verbose_name="reminded at"
                    ),
                ),
                (
                    "email_status",
                    models.CharField(
                        choices=[
                            ("none", "Portal only"),
                            ("pending", "Waiting to be mailed"),
                            ("sending", "Being mailed"),
                            ("sent", "Mailed"),
                            ("failed", "Mail failed"),
                            ("cancelled", "Not mailed: done in the meantime"),
                        ],
                        default="none",
                        max_length=10,
                        verbose_name="email",
                    ),
                ),
                (
                    "email_attempts",
                    models.PositiveSmallIntegerField(default=0, verbose_name="mail attempts"),
                ),
                (
                    "email_sent_at",
                    models.DateTimeField(blank=True, null=True, verbose_name="mailed at"),
                ),
                ("email_error", models.TextField(blank=True, verbose_name="mail error")),
                (
                    "notification",
                    models.OneToOneField(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="reminder",
                        to="notifications.notification",
                    ),
                ),
                (
                    "person",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="reminders",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="person",
                    ),
                ),
                (
                    "sent_by",
                    models.ForeignKey(
                        blank=True,
                        help_text="Empty for the scheduled reminders.",
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="sent by",
                    ),
                ),
                (
                    "unit",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.CASCADE,
                        to="portal.unit",
                        verbose_name="unit",
                    ),
                ),
                ("email_claim", models.UUIDField(blank=True, editable=False, null=True)),
                ("email_claimed_at", models.DateTimeField(blank=True, editable=False, null=True)),
            ],
            options={
                "verbose_name": "reminder",
                "verbose_name_plural": "reminders",
                "ordering": ["-created_at", "-id"],
                "indexes": [
                    models.Index(
                        fields=["subject_type", "subject_id", "created_at"], name="reminder_subject"
                    ),
                    models.Index(
                        fields=["email_status", "created_at"], name="reminder_email_status"
                    ),
                ],
                "constraints": [
                    models.UniqueConstraint(
                        fields=("person", "subject_type", "subject_id", "deadline", "step"),
                        name="reminder_once_per_person_subject_deadline_step",
                    )
                ],
            },
        ),
    ]
