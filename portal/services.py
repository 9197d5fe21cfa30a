"""Writes to the shared models. Each function runs in one transaction."""

from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from portal.models import (
    Attachment,
    CalendarDay,
    CalendarSource,
    Membership,
    Role,
    Unit,
    User,
    WorkCalendarYear,
    self_grant_error,
)
from portal.scoping import has_province_role
from portal.uploads import validate_upload
from portal.workdays import arrangement_errors, clear_cache


@transaction.atomic
def attachment_create(*, unit: Unit, uploaded, uploaded_by: User, allowed=None) -> Attachment:
    """Check the upload's content and size, then store it under a random name.

    Raises ValidationError for a file that is not accepted; nothing is stored then.
    """
    content_type = validate_upload(uploaded, allowed=allowed)
    attachment = Attachment(
        unit=unit,
        original_name=uploaded.name[:255],
        content_type=content_type,
        size=uploaded.size,
        uploaded_by=uploaded_by,
    )
    attachment.file.save("upload", uploaded, save=False)
    attachment.save()
    return attachment


@transaction.atomic
def membership_grant(*, user: User, unit: Unit, role: str, by: User | None = None) -> Membership:
    """Give `user` the `role` in `unit`, or return the membership they have already. One
    transaction. Raises ValidationError (on "role") for a role that separation of duties
    forbids beside the person's others, and for a separated role `by` gives themselves;
    Membership.save checks the first again with the person's row locked."""
    existing = Membership.objects.filter(user=user, unit=unit, role=role).first()
    if existing is not None:
        return existing
    error = self_grant_error(role=role, user=user, by=by)
    if error is not None:
        raise error
    membership = Membership(user=user, unit=unit, role=role)
    membership.full_clean()
    membership.save()
    return membership


def user_set_language(*, user: User, language: str) -> None:
    if user.language != language:
        user.language = language
        user.save(update_fields=["language"])


def _calendar_changed_meanwhile() -> ValidationError:
    return ValidationError(
        _(
            "Someone else saved this year's calendar while you were editing it. "
            "Your entries were not saved: reload the page to see theirs."
        )
    )


@transaction.atomic
def calendar_year_save(
    *,
    user: User,
    year: int,
    notice: str,
    holidays: dict[date, str],
    workdays: dict[date, str],
    version: int | None = None,
) -> WorkCalendarYear:
    """Record `year`'s arrangement from the State Council's notice: its holidays and
    make-up working days replace what the year had. One transaction; each day added,
    changed or removed is kept in the history with who and when. Every working-day count
    in this process follows at once (the calendar's cache is cleared now and on commit).

    `version` is the one the page showed (0: the year had no row); a save from an older
    page raises ValidationError, as do dates outside the year, a day both off and worked
    and a make-up day on a weekday. Only a province administrator may save.
    """
    if not has_province_role(user, Role.ADMIN):
        raise PermissionDenied
    errors = arrangement_errors(year, holidays, workdays)
    if errors:
        raise ValidationError(errors)
    calendar = WorkCalendarYear.objects.select_for_update().filter(year=year).first()
    if calendar is None:
        if version:
            raise _calendar_changed_meanwhile()
        calendar = WorkCalendarYear(year=year)
    elif version is not None and version != calendar.version:
        raise _calendar_changed_meanwhile()
    else:
        calendar.version += 1
    calendar.source = CalendarSource.ENTERED
    calendar.notice = notice.strip()
    calendar.entered_by = user
    calendar.entered_at = timezone.now()
    calendar._history_user = user
    calendar.full_clean(validate_unique=False)  # the insert below settles a race
    try:
        with transaction.atomic():
            calendar.save()
    except IntegrityError:
        # Another administrator created the year between our read and our insert.
        raise _calendar_changed_meanwhile() from None

    wanted = {day: (False, name) for day, name in holidays.items()}
    wanted |= {day: (True, name) for day, name in workdays.items()}
    existing = {day.date: day for day in calendar.days.all()}
    for when, day in existing.items():
        if when not in wanted:
            day._history_user = user
            day.delete()
    for when, (working, name) in sorted(wanted.items()):
        day = existing.get(when) or CalendarDay(calendar=calendar, date=when)
        if day.pk and (day.is_working_day, day.name) == (working, name):
            continue
        day.is_working_day, day.name = working, name
        day._history_user = user
        day.save()

    clear_cache()
    transaction.on_commit(clear_cache)
    return calendar
