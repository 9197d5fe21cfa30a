"""Reminders through the portal's reminder system (notifications.sources): to the county
office before and after a disclosure falls due (donors of a drive, the use of a project's
funds; 30 working days by the Chinese calendar), before and after a drive's donation
statistics are due in its campaign's closing summary, and for pledges not yet fulfilled by
the date the donor gave.
"""

from datetime import date, timedelta

from django.urls import reverse
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from donations import rules
from donations.models import Drive, Pledge, PledgeStatus, Project, ProjectStatus

FIRST_REMINDER_DAYS = 7
# A disclosure is 30 working days (about six weeks) after the end: drives and projects that
# ended longer ago than this and are still not disclosed stay on the list as overdue.
LOOKBACK = timedelta(days=400)


class DriveDisclosureSource:
    """A drive whose donors are not yet disclosed."""

    subject_type = "donations.drive_disclosure"

    def _open(self, today: date, **filters):
        return Drive.objects.filter(
            donors_disclosed_at=None,
            period_end__lt=today,
            period_end__gte=today - LOOKBACK,
            unit__is_active=True,
            **filters,
        ).select_related("unit__region")

    def due_items(self, today: date):
        from notifications.sources import Due

        for drive in self._open(today):
            deadline = rules.disclosure_due(drive.period_end)
            if deadline - today > timedelta(days=FIRST_REMINDER_DAYS):
                continue
            yield Due(
                subject_type=self.subject_type,
                subject_id=str(drive.pk),
                unit=drive.unit,
                deadline=deadline,
                what=format_lazy(_("Disclosure of the donors of {title}"), title=drive.title),
                state=_("Not disclosed yet"),
                url=reverse("donations:drive-detail", args=[drive.pk]),
            )

    def open_subject_ids(self, subject_ids, today: date) -> set[str]:
        ids = [int(i) for i in subject_ids]
        return {str(pk) for pk in self._open(today, pk__in=ids).values_list("pk", flat=True)}


class ProjectUseSource:
    """An ended project whose use of funds is not yet disclosed."""

    subject_type = "donations.project_use"

    def _open(self, today: date, **filters):
        return Project.objects.filter(
            status=ProjectStatus.ENDED,
            use_disclosed_at=None,
            ended_on__lt=today,
            ended_on__gte=today - LOOKBACK,
            office__is_active=True,
            **filters,
        ).select_related("office__region")

    def due_items(self, today: date):
        from notifications.sources import Due

        for project in self._open(today):
            deadline = rules.disclosure_due(project.ended_on)
            if deadline - today > timedelta(days=FIRST_REMINDER_DAYS):
                continue
            yield Due(
                subject_type=self.subject_type,
                subject_id=str(project.pk),
                unit=project.office,
                deadline=deadline,
                what=format_lazy(
                    _("Disclosure of the use of funds of {title}"), title=project.title
                ),
                state=_("Not disclosed yet"),
                url=reverse("donations:project-detail", args=[project.pk]),
            )

    def open_subject_ids(self, subject_ids, today: date) -> set[str]:
        ids = [int(i) for i in subject_ids]
        return {str(pk) for pk in self._open(today, pk__in=ids).values_list("pk", flat=True)}


class DriveStatisticsSource:
    """A drive whose donation statistics are due (seed 002: by 10 October) and not yet
    filed into its campaign's closing summary."""

    subject_type = "donations.drive_statistics"

    def _open(self, today: date, **filters):
        return Drive.objects.filter(
            stats_due__isnull=False,
            stats_due__lte=today + timedelta(days=FIRST_REMINDER_DAYS),
            stats_due__gte=today - LOOKBACK,
            stats_filed_at=None,
            unit__is_active=True,
            **filters,
        ).select_related("unit__region")

    def due_items(self, today: date):
        from notifications.sources import Due

        for drive in self._open(today):
            yield Due(
                subject_type=self.subject_type,
                subject_id=str(drive.pk),
                unit=drive.unit,
                deadline=drive.stats_due,
                what=format_lazy(_("Donation statistics of {title}"), title=drive.title),
                state=_("Not filed yet"),
                url=reverse("donations:drive-detail", args=[drive.pk]),
            )

    def open_subject_ids(self, subject_ids, today: date) -> set[str]:
        ids = [int(i) for i in subject_ids]
        return {str(pk) for pk in self._open(today, pk__in=ids).values_list("pk", flat=True)}


class PledgeDueSource:
    """A confirmed pledge not yet received in full by the date the donor gave. The office
    follows it up with the donor; nobody is pressed to give (no targets, no quotas)."""

    subject_type = "donations.pledge_due"

    def _open(self, today: date, **filters):
        from django.db.models import F

        from donations.selectors import with_pledge_totals

        pledges = Pledge.objects.filter(
            status=PledgeStatus.CONFIRMED,
            due_date__isnull=False,
            due_date__lte=today + timedelta(days=FIRST_REMINDER_DAYS),
            due_date__gte=today - LOOKBACK,
            unit__is_active=True,
            **filters,
        ).select_related("unit__region")
        return with_pledge_totals(pledges).filter(received__lt=F("amount"))

    def due_items(self, today: date):
        from notifications.sources import Due

        for pledge in self._open(today):
            yield Due(
                subject_type=self.subject_type,
                subject_id=str(pledge.pk),
                unit=pledge.unit,
                deadline=pledge.due_date,
                what=format_lazy(_("Pledge of {donor}"), donor=pledge.donor_name),
                state=_("Not yet received in full"),
                url=reverse("donations:pledge-detail", args=[pledge.pk]),
            )

    def open_subject_ids(self, subject_ids, today: date) -> set[str]:
        ids = [int(i) for i in subject_ids]
        return {str(p.pk) for p in self._open(today, pk__in=ids)}


def register_sources() -> None:
    from notifications.sources import register

    register(DriveDisclosureSource())
    register(ProjectUseSource())
    register(DriveStatisticsSource())
    register(PledgeDueSource())
