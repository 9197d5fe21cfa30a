"""Portal notifications (the bell) and the record of every deadline reminder."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.models import Unit


class NotificationKind(models.TextChoices):
    REMINDER = "reminder", _("Deadline reminder")
    OVERDUE = "overdue", _("Overdue")
    DOCUMENT = "document", _("Document ready")
    RETURNED = "returned", _("Returned to you")


class Notification(models.Model):
    """A message in a person's portal inbox, already written in their language."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recipient"),
        on_delete=models.CASCADE,
        related_name="notifications",
    )
    kind = models.CharField(_("kind"), max_length=20, choices=NotificationKind.choices)
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("text"), blank=True)
    url = models.CharField(_("link"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at", "-id"]
        indexes = [
            # The bell's unread count and the list page, newest first.
            models.Index(fields=["recipient", "read_at", "-created_at"], name="notification_inbox"),
        ]

    def __str__(self):
        return self.title


class EmailStatus(models.TextChoices):
    NONE = "none", _("Portal only")
    PENDING = "pending", _("Waiting to be mailed")
    SENDING = "sending", _("Being mailed")
    SENT = "sent", _("Mailed")
    FAILED = "failed", _("Mail failed")
    CANCELLED = "cancelled", _("Not mailed: done in the meantime")


class Reminder(models.Model):
    """One reminder to one person about one thing, deadline and step.

    The unique constraint is what makes a reminder go out exactly once: whoever inserts
    the row sends it; a second beat, a second worker or a retried task finds the row and
    sends nothing.
    """

    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person"),
        on_delete=models.CASCADE,
        related_name="reminders",
    )
    subject_type = models.CharField(_("what"), max_length=40)
    subject_id = models.CharField(_("which"), max_length=64)
    deadline = models.DateField(_("deadline"))
    step = models.CharField(_("step"), max_length=30)
    unit = models.ForeignKey(
        Unit, verbose_name=_("unit"), null=True, blank=True, on_delete=models.CASCADE
    )
    created_at = models.DateTimeField(_("reminded at"), default=timezone.now)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("sent by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Empty for the scheduled reminders."),
    )
    notification = models.OneToOneField(
        Notification, null=True, blank=True, on_delete=models.SET_NULL, related_name="reminder"
    )
    email_status = models.CharField(
        _("email"), max_length=10, choices=EmailStatus.choices, default=EmailStatus.NONE
    )
    email_attempts = models.PositiveSmallIntegerField(_("mail attempts"), default=0)
    email_sent_at = models.DateTimeField(_("mailed at"), null=True, blank=True)
    email_error = models.TextField(_("mail error"), blank=True)
    # Which task claimed the mail (pending → sending), so a batch reads back its own rows.
    email_claim = models.UUIDField(null=True, blank=True, editable=False)
    # When that mail was claimed: "sending" for longer than any send takes means the worker
    # died while mailing it, and the mail goes back to pending.
    email_claimed_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("reminder")
        verbose_name_plural = _("reminders")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["person", "subject_type", "subject_id", "deadline", "step"],
                name="reminder_once_per_person_subject_deadline_step",
            ),
        ]
        indexes = [
            # "Last reminded" per unit on the completeness page.
            models.Index(
                fields=["subject_type", "subject_id", "created_at"], name="reminder_subject"
            ),
            # The catch-up run and the administrators' list of failed mail.
            models.Index(fields=["email_status", "created_at"], name="reminder_email_status"),
        ]

    def __str__(self):
        return f"{self.person} · {self.subject_type}:{self.subject_id} · {self.step}"


class ReminderRun(models.Model):
    """One run of the reminder job, so administrators (and tests) see when it last ran."""

    day = models.DateField(_("day"))
    started_at = models.DateTimeField(_("started at"), default=timezone.now)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    working_day = models.BooleanField(_("working day"), default=True)
    planned = models.PositiveIntegerField(_("reminders due"), default=0)
    created = models.PositiveIntegerField(_("reminders sent"), default=0)

    class Meta:
        verbose_name = _("reminder run")
        verbose_name_plural = _("reminder runs")
        ordering = ["-started_at"]

    def __str__(self):
        return f"{self.day} {self.created}/{self.planned}"
