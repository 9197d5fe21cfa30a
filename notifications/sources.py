"""What reminders are about: a registry of sources of things with deadlines.

A source answers two questions for the reminder job:

- `due_items(today)`: what is still open and due soon or overdue, one `Due` per thing and
  unit (the job decides the step — 7, 3, 1 days before, then each working day overdue —
  and the people: the unit's reporters and approvers, and once overdue the reviewers of
  the region above);
- `open_subject_ids(subject_ids, today)`: which of these are still open now, asked again
  just before a mail goes out, so a unit that filed in the meantime is not mailed.

Quarterly reports are registered below. To add campaign assignments (issue 6, second
source), the integrator adds to this module:

    class AssignmentSource:
        subject_type = "campaigns.assignment"

        def due_items(self, today):
            from campaigns.selectors import open_assignments_with_deadlines
            for a in open_assignments_with_deadlines():      # open = not done
                yield Due(
                    subject_type=self.subject_type,
                    subject_id=str(a.pk),
                    unit=a.unit,                              # with region selected
                    deadline=a.deadline,                      # a date, China time
                    what=format_lazy(_("Activity assignment “{title}”"), title=a.title),
                    state=AssignmentStatus(a.status).label,   # lazy: in each person's language
                    url=a.get_absolute_url(),
                )

        def open_subject_ids(self, subject_ids, today):
            from campaigns.selectors import open_assignments_with_deadlines
            wanted = set(subject_ids)
            return {str(a.pk) for a in open_assignments_with_deadlines() if str(a.pk) in wanted}

    register(AssignmentSource())

(adapt the attribute names to what `open_assignments_with_deadlines()` returns; select the
unit with its region, and filter by deadline window in SQL — due within
FIRST_REMINDER_DAYS or overdue — if it returns every open assignment). `what`, `state`
must be lazy strings (gettext_lazy / format_lazy, a TextChoices label): they are rendered
once per person, in that person's language. `url` is a path inside the portal. Add a test
like tests/notifications/test_reminder_job.py for one assignment. Nothing else changes:
the plan, the claim, the mail, the bell and `manage.py remind` serve every source. (The
completeness page's "last reminded" column is for quarterly reports only.)
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from django.db.models import Q
from django.urls import reverse
from django.utils.functional import Promise
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from portal import clock
from portal.models import RegionLevel, Unit, UnitKind
from submissions import deadlines
from submissions.models import DeadlineExtension, Report
from submissions.selectors.overview import NOT_FILED, unit_state

# Reminders start this many days before a deadline.
FIRST_REMINDER_DAYS = 7


@dataclass(frozen=True)
class Due:
    """One open thing with a deadline that a unit must act on."""

    subject_type: str
    subject_id: str
    unit: Unit
    deadline: date
    what: Promise | str
    state: Promise | str
    url: str


SOURCES: dict[str, object] = {}


def register(source) -> None:
    SOURCES[source.subject_type] = source


def all_due_items(today: date) -> list[Due]:
    return [item for source in SOURCES.values() for item in source.due_items(today)]


def open_subject_ids(subject_type: str, subject_ids: Iterable[str], today: date) -> set[str]:
    source = SOURCES.get(subject_type)
    if source is None:
        return set()
    return source.open_subject_ids(list(subject_ids), today)


class QuarterlyReportSource:
    """A city or county office that has not filed a quarter's report."""

    subject_type = "submissions.quarter"

    @staticmethod
    def subject_key(unit_id: int, year: int, quarter: int) -> str:
        return f"{unit_id}/{year}Q{quarter}"

    @staticmethod
    def parse_key(key: str) -> tuple[int, int, int]:
        unit_id, period = key.split("/")
        year, quarter = period.split("Q")
        return int(unit_id), int(year), int(quarter)

    @staticmethod
    def recent_periods(today: date) -> list[tuple[int, int]]:
        # Deadlines fall after a quarter ends: the last ended quarter is due soon or
        # overdue; the one before may still be overdue (or extended).
        last = clock.previous_quarter(*clock.quarter_of(today))
        return [last, clock.previous_quarter(*last)]

    @staticmethod
    def reporting_units():
        # The same units the completeness page counts as having to report.
        return Unit.objects.filter(
            is_active=True,
            kind=UnitKind.POVERTY_OFFICE,
            region__level__in=[RegionLevel.CITY, RegionLevel.COUNTY],
        ).select_related("region")

    def due_items(
        self,
        today: date,
        *,
        periods: list[tuple[int, int]] | None = None,
        units: Iterable[Unit] | None = None,
        window: bool = True,
    ) -> list[Due]:
        """Open quarters, in three queries. With `window`, only those due within
        FIRST_REMINDER_DAYS or overdue."""
        periods = periods or self.recent_periods(today)
        units = list(units if units is not None else self.reporting_units())
        period_q = Q(pk__in=[])
        for year, quarter in periods:
            period_q |= Q(year=year, quarter=quarter)
        reports = {
            (r.unit_id, r.year, r.quarter): r
            for r in Report.objects.filter(period_q, unit__in=[u.pk for u in units]).only(
                "unit_id", "year", "quarter", "status", "due_date", "submitted_at", "is_late"
            )
        }
        extensions = {
            (year, quarter, unit_id): due
            for year, quarter, unit_id, due in DeadlineExtension.objects.filter(
                period_q
            ).values_list("year", "quarter", "unit_id", "due_date")
        }
        items, my_reports = [], reverse("submissions:my-reports")
        for year, quarter in periods:
            default_due = extensions.get((year, quarter, None)) or deadlines.default_due_date(
                year, quarter
            )
            for unit in units:
                report = reports.get((unit.pk, year, quarter))
                due = (
                    report.due_date
                    if report is not None
                    else extensions.get((year, quarter, unit.pk), default_due)
                )
                if window and (due - today).days > FIRST_REMINDER_DAYS:
                    continue
                state = unit_state(report, due, today)
                if state not in NOT_FILED:
                    continue
                url = (
                    reverse("submissions:report-detail", args=[report.pk])
                    if report is not None
                    else my_reports
                )
                items.append(
                    Due(
                        subject_type=self.subject_type,
                        subject_id=self.subject_key(unit.pk, year, quarter),
                        unit=unit,
                        deadline=due,
                        what=format_lazy(
                            _("Quarterly publicity report {year} Q{quarter} of {unit}"),
                            year=year,
                            quarter=quarter,
                            unit=unit.name,
                        ),
                        state=state.label,
                        url=url,
                    )
                )
        return items

    def open_subject_ids(self, subject_ids: list[str], today: date) -> set[str]:
        wanted: dict[tuple[int, int], list[int]] = {}
        for key in subject_ids:
            unit_id, year, quarter = self.parse_key(key)
            wanted.setdefault((year, quarter), []).append(unit_id)
        open_ids = set()
        for period, unit_ids in wanted.items():
            units = self.reporting_units().filter(pk__in=unit_ids)
            for item in self.due_items(today, periods=[period], units=units, window=False):
                open_ids.add(item.subject_id)
        return open_ids


quarterly_reports = QuarterlyReportSource()
register(quarterly_reports)
