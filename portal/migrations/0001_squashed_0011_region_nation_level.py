"""portal 0001_initial to 0011_region_nation_level, squashed for new databases: `migrate` on an
empty database runs this migration instead of the 11 it replaces, which stay for databases
that have applied some of them.

From `manage.py squashmigrations portal 0011`, then with each model's later fields, indexes
and constraints moved up next to its CreateModel (operations on different models commute)
and optimised again: one CreateModel a model. Django re-renders the models related to each
operation's own, which made `migrate` on an empty database slow. Left out:
0008_user_phone_encrypt_rows, which only encrypts existing rows (elidable). 0004's working
calendar is filled at the end, once the tables exist."""

import django.contrib.auth.models
import django.contrib.auth.validators
import django.core.validators
import django.db.models.deletion
import django.db.models.functions.text
import django.utils.timezone
import functools
import portal.encryption
import portal.models
import simple_history.models
import uuid
from django.conf import settings
from django.db import migrations, models


def fill_from_package(apps, schema_editor):
    """Every year the installed chinesecalendar knows, so a fresh database counts working
    days from the table without anyone acting. Years already in the table are left alone."""
    from portal.workdays import package_arrangement, package_years

    WorkCalendarYear = apps.get_model("portal", "WorkCalendarYear")
    CalendarDay = apps.get_model("portal", "CalendarDay")
    known = set(WorkCalendarYear.objects.values_list("year", flat=True))
    for year in package_years():
        if year in known or not 2000 <= year <= 2100:
            continue
        arrangement = package_arrangement(year)
        calendar = WorkCalendarYear.objects.create(year=year, source="package")
        CalendarDay.objects.bulk_create(
            [
                CalendarDay(calendar=calendar, date=day, is_working_day=working, name=name)
                for days, working in ((arrangement.holidays, False), (arrangement.workdays, True))
                for day, name in days.items()
            ]
        )


