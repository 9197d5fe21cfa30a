"""Every write to campaigns and assignments.

Each service checks the person's role, checks the state it moves from (TRANSITIONS in
campaigns.models), runs in one transaction and writes to the portal journal (who,
when, what); models with HistoricalRecords also keep each row's versions. Assignment forms
carry the version they showed: a stale write raises ConcurrentEdit.
"""

from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from simple_history.utils import bulk_create_with_history

from campaigns.models import (
    TRANSITIONS,
    Activity,
    Assignment,
    AssignmentState,
    Campaign,
    CampaignStatus,
    Phase,
    Progress,
)
from notifications.notices import notify_now, unit_people
from portal import journal, versions
from portal.models import Membership, Role, Unit, User
from portal.scoping import has_role, require_role

CAMPAIGN_FIELDS = ["kind", "year", "title", "theme", "guiding_text", "summary_due"]
ACTIVITY_FIELDS = [
    "phase",
    "order",
    "title",
    "description",
    "lead_unit",
    "expected_quantity",
    "expected_unit",
    "plan_due",
    "report_due",
]
SUMMARY_FIGURES = ["events_held", "people_reached", "funds_raised", "items_published"]


class CampaignError(Exception):
    """A domain rule refused the action; the message is for the user."""


class ConcurrentEdit(CampaignError, versions.StaleVersion):
    """The row moved on since the page was shown (the portal's one stale-version error)."""

    def __init__(self):
        versions.StaleVersion.__init__(self)


def _log(campaign, action: str, actor: User, *, assignment=None, comment: str = "", **data):
    """A journal entry about the assignment if there is one, else about the campaign."""
    return journal.record(
        action, actor=actor, target=assignment or campaign, comment=comment, data=data
    )


def require_admin(user: User, campaign: Campaign) -> None:
    require_role(user, Role.ADMIN, campaign.owner_unit)


def may_accept(user: User, assignment: Assignment) -> bool:
    """The lead unit's people, or an administrator over the assigned unit. A lead unit
    that is also responsible does not accept its own work: an administrator does."""
    lead = assignment.activity.lead_unit_id
    if (
        lead
        and lead != assignment.unit_id
        and Membership.objects.filter(user=user, unit_id=lead, unit__is_active=True).exists()
    ):
        return True
    return has_role(user, Role.ADMIN, assignment.unit)


def may_file(user: User, assignment: Assignment) -> bool:
    return has_role(user, Role.REPORTER, assignment.unit) or has_role(
        user, Role.APPROVER, assignment.unit
    )


def _move(assignment: Assignment, to: str, version: int | None, user: User, **changes):
    """Move the assignment to `to` if allowed from its current state and still at `version`."""
    current = versions.lock(Assignment, assignment, version, error=ConcurrentEdit)
    if to not in TRANSITIONS[current.state]:
        raise CampaignError(
            _("An assignment that is “%(state)s” cannot be moved that way.")
            % {"state": current.get_state_display()}
        )
    current.state = to
    for field, value in changes.items():
        setattr(current, field, value)
    versions.bump(current, user=user, fields=["state", *changes])
    assignment.refresh_from_db()
    return assignment


# --- Campaigns -------------------------------------------------------------------------


@transaction.atomic
def campaign_create(*, user: User, owner_unit: Unit, data: dict, phases=()) -> Campaign:
    """A draft campaign with its phases (dicts of name, starts_on, ends_on)."""
    require_role(user, Role.ADMIN, owner_unit)
    campaign = Campaign(owner_unit=owner_unit, created_by=user, **data)
    campaign.full_clean()
    campaign._history_user = user
    campaign.save()
    for phase in phases:
        _phase_save(Phase(campaign=campaign, **phase), user)
    _log(campaign, "campaigns.campaign.created", user, title=campaign.title)
    return campaign


def _phase_save(phase: Phase, user: User) -> Phase:
    phase.full_clean()
    phase._history_user = user
    phase.save()
    return phase


