"""Reminders through the portal's reminder system (notifications.sources): before the
nomination window closes, to nominating units that have filed nothing yet; and while a
nomination waits for its unit approver's sign-off (the window's close is its deadline).

Both stop at the window's close: after it nothing can be filed or signed off, so an
"overdue" reminder would ask for the impossible.
"""

from datetime import date, timedelta

from django.db.models import Exists, OuterRef
from django.urls import reverse
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from awards.models import Nomination, NominationStatus, Nominator, ProgrammeStatus

FIRST_REMINDER_DAYS = 7


def _closing(today: date):
    return dict(
        programme__status=ProgrammeStatus.OPEN,
        programme__nomination_opens__lte=today,
        programme__nomination_closes__gte=today,
        programme__nomination_closes__lte=today + timedelta(days=FIRST_REMINDER_DAYS),
    )


class NominationWindowSource:
    """A nominating unit that has filed nothing while the window closes."""

    subject_type = "awards.window"

    def _open(self, today: date, **filters):
        filed = Nomination.objects.filter(programme=OuterRef("programme"), unit=OuterRef("unit"))
        return (
            Nominator.objects.filter(**_closing(today), unit__is_active=True, **filters)
            .exclude(Exists(filed))
            .select_related("programme", "unit__region")
        )

    def due_items(self, today: date):
        from notifications.sources import Due

        for nominator in self._open(today):
            programme = nominator.programme
            yield Due(
                subject_type=self.subject_type,
                subject_id=str(nominator.pk),
                unit=nominator.unit,
                deadline=programme.nomination_closes,
                what=format_lazy(
                    _("Nominations for {year} {title}"), year=programme.year, title=programme.title
                ),
                state=_("Nothing nominated yet"),
                url=reverse("awards:programme-detail", args=[programme.pk]),
            )

    def open_subject_ids(self, subject_ids, today: date) -> set[str]:
        ids = [int(i) for i in subject_ids]
        return {str(pk) for pk in self._open(today, pk__in=ids).values_list("pk", flat=True)}


class NominationSignOffSource:
    """A nomination waiting for the unit approver while the window closes."""

    subject_type = "awards.signoff"

    def _open(self, today: date, **filters):
        return Nomination.objects.filter(
            **_closing(today), status=NominationStatus.AWAITING_SIGNOFF, **filters
        ).select_related("programme", "unit__region")

    def due_items(self, today: date):
        from notifications.sources import Due

        for nomination in self._open(today):
            yield Due(
                subject_type=self.subject_type,
                subject_id=str(nomination.pk),
                unit=nomination.unit,
                deadline=nomination.programme.nomination_closes,
                what=format_lazy(
                    _("Nomination of {nominee} for {title}"),
                    nominee=nomination.display_title,
                    title=nomination.programme.title,
                ),
                state=NominationStatus.AWAITING_SIGNOFF.label,
                url=reverse("awards:nomination-detail", args=[nomination.pk]),
            )

    def open_subject_ids(self, subject_ids, today: date) -> set[str]:
        ids = [int(i) for i in subject_ids]
        return {str(pk) for pk in self._open(today, pk__in=ids).values_list("pk", flat=True)}


def register_sources() -> None:
    from notifications.sources import register

    register(NominationWindowSource())
    register(NominationSignOffSource())
