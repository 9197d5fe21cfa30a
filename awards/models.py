"""Award programmes (评选表彰): categories with tier quotas, nominations, judging, the
public notice, objections and certificates."""

import uuid
from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from portal.documents import RenderedDocument
from portal.models import Attachment, Region, Unit


class ProgrammeKind(models.TextChoices):
    COMMENDATION = "commendation", _("Commendation of collectives and individuals")
    CONTEST = "contest", _("Works contest")


class ProgrammeStatus(models.TextChoices):
    OPEN = "open", _("Nominating and judging")
    NOTICE = "notice", _("Public notice")
    FINAL = "final", _("Final")


class Takes(models.TextChoices):
    UNIT = "unit", _("A unit")
    COUNTY = "county", _("A county")
    PERSON = "person", _("A person")
    WORK = "work", _("A work with its author")


class Programme(models.Model):
    organiser = models.ForeignKey(
        Unit,
        verbose_name=_("organiser"),
        on_delete=models.PROTECT,
        related_name="award_programmes",
        help_text=_("The office that runs the programme; its administrators manage it."),
    )
    year = models.PositiveSmallIntegerField(_("year"))
    title = models.CharField(_("title"), max_length=200)
    basis_document = models.CharField(
        _("document it rests on"), max_length=100, blank=True, help_text="宜宣明电〔2018〕20号"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=ProgrammeKind.choices)
    status = models.CharField(
        _("status"), max_length=10, choices=ProgrammeStatus.choices, default=ProgrammeStatus.OPEN
    )
    nomination_opens = models.DateField(_("nominations open"))
    nomination_closes = models.DateField(_("nominations close"))
    notice_working_days = models.PositiveSmallIntegerField(
        _("public notice (working days)"),
        default=5,
        validators=[MinValueValidator(1), MaxValueValidator(30)],
    )
    anonymous_judging = models.BooleanField(
        _("judge works without the author's name"), default=False
    )
    drop_extremes = models.BooleanField(
        _("drop the highest and lowest score"),
        default=False,
        help_text=_("Only when at least three judges scored a nomination."),
    )
    notice_starts = models.DateField(_("notice starts"), null=True, blank=True)
    notice_ends = models.DateField(_("notice ends"), null=True, blank=True)
    finalised_at = models.DateTimeField(_("made final at"), null=True, blank=True)
    circular_number = models.CharField(_("circular number"), max_length=100, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True
    )
    created_at = models.DateTimeField(auto_now_add=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("award programme")
        verbose_name_plural = _("award programmes")
        ordering = ["-year", "title"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(nomination_closes__gte=models.F("nomination_opens")),
                name="programme_window_ordered",
            ),
            models.CheckConstraint(
                condition=models.Q(status__in=ProgrammeStatus.values),
                name="programme_status_valid",
            ),
        ]

    def __str__(self):
        return f"{self.year} {self.title}"


class Category(models.Model):
    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="categories")
    name = models.CharField(_("name"), max_length=100)
    takes = models.CharField(_("takes"), max_length=10, choices=Takes.choices)
    position = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("category")
        verbose_name_plural = _("categories")
        ordering = ["programme", "position", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "name"], name="category_name_unique_in_programme"
            )
        ]

    def __str__(self):
        return self.name


class Tier(models.Model):
    """A prize level of a category with how many may win it. Assigning a winner locks
    this row (select_for_update) and counts inside the transaction, so two
    administrators cannot both take the last place."""

    category = models.ForeignKey(Category, on_delete=models.CASCADE, related_name="tiers")
    name = models.CharField(_("name"), max_length=50)
    quota = models.PositiveSmallIntegerField(_("quota"), validators=[MinValueValidator(1)])
    position = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("tier")
        verbose_name_plural = _("tiers")
        ordering = ["category", "position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["category", "name"], name="tier_name_unique"),
            models.CheckConstraint(condition=models.Q(quota__gte=1), name="tier_quota_positive"),
        ]

    def __str__(self):
        return f"{self.category} · {self.name}"


class Criterion(models.Model):
    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="criteria")
    name = models.CharField(_("criterion"), max_length=100)
    weight = models.DecimalField(
        _("weight"),
        max_digits=5,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0.01"))],
        help_text=_("Scores are out of 100 for each criterion; weights are relative."),
    )
    position = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("judging criterion")
        verbose_name_plural = _("judging criteria")
        ordering = ["programme", "position", "pk"]

    def __str__(self):
        return self.name


class Nominator(models.Model):
    """A unit that may nominate, and how many nominations it may file."""

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="nominators")
    unit = models.ForeignKey(Unit, verbose_name=_("unit"), on_delete=models.CASCADE)
    limit = models.PositiveSmallIntegerField(_("limit"), validators=[MinValueValidator(1)])

    class Meta:
        verbose_name = _("nominating unit")
        verbose_name_plural = _("nominating units")
        ordering = ["programme", "unit__region__path", "unit__name"]
        constraints = [
            models.UniqueConstraint(fields=["programme", "unit"], name="nominator_unique")
        ]

    def __str__(self):
        return f"{self.unit} ({self.limit})"


class Judge(models.Model):
    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="judges")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("judge"), on_delete=models.CASCADE
    )
    categories = models.ManyToManyField(Category, verbose_name=_("categories"), blank=True)

    class Meta:
        verbose_name = _("judge")
        verbose_name_plural = _("judges")
        constraints = [models.UniqueConstraint(fields=["programme", "user"], name="judge_unique")]

    def __str__(self):
        return str(self.user)