@transaction.atomic
def campaign_update(
    *, campaign: Campaign, user: User, data: dict, version: int, phases=(), deleted_phases=()
) -> Campaign:
    """Change the campaign's text and phases. `phases` are unsaved or changed Phase rows."""
    require_admin(user, campaign)
    current = versions.lock(Campaign, campaign, version, error=ConcurrentEdit)
    if current.status == CampaignStatus.CLOSED:
        raise CampaignError(_("A closed campaign can no longer be changed."))
    for field, value in data.items():
        setattr(current, field, value)
    current.full_clean()
    versions.bump(current, user=user, fields=data)
    for phase in deleted_phases:
        phase._history_user = user
        phase.delete()
    for phase in phases:
        phase.campaign = current
        _phase_save(phase, user)
    if current.status == CampaignStatus.PUBLISHED:
        _sync_summary(current, user)
    _log(current, "campaigns.campaign.changed", user)
    campaign.refresh_from_db()
    return campaign


def _shift(day: date | None, years: int) -> date | None:
    if day is None:
        return None
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February into a common year
        return day.replace(year=day.year + years, day=28)


@transaction.atomic
def campaign_copy(*, source: Campaign, user: User, year: int) -> Campaign:
    """A new draft for `year` with the source's phases, activities and units, every date
    moved by the difference in years. Progress and assignments are not copied."""
    require_admin(user, source)
    years = year - source.year
    copy = Campaign(
        kind=source.kind,
        year=year,
        title=source.title.replace(str(source.year), str(year)),
        theme=source.theme,
        guiding_text=source.guiding_text,
        owner_unit=source.owner_unit,
        summary_due=_shift(source.summary_due, years),
        copied_from=source,
        created_by=user,
    )
    copy.full_clean()
    copy._history_user = user
    copy.save()
    phase_map = {}
    for phase in source.phases.all():
        phase_map[phase.pk] = _phase_save(
            Phase(
                campaign=copy,
                name=phase.name,
                starts_on=_shift(phase.starts_on, years),
                ends_on=_shift(phase.ends_on, years),
            ),
            user,
        )
    for activity in source.activities.filter(is_summary=False).prefetch_related(
        "responsible_units"
    ):
        new = Activity(
            campaign=copy,
            phase=phase_map.get(activity.phase_id),
            order=activity.order,
            title=activity.title,
            description=activity.description,
            lead_unit=activity.lead_unit,
            expected_quantity=activity.expected_quantity,
            expected_unit=activity.expected_unit,
            plan_due=_shift(activity.plan_due, years),
            report_due=_shift(activity.report_due, years),
        )
        new._history_user = user
        new.save()
        new.responsible_units.set(activity.responsible_units.all())
    _log(copy, "campaigns.campaign.copied", user, source=source.pk)
    return copy


def _create_assignments(activity: Activity, units, user: User) -> list[Assignment]:
    existing = set(activity.assignments.values_list("unit_id", flat=True))
    rows = [Assignment(activity=activity, unit=unit) for unit in units if unit.pk not in existing]
    if rows:
        bulk_create_with_history(rows, Assignment, default_user=user)
    return rows


def _sync_summary(campaign: Campaign, user: User) -> int:
    """Keep the closing summary in step with a published (or publishing) campaign: due on
    its summary date, asked of every responsible unit of its other activities. Returns
    the number of summary assignments created."""
    summary = campaign.activities.filter(is_summary=True).first()
    if not campaign.summary_due:
        return 0
    if summary is None:
        summary = Activity(
            campaign=campaign,
            title=_("Closing summary"),
            description=_(
                "Report what the campaign achieved: events held, people reached, "
                "funds raised and items published."
            ),
            is_summary=True,
            order=999,
        )
    if summary.report_due != campaign.summary_due or summary.pk is None:
        summary.report_due = campaign.summary_due
        summary._history_user = user
        summary.save()
    units = list(
        Unit.objects.filter(
            pk__in=Activity.responsible_units.through.objects.filter(
                activity__campaign=campaign, activity__is_summary=False
            ).values("unit")
        )
    )
    summary.responsible_units.add(*units)
    return len(_create_assignments(summary, units, user))


