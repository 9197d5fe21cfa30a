"""Issued official documents: a frozen snapshot of the figures, its hash and the PDF."""

from django.db import models
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from notifications.models import Notification, NotificationKind
from portal.documents import ABANDONED_AFTER, DocumentStatus, RenderedDocument
from portal.models import Region, Unit

__all__ = ["ABANDONED_AFTER", "DocumentKind", "DocumentStatus", "IssuedDocument"]


class DocumentKind(models.TextChoices):
    YEAR_END = "year-end", _("Year-end publicity summary")
    QUARTERLY = "quarterly", _("Quarterly circular")
    UNIT_REPORT = "unit-report", _("Unit quarterly report printout")


class IssuedDocument(RenderedDocument):
    """One printed document (portal.documents). `snapshot` holds everything it prints
    (header and figures); its hash is printed in the PDF, so a document from unchanged
    data and the same header is the same row, never made twice."""

    kind = models.CharField(_("kind"), max_length=20, choices=DocumentKind.choices)
    year = models.PositiveSmallIntegerField(_("year"))
    quarter = models.PositiveSmallIntegerField(_("quarter"), null=True, blank=True)
    region = models.ForeignKey(
        Region, verbose_name=_("region"), null=True, blank=True, on_delete=models.PROTECT
    )
    unit = models.ForeignKey(
        Unit, verbose_name=_("unit"), null=True, blank=True, on_delete=models.PROTECT
    )
    doc_number = models.CharField(_("document number"), max_length=60, blank=True)
    issuer = models.CharField(_("issuing office"), max_length=100, blank=True)
    issue_date = models.DateField(_("date of issue"))

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

    def render(self) -> bytes:
        from summaries.services import document_pdf

        return document_pdf(self.snapshot)

    def when_ready(self) -> None:
        """Tell the person who asked for the document, in their language, that it is ready."""
        person = self.requested_by
        if person is None:
            return
        with translation.override(person.language):
            title = gettext("Document ready: %(title)s") % {"title": self.title}
            body = gettext("The PDF of “%(title)s” is ready to download.") % {"title": self.title}
        Notification.objects.create(
            recipient=person,
            kind=NotificationKind.DOCUMENT,
            title=title[:200],
            body=body,
            url=reverse("summaries:document-detail", args=[self.pk]),
        )
