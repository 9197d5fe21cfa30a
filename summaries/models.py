"""Issued official documents: a frozen snapshot of the figures, its hash and the PDF."""

from datetime import timedelta

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.models import Job, Region, Unit


class DocumentKind(models.TextChoices):
    YEAR_END = "year-end", _("Year-end publicity summary")
    QUARTERLY = "quarterly", _("Quarterly circular")
    UNIT_REPORT = "unit-report", _("Unit quarterly report printout")


class DocumentStatus(models.TextChoices):
    PENDING = "pending", _("Waiting to be made")
    RUNNING = "running", _("Being made")
    DONE = "done", _("Ready")
    FAILED = "failed", _("Failed")


# Longer than the task's hard time limit (summaries.tasks), so by then its worker is gone;
# shorter than the job's lease (portal.jobs.lease), so the job handed over again by the
# sweeper always finds the document abandoned and makes it.
ABANDONED_AFTER = timedelta(seconds=150)


def _document_path(instance, filename):
    # Named by the hash: the file is the document the hash proves.
    return f"documents/{instance.snapshot_hash[:2]}/{instance.snapshot_hash}.pdf"


class IssuedDocument(models.Model):
    """One printed document. `snapshot` holds everything it prints (header and figures);
    `snapshot_hash` is the SHA-256 of its canonical JSON, printed in the PDF, so a
    document from unchanged data and the same header is the same row, never made twice."""

    kind = models.CharField(_("kind"), max_length=20, choices=DocumentKind.choices)
    year = models.PositiveSmallIntegerField(_("year"))
    quarter = models.PositiveSmallIntegerField(_("quarter"), null=True, blank=True)
    region = models.ForeignKey(
        Region, verbose_name=_("region"), null=True, blank=True, on_delete=models.PROTECT
    )
    unit = models.ForeignKey(
        Unit, verbose_name=_("unit"), null=True, blank=True, on_delete=models.PROTECT
    )
    title = models.CharField(_("title"), max_length=200)
    doc_number = models.CharField(_("document number"), max_length=60, blank=True)
    issuer = models.CharField(_("issuing office"), max_length=100, blank=True)
    issue_date = models.DateField(_("date of issue"))
    snapshot = models.JSONField(_("figures"))
    snapshot_hash = models.CharField(_("SHA-256 of the figures"), max_length=64, unique=True)
    status = models.CharField(
        _("status"), max_length=10, choices=DocumentStatus.choices, default=DocumentStatus.PENDING
    )
    file = models.FileField(_("PDF"), upload_to=_document_path, blank=True)
    error = models.CharField(_("error"), max_length=300, blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("requested by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    # When a worker claimed it: a claim older than the task's time limit is abandoned.
    claimed_at = models.DateTimeField(_("claimed at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    # The job that makes the PDF (portal.jobs): the page reads from it whether the task
    # service has it yet.
    job = models.ForeignKey(
        Job,
        verbose_name=_("job"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("issued document")
        verbose_name_plural = _("issued documents")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(kind__in=DocumentKind.values), name="document_kind_valid"
            ),
            models.CheckConstraint(
                condition=models.Q(status__in=DocumentStatus.values),
                name="document_status_valid",
            ),
        ]

    def __str__(self):
        return self.title

    @property
    def is_ready(self) -> bool:
        return self.status == DocumentStatus.DONE and bool(self.file)

    @property
    def is_abandoned(self) -> bool:
        """Waiting or being made for longer than any task may run: its task was lost."""
        if self.status not in (DocumentStatus.PENDING, DocumentStatus.RUNNING):
            return False
        since = self.claimed_at or self.created_at
        return since < timezone.now() - ABANDONED_AFTER
