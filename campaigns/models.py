"""Campaigns (活动方案) and their activity assignments (任务分工).

A campaign is a plan with phases and activities; each activity names a lead unit
(牵头单位) and responsible units (责任单位). Publishing the campaign gives every
responsible unit one Assignment per activity, on which the unit files progress with
evidence; the lead unit or an administrator accepts it or sends it back.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from portal.models import Attachment, Unit


class CampaignKind(models.TextChoices):
    ANNUAL_PLAN = "annual_plan", _("Annual publicity work plan")
    POVERTY_DAY = "poverty_day", _("Poverty Alleviation Day series")
    SPECIAL = "special", _("Special theme")


class CampaignStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    # "Published" alone is a column heading for publication dates elsewhere.
    PUBLISHED = "published", pgettext_lazy("campaign status", "Published")
    CLOSED = "closed", _("Closed")


class AssignmentState(models.TextChoices):
    ASSIGNED = "assigned", _("Assigned")
    IN_PROGRESS = "in_progress", _("In progress")
    DONE = "done", _("Done, awaiting acceptance")
    RETURNED = "returned", _("Sent back")
    ACCEPTED = "accepted", _("Accepted")


# Where each state may go, and which service moves it (campaigns.services).
TRANSITIONS = {
    AssignmentState.ASSIGNED: {AssignmentState.IN_PROGRESS, AssignmentState.DONE},
    AssignmentState.IN_PROGRESS: {AssignmentState.IN_PROGRESS, AssignmentState.DONE},
    AssignmentState.RETURNED: {AssignmentState.IN_PROGRESS, AssignmentState.DONE},
    AssignmentState.DONE: {AssignmentState.ACCEPTED, AssignmentState.RETURNED},
    AssignmentState.ACCEPTED: set(),
}
# States in which the unit still has work to do.
OPEN_STATES = frozenset(
    {AssignmentState.ASSIGNED, AssignmentState.IN_PROGRESS, AssignmentState.RETURNED}
)


class Campaign(models.Model):
    kind = models.CharField(_("kind"), max_length=20, choices=CampaignKind.choices)
    year = models.PositiveSmallIntegerField(_("year"))
    title = models.CharField(_("title"), max_length=200)
    theme = models.CharField(_("theme"), max_length=300, blank=True)
    guiding_text = models.TextField(_("guiding principles"), blank=True)
    owner_unit = models.ForeignKey(
        Unit,
        verbose_name=_("organising unit"),
        on_delete=models.PROTECT,
        related_name="owned_campaigns",
    )
    status = models.CharField(
        _("status"), max_length=10, choices=CampaignStatus.choices, default=CampaignStatus.DRAFT
    )
    summary_due = models.DateField(
        _("closing summary due"),
        null=True,
        blank=True,
        help_text=_("Leave empty if the campaign asks for no closing summary."),
    )
    copied_from = models.ForeignKey(
        "self",
        verbose_name=_("copied from"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    version = models.PositiveIntegerField(default=1)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("campaign")
        verbose_name_plural = _("campaigns")
        ordering = ["-year", "title"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(kind__in=CampaignKind.values), name="campaign_kind_valid"
            ),
            models.CheckConstraint(
                condition=models.Q(status__in=CampaignStatus.values),
                name="campaign_status_valid",
            ),
        ]

    def __str__(self):
        # Plans carry their year in the title ("2020年扶贫日系列活动方案"); add it only if not.
        return self.title if str(self.year) in self.title else f"{self.year} {self.title}"

    @property
    def is_draft(self) -> bool:
        return self.status == CampaignStatus.DRAFT


class Phase(models.Model):
    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="phases")
    name = models.CharField(_("phase"), max_length=100)
    starts_on = models.DateField(_("from"))
    ends_on = models.DateField(_("to"))

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("phase")
        verbose_name_plural = _("phases")
        ordering = ["starts_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__gte=models.F("starts_on")),
                name="phase_ends_after_start",
            ),
        ]

    def __str__(self):
        return self.name


class Activity(models.Model):
    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="activities")
    phase = models.ForeignKey(
        Phase,
        verbose_name=_("phase"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="activities",
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    lead_unit = models.ForeignKey(
        Unit,
        verbose_name=_("lead unit"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="led_activities",
    )
    responsible_units = models.ManyToManyField(
        Unit, verbose_name=_("responsible units"), related_name="+", blank=True
    )
    expected_quantity = models.DecimalField(
        _("expected output per unit"),
        max_digits=10,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=_("Where the plan states a number, e.g. 3."),
    )
    expected_unit = models.CharField(
        _("unit of output"),
        max_length=60,
        blank=True,
        help_text=_("What is counted, e.g. “manuscripts in municipal papers per quarter”."),
    )
    plan_due = models.DateField(_("plan due"), null=True, blank=True)
    report_due = models.DateField(_("report due"), null=True, blank=True)
    # The closing summary every responsible unit files: created when the campaign is
    # published with a summary date; its progress form asks for the campaign's figures.
    is_summary = models.BooleanField(_("closing summary"), default=False, editable=False)
    # The edit form carries the version it showed: two administrators editing the same
    # activity cannot overwrite each other unseen.
    version = models.PositiveIntegerField(default=1, editable=False)

    history = HistoricalRecords(m2m_fields=[responsible_units])

    class Meta:
        verbose_name = _("activity")
        verbose_name_plural = _("activities")
        ordering = ["campaign", "is_summary", "order", "pk"]

    def __str__(self):
        return self.title

    @property
    def deadline(self):
        return self.report_due or self.plan_due


class Assignment(models.Model):
    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="assignments")
    unit = models.ForeignKey(
        Unit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="assignments"
    )
    state = models.CharField(
        _("state"),
        max_length=12,
        choices=AssignmentState.choices,
        default=AssignmentState.ASSIGNED,
    )
    last_comment = models.TextField(_("latest comment"), blank=True)
    done_at = models.DateTimeField(_("marked done at"), null=True, blank=True)
    accepted_at = models.DateTimeField(_("accepted at"), null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("accepted by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    # Bumped by every write; a form carries the version it was shown.
    version = models.PositiveIntegerField(default=1)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("assignment")
        verbose_name_plural = _("assignments")
        ordering = ["activity", "unit__region__path", "unit__name"]
        constraints = [
            models.UniqueConstraint(fields=["activity", "unit"], name="one_assignment_per_unit"),
            models.CheckConstraint(
                condition=models.Q(state__in=AssignmentState.values),
                name="assignment_state_valid",
            ),
        ]
        indexes = [
            # "My assignments" and the reminders: a unit's open assignments.
            models.Index(fields=["unit", "state"], name="assignment_unit_state"),
        ]

    def __str__(self):
        return f"{self.activity} · {self.unit}"

    @property
    def is_open(self) -> bool:
        return self.state in OPEN_STATES


class Progress(models.Model):
    """One progress filing on an assignment: what was done, with figures and evidence."""

    assignment = models.ForeignKey(Assignment, on_delete=models.CASCADE, related_name="progress")
    text = models.TextField(_("what was done"))
    quantity = models.DecimalField(
        _("output achieved"), max_digits=10, decimal_places=2, null=True, blank=True
    )
    events_held = models.PositiveIntegerField(_("events held"), null=True, blank=True)
    people_reached = models.PositiveIntegerField(_("people reached"), null=True, blank=True)
    funds_raised = models.DecimalField(
        _("funds raised (yuan)"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    items_published = models.PositiveIntegerField(_("items published"), null=True, blank=True)
    links = models.TextField(_("links"), blank=True, help_text=_("One address per line."))
    evidence = models.ManyToManyField(
        Attachment, verbose_name=_("evidence"), blank=True, related_name="+"
    )
    items = models.ManyToManyField(
        "submissions.Item", verbose_name=_("publicity items"), blank=True, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("filed at"), auto_now_add=True)

    class Meta:
        verbose_name = _("progress report")
        verbose_name_plural = _("progress reports")
        ordering = ["created_at", "pk"]

    def __str__(self):
        return f"{self.assignment} @ {self.created_at:%Y-%m-%d}"

    @property
    def link_list(self) -> list[str]:
        return [line.strip() for line in self.links.splitlines() if line.strip()]
