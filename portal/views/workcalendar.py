"""The working-day calendar: the province's administrators enter each year's holiday
arrangement from the State Council's notice, and see what every deadline counts by."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from portal import services, workdays
from portal.calendar_forms import CalendarYearForm, WorkCalendarForm
from portal.models import Role, WorkCalendarYear
from portal.scoping import has_province_role

FIRST_YEAR, LAST_YEAR = 2000, 2100


def _require_calendar_admin(user) -> None:
    if not has_province_role(user, Role.ADMIN):
        raise PermissionDenied


@require_safe
@login_required
def work_calendar(request):
    _require_calendar_admin(request.user)
    today = timezone.localdate()
    year_form = CalendarYearForm(request.GET or None, initial={"year": today.year + 1})
    if year_form.is_valid():
        return redirect("work-calendar-year", year_form.cleaned_data["year"])
    entered = {
        calendar.year: calendar
        for calendar in WorkCalendarYear.objects.select_related("entered_by").annotate(
            holiday_count=Count("days", filter=Q(days__is_working_day=False)),
            workday_count=Count("days", filter=Q(days__is_working_day=True)),
        )
    }
    # Years the table lacks but an upgraded package knows are counted from the package.
    package_only = [year for year in workdays.package_years() if year not in entered]
    missing = workdays.missing_years(today)
    context = {
        "years": sorted(entered.values(), key=lambda c: c.year, reverse=True),
        "package_only": sorted(package_only, reverse=True),
        "missing_years": missing,
        "year_form": year_form,
    }
    return render(request, "portal/work_calendar.html", context)


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def work_calendar_year(request, year: int):
    _require_calendar_admin(request.user)
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise Http404
    calendar = WorkCalendarYear.objects.select_related("entered_by").filter(year=year).first()
    current = workdays.arrangement(year)
    if request.method == "POST":
        form = WorkCalendarForm(request.POST, year=year)
        if form.is_valid():
            try:
                services.calendar_year_save(
                    user=request.user,
                    year=year,
                    notice=form.cleaned_data["notice"],
                    holidays=form.cleaned_data["holidays"],
                    workdays=form.cleaned_data["workdays"],
                    version=form.cleaned_data["version"],
                )
            except ValidationError as error:
                _add_service_errors(form, error)
            else:
                messages.success(
                    request,
                    _(
                        "The %(year)s calendar is saved: deadlines and reminders now count "
                        "its working days."
                    )
                    % {"year": year},
                )
                return redirect("work-calendar-year", year)
    else:
        form = WorkCalendarForm(
            year=year,
            initial={
                "notice": calendar.notice
                if calendar and calendar.notice
                else _("General Office of the State Council: notice on the %(year)s holidays")
                % {"year": year},
                "holidays": workdays.as_text(current.holidays),
                "workdays": workdays.as_text(current.workdays),
                "version": calendar.version if calendar else 0,
            },
        )
    context = {
        "year": year,
        "calendar": calendar,
        "arrangement": current,
        "holiday_periods": workdays.as_periods(current.holidays),
        "workdays": sorted(current.workdays.items()),
        "missing_years": workdays.missing_years(timezone.localdate()),
        "form": form,
        "history": calendar.history.select_related("history_user")[:10] if calendar else [],
    }
    return render(request, "portal/work_calendar_year.html", context)


def _add_service_errors(form, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, errors in error.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error.messages)
