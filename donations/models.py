"""Donations: claimable projects, drives and pledges, what was received and spent,
the cash ledger, donation certificates and micro-wishes.

Money is `DecimalField(max_digits=14, decimal_places=2)` everywhere: exact to the fen.
Cash moves only through `LedgerEntry` rows (written by donations.services); every
balance on every page is a sum of ledger rows, so the figures reconcile by construction
and tests/donations/test_reconciliation.py checks them against the source records.
"""

import uuid
from decimal import Decimal

from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import (
    BigIntegerField,
    DecimalField,
    ExpressionWrapper,
    F,
    FloatField,
    Func,
    Q,
    Sum,
    Value,
)
from django.db.models.functions import Cast, Coalesce, Round
from django.utils.translation import gettext_lazy as _

from portal.documents import RenderedDocument
from portal.encryption import EncryptedCharField
from portal.models import Attachment, Region, Unit
from portal.validators import validate_citizen_id

MONEY = {"max_digits": 14, "decimal_places": 2}
ZERO = Decimal("0.00")
MONEY_FIELD = DecimalField(**MONEY)
FEN = Decimal("0.01")


def money_sum(field: str, **extra) -> Func:
    """SUM of a money column, exact to the fen on every database.

    SQLite keeps non-integer decimals as binary floats and sums them as floats
    (142.98 + ... drifts to 142.979999999998). Summing whole fen as integers is exact
    everywhere; dividing the exact total by 100 once gives the nearest double, which
    the decimal converter turns back into the exact amount (PostgreSQL casts it to
    numeric(14, 2)). Reads 0.00 when there is nothing to sum.
    """
    fen = Sum(Cast(Round(F(field) * 100), BigIntegerField()), **extra)
    yuan = ExpressionWrapper(fen / Value(100.0), output_field=FloatField())
    return Coalesce(Cast(yuan, MONEY_FIELD), Value(ZERO), output_field=MONEY_FIELD)


# A mobile or landline number as people write it: digits, with an optional leading +, and
# spaces, hyphens or brackets between the groups (0911-8123456, +86 139 1234 5678).
validate_phone = RegexValidator(
    r"^\+?[0-9][0-9 ()-]{4,38}[0-9]$",
    _("Enter a phone number: digits, with spaces or hyphens between the groups if you like."),
    code="invalid_phone",
)


def fen(value) -> Decimal:
    """An amount read from an aggregate, normalised to two places."""
    return (value or ZERO).quantize(FEN)


class Category(models.TextChoices):
    INDUSTRY = "industry", _("Industry")
    EDUCATION = "education", _("Education")
    HEALTH = "health", _("Health")
    INFRASTRUCTURE = "infrastructure", _("Infrastructure")
    OTHER = "other", _("Other")


class ProjectStatus(models.TextChoices):
    PROPOSED = "proposed", _("Proposed")
    PUBLISHED = "published", _("Published for claiming")
    REJECTED = "rejected", _("Not accepted")
    ENDED = "ended", _("Ended")


