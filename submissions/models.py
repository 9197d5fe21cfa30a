"""Quarterly publicity reports (季度宣传报告), their items, and how they are scored."""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from portal.models import Attachment, Unit
from submissions.search_text import SEARCHED_FIELDS, HasBigrams, bigram_text


class MediaLevel(models.TextChoices):
    CENTRAL = "central", _("Central / national media")
    PROVINCIAL = "provincial", _("Provincial media")
    MUNICIPAL = "municipal", _("Municipal media")
    COUNTY = "county", _("County media")
    INDUSTRY = "industry", _("Industry media")
    OFFICE = "office", _("Poverty-alleviation office media")


class MediaType(models.TextChoices):
    NEWSPAPER = "newspaper", _("Newspaper")
    TV = "tv", _("Television")
    RADIO = "radio", _("Radio")
    ONLINE = "online", _("Online")
    NEW_MEDIA = "new_media", _("New media (WeChat, Weibo)")
    DISPLAY = "display", _("Plaque, billboard or display board")


class Category(models.TextChoices):
    POLICY = "policy", _("Policies and measures")
    RESULTS = "results", _("Results of special, industry and social poverty alleviation")
    CADRES = "cadres", _("Advanced deeds of village-stationed cadres")
    STYLE = "style", _("The system's work style and image")
    RELOCATION = "relocation", _("Relocation (易地搬迁)")
    INDUSTRY = "industry", _("Industry (产业扶贫)")
    VILLAGE = "village", _("Whole-village advancement (整村推进)")
    TRAINING = "training", _("Capability and skills training (能力建设)")
    SAFETY_NET = "safety_net", _("Social-assistance safety net (兜底保障)")
    PAIRING = "pairing", _("Village and household pairing (结对帮扶)")
    OTHER = "other", _("Other")


class ReportStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    AWAITING_SIGNOFF = "awaiting_signoff", _("Awaiting sign-off")
    SUBMITTED = "submitted", _("Submitted")
    RETURNED = "returned", _("Returned")
    ADOPTED = "adopted", _("Adopted")


EDITABLE_STATUSES = frozenset({ReportStatus.DRAFT, ReportStatus.RETURNED})
WITH_REVIEWERS = frozenset({ReportStatus.SUBMITTED, ReportStatus.ADOPTED})


class ReviewResult(models.TextChoices):
    PENDING = "pending", _("Not reviewed")
    ADOPTED = "adopted", _("Adopted")
    REJECTED = "rejected", _("Not adopted")