class NominationStatus(models.TextChoices):
    AWAITING_SIGNOFF = "awaiting_signoff", _("Awaiting sign-off")
    SUBMITTED = "submitted", _("Submitted")
    QUALIFIED = "qualified", _("Qualified")
    REJECTED = "rejected", _("Not qualified")


# The states in which a nomination takes one of its unit's places (Nominator.limit). One
# found not qualified gives its place back, so the unit may put someone else forward
# while the window is open. The states that count are listed rather than "all but
# rejected", so that a state added later (say, withdrawn) has to be placed deliberately.
PLACE_TAKING_STATUSES = (
    NominationStatus.AWAITING_SIGNOFF,
    NominationStatus.SUBMITTED,
    NominationStatus.QUALIFIED,
)


class Nomination(models.Model):
    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="nominations")
    category = models.ForeignKey(Category, verbose_name=_("category"), on_delete=models.PROTECT)
    unit = models.ForeignKey(
        Unit,
        verbose_name=_("nominating unit"),
        on_delete=models.PROTECT,
        related_name="award_nominations",
    )
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=NominationStatus.choices,
        default=NominationStatus.AWAITING_SIGNOFF,
    )
    nominee_name = models.CharField(_("nominee"), max_length=150)
    nominee_unit = models.ForeignKey(
        Unit,
        verbose_name=_("nominee's unit"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="award_nominee_of",
        help_text=_("The unit nominated, or the unit the person or author belongs to."),
    )
    nominee_region = models.ForeignKey(
        Region,
        verbose_name=_("county"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    nominee_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    work_title = models.CharField(_("title of the work"), max_length=200, blank=True)
    work_text = models.TextField(_("the work"), blank=True)
    deeds = models.TextField(_("deeds (事迹材料)"), blank=True)
    figures = models.JSONField(_("assessment figures"), default=dict, blank=True)
    attachments = models.ManyToManyField(Attachment, blank=True, related_name="+")
    reject_reason = models.TextField(_("reason"), blank=True)
    tier = models.ForeignKey(
        Tier,
        verbose_name=_("tier"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="winners",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    signed_off_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    signed_off_at = models.DateTimeField(null=True, blank=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("nomination")
        verbose_name_plural = _("nominations")
        ordering = ["programme", "category", "pk"]
        indexes = [
            # Counting a unit's nominations against its limit, and listing its own.
            models.Index(fields=["programme", "unit"], name="nomination_prog_unit"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status__in=NominationStatus.values),
                name="nomination_status_valid",
            ),
            models.CheckConstraint(
                condition=models.Q(tier=None) | models.Q(status=NominationStatus.QUALIFIED),
                name="only_qualified_nominations_win",
            ),
        ]

    def __str__(self):
        return self.display_title

    @property
    def display_title(self) -> str:
        if self.work_title:
            return f"《{self.work_title}》 {self.nominee_name}"
        return self.nominee_name


class Score(models.Model):
    """One judge's score of one nomination on one criterion (0–100)."""

    nomination = models.ForeignKey(Nomination, on_delete=models.CASCADE, related_name="scores")
    judge = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    criterion = models.ForeignKey(Criterion, on_delete=models.CASCADE)
    value = models.DecimalField(
        max_digits=5,
        decimal_places=2,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )
    at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["nomination", "judge", "criterion"], name="one_score_per_criterion"
            ),
            models.CheckConstraint(
                condition=models.Q(value__gte=0, value__lte=100), name="score_0_100"
            ),
        ]

    def __str__(self):
        return f"{self.nomination_id}/{self.criterion_id}: {self.value}"


class Objection(models.Model):
    """An objection lodged by anyone during the public notice, and how it was settled."""

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="objections")
    nomination = models.ForeignKey(
        Nomination,
        verbose_name=_("about"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="objections",
    )
    text = models.TextField(_("objection"), max_length=2000)
    contact = models.CharField(_("contact"), max_length=100)
    lodged_at = models.DateTimeField(auto_now_add=True)
    settlement = models.TextField(_("how it was settled"), blank=True)
    settled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    settled_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("objection")
        verbose_name_plural = _("objections")
        ordering = ["lodged_at"]

    def __str__(self):
        return self.text[:50]


class Certificate(models.Model):
    nomination = models.OneToOneField(
        Nomination, on_delete=models.PROTECT, related_name="certificate"
    )
    serial = models.CharField(_("serial number"), max_length=40, unique=True)
    token = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    issued_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("certificate")
        verbose_name_plural = _("certificates")
        ordering = ["serial"]

    def __str__(self):
        return self.serial


class AwardDocumentKind(models.TextChoices):
    CIRCULAR = "circular", _("Commendation circular")
    CERTIFICATE = "certificate", _("Certificate of honour")


class AwardDocument(RenderedDocument):
    """The commendation circular of a final list, or one winner's certificate, made from
    the frozen list by portal.documents (awards.documents builds the snapshot)."""

    kind = models.CharField(_("kind"), max_length=20, choices=AwardDocumentKind.choices)
    programme = models.ForeignKey(
        Programme, on_delete=models.PROTECT, related_name="documents", verbose_name=_("programme")
    )
    certificate = models.ForeignKey(
        Certificate,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="documents",
        verbose_name=_("certificate"),
    )

    class Meta:
        verbose_name = _("award document")
        verbose_name_plural = _("award documents")
        ordering = ["-created_at", "-pk"]

    def render(self) -> bytes:
        from awards.documents import render

        return render(self.snapshot)

    def download_name(self) -> str:
        if self.certificate_id:
            return f"certificate-{self.snapshot['certificate']['serial']}.pdf"
        return f"circular-{self.snapshot['programme']['year']}-{self.programme_id}.pdf"