@transaction.atomic
def campaign_publish(*, campaign: Campaign, user: User, version: int) -> int:
    """Publish a draft: one assignment per responsible unit of every activity, and a
    closing-summary assignment for each of them if the campaign asks for one.
    Returns the number of assignments created. All or nothing."""
    require_admin(user, campaign)
    current = versions.lock(Campaign, campaign, version, error=ConcurrentEdit)
    if current.status != CampaignStatus.DRAFT:
        raise CampaignError(_("Only a draft campaign can be published."))
    activities = list(current.activities.prefetch_related("responsible_units"))
    if not any(a.responsible_units.all() for a in activities):
        raise CampaignError(_("Add at least one activity with responsible units first."))
    created = 0
    for activity in activities:
        created += len(_create_assignments(activity, activity.responsible_units.all(), user))
    created += _sync_summary(current, user)
    current.status = CampaignStatus.PUBLISHED
    current.published_at = timezone.now()
    versions.bump(current, user=user, fields=["status", "published_at"])
    _log(current, "campaigns.campaign.published", user, assignments=created)
    campaign.refresh_from_db()
    return created


@transaction.atomic
def campaign_close(*, campaign: Campaign, user: User, version: int) -> Campaign:
    require_admin(user, campaign)
    current = versions.lock(Campaign, campaign, version, error=ConcurrentEdit)
    if current.status != CampaignStatus.PUBLISHED:
        raise CampaignError(_("Only a published campaign can be closed."))
    current.status = CampaignStatus.CLOSED
    versions.bump(current, user=user, fields=["status"])
    _log(current, "campaigns.campaign.closed", user)
    campaign.refresh_from_db()
    return campaign


# --- Activities ------------------------------------------------------------------------


def _check_activity(campaign: Campaign, data: dict, units) -> None:
    if campaign.status == CampaignStatus.CLOSED:
        raise CampaignError(_("A closed campaign can no longer be changed."))
    phase = data.get("phase")
    if phase is not None and phase.campaign_id != campaign.pk:
        raise ValidationError({"phase": _("Choose one of this campaign's phases.")})
    plan_due, report_due = data.get("plan_due"), data.get("report_due")
    if plan_due and report_due and report_due < plan_due:
        raise ValidationError({"report_due": _("The report cannot be due before the plan.")})


@transaction.atomic
def activity_create(*, campaign: Campaign, user: User, data: dict, units) -> Activity:
    """Add an activity; on a published campaign its units get their assignments at once."""
    require_admin(user, campaign)
    _check_activity(campaign, data, units)
    activity = Activity(campaign=campaign, **{k: data[k] for k in ACTIVITY_FIELDS if k in data})
    activity.full_clean()
    activity._history_user = user
    activity.save()
    activity.responsible_units.set(units)
    created = 0
    if campaign.status == CampaignStatus.PUBLISHED:
        created = len(_create_assignments(activity, units, user))
        created += _sync_summary(campaign, user)
    _log(campaign, "campaigns.activity.created", user, activity=activity.pk, assignments=created)
    return activity


@transaction.atomic
def activity_update(
    *, activity: Activity, user: User, data: dict, units, version: int | None = None
) -> Activity:
    """Change an activity. On a published campaign new units get assignments; a unit
    can only be taken off while its assignment has no progress filed. `version` is the
    activity's version the form showed (None: not checked): a stale save raises
    ConcurrentEdit."""
    campaign = activity.campaign
    require_admin(user, campaign)
    current = versions.lock(Activity, activity, version, error=ConcurrentEdit)
    activity.version = current.version + 1
    _check_activity(campaign, data, units)
    if activity.is_summary:
        raise CampaignError(_("The closing summary is set by the campaign's summary date."))
    unit_ids = {u.pk for u in units}
    removed = activity.assignments.exclude(unit_id__in=unit_ids)
    if (
        removed.exclude(state=AssignmentState.ASSIGNED).exists()
        or removed.filter(progress__isnull=False).exists()
    ):
        raise CampaignError(
            _("A unit that has already filed progress cannot be taken off the activity.")
        )
    for assignment in removed:
        assignment._history_user = user
        assignment.delete()
    for field in ACTIVITY_FIELDS:
        if field in data:
            setattr(activity, field, data[field])
    activity.full_clean()
    activity._history_user = user
    activity.save()
    activity.responsible_units.set(units)
    if campaign.status == CampaignStatus.PUBLISHED:
        _create_assignments(activity, units, user)
        _sync_summary(campaign, user)
    _log(campaign, "campaigns.activity.changed", user, activity=activity.pk)
    return activity