class Migration(migrations.Migration):
    replaces = [
        ("portal", "0001_initial"),
        ("portal", "0002_historicaluser_email_reminders_user_email_reminders"),
        ("portal", "0003_job"),
        ("portal", "0004_working_calendar"),
        ("portal", "0005_journal"),
        ("portal", "0006_security_controls"),
        ("portal", "0007_user_phone_encrypted"),
        ("portal", "0008_user_phone_encrypt_rows"),
        ("portal", "0009_user_phone_encrypted_field"),
        ("portal", "0010_region_is_active"),
        ("portal", "0011_region_nation_level"),
    ]

    initial = True

    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.CreateModel(
            name="User",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("password", models.CharField(max_length=128, verbose_name="password")),
                (
                    "last_login",
                    models.DateTimeField(blank=True, null=True, verbose_name="last login"),
                ),
                (
                    "is_superuser",
                    models.BooleanField(
                        default=False,
                        help_text="Designates that this user has all permissions without explicitly assigning them.",
                        verbose_name="superuser status",
                    ),
                ),
                (
                    "username",
                    models.CharField(
                        error_messages={"unique": "A user with that username already exists."},
                        help_text="Required. 150 characters or fewer. Letters, digits and @/./+/-/_ only.",
                        max_length=150,
                        unique=True,
                        validators=[django.contrib.auth.validators.UnicodeUsernameValidator()],
                        verbose_name="username",
                    ),
                ),
                (
                    "first_name",
                    models.CharField(blank=True, max_length=150, verbose_name="first name"),
                ),
                (
                    "last_name",
                    models.CharField(blank=True, max_length=150, verbose_name="last name"),
                ),
                (
                    "email",
                    models.EmailField(blank=True, max_length=254, verbose_name="email address"),
                ),
                (
                    "is_staff",
                    models.BooleanField(
                        default=False,
                        help_text="Designates whether the user can log into this admin site.",
                        verbose_name="staff status",
                    ),
                ),
                (
                    "is_active",
                    models.BooleanField(
                        default=True,
                        help_text="Designates whether this user should be treated as active. Unselect this instead of deleting accounts.",
                        verbose_name="active",
                    ),
                ),
                (
                    "date_joined",
                    models.DateTimeField(
                        default=django.utils.timezone.now, verbose_name="date joined"
                    ),
                ),
                (
                    "full_name",
                    models.CharField(blank=True, max_length=60, verbose_name="full name"),
                ),
                (
                    "phone",
                    portal.encryption.EncryptedCharField(
                        blank=True, max_length=40, verbose_name="phone"
                    ),
                ),
                (
                    "language",
                    models.CharField(
                        choices=[("zh-hans", "简体中文"), ("en", "English")],
                        default="zh-hans",
                        max_length=10,
                        verbose_name="language",
                    ),
                ),
                (
                    "groups",
                    models.ManyToManyField(
                        blank=True,
                        help_text="The groups this user belongs to. A user will get all permissions granted to each of their groups.",
                        related_name="user_set",
                        related_query_name="user",
                        to="auth.group",
                        verbose_name="groups",
                    ),
                ),
                (
                    "user_permissions",
                    models.ManyToManyField(
                        blank=True,
                        help_text="Specific permissions for this user.",
                        related_name="user_set",
                        related_query_name="user",
                        to="auth.permission",
                        verbose_name="user permissions",
                    ),
                ),
                (
                    "email_reminders",
                    models.BooleanField(
                        default=True,
                        help_text="Reminders always appear in the portal; this also sends them by email.",
                        verbose_name="deadline reminders by email",
                    ),
                ),
                ("live_session_key", models.CharField(blank=True, editable=False, max_length=40)),
                (
                    "password_changed_at",
                    models.DateTimeField(blank=True, null=True, verbose_name="password changed"),
                ),
                ("phone_index", models.CharField(blank=True, editable=False, max_length=64)),
            ],
            options={
                "verbose_name": "person",
                "verbose_name_plural": "people",
                "constraints": [
                    models.UniqueConstraint(
                        django.db.models.functions.text.Lower("email"),
                        condition=models.Q(("email", ""), _negated=True),
                        name="user_email_unique",
                        violation_error_message="This email belongs to another account.",
                    ),
                    models.UniqueConstraint(
                        condition=models.Q(("phone_index", ""), _negated=True),
                        fields=("phone_index",),
                        name="user_phone_unique",
                        violation_error_message="This mobile number belongs to another account.",
                    ),
                ],
            },
            managers=[
                ("objects", django.contrib.auth.models.UserManager()),
            ],
        ),
        migrations.CreateModel(
            name="HistoricalUser",
            fields=[
                (
                    "id",
                    models.BigIntegerField(
                        auto_created=True, blank=True, db_index=True, verbose_name="ID"
                    ),
                ),
                (
                    "is_superuser",
                    models.BooleanField(
                        default=False,
                        help_text="Designates that this user has all permissions without explicitly assigning them.",
                        verbose_name="superuser status",
                    ),
                ),
                (
                    "username",
                    models.CharField(
                        db_index=True,
                        error_messages={"unique": "A user with that username already exists."},
                        help_text="Required. 150 characters or fewer. Letters, digits and @/./+/-/_ only.",
                        max_length=150,
                        validators=[django.contrib.auth.validators.UnicodeUsernameValidator()],
                        verbose_name="username",
                    ),
                ),
                (
                    "first_name",
                    models.CharField(blank=True, max_length=150, verbose_name="first name"),
                ),
                (
                    "last_name",
                    models.CharField(blank=True, max_length=150, verbose_name="last name"),
                ),
                (
                    "email",
                    models.EmailField(blank=True, max_length=254, verbose_name="email address"),
                ),
                (
                    "is_staff",
                    models.BooleanField(
                        default=False,
                        help_text="Designates whether the user can log into this admin site.",
                        verbose_name="staff status",
                    ),
                ),
                (
                    "is_active",
                    models.BooleanField(
                        default=True,
                        help_text="Designates whether this user should be treated as active. Unselect this instead of deleting accounts.",
                        verbose_name="active",
                    ),
                ),
                (
                    "date_joined",
                    models.DateTimeField(
                        default=django.utils.timezone.now, verbose_name="date joined"
                    ),
                ),
                (
                    "full_name",
                    models.CharField(blank=True, max_length=60, verbose_name="full name"),
                ),
                (
                    "phone",
                    portal.encryption.EncryptedCharField(
                        blank=True, max_length=40, verbose_name="phone"
                    ),
                ),
                (
                    "language",
                    models.CharField(
                        choices=[("zh-hans", "简体中文"), ("en", "English")],
                        default="zh-hans",
                        max_length=10,
                        verbose_name="language",
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
                (
                    "email_reminders",
                    models.BooleanField(
                        default=True,
                        help_text="Reminders always appear in the portal; this also sends them by email.",
                        verbose_name="deadline reminders by email",
                    ),
                ),
            ],
            options={
                "verbose_name": "historical person",
                "verbose_name_plural": "historical people",
                "ordering": ("-history_date", "-history_id"),
                "get_latest_by": ("history_date", "history_id"),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name="Region",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("name", models.CharField(max_length=100, verbose_name="name")),
                (
                    "code",
                    models.CharField(
                        blank=True,
                        help_text="Six-digit administrative division code, where one exists.",
                        max_length=12,
                        null=True,
                        unique=True,
                        verbose_name="GB/T 2260 code",
                    ),
                ),
                (
                    "level",
                    models.CharField(
                        choices=[
                            ("nation", "Nation"),
                            ("province", "Province"),
                            ("city", "City / prefecture"),
                            ("county", "County / district"),
                            ("township", "Township"),
                            ("village", "Village"),
                        ],
                        max_length=10,
                        verbose_name="level",
                    ),
                ),
                (
                    "path",
                    models.CharField(db_index=True, default="", editable=False, max_length=255),
                ),
                (
                    "parent",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="children",
                        to="portal.region",
                        verbose_name="parent region",
                    ),
                ),
                ("is_active", models.BooleanField(default=True, verbose_name="active")),
            ],
            options={
                "verbose_name": "region",
                "verbose_name_plural": "regions",
                "ordering": ["path"],
                "constraints": [
                    models.CheckConstraint(
                        condition=models.Q(
                            (
                                "level__in",
                                ["nation", "province", "city", "county", "township", "village"],
                            )
                        ),
                        name="region_level_valid",
                    )
                ],
            },
        ),
        migrations.CreateModel(
            name="HistoricalUnit",
            fields=[
                (
                    "id",
                    models.BigIntegerField(
                        auto_created=True, blank=True, db_index=True, verbose_name="ID"
                    ),
                ),
                ("name", models.CharField(max_length=150, verbose_name="name")),
                (
                    "kind",
                    models.CharField(
                        choices=[
                            ("poverty_office", "Poverty-alleviation office"),
                            ("propaganda", "Propaganda department"),
                            ("media", "Media outlet"),
                            ("helping_unit", "Designated helping unit"),
                            ("enterprise", "Enterprise"),
                            ("social_org", "Social organisation"),
                            ("other", "Other"),
                        ],
                        max_length=20,
                        verbose_name="kind",
                    ),
                ),
                ("is_active", models.BooleanField(default=True, verbose_name="active")),
                ("address", models.CharField(blank=True, max_length=200, verbose_name="address")),
                ("phone", models.CharField(blank=True, max_length=40, verbose_name="phone")),
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
                    "region",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="portal.region",
                        verbose_name="region",
                    ),
                ),
            ],
            options={
                "verbose_name": "historical unit",
                "verbose_name_plural": "historical units",
                "ordering": ("-history_date", "-history_id"),
                "get_latest_by": ("history_date", "history_id"),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name="HistoricalRegion",
            fields=[
                (
                    "id",
                    models.BigIntegerField(
                        auto_created=True, blank=True, db_index=True, verbose_name="ID"
                    ),
                ),
                ("name", models.CharField(max_length=100, verbose_name="name")),
                (
                    "code",
                    models.CharField(
                        blank=True,
                        db_index=True,
                        help_text="Six-digit administrative division code, where one exists.",
                        max_length=12,
                        null=True,
                        verbose_name="GB/T 2260 code",
                    ),
                ),
                (
                    "level",
                    models.CharField(
                        choices=[
                            ("nation", "Nation"),
                            ("province", "Province"),
                            ("city", "City / prefecture"),
                            ("county", "County / district"),
                            ("township", "Township"),
                            ("village", "Village"),
                        ],
                        max_length=10,
                        verbose_name="level",
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
                (
                    "parent",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="portal.region",
                        verbose_name="parent region",
                    ),
                ),
                ("is_active", models.BooleanField(default=True, verbose_name="active")),
            ],
            options={
                "verbose_name": "historical region",
                "verbose_name_plural": "historical regions",
                "ordering": ("-history_date", "-history_id"),
                "get_latest_by": ("history_date", "history_id"),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name="Unit",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("name", models.CharField(max_length=150, verbose_name="name")),
                (
                    "kind",
                    models.CharField(
                        choices=[
                            ("poverty_office", "Poverty-alleviation office"),
                            ("propaganda", "Propaganda department"),
                            ("media", "Media outlet"),
                            ("helping_unit", "Designated helping unit"),
                            ("enterprise", "Enterprise"),
                            ("social_org", "Social organisation"),
                            ("other", "Other"),
                        ],
                        max_length=20,
                        verbose_name="kind",
                    ),
                ),
                ("is_active", models.BooleanField(default=True, verbose_name="active")),
                ("address", models.CharField(blank=True, max_length=200, verbose_name="address")),
                ("phone", models.CharField(blank=True, max_length=40, verbose_name="phone")),
                (
                    "region",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="units",
                        to="portal.region",
                        verbose_name="region",
                    ),
                ),
            ],
            options={
                "verbose_name": "unit",
                "verbose_name_plural": "units",
                "ordering": ["region__path", "name"],
                "constraints": [
                    models.UniqueConstraint(
                        fields=("region", "name"), name="unit_name_unique_in_region"
                    ),
                    models.CheckConstraint(
                        condition=models.Q(
                            (
                                "kind__in",
                                [
                                    "poverty_office",
                                    "propaganda",
                                    "media",
                                    "helping_unit",
                                    "enterprise",
                                    "social_org",
                                    "other",
                                ],
                            )
                        ),
                        name="unit_kind_valid",
                    ),
                ],
            },
        ),
        migrations.CreateModel(
            name="Membership",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "role",
                    models.CharField(
                        choices=[
                            ("reporter", "Reporter"),
                            ("approver", "Unit approver"),
                            ("reviewer", "Reviewer"),
                            ("admin", "Administrator"),
                            ("security", "Security administrator"),
                            ("auditor", "Audit administrator"),
                        ],
                        max_length=10,
                        verbose_name="role",
                    ),
                ),
                ("created_at", models.DateTimeField(auto_now_add=True, verbose_name="since")),
                (
                    "user",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="memberships",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="person",
                    ),
                ),
                (
                    "unit",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="memberships",
                        to="portal.unit",
                        verbose_name="unit",
                    ),
                ),
            ],
            options={
                "verbose_name": "membership",
                "verbose_name_plural": "memberships",
                "ordering": ["unit__region__path", "unit__name", "role"],
                "constraints": [
                    models.UniqueConstraint(
                        fields=("user", "unit", "role"), name="membership_unique_role_in_unit"
                    ),
                    models.CheckConstraint(
                        condition=models.Q(
                            (
                                "role__in",
                                [
                                    "reporter",
                                    "approver",
                                    "reviewer",
                                    "admin",
                                    "security",
                                    "auditor",
                                ],
                            )
                        ),
                        name="membership_role_valid",
                    ),
                ],
            },
        ),
        migrations.CreateModel(
            name="HistoricalMembership",
            fields=[
                (
                    "id",
                    models.BigIntegerField(
                        auto_created=True, blank=True, db_index=True, verbose_name="ID"
                    ),
                ),
                (
                    "role",
                    models.CharField(
                        choices=[
                            ("reporter", "Reporter"),
                            ("approver", "Unit approver"),
                            ("reviewer", "Reviewer"),
                            ("admin", "Administrator"),
                            ("security", "Security administrator"),
                            ("auditor", "Audit administrator"),
                        ],
                        max_length=10,
                        verbose_name="role",
                    ),
                ),
                (
                    "created_at",
                    models.DateTimeField(blank=True, editable=False, verbose_name="since"),
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
                    "user",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="person",
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
                "verbose_name": "historical membership",
                "verbose_name_plural": "historical memberships",
                "ordering": ("-history_date", "-history_id"),
                "get_latest_by": ("history_date", "history_id"),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name="Attachment",
            fields=[
                (
                    "id",
                    models.UUIDField(
                        default=uuid.uuid4, editable=False, primary_key=True, serialize=False
                    ),
                ),
                (
                    "file",
                    models.FileField(upload_to=portal.models._attachment_path, verbose_name="file"),
                ),
                ("original_name", models.CharField(max_length=255, verbose_name="file name")),
                ("content_type", models.CharField(max_length=100, verbose_name="content type")),
                ("size", models.PositiveBigIntegerField(verbose_name="size")),
                (
                    "uploaded_at",
                    models.DateTimeField(auto_now_add=True, verbose_name="uploaded at"),
                ),
                (
                    "uploaded_by",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="uploaded by",
                    ),
                ),
                (
                    "unit",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="attachments",
                        to="portal.unit",
                        verbose_name="unit",
                    ),
                ),
            ],
            options={
                "verbose_name": "attachment",
                "verbose_name_plural": "attachments",
            },
        ),
        migrations.CreateModel(
            name="Job",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("task", models.CharField(max_length=200, verbose_name="task")),
                ("args", models.JSONField(blank=True, default=list, verbose_name="arguments")),
                (
                    "kwargs",
                    models.JSONField(blank=True, default=dict, verbose_name="keyword arguments"),
                ),
                (
                    "state",
                    models.CharField(
                        choices=[
                            ("waiting", "Waiting for the task service"),
                            ("queued", "Queued"),
                            ("running", "Running"),
                            ("done", "Done"),
                            ("failed", "Failed"),
                        ],
                        default="waiting",
                        max_length=10,
                        verbose_name="state",
                    ),
                ),
                ("created_at", models.DateTimeField(auto_now_add=True, verbose_name="created at")),
                (
                    "queued_at",
                    models.DateTimeField(blank=True, null=True, verbose_name="queued at"),
                ),
                (
                    "run_after",
                    models.DateTimeField(blank=True, null=True, verbose_name="not before"),
                ),
                (
                    "started_at",
                    models.DateTimeField(blank=True, null=True, verbose_name="started at"),
                ),
                (
                    "finished_at",
                    models.DateTimeField(blank=True, null=True, verbose_name="finished at"),
                ),
                ("runner", models.CharField(blank=True, max_length=200, verbose_name="run by")),
                (
                    "dispatches",
                    models.PositiveIntegerField(
                        default=0, verbose_name="times handed to the broker"
                    ),
                ),
                ("runs", models.PositiveIntegerField(default=0, verbose_name="times started")),
                ("error", models.TextField(blank=True, verbose_name="error")),
            ],
            options={
                "verbose_name": "background job",
                "verbose_name_plural": "background jobs",
                "ordering": ["-created_at", "-pk"],
                "indexes": [
                    models.Index(
                        condition=models.Q(("state__in", ["waiting", "queued", "running"])),
                        fields=["state", "created_at"],
                        name="job_unfinished",
                    )
                ],
                "constraints": [
                    models.CheckConstraint(
                        condition=models.Q(
                            ("state__in", ["waiting", "queued", "running", "done", "failed"])
                        ),
                        name="job_state_valid",
                    )
                ],
            },
        ),
        migrations.CreateModel(
            name="HistoricalWorkCalendarYear",
            fields=[
                (
                    "id",
                    models.BigIntegerField(
                        auto_created=True, blank=True, db_index=True, verbose_name="ID"
                    ),
                ),
                ("year", models.PositiveSmallIntegerField(db_index=True, verbose_name="year")),
                (
                    "source",
                    models.CharField(
                        choices=[
                            ("package", "From the chinesecalendar package"),
                            ("entered", "Entered by an administrator"),
                        ],
                        max_length=10,
                        verbose_name="source",
                    ),
                ),
                (
                    "notice",
                    models.CharField(blank=True, max_length=200, verbose_name="notice title"),
                ),
                (
                    "entered_at",
                    models.DateTimeField(
                        default=django.utils.timezone.now, verbose_name="entered at"
                    ),
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
                    "entered_by",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="entered by",
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
                "verbose_name": "historical working-day calendar year",
                "verbose_name_plural": "historical working-day calendar years",
                "ordering": ("-history_date", "-history_id"),
                "get_latest_by": ("history_date", "history_id"),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name="WorkCalendarYear",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("year", models.PositiveSmallIntegerField(unique=True, verbose_name="year")),
                (
                    "source",
                    models.CharField(
                        choices=[
                            ("package", "From the chinesecalendar package"),
                            ("entered", "Entered by an administrator"),
                        ],
                        max_length=10,
                        verbose_name="source",
                    ),
                ),
                (
                    "notice",
                    models.CharField(blank=True, max_length=200, verbose_name="notice title"),
                ),
                (
                    "entered_at",
                    models.DateTimeField(
                        default=django.utils.timezone.now, verbose_name="entered at"
                    ),
                ),
                ("version", models.PositiveIntegerField(default=1)),
                (
                    "entered_by",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="entered by",
                    ),
                ),
            ],
            options={
                "verbose_name": "working-day calendar year",
                "verbose_name_plural": "working-day calendar years",
                "ordering": ["-year"],
                "constraints": [
                    models.CheckConstraint(
                        condition=models.Q(("source__in", ["package", "entered"])),
                        name="work_calendar_source_valid",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(("year__gte", 2000), ("year__lte", 2100)),
                        name="work_calendar_year_in_range",
                    ),
                ],
            },
        ),
        migrations.CreateModel(
            name="HistoricalCalendarDay",
            fields=[
                (
                    "id",
                    models.BigIntegerField(
                        auto_created=True, blank=True, db_index=True, verbose_name="ID"
                    ),
                ),
                ("date", models.DateField(db_index=True, verbose_name="date")),
                ("is_working_day", models.BooleanField(verbose_name="working day")),
                ("name", models.CharField(blank=True, max_length=50, verbose_name="name")),
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
                    "calendar",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="portal.workcalendaryear",
                        verbose_name="year",
                    ),
                ),
            ],
            options={
                "verbose_name": "historical calendar day",
                "verbose_name_plural": "historical calendar days",
                "ordering": ("-history_date", "-history_id"),
                "get_latest_by": ("history_date", "history_id"),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name="CalendarDay",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("date", models.DateField(unique=True, verbose_name="date")),
                ("is_working_day", models.BooleanField(verbose_name="working day")),
                ("name", models.CharField(blank=True, max_length=50, verbose_name="name")),
                (
                    "calendar",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="days",
                        to="portal.workcalendaryear",
                        verbose_name="year",
                    ),
                ),
            ],
            options={
                "verbose_name": "calendar day",
                "verbose_name_plural": "calendar days",
                "ordering": ["date"],
            },
        ),
        migrations.CreateModel(
            name="JournalEntry",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("action", models.CharField(max_length=80, verbose_name="action")),
                ("at", models.DateTimeField(default=django.utils.timezone.now, verbose_name="at")),
                ("object_id", models.PositiveBigIntegerField(blank=True, null=True)),
                ("comment", models.TextField(blank=True, verbose_name="comment")),
                ("data", models.JSONField(blank=True, default=dict)),
                (
                    "actor",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="by",
                    ),
                ),
                (
                    "content_type",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        to="contenttypes.contenttype",
                    ),
                ),
                (
                    "address",
                    models.GenericIPAddressField(blank=True, null=True, verbose_name="address"),
                ),
                ("digest", models.CharField(blank=True, editable=False, max_length=64)),
                (
                    "seq",
                    models.PositiveBigIntegerField(
                        blank=True, editable=False, null=True, unique=True
                    ),
                ),
            ],
            options={
                "verbose_name": "journal entry",
                "verbose_name_plural": "journal entries",
                "ordering": ["at", "pk"],
                "indexes": [
                    models.Index(
                        fields=["content_type", "object_id", "-at", "-id"],
                        name="journal_target_newest",
                    ),
                    models.Index(fields=["action", "at"], name="journal_action_at"),
                ],
            },
        ),
        migrations.CreateModel(
            name="HistoricalSecurityPolicy",
            fields=[
                (
                    "id",
                    models.BigIntegerField(
                        auto_created=True, blank=True, db_index=True, verbose_name="ID"
                    ),
                ),
                (
                    "failure_limit",
                    models.PositiveSmallIntegerField(
                        default=functools.partial(
                            portal.models._security_default, *("failure_limit",), **{}
                        ),
                        validators=[
                            django.core.validators.MinValueValidator(3),
                            django.core.validators.MaxValueValidator(20),
                        ],
                        verbose_name="wrong passwords before a lockout",
                    ),
                ),
                (
                    "cooloff_minutes",
                    models.PositiveSmallIntegerField(
                        default=functools.partial(
                            portal.models._security_default, *("cooloff_minutes",), **{}
                        ),
                        validators=[
                            django.core.validators.MinValueValidator(1),
                            django.core.validators.MaxValueValidator(1440),
                        ],
                        verbose_name="lockout length (minutes)",
                    ),
                ),
                (
                    "password_min_length",
                    models.PositiveSmallIntegerField(
                        default=functools.partial(
                            portal.models._security_default, *("password_min_length",), **{}
                        ),
                        validators=[
                            django.core.validators.MinValueValidator(8),
                            django.core.validators.MaxValueValidator(64),
                        ],
                        verbose_name="minimum password length",
                    ),
                ),
                (
                    "password_max_age_days",
                    models.PositiveSmallIntegerField(
                        default=functools.partial(
                            portal.models._security_default, *("password_max_age_days",), **{}
                        ),
                        help_text="0: passwords do not expire.",
                        validators=[django.core.validators.MaxValueValidator(365)],
                        verbose_name="password expires after (days)",
                    ),
                ),
                (
                    "password_history",
                    models.PositiveSmallIntegerField(
                        default=functools.partial(
                            portal.models._security_default, *("password_history",), **{}
                        ),
                        validators=[django.core.validators.MaxValueValidator(24)],
                        verbose_name="passwords that may not be reused",
                    ),
                ),
                (
                    "two_factor_roles",
                    models.JSONField(
                        blank=True,
                        default=portal.models._default_two_factor_roles,
                        verbose_name="roles that must use two factors",
                    ),
                ),
                (
                    "idle_minutes",
                    models.PositiveSmallIntegerField(
                        default=functools.partial(
                            portal.models._security_default, *("idle_minutes",), **{}
                        ),
                        validators=[
                            django.core.validators.MinValueValidator(5),
                            django.core.validators.MaxValueValidator(1440),
                        ],
                        verbose_name="sign out after idle (minutes)",
                    ),
                ),
                (
                    "session_hours",
                    models.PositiveSmallIntegerField(
                        default=functools.partial(
                            portal.models._security_default, *("session_hours",), **{}
                        ),
                        validators=[
                            django.core.validators.MinValueValidator(1),
                            django.core.validators.MaxValueValidator(72),
                        ],
                        verbose_name="sign out after (hours), however active",
                    ),
                ),
                (
                    "single_session",
                    models.BooleanField(
                        default=functools.partial(
                            portal.models._security_default, *("single_session",), **{}
                        ),
                        help_text="Signing in elsewhere ends the other session.",
                        verbose_name="one live session per account",
                    ),
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
            ],
            options={
                "verbose_name": "historical security policy",
                "verbose_name_plural": "historical security policy",
                "ordering": ("-history_date", "-history_id"),
                "get_latest_by": ("history_date", "history_id"),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name="PasswordHistory",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("password", models.CharField(max_length=128)),
                ("created_at", models.DateTimeField(default=django.utils.timezone.now)),
                (
                    "user",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="password_history",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
            ],
            options={
                "ordering": ["-created_at", "-pk"],
                "indexes": [
                    models.Index(fields=["user", "-created_at"], name="password_history_user")
                ],
            },
        ),
        migrations.CreateModel(
            name="SecurityPolicy",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "failure_limit",
                    models.PositiveSmallIntegerField(
                        default=functools.partial(
                            portal.models._security_default, *("failure_limit",), **{}
                        ),
                        validators=[
                            django.core.validators.MinValueValidator(3),
                            django.core.validators.MaxValueValidator(20),
                        ],
                        verbose_name="wrong passwords before a lockout",
                    ),
                ),
                (
                    "cooloff_minutes",
                    models.PositiveSmallIntegerField(
                        default=functools.partial(
                            portal.models._security_default, *("cooloff_minutes",), **{}
                        ),
                        validators=[
                            django.core.validators.MinValueValidator(1),
                            django.core.validators.MaxValueValidator(1440),
                        ],
                        verbose_name="lockout length (minutes)",
                    ),
                ),
                (
                    "password_min_length",
                    models.PositiveSmallIntegerField(
                        default=functools.partial(
                            portal.models._security_default, *("password_min_length",), **{}
                        ),
                        validators=[
                            django.core.validators.MinValueValidator(8),
                            django.core.validators.MaxValueValidator(64),
                        ],
                        verbose_name="minimum password length",
                    ),
                ),
                (
                    "password_max_age_days",
                    models.PositiveSmallIntegerField(
                        default=functools.partial(
                            portal.models._security_default, *("password_max_age_days",), **{}
                        ),
                        help_text="0: passwords do not expire.",
                        validators=[django.core.validators.MaxValueValidator(365)],
                        verbose_name="password expires after (days)",
                    ),
                ),
                (
                    "password_history",
                    models.PositiveSmallIntegerField(
                        default=functools.partial(
                            portal.models._security_default, *("password_history",), **{}
                        ),
                        validators=[django.core.validators.MaxValueValidator(24)],
                        verbose_name="passwords that may not be reused",
                    ),
                ),
                (
                    "two_factor_roles",
                    models.JSONField(
                        blank=True,
                        default=portal.models._default_two_factor_roles,
                        verbose_name="roles that must use two factors",
                    ),
                ),
                (
                    "idle_minutes",
                    models.PositiveSmallIntegerField(
                        default=functools.partial(
                            portal.models._security_default, *("idle_minutes",), **{}
                        ),
                        validators=[
                            django.core.validators.MinValueValidator(5),
                            django.core.validators.MaxValueValidator(1440),
                        ],
                        verbose_name="sign out after idle (minutes)",
                    ),
                ),
                (
                    "session_hours",
                    models.PositiveSmallIntegerField(
                        default=functools.partial(
                            portal.models._security_default, *("session_hours",), **{}
                        ),
                        validators=[
                            django.core.validators.MinValueValidator(1),
                            django.core.validators.MaxValueValidator(72),
                        ],
                        verbose_name="sign out after (hours), however active",
                    ),
                ),
                (
                    "single_session",
                    models.BooleanField(
                        default=functools.partial(
                            portal.models._security_default, *("single_session",), **{}
                        ),
                        help_text="Signing in elsewhere ends the other session.",
                        verbose_name="one live session per account",
                    ),
                ),
                ("version", models.PositiveIntegerField(default=1)),
            ],
            options={
                "verbose_name": "security policy",
                "verbose_name_plural": "security policy",
            },
        ),
        migrations.RunPython(
            code=fill_from_package,
            reverse_code=migrations.RunPython.noop,
        ),
    ]
