"""donations 0001_initial to 0009_personal_data_encrypted_field, squashed for new databases:
`migrate` on an empty database runs this migration instead of the 9 it replaces, which stay
for databases that have applied some of them.

From `manage.py squashmigrations donations 0009`, then with each model's later fields,
indexes and constraints moved up next to its CreateModel (operations on different models
commute) and optimised again: one CreateModel a model. Django re-renders the models related
to each operation's own, which made `migrate` on an empty database slow. Left out:
0003_pledge_keeps_donor_designation, 0004_events_to_journal and
0008_personal_data_encrypt_rows, which only rewrite existing rows (elidable)."""

import django.core.validators
import django.db.models.deletion
import portal.documents
import portal.encryption
import portal.validators
import uuid
from decimal import Decimal
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    replaces = [
        ("donations", "0001_initial"),
        ("donations", "0002_drive_campaign_statistics"),
        ("donations", "0003_pledge_keeps_donor_designation"),
        ("donations", "0004_events_to_journal"),
        ("donations", "0005_certificate_documents"),
        ("donations", "0006_pledge_drive_donor_order"),
        ("donations", "0007_personal_data_encrypted"),
        ("donations", "0008_personal_data_encrypt_rows"),
        ("donations", "0009_personal_data_encrypted_field"),
    ]

    initial = True

    dependencies = [
        ("campaigns", "0001_initial"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("portal", "0001_initial"),
        ("portal", "0005_journal"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="Account",
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
                            ("central", "Central account"),
                            ("village", "Village collective account"),
                        ],
                        max_length=8,
                        verbose_name="kind",
                    ),
                ),
                (
                    "region",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="portal.region",
                    ),
                ),
            ],
            options={
                "verbose_name": "account",
                "ordering": ["kind", "region__path"],
                "constraints": [
                    models.UniqueConstraint(
                        fields=("kind", "region"), name="account_unique_per_region"
                    )
                ],
            },
        ),
        migrations.CreateModel(
            name="Drive",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("title", models.CharField(max_length=150, verbose_name="title")),
                ("period_start", models.DateField(verbose_name="donations from")),
                ("period_end", models.DateField(verbose_name="donations until")),
                (
                    "stats_due",
                    models.DateField(blank=True, null=True, verbose_name="statistics due"),
                ),
                (
                    "accepts_public",
                    models.BooleanField(
                        default=True, verbose_name="accepts pledge intentions from the public"
                    ),
                ),
                (
                    "donors_disclosed_at",
                    models.DateTimeField(blank=True, null=True, verbose_name="donors disclosed"),
                ),
                ("created_at", models.DateTimeField(auto_now_add=True)),
                (
                    "unit",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="portal.unit",
                        verbose_name="organising office",
                    ),
                ),
                (
                    "stats_filed_by",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="statistics filed by",
                    ),
                ),
                (
                    "stats_filed_total",
                    models.DecimalField(
                        decimal_places=2,
                        default=Decimal("0.00"),
                        max_digits=14,
                        verbose_name="received total already filed (yuan)",
                    ),
                ),
                (
                    "stats_progress",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="campaigns.progress",
                        verbose_name="statistics progress report",
                    ),
                ),
                (
                    "campaign",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="donation_drives",
                        to="campaigns.campaign",
                        verbose_name="campaign",
                    ),
                ),
                (
                    "stats_filed_at",
                    models.DateTimeField(blank=True, null=True, verbose_name="statistics filed"),
                ),
            ],
            options={
                "verbose_name": "donation drive",
                "verbose_name_plural": "donation drives",
                "ordering": ["-period_end", "title"],
                "constraints": [
                    models.CheckConstraint(
                        condition=models.Q(("period_end__gte", models.F("period_start"))),
                        name="drive_period_order",
                    )
                ],
            },
        ),
        migrations.CreateModel(
            name="Project",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("title", models.CharField(max_length=150, verbose_name="title")),
                ("purpose", models.TextField(verbose_name="what it is for")),
                (
                    "category",
                    models.CharField(
                        choices=[
                            ("industry", "Industry"),
                            ("education", "Education"),
                            ("health", "Health"),
                            ("infrastructure", "Infrastructure"),
                            ("other", "Other"),
                        ],
                        max_length=20,
                        verbose_name="category",
                    ),
                ),
                (
                    "budget",
                    models.DecimalField(
                        decimal_places=2, max_digits=14, verbose_name="budget (yuan)"
                    ),
                ),
                ("claim_deadline", models.DateField(verbose_name="claim deadline")),
                (
                    "status",
                    models.CharField(
                        choices=[
                            ("proposed", "Proposed"),
                            ("published", "Published for claiming"),
                            ("rejected", "Not accepted"),
                            ("ended", "Ended"),
                        ],
                        default="proposed",
                        max_length=12,
                        verbose_name="status",
                    ),
                ),
                ("screening_note", models.TextField(blank=True, verbose_name="screening note")),
                ("screened_at", models.DateTimeField(blank=True, null=True)),
                ("ended_on", models.DateField(blank=True, null=True, verbose_name="ended on")),
                (
                    "use_disclosed_at",
                    models.DateTimeField(
                        blank=True, null=True, verbose_name="use of funds disclosed"
                    ),
                ),
                ("created_at", models.DateTimeField(auto_now_add=True)),
                (
                    "created_by",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "office",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="portal.unit",
                        verbose_name="screening office",
                    ),
                ),
                (
                    "photos",
                    models.ManyToManyField(
                        blank=True, to="portal.attachment", verbose_name="photos"
                    ),
                ),
                (
                    "screened_by",
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
                        related_name="+",
                        to="portal.unit",
                        verbose_name="proposing unit",
                    ),
                ),
                (
                    "village",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="portal.region",
                        verbose_name="village",
                    ),
                ),
            ],
            options={
                "verbose_name": "claimable project",
                "verbose_name_plural": "claimable projects",
                "ordering": ["village__path", "-created_at"],
                "indexes": [
                    models.Index(fields=["status", "village"], name="project_status_village")
                ],
                "constraints": [
                    models.CheckConstraint(
                        condition=models.Q(("budget__gt", 0)), name="project_budget_positive"
                    ),
                    models.CheckConstraint(
                        condition=models.Q(
                            ("status__in", ["proposed", "published", "rejected", "ended"])
                        ),
                        name="project_status_valid",
                    ),
                ],
            },
        ),
        migrations.CreateModel(
            name="Pledge",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "donor_type",
                    models.CharField(
                        choices=[
                            ("unit", "Government or public unit"),
                            ("enterprise", "Enterprise"),
                            ("social_org", "Social organisation"),
                            ("individual", "Individual"),
                        ],
                        max_length=12,
                        verbose_name="donor type",
                    ),
                ),
                ("donor_name", models.CharField(max_length=150, verbose_name="donor")),
                (
                    "contact_phone",
                    portal.encryption.EncryptedCharField(
                        blank=True,
                        max_length=40,
                        validators=[
                            django.core.validators.RegexValidator(
                                "^\\+?[0-9][0-9 ()-]{4,38}[0-9]$",
                                "Enter a phone number: digits, with spaces or hyphens between the groups if you like.",
                                code="invalid_phone",
                            )
                        ],
                        verbose_name="contact phone",
                    ),
                ),
                (
                    "anonymous",
                    models.BooleanField(default=False, verbose_name="disclose as anonymous"),
                ),
                (
                    "kind",
                    models.CharField(
                        choices=[("cash", "Cash"), ("goods", "In kind")],
                        max_length=6,
                        verbose_name="cash or in kind",
                    ),
                ),
                (
                    "amount",
                    models.DecimalField(
                        decimal_places=2,
                        help_text="For gifts in kind: the estimated value.",
                        max_digits=14,
                        verbose_name="amount (yuan)",
                    ),
                ),
                (
                    "designation",
                    models.CharField(
                        choices=[
                            ("project", "A project"),
                            ("village", "A village"),
                            ("none", "Not designated (central account)"),
                        ],
                        max_length=8,
                        verbose_name="designation",
                    ),
                ),
                (
                    "due_date",
                    models.DateField(blank=True, null=True, verbose_name="to be given by"),
                ),
                (
                    "status",
                    models.CharField(
                        choices=[
                            ("intention", "Intention, awaiting confirmation"),
                            ("confirmed", "Confirmed"),
                            ("withdrawn", "Withdrawn"),
                            ("declined", "Intention declined"),
                        ],
                        default="confirmed",
                        max_length=10,
                        verbose_name="status",
                    ),
                ),
                ("from_public", models.BooleanField(default=False)),
                ("note", models.TextField(blank=True, verbose_name="note")),
                (
                    "withdraw_reason",
                    models.TextField(blank=True, verbose_name="reason for withdrawal"),
                ),
                ("created_at", models.DateTimeField(auto_now_add=True)),
                ("confirmed_at", models.DateTimeField(blank=True, null=True)),
                ("disclosed_at", models.DateTimeField(blank=True, null=True)),
                (
                    "created_by",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "donor_unit",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="portal.unit",
                        verbose_name="donor unit",
                    ),
                ),
                (
                    "drive",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="pledges",
                        to="donations.drive",
                        verbose_name="drive",
                    ),
                ),
                (
                    "unit",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="portal.unit",
                    ),
                ),
                (
                    "village",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="portal.region",
                        verbose_name="village",
                    ),
                ),
                (
                    "project",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="pledges",
                        to="donations.project",
                        verbose_name="project",
                    ),
                ),
            ],
            options={
                "verbose_name": "pledge",
                "verbose_name_plural": "pledges",
                "ordering": ["-created_at"],
                "indexes": [
                    models.Index(fields=["status", "village"], name="pledge_status_village"),
                    models.Index(fields=["drive", "disclosed_at"], name="pledge_drive_disclosed"),
                    models.Index(
                        fields=["drive", "donor_name", "id"], name="pledge_drive_donor_order"
                    ),
                ],
                "constraints": [
                    models.CheckConstraint(
                        condition=models.Q(("amount__gt", 0)), name="pledge_amount_positive"
                    ),
                    models.CheckConstraint(
                        condition=models.Q(
                            models.Q(
                                ("designation", "project"),
                                ("project__isnull", False),
                                ("village__isnull", False),
                            ),
                            models.Q(
                                ("designation", "village"),
                                ("project__isnull", True),
                                ("village__isnull", False),
                            ),
                            models.Q(
                                ("designation", "none"),
                                ("project__isnull", True),
                                ("village__isnull", True),
                            ),
                            _connector="OR",
                        ),
                        name="pledge_designation_consistent",
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
                    models.CharField(max_length=30, unique=True, verbose_name="serial number"),
                ),
                ("token", models.UUIDField(default=uuid.uuid4, editable=False, unique=True)),
                ("donor_name", models.CharField(max_length=150)),
                ("amount", models.DecimalField(decimal_places=2, max_digits=14)),
                ("issued_at", models.DateTimeField(auto_now_add=True)),
                (
                    "pledge",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="certificate",
                        to="donations.pledge",
                    ),
                ),
            ],
            options={
                "ordering": ["serial"],
            },
        ),
        migrations.CreateModel(
            name="PledgeItem",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("description", models.CharField(max_length=120, verbose_name="item")),
                (
                    "quantity",
                    models.DecimalField(decimal_places=2, max_digits=12, verbose_name="quantity"),
                ),
                (
                    "unit_label",
                    models.CharField(blank=True, max_length=20, verbose_name="unit of measure"),
                ),
                (
                    "pledge",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="items",
                        to="donations.pledge",
                    ),
                ),
            ],
            options={
                "constraints": [
                    models.CheckConstraint(
                        condition=models.Q(("quantity__gt", 0)), name="pledgeitem_quantity_positive"
                    )
                ],
            },
        ),
        migrations.CreateModel(
            name="Reallocation",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "amount",
                    models.DecimalField(
                        decimal_places=2, max_digits=14, verbose_name="amount (yuan)"
                    ),
                ),
                (
                    "from_designation",
                    models.CharField(
                        choices=[
                            ("project", "A project"),
                            ("village", "A village"),
                            ("none", "Not designated (central account)"),
                        ],
                        max_length=8,
                    ),
                ),
                (
                    "to_designation",
                    models.CharField(
                        choices=[
                            ("project", "A project"),
                            ("village", "A village"),
                            ("none", "Not designated (central account)"),
                        ],
                        max_length=8,
                        verbose_name="new designation",
                    ),
                ),
                ("consent_on", models.DateField(verbose_name="donor consented on")),
                ("consent_note", models.TextField(verbose_name="how the donor consented")),
                ("created_at", models.DateTimeField(auto_now_add=True)),
                (
                    "consent_evidence",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="portal.attachment",
                        verbose_name="consent evidence",
                    ),
                ),
                (
                    "from_project",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="donations.project",
                    ),
                ),
                (
                    "from_village",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="portal.region",
                    ),
                ),
                (
                    "pledge",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="reallocations",
                        to="donations.pledge",
                    ),
                ),
                (
                    "recorded_by",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "to_project",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="donations.project",
                        verbose_name="new project",
                    ),
                ),
                (
                    "to_village",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="portal.region",
                        verbose_name="new village",
                    ),
                ),
            ],
            options={
                "constraints": [
                    models.CheckConstraint(
                        condition=models.Q(("amount__gt", 0)), name="realloc_amount_positive"
                    )
                ],
            },
        ),
        migrations.CreateModel(
            name="Receipt",
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
                        choices=[("cash", "Cash"), ("goods", "In kind")],
                        max_length=6,
                        verbose_name="cash or in kind",
                    ),
                ),
                (
                    "amount",
                    models.DecimalField(
                        decimal_places=2,
                        max_digits=14,
                        verbose_name="amount or market value (yuan)",
                    ),
                ),
                ("received_on", models.DateField(verbose_name="received on")),
                (
                    "reference",
                    models.CharField(blank=True, max_length=100, verbose_name="reference"),
                ),
                (
                    "status",
                    models.CharField(
                        choices=[
                            ("pending", "Awaiting the township's or village's confirmation"),
                            ("confirmed", "Confirmed"),
                        ],
                        max_length=10,
                    ),
                ),
                ("confirmed_at", models.DateTimeField(blank=True, null=True)),
                ("created_at", models.DateTimeField(auto_now_add=True)),
                (
                    "account",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="receipts",
                        to="donations.account",
                    ),
                ),
                (
                    "certificate",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="portal.attachment",
                        verbose_name="valuation certificate",
                    ),
                ),
                (
                    "confirmed_by",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "pledge",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="receipts",
                        to="donations.pledge",
                    ),
                ),
                (
                    "recorded_by",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "valued_by",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="portal.region",
                        verbose_name="valued by (township or village)",
                    ),
                ),
            ],
            options={
                "ordering": ["received_on", "pk"],
                "constraints": [
                    models.CheckConstraint(
                        condition=models.Q(("amount__gt", 0)), name="receipt_amount_positive"
                    ),
                    models.CheckConstraint(
                        condition=models.Q(
                            models.Q(
                                ("account__isnull", False),
                                ("kind", "cash"),
                                ("status", "confirmed"),
                            ),
                            models.Q(
                                ("account__isnull", True),
                                ("kind", "goods"),
                                ("valued_by__isnull", False),
                            ),
                            _connector="OR",
                        ),
                        name="receipt_kind_consistent",
                    ),
                ],
            },
        ),
        migrations.CreateModel(
            name="Spending",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "amount",
                    models.DecimalField(
                        decimal_places=2, max_digits=14, verbose_name="amount (yuan)"
                    ),
                ),
                ("spent_on", models.DateField(verbose_name="spent on")),
                ("purpose", models.CharField(max_length=200, verbose_name="what for")),
                ("created_at", models.DateTimeField(auto_now_add=True)),
                (
                    "evidence",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="portal.attachment",
                        verbose_name="evidence",
                    ),
                ),
                (
                    "project",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="spendings",
                        to="donations.project",
                    ),
                ),
                (
                    "recorded_by",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
            ],
            options={
                "ordering": ["spent_on", "pk"],
                "constraints": [
                    models.CheckConstraint(
                        condition=models.Q(("amount__gt", 0)), name="spending_amount_positive"
                    )
                ],
            },
        ),
        migrations.CreateModel(
            name="LedgerEntry",
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
                            ("receipt", "Received"),
                            ("spending", "Spent"),
                            ("moved_out", "Moved to another use (donor consent)"),
                            ("moved_in", "Moved in from another use (donor consent)"),
                        ],
                        max_length=10,
                    ),
                ),
                ("amount", models.DecimalField(decimal_places=2, max_digits=14)),
                ("occurred_on", models.DateField()),
                ("created_at", models.DateTimeField(auto_now_add=True)),
                (
                    "account",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="entries",
                        to="donations.account",
                    ),
                ),
                (
                    "region",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="portal.region",
                    ),
                ),
                (
                    "village",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="portal.region",
                    ),
                ),
                (
                    "pledge",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="entries",
                        to="donations.pledge",
                    ),
                ),
                (
                    "project",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="entries",
                        to="donations.project",
                    ),
                ),
                (
                    "reallocation",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        to="donations.reallocation",
                    ),
                ),
                (
                    "receipt",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        to="donations.receipt",
                    ),
                ),
                (
                    "spending",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        to="donations.spending",
                    ),
                ),
            ],
            options={
                "ordering": ["occurred_on", "pk"],
                "constraints": [
                    models.CheckConstraint(
                        condition=models.Q(
                            models.Q(("amount__gt", 0), ("kind__in", ["receipt", "moved_in"])),
                            models.Q(("amount__lt", 0), ("kind__in", ["spending", "moved_out"])),
                            _connector="OR",
                        ),
                        name="ledger_sign_matches_kind",
                    )
                ],
            },
        ),
        migrations.CreateModel(
            name="Wish",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "household_name",
                    models.CharField(max_length=40, verbose_name="head of household"),
                ),
                (
                    "household_id_number",
                    portal.encryption.EncryptedCharField(
                        blank=True,
                        max_length=18,
                        validators=[portal.validators.validate_citizen_id],
                        verbose_name="ID number",
                    ),
                ),
                (
                    "household_phone",
                    portal.encryption.EncryptedCharField(
                        blank=True,
                        max_length=20,
                        validators=[
                            django.core.validators.RegexValidator(
                                "^\\+?[0-9][0-9 ()-]{4,38}[0-9]$",
                                "Enter a phone number: digits, with spaces or hyphens between the groups if you like.",
                                code="invalid_phone",
                            )
                        ],
                        verbose_name="phone",
                    ),
                ),
                ("title", models.CharField(max_length=120, verbose_name="the wish")),
                (
                    "value",
                    models.DecimalField(
                        decimal_places=2, max_digits=14, verbose_name="estimated value (yuan)"
                    ),
                ),
                ("deadline", models.DateField(verbose_name="deadline")),
                (
                    "status",
                    models.CharField(
                        choices=[
                            ("draft", "Awaiting the unit's vetting"),
                            ("published", "Published, waiting to be lit up"),
                            ("claimed", "Claimed"),
                            ("fulfilled", "Fulfilled"),
                            ("withdrawn", "Withdrawn"),
                        ],
                        default="draft",
                        max_length=10,
                    ),
                ),
                ("claimed_at", models.DateTimeField(blank=True, null=True)),
                ("fulfilled_at", models.DateTimeField(blank=True, null=True)),
                (
                    "household_confirmed_on",
                    models.DateField(
                        blank=True, null=True, verbose_name="household confirmed receipt on"
                    ),
                ),
                ("created_at", models.DateTimeField(auto_now_add=True)),
                (
                    "claimed_by",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
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
                    "photo",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="portal.attachment",
                        verbose_name="photo",
                    ),
                ),
                (
                    "unit",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="portal.unit",
                        verbose_name="helping unit",
                    ),
                ),
                (
                    "vetted_by",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "village",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="portal.region",
                        verbose_name="village",
                    ),
                ),
            ],
            options={
                "verbose_name": "micro-wish",
                "verbose_name_plural": "micro-wishes",
                "ordering": ["deadline", "pk"],
                "indexes": [
                    models.Index(fields=["status", "claimed_at"], name="wish_status_claimed")
                ],
                "constraints": [
                    models.CheckConstraint(
                        condition=models.Q(("value__gt", 0)), name="wish_value_positive"
                    ),
                    models.CheckConstraint(
                        condition=models.Q(
                            models.Q(
                                ("claimed_by__isnull", False),
                                ("status__in", ["claimed", "fulfilled"]),
                            ),
                            models.Q(
                                models.Q(("status__in", ["claimed", "fulfilled"]), _negated=True),
                                ("claimed_by__isnull", True),
                            ),
                            _connector="OR",
                        ),
                        name="wish_claimant_matches_status",
                    ),
                ],
            },
        ),
        migrations.CreateModel(
            name="Event",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("action", models.CharField(max_length=60)),
                ("note", models.TextField(blank=True)),
                ("at", models.DateTimeField(auto_now_add=True)),
                (
                    "user",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "pledge",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="events",
                        to="donations.pledge",
                    ),
                ),
                (
                    "project",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="events",
                        to="donations.project",
                    ),
                ),
                (
                    "wish",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="events",
                        to="donations.wish",
                    ),
                ),
            ],
            options={
                "ordering": ["at", "pk"],
            },
        ),
        migrations.CreateModel(
            name="CertificateDocument",
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
                    "certificate",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="documents",
                        to="donations.certificate",
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
                "verbose_name": "donation certificate document",
                "verbose_name_plural": "donation certificate documents",
                "ordering": ["-created_at", "-pk"],
            },
        ),
    ]
