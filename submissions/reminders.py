"""Quarterly reports as a source for the portal's reminders (notifications.sources): a
city or county office that has not filed a quarter's report hears of it before the
deadline and while it is overdue; and the completeness page's remind buttons, which
remind such offices now."""

from collections.abc import Iterable
from datetime import date

from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.urls import reverse
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from notifications import services as notification_services
from notifications.sources import FIRST_REMINDER_DAYS, Due, register
from portal import clock
from portal.models import RegionLevel, Role, Unit, UnitKind, User
from portal.scoping import has_role
from submissions import deadlines
from submissions.models import DeadlineExtension, Report
from submissions.selectors.overview import NOT_FILED, unit_state


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


def register_sources() -> None:
    register(quarterly_reports)


def reminders_send_for_quarter(
    *, user: User, units: list[Unit], year: int, quarter: int, today: date
) -> tuple[int, int]:
    """A reviewer or administrator reminds units that have not filed a quarter, now.
    Once per person and day (a double click reminds once). Each batch of reminders is its
    own transaction (notifications.services.reminders_send_now). Returns (units reminded,
    reminders made)."""
    for unit in units:
        if not (has_role(user, Role.REVIEWER, unit) or has_role(user, Role.ADMIN, unit)):
            raise PermissionDenied
    items = quarterly_reports.due_items(today, periods=[(year, quarter)], units=units, window=False)
    claimed = notification_services.reminders_send_now(user=user, items=items, today=today)
    return len({r.unit_id for r in claimed}), len(claimed)