# --- Assignments -----------------------------------------------------------------------


@transaction.atomic
def progress_file(
    *,
    assignment: Assignment,
    user: User,
    version: int,
    data: dict,
    evidence=(),
    items=(),
) -> Progress:
    """File progress: text, figures, links, evidence files, linked publicity items.
    The assignment moves to "in progress". Items must come from the unit's own reports."""
    if not may_file(user, assignment):
        raise PermissionDenied
    if assignment.activity.campaign.status != CampaignStatus.PUBLISHED:
        raise CampaignError(_("The campaign is closed."))
    foreign = [item for item in items if item.report.unit_id != assignment.unit_id]
    if foreign:
        raise ValidationError({"items": _("Link only items from your own unit's reports.")})
    if not data.get("text", "").strip():
        raise ValidationError({"text": _("Say what was done.")})
    _move(assignment, AssignmentState.IN_PROGRESS, version, user, last_comment="")
    progress = Progress(assignment=assignment, created_by=user, **data)
    progress.full_clean(exclude=["assignment"])
    progress.save()
    progress.evidence.add(*evidence)
    progress.items.add(*items)
    _log(
        assignment.activity.campaign,
        "campaigns.progress.filed",
        user,
        assignment=assignment,
        progress=progress.pk,
        quantity=str(progress.quantity) if progress.quantity is not None else None,
    )
    return progress


@transaction.atomic
def assignment_mark_done(*, assignment: Assignment, user: User, version: int) -> Assignment:
    if not may_file(user, assignment):
        raise PermissionDenied
    if not assignment.progress.exists():
        raise CampaignError(_("File your progress first: an assignment is done with evidence."))
    _move(assignment, AssignmentState.DONE, version, user, done_at=timezone.now())
    _log(assignment.activity.campaign, "campaigns.assignment.done", user, assignment=assignment)
    return assignment


@transaction.atomic
def assignment_accept(
    *, assignment: Assignment, user: User, version: int, comment: str = ""
) -> Assignment:
    if not may_accept(user, assignment):
        raise PermissionDenied
    _move(
        assignment,
        AssignmentState.ACCEPTED,
        version,
        user,
        accepted_at=timezone.now(),
        accepted_by=user,
        last_comment=comment.strip(),
    )
    _log(
        assignment.activity.campaign,
        "campaigns.assignment.accepted",
        user,
        assignment=assignment,
        comment=comment.strip(),
    )
    return assignment


@transaction.atomic
def assignment_return(*, assignment: Assignment, user: User, version: int, comment: str):
    """Send the assignment back to the unit with a comment saying what is missing. The
    unit's people who file for it are told at once (bell and mail, after commit)."""
    if not may_accept(user, assignment):
        raise PermissionDenied
    if not comment.strip():
        raise ValidationError({"comment": _("Say what the unit must add or change.")})
    _move(
        assignment,
        AssignmentState.RETURNED,
        version,
        user,
        done_at=None,
        last_comment=comment.strip(),
    )
    campaign = assignment.activity.campaign
    entry = _log(
        campaign,
        "campaigns.assignment.returned",
        user,
        assignment=assignment,
        comment=comment.strip(),
    )
    notify_now(
        entry=entry,
        # Those who may file progress (may_file).
        recipients=unit_people(assignment.unit, [Role.REPORTER, Role.APPROVER]),
        unit=assignment.unit,
        what=format_lazy(
            gettext_lazy("Campaign assignment “{title}” ({campaign})"),
            title=assignment.activity.title,
            campaign=campaign.title,
        ),
        url=reverse("campaigns:assignment-detail", args=[assignment.pk]),
    )
    return assignment