class Project(models.Model):
    """A poverty-alleviation project a township proposes for claiming (认领)."""

    unit = models.ForeignKey(
        Unit, verbose_name=_("proposing unit"), on_delete=models.PROTECT, related_name="+"
    )
    # The county poverty-alleviation office that screens it: found from the village.
    office = models.ForeignKey(
        Unit, verbose_name=_("screening office"), on_delete=models.PROTECT, related_name="+"
    )
    village = models.ForeignKey(
        Region, verbose_name=_("village"), on_delete=models.PROTECT, related_name="+"
    )
    title = models.CharField(_("title"), max_length=150)
    purpose = models.TextField(_("what it is for"))
    category = models.CharField(_("category"), max_length=20, choices=Category.choices)
    budget = models.DecimalField(_("budget (yuan)"), **MONEY)
    claim_deadline = models.DateField(_("claim deadline"))
    photos = models.ManyToManyField(Attachment, verbose_name=_("photos"), blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=ProjectStatus.choices, default=ProjectStatus.PROPOSED
    )
    screening_note = models.TextField(_("screening note"), blank=True)
    screened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    screened_at = models.DateTimeField(null=True, blank=True)
    ended_on = models.DateField(_("ended on"), null=True, blank=True)
    use_disclosed_at = models.DateTimeField(_("use of funds disclosed"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("claimable project")
        verbose_name_plural = _("claimable projects")
        ordering = ["village__path", "-created_at"]
        constraints = [
            models.CheckConstraint(condition=Q(budget__gt=0), name="project_budget_positive"),
            models.CheckConstraint(
                condition=Q(status__in=ProjectStatus.values), name="project_status_valid"
            ),
        ]
        indexes = [
            # The public list: published projects under a region.
            models.Index(fields=["status", "village"], name="project_status_village"),
        ]

    def __str__(self):
        return self.title


class Drive(models.Model):
    """A donation drive (募捐活动) run by a county office, e.g. the Poverty Alleviation
    Day drive. Donors and amounts are disclosed within 30 working days of its end."""

    unit = models.ForeignKey(
        Unit, verbose_name=_("organising office"), on_delete=models.PROTECT, related_name="+"
    )
    title = models.CharField(_("title"), max_length=150)
    period_start = models.DateField(_("donations from"))
    period_end = models.DateField(_("donations until"))
    stats_due = models.DateField(_("statistics due"), null=True, blank=True)
    accepts_public = models.BooleanField(
        _("accepts pledge intentions from the public"), default=True
    )
    donors_disclosed_at = models.DateTimeField(_("donors disclosed"), null=True, blank=True)
    # The campaign whose closing summary receives the drive's statistics. PROTECT:
    # once figures are filed there, deleting the campaign must not silently lose where they went.
    campaign = models.ForeignKey(
        "campaigns.Campaign",
        verbose_name=_("campaign"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="donation_drives",
    )
    # The latest statistics filing; each filing is also in the journal (portal.journal).
    stats_filed_at = models.DateTimeField(_("statistics filed"), null=True, blank=True)
    stats_filed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("statistics filed by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    stats_progress = models.ForeignKey(
        "campaigns.Progress",
        verbose_name=_("statistics progress report"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    # What all filings so far reported as funds raised: a later filing adds only the increase,
    # because the campaign sums funds_raised over every progress report of an assignment.
    stats_filed_total = models.DecimalField(
        _("received total already filed (yuan)"), default=ZERO, **MONEY
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("donation drive")
        verbose_name_plural = _("donation drives")
        ordering = ["-period_end", "title"]
        constraints = [
            models.CheckConstraint(
                condition=Q(period_end__gte=models.F("period_start")), name="drive_period_order"
            ),
        ]

    def __str__(self):
        return self.title


class DonorType(models.TextChoices):
    UNIT = "unit", _("Government or public unit")
    ENTERPRISE = "enterprise", _("Enterprise")
    SOCIAL_ORG = "social_org", _("Social organisation")
    INDIVIDUAL = "individual", _("Individual")


class GiftKind(models.TextChoices):
    CASH = "cash", _("Cash")
    GOODS = "goods", _("In kind")


class Designation(models.TextChoices):
    PROJECT = "project", _("A project")
    VILLAGE = "village", _("A village")
    NONE = "none", _("Not designated (central account)")


class PledgeStatus(models.TextChoices):
    INTENTION = "intention", _("Intention, awaiting confirmation")
    CONFIRMED = "confirmed", _("Confirmed")
    WITHDRAWN = "withdrawn", _("Withdrawn")
    DECLINED = "declined", _("Intention declined")


class Pledge(models.Model):
    """A promise to give (认捐). What arrives is recorded as receipts against it."""

    drive = models.ForeignKey(
        Drive, verbose_name=_("drive"), on_delete=models.PROTECT, related_name="pledges"
    )
    # The drive's office, kept here so pledges are scoped like everything else by unit.
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+")
    donor_type = models.CharField(_("donor type"), max_length=12, choices=DonorType.choices)
    donor_name = models.CharField(_("donor"), max_length=150)
    donor_unit = models.ForeignKey(
        Unit,
        verbose_name=_("donor unit"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    # Private: never shown on a public page; masked on staff pages until shown (and
    # journaled) to the drive's office. Encrypted at rest.
    contact_phone = EncryptedCharField(
        _("contact phone"), max_length=40, blank=True, validators=[validate_phone]
    )
    anonymous = models.BooleanField(_("disclose as anonymous"), default=False)
    kind = models.CharField(_("cash or in kind"), max_length=6, choices=GiftKind.choices)
    amount = models.DecimalField(
        _("amount (yuan)"),
        help_text=_("For gifts in kind: the estimated value."),
        **MONEY,
    )
    # The donor's designation. It never changes: every receipt is booked under it, and a
    # move the donor agrees to takes only the amount agreed elsewhere (Reallocation).
    designation = models.CharField(_("designation"), max_length=8, choices=Designation.choices)
    project = models.ForeignKey(
        Project,
        verbose_name=_("project"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="pledges",
    )
    village = models.ForeignKey(
        Region,
        verbose_name=_("village"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    due_date = models.DateField(_("to be given by"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=PledgeStatus.choices, default=PledgeStatus.CONFIRMED
    )
    from_public = models.BooleanField(default=False)
    note = models.TextField(_("note"), blank=True)
    withdraw_reason = models.TextField(_("reason for withdrawal"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    disclosed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("pledge")
        verbose_name_plural = _("pledges")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="pledge_amount_positive"),
            models.CheckConstraint(
                condition=(
                    Q(designation="project", project__isnull=False, village__isnull=False)
                    | Q(designation="village", project__isnull=True, village__isnull=False)
                    | Q(designation="none", project__isnull=True, village__isnull=True)
                ),
                name="pledge_designation_consistent",
            ),
        ]
        indexes = [
            # Region totals: confirmed pledges grouped by designated village.
            models.Index(fields=["status", "village"], name="pledge_status_village"),
            # The public disclosure page of a drive.
            models.Index(fields=["drive", "disclosed_at"], name="pledge_drive_disclosed"),
            # The public disclosure's donors by name, a page at a time from where the page
            # starts (donations.selectors.public_donor_page and its page starts).
            models.Index(fields=["drive", "donor_name", "id"], name="pledge_drive_donor_order"),
        ]

    def __str__(self):
        return f"{self.donor_name} · {self.amount}"

    @property
    def public_name(self) -> str:
        if self.anonymous and self.donor_type == DonorType.INDIVIDUAL:
            return str(_("Anonymous donor"))
        return self.donor_name

    @property
    def is_large_gift(self) -> bool:
        from donations.rules import large_gift_threshold

        return self.amount >= large_gift_threshold(self.donor_type)


class PledgeItem(models.Model):
    pledge = models.ForeignKey(Pledge, on_delete=models.CASCADE, related_name="items")
    description = models.CharField(_("item"), max_length=120)
    quantity = models.DecimalField(_("quantity"), max_digits=12, decimal_places=2)
    unit_label = models.CharField(_("unit of measure"), max_length=20, blank=True)

    class Meta:
        constraints = [
            models.CheckConstraint(condition=Q(quantity__gt=0), name="pledgeitem_quantity_positive")
        ]

    def __str__(self):
        return f"{self.description} × {self.quantity}"


class AccountKind(models.TextChoices):
    CENTRAL = "central", _("Central account")
    VILLAGE = "village", _("Village collective account")


class Account(models.Model):
    """Where cash lands: a village's collective account (三资账户) or a county's central account."""

    kind = models.CharField(_("kind"), max_length=8, choices=AccountKind.choices)
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("account")
        ordering = ["kind", "region__path"]
        constraints = [
            models.UniqueConstraint(fields=["kind", "region"], name="account_unique_per_region")
        ]

    def __str__(self):
        return f"{self.region.name} · {self.get_kind_display()}"


class ReceiptStatus(models.TextChoices):
    PENDING = "pending", _("Awaiting the township's or village's confirmation")
    CONFIRMED = "confirmed", _("Confirmed")


class Receipt(models.Model):
    """What arrived against a pledge: cash into an account, or goods valued at market price
    by the receiving township or village, which confirms them with a certificate."""

    pledge = models.ForeignKey(Pledge, on_delete=models.PROTECT, related_name="receipts")
    kind = models.CharField(_("cash or in kind"), max_length=6, choices=GiftKind.choices)
    amount = models.DecimalField(_("amount or market value (yuan)"), **MONEY)
    received_on = models.DateField(_("received on"))
    reference = models.CharField(_("reference"), max_length=100, blank=True)
    account = models.ForeignKey(
        Account, null=True, blank=True, on_delete=models.PROTECT, related_name="receipts"
    )
    valued_by = models.ForeignKey(
        Region,
        verbose_name=_("valued by (township or village)"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    certificate = models.ForeignKey(
        Attachment,
        verbose_name=_("valuation certificate"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    status = models.CharField(max_length=10, choices=ReceiptStatus.choices)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    confirmed_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["received_on", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="receipt_amount_positive"),
            models.CheckConstraint(
                condition=Q(kind="cash", account__isnull=False, status="confirmed")
                | Q(kind="goods", account__isnull=True, valued_by__isnull=False),
                name="receipt_kind_consistent",
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} {self.amount}"


class Reallocation(models.Model):
    """Part of a pledge's cash moved from its designation to another use, with the donor's
    consent: exactly `amount`, as a pair of ledger entries. The pledge keeps its designation."""

    pledge = models.ForeignKey(Pledge, on_delete=models.PROTECT, related_name="reallocations")
    amount = models.DecimalField(_("amount (yuan)"), **MONEY)
    from_designation = models.CharField(max_length=8, choices=Designation.choices)
    from_project = models.ForeignKey(
        Project, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    from_village = models.ForeignKey(
        Region, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    to_designation = models.CharField(
        _("new designation"), max_length=8, choices=Designation.choices
    )
    to_project = models.ForeignKey(
        Project,
        verbose_name=_("new project"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    to_village = models.ForeignKey(
        Region,
        verbose_name=_("new village"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    consent_on = models.DateField(_("donor consented on"))
    consent_note = models.TextField(_("how the donor consented"))
    consent_evidence = models.ForeignKey(
        Attachment,
        verbose_name=_("consent evidence"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="realloc_amount_positive"),
        ]

    def __str__(self):
        return f"{self.pledge} → {self.get_to_designation_display()}"


class Spending(models.Model):
    """Use of a project's funds (资金使用)."""

    project = models.ForeignKey(Project, on_delete=models.PROTECT, related_name="spendings")
    amount = models.DecimalField(_("amount (yuan)"), **MONEY)
    spent_on = models.DateField(_("spent on"))
    purpose = models.CharField(_("what for"), max_length=200)
    evidence = models.ForeignKey(
        Attachment, verbose_name=_("evidence"), on_delete=models.PROTECT, related_name="+"
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["spent_on", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="spending_amount_positive"),
        ]

    def __str__(self):
        return f"{self.purpose} {self.amount}"


class EntryKind(models.TextChoices):
    RECEIPT = "receipt", _("Received")
    SPENDING = "spending", _("Spent")
    MOVED_OUT = "moved_out", _("Moved to another use (donor consent)")
    MOVED_IN = "moved_in", _("Moved in from another use (donor consent)")


class LedgerEntry(models.Model):
    """One signed movement of cash in an account, under a designation. Append-only."""

    account = models.ForeignKey(Account, on_delete=models.PROTECT, related_name="entries")
    project = models.ForeignKey(
        Project, null=True, blank=True, on_delete=models.PROTECT, related_name="entries"
    )
    village = models.ForeignKey(
        Region, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    # For roll-ups: the designated village, or the county of the central account.
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(max_length=10, choices=EntryKind.choices)
    amount = models.DecimalField(**MONEY)
    occurred_on = models.DateField()
    pledge = models.ForeignKey(
        Pledge, null=True, blank=True, on_delete=models.PROTECT, related_name="entries"
    )
    receipt = models.ForeignKey(Receipt, null=True, blank=True, on_delete=models.PROTECT)
    spending = models.ForeignKey(Spending, null=True, blank=True, on_delete=models.PROTECT)
    reallocation = models.ForeignKey(Reallocation, null=True, blank=True, on_delete=models.PROTECT)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["occurred_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(kind__in=["receipt", "moved_in"], amount__gt=0)
                    | Q(kind__in=["spending", "moved_out"], amount__lt=0)
                ),
                name="ledger_sign_matches_kind",
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} {self.amount}"


class Certificate(models.Model):
    """A county donation certificate (捐赠证书) for a large gift."""

    pledge = models.OneToOneField(Pledge, on_delete=models.PROTECT, related_name="certificate")
    serial = models.CharField(_("serial number"), max_length=30, unique=True)
    token = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    donor_name = models.CharField(max_length=150)
    amount = models.DecimalField(**MONEY)
    issued_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["serial"]

    def __str__(self):
        return self.serial


class CertificateDocument(RenderedDocument):
    """A donation certificate's PDF, made from its frozen content by portal.documents
    (donations.services.certificates builds the snapshot)."""

    certificate = models.ForeignKey(
        Certificate,
        on_delete=models.PROTECT,
        related_name="documents",
        verbose_name=_("certificate"),
    )

    class Meta:
        verbose_name = _("donation certificate document")
        verbose_name_plural = _("donation certificate documents")
        ordering = ["-created_at", "-pk"]

    def render(self) -> bytes:
        from donations.services.certificates import certificate_render

        return certificate_render(self.snapshot)

    def download_name(self) -> str:
        return f"{self.snapshot['certificate']['serial']}.pdf"


class WishStatus(models.TextChoices):
    DRAFT = "draft", _("Awaiting the unit's vetting")
    PUBLISHED = "published", _("Published, waiting to be lit up")
    CLAIMED = "claimed", _("Claimed")
    FULFILLED = "fulfilled", _("Fulfilled")
    WITHDRAWN = "withdrawn", _("Withdrawn")


# Wishes that count as docked (对接成功) for the 30 % requirement.
DOCKED_STATUSES = (WishStatus.CLAIMED, WishStatus.FULFILLED)


class Wish(models.Model):
    """A micro-wish (微心愿) of a household a helping unit helps."""

    unit = models.ForeignKey(
        Unit, verbose_name=_("helping unit"), on_delete=models.PROTECT, related_name="+"
    )
    village = models.ForeignKey(
        Region, verbose_name=_("village"), on_delete=models.PROTECT, related_name="+"
    )
    # Household details stay inside the unit: other pages show the surname and village.
    household_name = models.CharField(_("head of household"), max_length=40)
    # Encrypted at rest; masked until shown (and journaled) to the unit's staff.
    household_id_number = EncryptedCharField(
        _("ID number"), max_length=18, blank=True, validators=[validate_citizen_id]
    )
    household_phone = EncryptedCharField(
        _("phone"), max_length=20, blank=True, validators=[validate_phone]
    )
    title = models.CharField(_("the wish"), max_length=120)
    value = models.DecimalField(_("estimated value (yuan)"), **MONEY)
    deadline = models.DateField(_("deadline"))
    status = models.CharField(max_length=10, choices=WishStatus.choices, default=WishStatus.DRAFT)
    vetted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    claimed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    claimed_at = models.DateTimeField(null=True, blank=True)
    fulfilled_at = models.DateTimeField(null=True, blank=True)
    photo = models.ForeignKey(
        Attachment,
        verbose_name=_("photo"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    household_confirmed_on = models.DateField(
        _("household confirmed receipt on"), null=True, blank=True
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("micro-wish")
        verbose_name_plural = _("micro-wishes")
        ordering = ["deadline", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(value__gt=0), name="wish_value_positive"),
            # A claimed or fulfilled wish has exactly one claimant; others have none.
            models.CheckConstraint(
                condition=(
                    Q(status__in=["claimed", "fulfilled"], claimed_by__isnull=False)
                    | (~Q(status__in=["claimed", "fulfilled"]) & Q(claimed_by__isnull=True))
                ),
                name="wish_claimant_matches_status",
            ),
        ]
        indexes = [
            # Claim expiry and the public list both filter on status.
            models.Index(fields=["status", "claimed_at"], name="wish_status_claimed"),
        ]

    def __str__(self):
        return self.title

    @property
    def masked_household(self) -> str:
        return f"{self.household_name[:1]}**"


class Event(models.Model):
    """The old donations journal, no longer written: its rows were copied into the
    portal journal (portal.journal, migration 0004). Kept for one release so that
    migration 0003, which wrote here, still runs; the next release removes it."""

    action = models.CharField(max_length=60)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    project = models.ForeignKey(
        Project, null=True, blank=True, on_delete=models.CASCADE, related_name="events"
    )
    pledge = models.ForeignKey(
        Pledge, null=True, blank=True, on_delete=models.CASCADE, related_name="events"
    )
    wish = models.ForeignKey(
        Wish, null=True, blank=True, on_delete=models.CASCADE, related_name="events"
    )
    note = models.TextField(blank=True)
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self):
        return self.action
