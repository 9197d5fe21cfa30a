"""Campaign assignments as a source for the portal's reminders (notifications.sources):
before an assignment's deadline (its report due date, else its plan due date) and while it
is overdue, to the responsible unit; a unit that marks it done stops getting them."""

from datetime import date, timedelta

from django.urls import reverse
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from campaigns.models import AssignmentState
from campaigns.selectors import open_assignments_with_deadlines

FIRST_REMINDER_DAYS = 7


class AssignmentSource:
    subject_type = "campaigns.assignment"

    def _open(self, today: date):
        # Due within the first reminder window, or already overdue.
        return open_assignments_with_deadlines().filter(
            deadline__isnull=False,
            deadline__lte=today + timedelta(days=FIRST_REMINDER_DAYS),
            unit__is_active=True,
        )

    def due_items(self, today: date):
        from notifications.sources import Due

        for assignment in self._open(today).select_related("unit__region"):
            yield Due(
                subject_type=self.subject_type,
                subject_id=str(assignment.pk),
                unit=assignment.unit,
                deadline=assignment.deadline,
                what=format_lazy(
                    _("Campaign assignment “{title}” ({campaign})"),
                    title=assignment.title,
                    campaign=assignment.activity.campaign.title,
                ),
                state=AssignmentState(assignment.state).label,
                url=reverse("campaigns:assignment-detail", args=[assignment.pk]),
            )

    def open_subject_ids(self, subject_ids, today: date) -> set[str]:
        ids = [int(i) for i in subject_ids]
        still_open = open_assignments_with_deadlines().filter(pk__in=ids)
        return {str(pk) for pk in still_open.values_list("pk", flat=True)}


def register_sources() -> None:
    from notifications.sources import register

    register(AssignmentSource())