class DeadlineExtension(models.Model):
    """A later deadline for a quarter: for every unit (unit empty) or for one unit."""

    year = models.PositiveSmallIntegerField(_("year"))
    quarter = models.PositiveSmallIntegerField(
        _("quarter"), validators=[MinValueValidator(1), MaxValueValidator(4)]
    )
    unit = models.ForeignKey(
        Unit,
        verbose_name=_("unit"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        help_text=_("Leave empty to extend the deadline for every unit."),
    )
    due_date = models.DateField(_("new deadline"))
    reason = models.CharField(_("reason"), max_length=300)
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("granted by"), on_delete=models.PROTECT
    )
    granted_at = models.DateTimeField(_("granted at"), auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("deadline extension")
        verbose_name_plural = _("deadline extensions")
        constraints = [
            models.UniqueConstraint(
                fields=["year", "quarter", "unit"], name="one_extension_per_unit_quarter"
            ),
            models.UniqueConstraint(
                fields=["year", "quarter"],
                condition=models.Q(unit=None),
                name="one_general_extension_per_quarter",
            ),
            models.CheckConstraint(
                condition=models.Q(quarter__gte=1, quarter__lte=4), name="extension_quarter_1_4"
            ),
        ]

    def __str__(self):
        return f"{self.year}Q{self.quarter} → {self.due_date}"


class Report(models.Model):
    unit = models.ForeignKey(
        Unit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="reports"
    )
    year = models.PositiveSmallIntegerField(_("year"))
    quarter = models.PositiveSmallIntegerField(
        _("quarter"), validators=[MinValueValidator(1), MaxValueValidator(4)]
    )
    status = models.CharField(
        _("status"), max_length=20, choices=ReportStatus.choices, default=ReportStatus.DRAFT
    )
    nothing_to_report = models.BooleanField(_("nothing to report this quarter"), default=False)
    nothing_reason = models.CharField(
        _("why there is nothing to report"), max_length=500, blank=True
    )
    due_date = models.DateField(_("deadline"))
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    is_late = models.BooleanField(_("late"), default=False)
    # Who must act next, and since when: the reviewer queue shows how long a report waits.
    holder_since = models.DateTimeField(_("waiting since"), null=True, blank=True)
    last_comment = models.TextField(_("latest comment"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    # Bumped by every write; a form carries the version it was shown, so a stale save is refused.
    version = models.PositiveIntegerField(default=1)
    # The number the report's latest new item took (Item.number): a counter, so the number
    # of a deleted item is never given to another. Bumped under the report's row lock.
    last_item_number = models.PositiveIntegerField(default=0, db_default=0, editable=False)

    history = HistoricalRecords(excluded_fields=["last_item_number"])

    class Meta:
        verbose_name = _("quarterly report")
        verbose_name_plural = _("quarterly reports")
        ordering = ["-year", "-quarter", "unit__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "year", "quarter"], name="one_report_per_unit_quarter"
            ),
            models.CheckConstraint(
                condition=models.Q(quarter__gte=1, quarter__lte=4), name="report_quarter_1_4"
            ),
            models.CheckConstraint(
                condition=models.Q(status__in=ReportStatus.values), name="report_status_valid"
            ),
        ]
        indexes = [
            # The reviewer queue and the completeness page: one quarter, by status.
            models.Index(fields=["year", "quarter", "status"], name="report_quarter_status"),
        ]

    def __str__(self):
        return _("%(unit)s, %(year)s Q%(quarter)s") % {
            "unit": self.unit,
            "year": self.year,
            "quarter": self.quarter,
        }

    @property
    def is_editable(self) -> bool:
        return self.status in EDITABLE_STATUSES

    @property
    def period_label(self) -> str:
        return _("%(year)s Q%(quarter)s") % {"year": self.year, "quarter": self.quarter}


class Item(models.Model):
    """One publicity result (宣传成果): a piece a medium published in the quarter."""

    report = models.ForeignKey(
        Report, verbose_name=_("report"), on_delete=models.CASCADE, related_name="items"
    )
    # "第3条" of its report for good: given at creation (services.next_item_numbers), kept
    # when earlier-dated items are added or others deleted. The list still sorts by date.
    number = models.PositiveIntegerField(_("item number"), editable=False)
    title = models.CharField(_("title"), max_length=200)
    outlet = models.CharField(_("outlet"), max_length=100)
    media_level = models.CharField(_("media level"), max_length=20, choices=MediaLevel.choices)
    media_type = models.CharField(_("media type"), max_length=20, choices=MediaType.choices)
    published_on = models.DateField(_("publication date"))
    link = models.URLField(_("link"), max_length=500, blank=True)
    page = models.CharField(_("page or programme"), max_length=50, blank=True)
    authors = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name=_("authors"), blank=True, related_name="items"
    )
    author_names = models.CharField(_("other authors"), max_length=200, blank=True)
    category = models.CharField(_("content category"), max_length=20, choices=Category.choices)
    campaign_tag = models.CharField(_("campaign"), max_length=100, blank=True)
    is_lead_story = models.BooleanField(_("front page or lead story"), default=False)
    leader_endorsed = models.BooleanField(_("endorsed by a leader in writing"), default=False)
    notes = models.TextField(_("notes"), blank=True)
    clippings = models.ManyToManyField(
        Attachment, verbose_name=_("clippings"), blank=True, related_name="+"
    )

    review_result = models.CharField(
        _("review result"),
        max_length=10,
        choices=ReviewResult.choices,
        default=ReviewResult.PENDING,
    )
    rejection_reason = models.CharField(_("reason not adopted"), max_length=300, blank=True)
    points = models.DecimalField(_("points"), max_digits=7, decimal_places=2, default=Decimal(0))
    points_override = models.DecimalField(
        _("points set by reviewer"), max_digits=7, decimal_places=2, null=True, blank=True
    )
    override_reason = models.CharField(_("reason for the points set"), max_length=300, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reviewed by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    version = models.PositiveIntegerField(default=1)
    # The character pairs of title, outlet and other authors, for the search's bigram
    # index (see submissions/search_text.py); derived in save(), not edited.
    search_bigrams = models.TextField(editable=False, blank=True, default="")

    history = HistoricalRecords(m2m_fields=[authors], excluded_fields=["search_bigrams"])

    class Meta:
        verbose_name = _("publicity item")
        verbose_name_plural = _("publicity items")
        ordering = ["published_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(review_result__in=ReviewResult.values),
                name="item_review_result_valid",
            ),
            models.UniqueConstraint(fields=["report", "number"], name="item_number_in_report"),
        ]
        indexes = [
            # The assessment: adopted items of a year, summed per unit.
            models.Index(fields=["review_result", "published_on"], name="item_result_date"),
            # The search, newest first: a common word or no word at all matches most
            # items, and walking this index finds the first page without sorting them all.
            models.Index(fields=["published_on", "id"], name="item_published"),
        ]
        # The bigram GIN index of the search is PostgreSQL-only: migration 0003.

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        # Every write through the ORM keeps the search pairs in step with the text
        # (services save items; bulk_create and COPY callers set them themselves).
        self.set_search_bigrams()
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and set(update_fields) & set(SEARCHED_FIELDS):
            kwargs["update_fields"] = {*update_fields, "search_bigrams"}
        super().save(*args, **kwargs)

    def set_search_bigrams(self) -> None:
        self.search_bigrams = bigram_text(*(getattr(self, f) for f in SEARCHED_FIELDS))

    @property
    def final_points(self) -> Decimal:
        return self.points_override if self.points_override is not None else self.points


Item._meta.get_field("search_bigrams").register_lookup(HasBigrams)


class ReportTotals(models.Model):
    """What an adopted report adds to the annual assessment: its adopted items' points and
    counts, stored by report_adopt in the adopting transaction. An adopted report's items
    cannot change, so the totals stay true, and the assessment sums one row per report
    rather than every adopted item of the year."""

    report = models.OneToOneField(
        Report, primary_key=True, on_delete=models.CASCADE, related_name="totals"
    )
    points = models.DecimalField(max_digits=12, decimal_places=2, default=Decimal(0))
    adopted = models.PositiveIntegerField(default=0)
    # Adopted items per media level and per media type: {"provincial": 3, ...}.
    by_level = models.JSONField(default=dict)
    by_type = models.JSONField(default=dict)

    def __str__(self):
        return f"{self.report_id}: {self.points}"


class Submission(models.Model):
    """A frozen copy of the report's items as signed off, to show what changed next time."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="submissions")
    number = models.PositiveSmallIntegerField()
    submitted_at = models.DateTimeField()
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    snapshot = models.JSONField()

    class Meta:
        ordering = ["report", "number"]
        constraints = [
            models.UniqueConstraint(fields=["report", "number"], name="submission_number_unique")
        ]

    def __str__(self):
        return f"{self.report} #{self.number}"


class ScoringYear(models.Model):
    """The year's scoring rules, set by administrators."""

    year = models.PositiveSmallIntegerField(_("year"), unique=True)
    lead_story_multiplier = models.DecimalField(
        _("multiplier for front-page or lead stories"),
        max_digits=4,
        decimal_places=2,
        default=Decimal("1.5"),
    )
    endorsement_bonus = models.DecimalField(
        _("bonus for a leader's written endorsement"),
        max_digits=6,
        decimal_places=2,
        default=Decimal("2"),
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("scoring rules")
        verbose_name_plural = _("scoring rules")
        ordering = ["-year"]

    def __str__(self):
        return _("Scoring rules %(year)s") % {"year": self.year}


class ScoringRule(models.Model):
    scoring_year = models.ForeignKey(ScoringYear, on_delete=models.CASCADE, related_name="rules")
    media_level = models.CharField(_("media level"), max_length=20, choices=MediaLevel.choices)
    media_type = models.CharField(_("media type"), max_length=20, choices=MediaType.choices)
    points = models.DecimalField(_("points"), max_digits=6, decimal_places=2)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("points for a media level and type")
        verbose_name_plural = _("points per media level and type")
        constraints = [
            models.UniqueConstraint(
                fields=["scoring_year", "media_level", "media_type"], name="one_rule_per_medium"
            )
        ]

    def __str__(self):
        return f"{self.get_media_level_display()} · {self.get_media_type_display()}: {self.points}"
